"""Incremental, explainable conversation risk scoring (grooming, ambush).

State is kept per conversation and updated with each message at constant
cost: only the first occurrence of each (sender, signal) is kept as
evidence, plus a count, so state size is bounded by the number of signal
kinds, never by the number of messages.

Risk is computed per sender, because grooming and ambushes are one
person's conduct: the sum of the weights of the signals that sender
produced (repeats add a little), plus pattern bonuses (a grooming opener
followed by a grooming move; a meeting with isolating details; a third
party who cannot consent with covert logistics or vetting; three parts of
a sextortion, in any order), scaled by
context (an adult talking to a minor, a brand-new or verified account, a
public room), plus how many different people this account proposed
meetings to lately. ``risk = 1 - exp(-score / SCALE)``; the conversation's
risk is its riskiest sender's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from causerie.safety import gate, reported
from causerie.safety import personal_data as pd
from causerie.safety import pieces as split
from causerie.safety import signals as sig
from causerie.safety.checks.intent import laugh_proof
from causerie.safety.detect import Found, detect_in_context, detect_some
from causerie.safety.model import signals as model_signals
from causerie.safety.pipeline import scan

SCALE = 2.5
LEVELS = ((0.75, "high"), (0.45, "medium"), (0.15, "low"))
REPEAT_BONUS = 0.3
MAX_REPEATS = 2
GROOMING_BONUS = 0.8
AMBUSH_BONUS = 1.2
RECRUITMENT_BONUS = 3.0
SEXTORTION_BONUS = 3.0
# Two parts of a group ambush from one sender (lure, group/hiding place,
# violence/robbery): a plan, high however it was spread (s11ambush).
AMBUSH_PLAN_BONUS = 3.0
ADULT_MINOR_FACTOR = 1.7
NEW_ACCOUNT_DAYS = 7.0
NEW_ACCOUNT_FACTOR = 1.2
VERIFIED_FACTOR = 0.8
PUBLIC_ROOM_FACTOR = 0.85
MEETING_TARGETS_FREE = 2
MEETING_TARGET_BONUS = 0.4
AGE_MISMATCH_YEARS = 4
# A number in pieces: at most this many digits carried, over this many
# messages of the conversation (both sides count).
NUMBER_PART_DIGITS = 9
NUMBER_PARTS_MESSAGES = 4
# Teens of about the same age moving their game to Discord is ordinary: the
# off-platform signals alone weigh less between minor peers (review 12).
PEER_AGE_GAP = 2
PEER_OFF_PLATFORM_FACTOR = 0.5
_OFF_PLATFORM_SIGNALS = frozenset({"off_platform", "model_off_platform"})
# Grooming is an adult (or someone much older) and a minor: between minor
# peers whose accounts are established (an adult posing as a teen uses a
# fresh one), the grooming and ambush moves weigh less too ("tu viens
# réviser chez moi ?", "viens seul si t'es un homme 😂" before a match).
PEER_GROOMING_FACTOR = 0.5
PEER_GROOMING_DAYS = 30.0  # every account at least a month old
_GROOMING_SIGNALS = frozenset(
    {"age_question", "school_question", "location_question", "parents_absent", "flattery",
     "special_bond", "secrecy", "gift_offer", "photo_request", "meeting_proposal",
     "meeting_alone", "meeting_night", "private_place", "isolated_place", "model_grooming",
     "model_ambush"}
)  # fmt: skip
# The guide allows personal data between adults whose accounts are not new:
# two such adults moving to Discord weigh less than a stranger pushing a
# minor elsewhere.
ESTABLISHED_ADULTS_FACTOR = 0.5
# Session 7: a phone number, address or handle that the filter masks (the
# sender is a minor, or the account is days old) is the guide's risky
# personal-data conversation on its own: a stranger now has a way to reach
# that person outside. The rule signal (never the model's guess) lifts the
# sender to the medium floor, whatever the weights; frames do not lower it.
ADULT_AGE = 18
MASKED_DATA_DAYS = 3.0  # pipeline.NEW_ACCOUNT_DAYS (the filter's mask)
_MASKED_DATA_SCORE = -SCALE * math.log(1.0 - 0.46)
_CONTACT_SIGNALS = _OFF_PLATFORM_SIGNALS | {"personal_data", "model_personal_data"}
# Review 12, session 7 (class H): the learned layer is a statistical guess
# trained mostly on strangers approaching minors; among people whose ages and
# accounts make that unlikely it flagged a parent ("mon fils de 15 ans veut
# un téléphone", medium from message one). Its signals weigh less there:
# - from a sender with no rule signal at all, between established adults or
#   minor peers, when the model is less sure than the filter's hold threshold
#   (a sure one: the filter holds the message itself);
MODEL_ONLY_FACTOR = 0.4
# ... for the model's readings of a minor approached (its hate, doxxing or
# scam readings between adults are much of the conversations' recall: the
# training split lost a quarter of its doxxing and hate when all counted).
# (not its minor_sexualisation: adults sexualising someone's child is its
# recall on the training split; a parent's own child is the "parent" frame).
_MINOR_MODEL_SIGNALS = frozenset({"model_grooming", "model_ambush"})
# - between minor peers whose accounts are settled, even beside rule signals
#   ("ok viens seul j'ai pas envie de voir tes potes lol" at 16 and 16);
#   only its readings of grooming and contact: bullying among peers stays.
MODEL_PEER_FACTOR = 0.5
# Money between adults whose accounts are months old ("tu me dois 20€ pour
# le resto", "envoie sur lydia"): a scam comes from a fresh account.
LONG_ESTABLISHED_DAYS = 90.0
_MONEY_SIGNALS = frozenset({"money_request", "money_amount"})
# Session 8 (s8prec): the guide allows sexual talk between consenting adults
# in private; between adults whose accounts are not new, in a private
# conversation, it weighs like their contact details do (half). Towards a
# minor, in public or from a fresh account it is unchanged.
_SEXUAL_SIGNALS = frozenset({"sexual_content", "model_sexual_content"})

# Frames (data/frames): a topic that makes some signals innocent, for the
# rest of the conversation and retroactively (nothing looks back: the state
# keeps which frames were opened, and by whom). Chosen on eval/tune.py, the
# hard negatives of the training split: game trash talk, a surprise party
# ("park on the next street"), a wife asleep after surgery, a thriller's
# plot, someone reporting an insult or asking for help with a sextortion, a
# scam warning, a talk about racism. The signals weigh FRAME_FACTOR of
# themselves and stop counting for the pattern bonuses; they stay in the
# explanation.
_THREAT_TALK = frozenset({"threat", "model_threat", "insult", "harassment", "model_harassment"})
_RECRUITING = frozenset(
    {"recruitment", "model_recruitment", "incapacitated_third_party", "covert_logistics",
     "recruit_vetting"}
)  # fmt: skip
_EXTORTING = frozenset(
    {"sextortion", "model_sextortion", "intimate_image", "image_audience", "coercion",
     "money_request", "money_amount"}
)  # fmt: skip
_HATE_TALK = frozenset({"hate", "model_hate", "insult", "harassment", "model_harassment"})
_AMBUSH_PLANNING = sig.AMBUSH_PLAN_PARTS
FRAME_SIGNALS: dict[str, frozenset[str]] = {
    "game": _THREAT_TALK | _AMBUSH_PLANNING | {"sexual_content"},
    "celebration": _RECRUITING
    | _AMBUSH_PLANNING
    | {"meeting_night", "secrecy", "model_ambush", "private_place"},
    "care": _RECRUITING | {"model_ambush"},
    "story": _THREAT_TALK
    | _RECRUITING
    | _HATE_TALK
    | _AMBUSH_PLANNING
    | {"model_ambush", "meeting_night"},
    "report": _THREAT_TALK | _EXTORTING | _HATE_TALK | _AMBUSH_PLANNING | {"scam", "model_scam"},
    "victim": _THREAT_TALK | _EXTORTING | _HATE_TALK | _AMBUSH_PLANNING | {"scam", "model_scam"},
    "warning": _EXTORTING | _AMBUSH_PLANNING | {"scam", "model_scam"},
    "discussion": _HATE_TALK,
    # A parent speaking of their own child ("mon fils de 15 ans veut un
    # téléphone", "elle est en seconde ma fille"): the learned layer's
    # reading of a minor approached is not about the person spoken to
    # (review 12, session 7). Rule signals are untouched.
    "parent": frozenset(
        {"model_minor_sexualisation", "model_grooming", "model_doxxing", "model_personal_data"}
    ),
    # Session 8 (s8prec): the third party speaks for herself or her limits
    # were set with her ("elle te fait un vocal avec ses limites", "her
    # safeword", "je te la passe"): the learned layer's reading of a
    # recruitment and a recruit's vetting are a couple's invitation. Never
    # the rules' parts of a victim who cannot consent (asleep, drugged),
    # nor the logistics that make them a crime, nor the intent rule.
    "consent": frozenset({"model_recruitment", "recruit_vetting"}),
    # Session 8 (s8prec): a friend's mock blackmail whose price is a chore or
    # a round ("si tu fais pas la vaisselle j'envoie ta photo à ta mère 😂",
    # "buy me a pint or the pic goes in the group chat"; m-tsuk, r-nuit,
    # n-bpo): an extortionist wants money, never the dishes.
    "chores": _EXTORTING | _THREAT_TALK,
}
FRAME_FACTOR = 0.15
# Session 11 (s11path): whose words a frame excuses. A story or a warning
# excuses what a participant *reports* (a victim's past, a plot, a news
# item, a scam described), never what they say in their own voice to the
# reader: a plan, an instruction or a demand ("viens", "gare-toi plus loin",
# "send me 300", "ma femme sera endormie"; ``own_voice`` rows of
# data/frames). Anyone can open those frames, the attacker included ("t'as
# vu le documentaire sur Mazan ?"), so a signal that came in the sender's
# own voice keeps its weight under them. The other frames are chosen topics
# whose innocent form is itself addressed to the reader (a surprise party's
# "park round the back", a game's "je vais te tuer"): unchanged.
VOICED_FRAMES = frozenset({"story", "warning", "report", "victim"})
# A crime said in parts: once the sender addresses one of its moves in their
# own voice, its other parts are that plan too, wherever they were said
# ("elle prend son somnifère à 22h" then "gare-toi plus loin").
_VOICED_CRIMES = (
    (
        frozenset({"covert_logistics", "recruit_vetting", "recruitment", "model_recruitment"}),
        _RECRUITING | {"meeting_night", "model_ambush"},
    ),
    (_EXTORTING, _EXTORTING),
)
# Words of speech received reach this many words ahead ("il m'a dit hier
# soir viens, gare-toi plus loin" reports; ``reported.told`` reads three).
_TOLD_WORDS = 8
# Frames that only speak for their own sender (a victim's narration says
# nothing about the other side); the others are the conversation's topic.
SENDER_FRAMES = frozenset(
    {"victim", "game", "celebration", "care", "report", "discussion", "parent", "consent", "chores"}
)
# Many of the learned layer's scorer thresholds sit at the 0.5 floor (their
# precision target is met there), and a signal just over it weighed as much
# as a certain one: on the training split's hard negatives, lone model
# signals at p = 0.50-0.70 ("farm les runes avant", "never give anyone the
# code from your bank") made benign conversations `medium`. A model signal
# now weighs CONFIDENCE_FLOOR of itself at the scorer's threshold, rising
# linearly to all of itself at the filter's (``model.signals.confidence``).
# Chosen on eval/tune.py (eval/README.md).
CONFIDENCE_FLOOR = 0.3
# One part and its echo: a message carrying a single part of a seed crime
# and the learned layer's reading of that same message ("j'ai enregistré
# notre visio": intimate_image and model_sextortion) is one piece of
# evidence, not two. While that is a sender's whole evidence, the score
# stays below `medium` (ECHO_RISK) unless the model is as sure as the
# filter's own threshold; a second message or a second part lifts it.
# Narrower than "two parts before medium" for every signal, which
# eval/tune.py measured: it cost a third of the early flags (eval/README.md).
ECHO_RISK = 0.44
ECHOES = {
    "model_sextortion": sig.SEXTORTION_PARTS,
    "model_recruitment": sig.RECRUITMENT_VICTIM | sig.RECRUITMENT_MOVES,
}


@dataclass(frozen=True, slots=True)
class Participant:
    """What is known about one side: declared age, account age, whether the
    age was verified, and how many distinct people this account proposed
    meetings to lately (counted by the caller)."""

    id: str
    declared_age: int | None = None
    account_age_days: float | None = None
    verified: bool = False
    recent_meeting_targets: int = 0


@dataclass(frozen=True, slots=True)
class Signal:
    name: str
    message_index: int
    evidence: str
    sender_id: str = ""


@dataclass(frozen=True, slots=True)
class Assessment:
    risk: float
    level: str  # "none" | "low" | "medium" | "high"
    signals: list[Signal]
    suspect_id: str | None = None
    # The learned gate's probability when it was asked, and why the level
    # is what it is (``gate.review``): shown to moderators.
    gate: float | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ConversationState:
    """Everything the scorer remembers about one conversation."""

    participants: Mapping[str, Participant]
    is_private: bool = True
    message_count: int = 0
    first_seen: Mapping[tuple[str, str], Signal] = field(default_factory=dict)
    counts: Mapping[tuple[str, str], int] = field(default_factory=dict)
    stated_ages: Mapping[str, int] = field(default_factory=dict)
    meeting_seen: bool = False
    frames: frozenset[tuple[str, str]] = frozenset()  # (sender, frame) opened so far
    # The surest reading of a (sender, model signal) below full confidence
    # (``Found.strength``); absent means 1. Bounded like ``counts``.
    strength: Mapping[tuple[str, str], float] = field(default_factory=dict)
    # Per sender, the digits of a number left unfinished and the index of
    # the message that gave them: a phone number given in pieces over a few
    # messages is found when the pieces make one (bounded: a few digits).
    number_parts: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    # The last sender's consecutive short messages (``safety.pieces``): a
    # handle, an address or an insult cut into pieces is read joined, and
    # the signals only the join holds are credited to the last message,
    # kept in ``completed`` for the server (``held_by_pieces``).
    pieces: tuple[str, tuple[str, ...]] = ("", ())
    completed: frozenset[str] = frozenset()
    # What the join of ``pieces`` held (``JOINED_SIGNALS`` only): the next
    # piece's join is compared with it instead of reading it again (speed).
    pieces_held: frozenset[str] = frozenset()
    # (sender, signal) said at least once in the sender's own voice
    # (``own_voice``): no story or warning excuses it (``VOICED_FRAMES``).
    voiced: frozenset[tuple[str, str]] = frozenset()
    # The learned layer's highest probability per category so far (the
    # gate's features; bounded by the number of categories).
    peaks: Mapping[str, float] = field(default_factory=dict)
    # Senders who made a threat no laughter excuses (``intent.laugh_proof``:
    # they know where you live, a weapon, grave harm, a veiled threat):
    # only those stay out of the gate's reach (``gate.protected``).
    grave_threats: frozenset[str] = frozenset()
    # A cache, not part of the state's value: the scores ``assess`` computed
    # for this state, per sender. ``add_message`` carries the other senders'
    # over when the message changed nothing their score reads (stated ages,
    # frames, who has spoken), so that a message costs one sender's score,
    # not every sender's (issue 12, s8speed: a public room's many senders).
    sender_scores: dict[str, float] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )


@dataclass(frozen=True, slots=True)
class SenderView:
    """A read-only snapshot of what the scorer concluded about one sender
    (``ConversationScorer.view``): what the gate reads beside the state's
    public fields, so that it never calls the scorer's private rules."""

    sender: str
    signals: frozenset[str]  # the sender's signal names so far
    framed: frozenset[str]  # the signals the conversation's frames excuse for them
    talks_to_minor: bool  # an adult (declared or stated) with a minor
    grave_threat: bool  # made a threat no laughter excuses (``grave_threats``)
    threats: int  # messages of this sender the rules read a threat in
    masked_sharer: bool  # the filter masks this sender's own contact details
    ages: tuple[int, ...]  # everyone's known age (stated wins over declared)
    scale: float  # ``SCALE`` as read now


def _model_recruits(mine: list[Signal], names: set[str]) -> bool:
    """Review 10 (class 10): the learned layer's recruitment reading stands
    for the part the rules missed, with the other part the rules saw: a
    recruit vetted ("send me a face pic and your age first"), or a third
    party who cannot consent named in another message than the one the
    model read. A partner's or a patient's sleeping pill said once ("ma
    femme a pris son somnifère, elle dort") gives both signals from that
    one message: one fact, no crime. Discreet logistics or a late hour are
    not enough beside the model: friends parking round the back for a
    surprise party or a sleeping baby read like it (train hard negatives)."""
    if "model_recruitment" not in names:
        return False
    if "recruit_vetting" in names:
        return True
    first = {s.name: s.message_index for s in mine}
    return any(
        name in first and first[name] != first["model_recruitment"]
        for name in sig.RECRUITMENT_VICTIM
    )


def crimes_of(assessment: Assessment) -> frozenset[str]:
    """The seed's crimes the riskiest sender's signals add up to:
    ``recruitment`` (a third party who cannot consent with logistics or
    vetting), ``sextortion`` (three of its parts, in any order) and
    ``ambush`` (two parts of a group ambush plan)."""
    mine = [s for s in assessment.signals if s.sender_id == assessment.suspect_id]
    names = {s.name for s in mine}
    found = set()
    if (
        "recruitment" in names
        or (names & sig.RECRUITMENT_VICTIM and names & sig.RECRUITMENT_MOVES)
        or _model_recruits(mine, names)
    ):
        found.add("recruitment")
    if "sextortion" in names or len(names & sig.SEXTORTION_PARTS) >= 3:
        found.add("sextortion")
    # A group ambush planned: two of lure, group/hiding place and violence
    # from the suspect (s11ambush), in one message or spread over several.
    if len(names & sig.AMBUSH_PLAN_PARTS) >= 2:
        found.add("ambush")
    return frozenset(found)


def level_for(risk: float) -> str:
    for threshold, name in LEVELS:
        if risk >= threshold:
            return name
    return "none"


class ConversationScorer:
    """Pure functions over ``ConversationState``; one instance serves all."""

    def view(self, state: ConversationState, sender: str | None) -> SenderView:
        """The snapshot of ``sender`` (None: nobody has a signal yet)."""
        who = sender or ""
        everyone = set(state.participants) | {w for w, _ in state.counts}
        return SenderView(
            sender=who,
            signals=frozenset(name for w, name in state.counts if w == sender),
            framed=self._framed(state, who),
            talks_to_minor=bool(sender) and self._talks_to_minor(state, who),
            grave_threat=who in state.grave_threats,
            threats=state.counts.get((who, "threat"), 0),
            masked_sharer=bool(sender) and self._masked_sharer(state, who),
            ages=tuple(sorted(a for w in everyone if (a := self._age(state, w)) is not None)),
            scale=SCALE,
        )

    def start(self, participants: list[Participant], room_kind: str = "dm") -> ConversationState:
        """The empty state of a conversation between ``participants``."""
        return ConversationState(
            participants={p.id: p for p in participants}, is_private=room_kind != "public"
        )

    def add_message(
        self, state: ConversationState, sender_id: str, text: str
    ) -> tuple[ConversationState, list[Signal]]:
        """Fold one message in; returns the new state and the signals this
        message fired (signals already seen from this sender are counted,
        not repeated)."""
        index = state.message_count
        found, age, excused, frames = detect_in_context(text)
        # Learned layer (issue 12): model_<category> signals, bounded like the
        # others; not for a category the message's innocent context excuses
        # ("je vais te tuer au prochain round" is no model_threat either).
        found += [
            f
            for f in model_signals.found(text, state.participants.values())
            if f.name.removeprefix(model_signals.PREFIX) not in excused
        ]
        names = {f.name for f in found}
        parts = self._number_parts(state, sender_id, text, index, names)
        earlier = state.pieces[1] if state.pieces[0] == sender_id else ()
        held_before = state.pieces_held if earlier else frozenset()
        completed, held_now = _found_in_pieces(earlier, text, names, held_before)
        found += completed
        names |= {f.name for f in completed}
        if "personal_data" in names and not any(f.name == "personal_data" for f in found):
            found.append(Found("personal_data", pd.PHONE))
        if not state.meeting_seen:
            names.discard("place_change")  # a change needs a plan to change
        first_seen = dict(state.first_seen)
        counts = dict(state.counts)
        strength = state.strength
        new: list[Signal] = []
        stated = dict(state.stated_ages)
        if age is not None:
            stated[sender_id] = age
            declared = self._participant(state, sender_id).declared_age
            if declared is not None and abs(declared - age) >= AGE_MISMATCH_YEARS:
                found.append(Found("age_mismatch", f"{age} vs {declared}"))
                names.add("age_mismatch")
        for item in found:
            if item.name not in names:
                continue
            key = (sender_id, item.name)
            if item.strength < 1.0 or key in strength:
                strength = _strongest(strength, key, item.strength, key in counts)
            counts[key] = counts.get(key, 0) + 1
            if key not in first_seen:
                signal = Signal(item.name, index, item.evidence, sender_id)
                first_seen[key] = signal
                new.append(signal)
        meeting = state.meeting_seen or bool(names & sig.MEETING_SIGNALS)
        opened = state.frames | {(sender_id, f) for f in frames if f in FRAME_SIGNALS}
        grave = state.grave_threats
        if "threat" in names and sender_id not in grave and laugh_proof(scan(text)):
            grave = grave | {sender_id}
        voiced = state.voiced
        if names and own_voice(text):
            voiced = voiced | {(sender_id, name) for name in names}
        return (
            replace(
                state,
                message_count=index + 1,
                first_seen=first_seen,
                counts=counts,
                stated_ages=stated,
                meeting_seen=meeting,
                frames=opened,
                voiced=voiced,
                grave_threats=grave,
                number_parts=parts,
                pieces=(sender_id, split.kept_pieces(earlier, text)),
                completed=frozenset(f.name for f in completed),
                pieces_held=held_now,
                strength=strength,
                peaks=gate.peaks_after(state.peaks, text),
                sender_scores=_other_scores(state, sender_id, counts, stated, opened),
            ),
            new,
        )

    def assess(self, state: ConversationState) -> Assessment:
        """Risk, level and the signals behind them, riskiest sender first."""
        senders = {sender for sender, _ in state.counts}
        best_score, suspect = 0.0, None
        known = state.sender_scores
        for sender in sorted(senders):
            score = known.get(sender)
            if score is None:
                score = known[sender] = self.sender_score(state, sender)
            if score > best_score:
                best_score, suspect = score, sender
        risk = round(1.0 - math.exp(-best_score / SCALE), 4)
        ordered = sorted(
            state.first_seen.values(),
            key=lambda s: (s.sender_id != suspect, s.message_index, s.name),
        )
        found = Assessment(risk, level_for(risk), ordered, suspect)
        return gate.review(self, state, found, known, crimes_of(found))

    def sender_score(self, state: ConversationState, sender: str) -> float:
        """The evidence against one sender (see the module docstring)."""
        names = {name for who, name in state.counts if who == sender}
        score = 0.0
        peers = self._minor_peers(state, sender)
        settled = peers and self._minor_peers(state, sender, PEER_GROOMING_DAYS)
        adults = not peers and self._established_adults(state, sender)
        long_adults = adults and self._established_adults(state, sender, LONG_ESTABLISHED_DAYS)
        framed = self._framed(state, sender)
        model_only = not any(not n.startswith(model_signals.PREFIX) for n in names)
        for name in names:
            repeats = min(state.counts[(sender, name)] - 1, MAX_REPEATS)
            weight = model_signals.weight(name)
            if name.startswith(model_signals.PREFIX):
                unsure = state.strength.get((sender, name), 1.0) < 1.0
                if model_only and unsure and (peers or adults) and name in _MINOR_MODEL_SIGNALS:
                    weight *= MODEL_ONLY_FACTOR
                if settled and name in _MINOR_MODEL_SIGNALS:
                    weight *= MODEL_PEER_FACTOR
            if long_adults and name in _MONEY_SIGNALS:
                weight *= ESTABLISHED_ADULTS_FACTOR
            if peers and name in _OFF_PLATFORM_SIGNALS:
                weight *= PEER_OFF_PLATFORM_FACTOR
            if settled and name in _GROOMING_SIGNALS:
                weight *= PEER_GROOMING_FACTOR
            if adults and name in _CONTACT_SIGNALS:
                weight *= ESTABLISHED_ADULTS_FACTOR
            if adults and state.is_private and name in _SEXUAL_SIGNALS:
                weight *= ESTABLISHED_ADULTS_FACTOR
            if name in framed:
                weight *= FRAME_FACTOR
            if (sender, name) in state.strength:
                sure = state.strength[(sender, name)]
                weight *= CONFIDENCE_FLOOR + (1 - CONFIDENCE_FLOOR) * sure
            score += weight * (1 + REPEAT_BONUS * repeats)
        names -= framed
        if names & sig.GROOMING_OPENERS and names & sig.GROOMING_MOVES:
            score += GROOMING_BONUS
        if "meeting_proposal" in names and len(names & sig.AMBUSH_DETAILS) >= 2:
            score += AMBUSH_BONUS
        if names & sig.RECRUITMENT_VICTIM and names & sig.RECRUITMENT_MOVES:
            score += RECRUITMENT_BONUS
        if len(names & sig.SEXTORTION_PARTS) >= 3:
            score += SEXTORTION_BONUS
        if len(names & sig.AMBUSH_PLAN_PARTS) >= 2:
            score += AMBUSH_PLAN_BONUS
        me = self._participant(state, sender)
        if self._talks_to_minor(state, sender):
            score *= ADULT_MINOR_FACTOR
        if me.account_age_days is not None and me.account_age_days < NEW_ACCOUNT_DAYS:
            score *= NEW_ACCOUNT_FACTOR
        if me.verified:
            score *= VERIFIED_FACTOR
        if not state.is_private:
            score *= PUBLIC_ROOM_FACTOR
        if names & sig.MEETING_SIGNALS and me.recent_meeting_targets > MEETING_TARGETS_FREE:
            score += MEETING_TARGET_BONUS * min(me.recent_meeting_targets - MEETING_TARGETS_FREE, 5)
        if "personal_data" in names and self._masked_sharer(state, sender):
            score = max(score, _MASKED_DATA_SCORE)
        if self._echo_only(state, sender, names):
            score = min(score, -SCALE * math.log(1.0 - ECHO_RISK))
        return score

    def _masked_sharer(self, state: ConversationState, sender: str) -> bool:
        """Whether the filter masks this sender's own contact details: a minor,
        or an account younger than the filter's new-account age."""
        me = self._participant(state, sender)
        minor = me.declared_age is not None and me.declared_age < ADULT_AGE
        new = me.account_age_days is not None and me.account_age_days < MASKED_DATA_DAYS
        return minor or new

    def _echo_only(self, state: ConversationState, sender: str, names: set[str]) -> bool:
        """The sender's whole evidence is one message: one rule part of a
        seed crime and the learned layer's signal of that crime, below the
        confidence at which the filter itself would hold the message."""
        rules = {n for n in names if not n.startswith(model_signals.PREFIX)}
        if len(rules) != 1 or not any(
            model in names and rules <= parts and (sender, model) in state.strength
            for model, parts in ECHOES.items()
        ):
            return False
        keys = [(sender, n) for n in names]
        return len({state.first_seen[k].message_index for k in keys}) == 1 and all(
            state.counts[k] == 1 for k in keys
        )

    def _number_parts(
        self, state: ConversationState, sender: str, text: str, index: int, names: set[str]
    ) -> Mapping[str, tuple[str, int]]:
        """The unfinished numbers after this message; adds ``personal_data``
        to ``names`` when this message finishes one of the sender's."""
        first, last, single = pd.number_ends(text)
        if not first and sender not in state.number_parts:
            return state.number_parts
        parts = dict(state.number_parts)
        earlier, at = parts.pop(sender, ("", -1))
        recent = earlier and index - at <= NUMBER_PARTS_MESSAGES
        if recent and first and "personal_data" not in names and pd.completes_phone(earlier, first):
            names.add("personal_data")
            return parts
        if recent and single and len(earlier + first) <= NUMBER_PART_DIGITS:
            parts[sender] = (earlier + first, index)
        elif last and "personal_data" not in names and len(last) <= NUMBER_PART_DIGITS:
            parts[sender] = (last, index)
        elif recent and not first:
            parts[sender] = (earlier, at)
        return parts

    def held_by_pieces(self, state: ConversationState, sender: str) -> list[str]:
        """What the last message of ``state``, from ``sender``, completed in
        a join of their short messages that the filter would not deliver as
        it is: an insult or a slur (refused for everyone), contact details
        from someone the filter masks them for (a minor, a new account).
        The earlier pieces were delivered; the server holds this one."""
        if not state.completed or state.pieces[0] != sender:
            return []
        held = {_PIECE_REASONS[name] for name in state.completed - {"personal_data"}}
        if "personal_data" in state.completed and self._masked_sharer(state, sender):
            held.add("personal_data")
        return sorted(held)

    def _framed(self, state: ConversationState, sender: str) -> frozenset[str]:
        """The signals of ``sender`` that the conversation's frames excuse."""
        out: set[str] = set()
        voiced: set[str] | None = None
        for who, frame in state.frames:
            if who == sender or frame not in SENDER_FRAMES:
                if frame not in VOICED_FRAMES:
                    out |= FRAME_SIGNALS[frame]
                    continue
                if voiced is None:
                    voiced = self._voiced(state, sender)
                out |= FRAME_SIGNALS[frame] - voiced
        return frozenset(out)

    def _voiced(self, state: ConversationState, sender: str) -> set[str]:
        """The signals ``sender`` said in their own voice, with the other
        parts of a crime one of whose moves they so addressed."""
        names = {name for who, name in state.voiced if who == sender}
        for moves, parts in _VOICED_CRIMES:
            if names & moves:
                names |= {name for who, name in state.counts if who == sender} & parts
        return names

    def _participant(self, state: ConversationState, sender: str) -> Participant:
        return state.participants.get(sender) or Participant(sender)

    def _age(self, state: ConversationState, who: str) -> int | None:
        stated = state.stated_ages.get(who)
        declared = self._participant(state, who).declared_age
        return stated if stated is not None else declared

    def _minor_peers(
        self, state: ConversationState, sender: str, min_days: float = NEW_ACCOUNT_DAYS
    ) -> bool:
        """Everyone, the sender included, is a minor of about the same age
        (declared or stated; an unknown age is no peer), and the sender's
        account is not brand new (a fresh account claiming to be a teen is
        a known disguise)."""
        days = self._participant(state, sender).account_age_days
        if days is None or days < min_days:
            return False
        everyone = set(state.participants) | {who for who, _ in state.counts} | {sender}
        if min_days > NEW_ACCOUNT_DAYS and any(
            (self._participant(state, who).account_age_days or 0.0) < min_days for who in everyone
        ):
            return False
        ages = [self._age(state, who) for who in everyone]
        if len(ages) < 2 or any(age is None for age in ages):
            return False
        known = [age for age in ages if age is not None]
        return max(known) < 18 and max(known) - min(known) <= PEER_AGE_GAP

    def _established_adults(
        self, state: ConversationState, sender: str, min_days: float = NEW_ACCOUNT_DAYS
    ) -> bool:
        """Everyone declared an adult age and has an account at least a week
        (``min_days``) old (an unknown age or account age is not established)."""
        for who in set(state.participants) | {who for who, _ in state.counts} | {sender}:
            person = self._participant(state, who)
            age = self._age(state, who)
            days = person.account_age_days
            if age is None or age < 18 or days is None or days < min_days:
                return False
        return True

    def _talks_to_minor(self, state: ConversationState, sender: str) -> bool:
        """An adult (by declared or stated age, the older one wins) talking
        with someone who is, or says they are, under 18."""
        mine = [
            a
            for a in (state.stated_ages.get(sender), self._participant(state, sender).declared_age)
            if a
        ]
        if not mine or max(mine) < 18:
            return False
        others = set(state.participants) | {who for who, _ in state.counts}
        for other in others - {sender}:
            age = self._age(state, other)
            if age is not None and age < 18:
                return True
        return False


# The filter's reasons for what a join of pieces revealed (``held_by_pieces``).
_PIECE_REASONS = {"insult": "harassment", "harassment": "harassment", "hate": "hate"}


def own_voice(text: str) -> bool:
    """Whether ``text`` addresses a plan, an instruction or a demand to the
    reader in the sender's own voice (an ``own_voice`` row of data/frames):
    not advice that overlaps it ("never pay", a ``!own_voice`` row), not
    between quotation marks, not a few words after a verb of speech
    received ("he told me: come tonight"; ``reported_speech`` in
    data/intent, ``told`` in data/frames: "il leur écrivait", "the
    instructions")."""
    message = scan(text)
    voices = message.hits_of("frame", "own_voice")
    if not voices:
        return False
    advice = message.hits_of("frame_suppress", "own_voice")
    told = [*message.hits_of("intent", "reported_speech"), *message.hits_of("frame", "told")]
    words = message.normalised.text
    for hit in voices:
        if any(a.start < hit.end and hit.start < a.end for a in advice):
            continue
        if reported.in_quotes(message, hit):
            continue
        if any(
            cue.end <= hit.start + 1 and len(words[cue.end : hit.start].split()) <= _TOLD_WORDS
            for cue in told
        ):
            continue
        return True
    return False


def _found_in_pieces(
    earlier: tuple[str, ...], text: str, names: set[str], held_before: frozenset[str]
) -> tuple[list[Found], frozenset[str]]:
    """The signals a join of the sender's last short messages holds that
    neither this message (``names``) nor the pieces before it joined
    (``held_before``, what the last join held) do; and what this join holds.
    A single piece is its own join: what it holds is in ``names``."""
    if not split.is_piece(text):
        return [], frozenset()
    if not earlier:
        return [], frozenset(names & split.JOINED_SIGNALS)
    found: dict[str, Found] = {}
    for join in split.joins((*earlier, text)):
        for f in detect_some(join, split.JOINED_SIGNALS):
            found.setdefault(f.name, f)
    held = frozenset(found)
    return [f for name, f in found.items() if name not in names | held_before], held


def _other_scores(
    state: ConversationState,
    sender: str,
    counts: Mapping[tuple[str, str], int],
    stated: Mapping[str, int],
    frames: frozenset[tuple[str, str]],
) -> dict[str, float]:
    """The scores of ``state``'s cache still true after a message from
    ``sender`` (``assess`` computes the missing ones). Another sender's score
    reads only their own signals, the conversation's frames, everyone's
    stated ages and who has spoken: a message that changed none of the last
    three keeps it."""
    known = state.sender_scores
    if not known or stated != state.stated_ages or frames != state.frames:
        return {}
    if any(who == sender for who, _ in counts) and not any(
        who == sender for who, _ in state.counts
    ):
        return {}  # a new sender: everyone's company changed
    return {who: score for who, score in known.items() if who != sender}


def _strongest(
    strength: Mapping[tuple[str, str], float], key: tuple[str, str], value: float, seen: bool
) -> Mapping[tuple[str, str], float]:
    """``strength`` with ``key`` at its strongest reading so far (a key at
    full strength is dropped: absent means 1)."""
    best = max(value, strength.get(key, 1.0)) if seen else value
    out = dict(strength)
    if best >= 1.0:
        out.pop(key, None)
    else:
        out[key] = best
    return out


_SCORER = ConversationScorer()


def score_conversation(obj: dict[str, Any]) -> dict[str, Any]:
    """One line of ``causerie safety score``: a conversation in the JSONL
    input format in, its assessment in the output format out. Raises
    ``ValueError`` on malformed input."""
    conv_id, participants, messages, room_kind = _parse(obj)
    state = _SCORER.start(participants, room_kind)
    for sender, text in messages:
        state, _ = _SCORER.add_message(state, sender, text)
    result = _SCORER.assess(state)
    return {
        "id": conv_id,
        "risk": result.risk,
        "level": result.level,
        "signals": [
            {"name": s.name, "message_index": s.message_index, "evidence": s.evidence}
            for s in result.signals
        ],
    }


def _parse(obj: Any) -> tuple[Any, list[Participant], list[tuple[str, str]], str]:
    if not isinstance(obj, dict):
        raise ValueError("a conversation must be a JSON object")
    if "id" not in obj or not isinstance(obj["id"], (str, int)):
        raise ValueError("missing or invalid 'id'")
    room_kind = obj.get("room_kind", "dm")
    if room_kind not in ("dm", "public"):
        raise ValueError("'room_kind' must be 'dm' or 'public'")
    raw_participants = obj.get("participants")
    raw_messages = obj.get("messages")
    if not isinstance(raw_participants, list) or not isinstance(raw_messages, list):
        raise ValueError("'participants' and 'messages' must be lists")
    participants = [_participant(p) for p in raw_participants]
    messages = []
    for m in raw_messages:
        if not isinstance(m, dict) or not isinstance(m.get("from"), str):
            raise ValueError("each message needs a string 'from'")
        if not isinstance(m.get("text"), str):
            raise ValueError("each message needs a string 'text'")
        messages.append((m["from"], m["text"]))
    return obj["id"], participants, messages, room_kind


def _participant(raw: Any) -> Participant:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise ValueError("each participant needs a string 'id'")
    age = raw.get("declared_age")
    days = raw.get("account_age_days")
    verified = raw.get("verified", False)
    targets = raw.get("recent_meeting_targets", 0)
    if age is not None and (isinstance(age, bool) or not isinstance(age, int)):
        raise ValueError("'declared_age' must be an integer")
    if days is not None and (isinstance(days, bool) or not isinstance(days, (int, float))):
        raise ValueError("'account_age_days' must be a number")
    if not isinstance(verified, bool):
        raise ValueError("'verified' must be a boolean")
    if isinstance(targets, bool) or not isinstance(targets, int) or targets < 0:
        raise ValueError("'recent_meeting_targets' must be a non-negative integer")
    return Participant(
        raw["id"],
        age,
        float(days) if days is not None else None,
        verified,
        targets,
    )
