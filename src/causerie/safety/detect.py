"""Signals in one message: phrase cues, lexicon categories, personal data,
late-night times and stated ages. Constant work per message; nothing here
looks at the rest of the conversation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from causerie.safety.checks import ambush, group_hate, recruit
from causerie.safety.checks.intent import Intent, laugh_excuses_threat, read_intent
from causerie.safety.checks.personal_data import find_personal_data
from causerie.safety.pipeline import scan
from causerie.safety.verdict import Scanned

EVIDENCE_CHARS = 120
_LEXICON_SIGNALS = frozenset({"threat", "hate", "sexual_content", "minor_sexualisation"})
# Intent components that are conversation signals on their own (their parts
# may arrive one per message); the rest only count through their category
# ("sedated", a pill taken, is not a signal alone: a carer's "elle prend ses
# somnifères à 21h" must not weigh as a victim).
_COMPONENT_SIGNALS = {
    "incapacitated": "incapacitated_third_party",
    "covert_logistics": "covert_logistics",
    "recruit_vetting": "recruit_vetting",
    "leverage": "intimate_image",
    "audience": "image_audience",
    "sx_pressure": "coercion",
    "deadline": "coercion",
    "sx_demand": "money_request",
    "money_amount": "money_amount",
    "insult": "insult",
    "putdown": "insult",
}
_NIGHT_TIME = re.compile(
    r" (?:(?:22|23|0|00|minuit) ?h(?:\d\d)?|(?:1|2|3|4) ?h(?:\d\d)? du mat(?:in)?"
    r"|(?:10|11) ?pm|(?:12|1|2|3|4) ?am) "
)
_AGE_WORDS = {
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16, "dixsept": 17, "dixhuit": 18, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18,
}  # fmt: skip
_AGE_NUMBER = r"(\d{1,2}|" + "|".join(_AGE_WORDS) + ")"
_STATED_AGE = re.compile(
    r" (?:j ai|jai|g|moi|moi j ai|i m|im|i am|je vais avoir|j vais avoir|bientot|age|aged)"
    r" " + _AGE_NUMBER + r"(?: ?(?:ans|an|a|years old|years|yrs|yo|y o|et toi|and you|u))? "
    r"|^ " + _AGE_NUMBER + r" ?(?:ans|yo|y o|years old)? "
)  # a bare "14 ans" counts only as a whole answer, not "mon fils de 14 ans"


@dataclass(frozen=True, slots=True)
class Found:
    """A signal found in one message, with the words that triggered it.
    ``strength`` (0–1): 1 for the rules; for the learned layer, how far the
    probability is above the scorer's threshold (``model.signals.confidence``),
    which the scorer turns into a share of the weight."""

    name: str
    evidence: str
    strength: float = 1.0


def stated_age(message: Scanned) -> int | None:
    """An age the sender states about themselves ("j'ai 14 ans", "im 15")."""
    match = _STATED_AGE.search(message.normalised.text)
    if match is None:
        return None
    raw = match.group(1) or match.group(2)
    age = int(raw) if raw.isdigit() else _AGE_WORDS[raw]
    return age if 10 <= age <= 99 else None


def _evidence(message: Scanned, start: int, end: int) -> str:
    return message.normalised.excerpt(start, end)[:EVIDENCE_CHARS]


def _intent_evidence(message: Scanned, intent: Intent, category: str) -> str:
    """The words of the first component hit, as evidence for a category."""
    hits = [hit for hit in intent.components.values() if hit is not None]
    if not hits:
        return category
    hit = min(hits, key=lambda h: h.start)
    return _evidence(message, hit.start, hit.end)


def detect(text: str) -> tuple[list[Found], int | None]:
    """The signals of one message (first evidence of each) and any age the
    sender states about themselves."""
    found, age, _ = detect_with_excuses(text)
    return found, age


def detect_with_excuses(text: str) -> tuple[list[Found], int | None, frozenset[str]]:
    """``detect`` plus the categories a known innocent context excuses in
    this message (a game for a threat, a gift for a scam): the scorer keeps
    the learned layer's signals of those categories out too."""
    found, age, excused, _ = detect_in_context(text)
    return found, age, excused


def detect_in_context(
    text: str,
) -> tuple[list[Found], int | None, frozenset[str], frozenset[str]]:
    """``detect_with_excuses`` plus the conversation frames the message
    opens (``data/frames``: a game, a surprise party, a hospital, a book,
    someone reporting, a victim asking for help, a scam warning)."""
    message = scan(text)
    excused = frozenset(
        hit.entry.name
        for hit in (*message.hits_of("suppress"), *message.hits_of("intent_suppress"))
    ) | ({"threat"} if laugh_excuses_threat(message) else frozenset())
    frames = frozenset(hit.entry.name for hit in message.hits_of("frame")) - {
        hit.entry.name for hit in message.hits_of("frame_suppress")
    }
    return (*_detect(message), excused, frames)


def _phrase_signals(
    message: Scanned, suppressed: set[str], found: dict[str, str], wanted: frozenset[str] | None
) -> None:
    """Cues and signal lexicon entries (among ``wanted``; every one for
    ``None``), the first evidence of each."""
    for hit in message.hits:
        kind, name = hit.entry.kind, hit.entry.name
        is_signal = kind == "cue" or (kind == "lexicon" and name in _LEXICON_SIGNALS)
        if (
            is_signal
            and (wanted is None or name in wanted)
            and name not in suppressed
            and name not in found
        ):
            found[name] = _evidence(message, hit.start, hit.end)


def _intent_signals(
    message: Scanned, intent: Intent, found: dict[str, str], wanted: frozenset[str] | None
) -> None:
    """The intent reading's categories and component signals (among
    ``wanted``; every one for ``None``)."""
    for category in intent.categories:
        if wanted is None or category in wanted:
            found.setdefault(category, _intent_evidence(message, intent, category))
    awake: bool | None = None  # read only when a victim signal is about to be added
    for component, first in intent.components.items():
        signal = _COMPONENT_SIGNALS.get(component)
        if signal is None or signal in found or (wanted is not None and signal not in wanted):
            continue
        if signal == "incapacitated_third_party":
            if awake is None:
                awake = _third_party_awake(message, intent.components.keys())
            if awake:
                continue
        found[signal] = _evidence(message, first.start, first.end) if first else component


# Session 23: what the rules read as the third party awake, a child (no
# partner named beside it), or cared for with nothing put in a drink ("elle
# rentre à 19h30", "the baby's asleep", "stay with her, get her a taxi") is no
# victim for the conversation either: a surprise party's "she won't know" or
# a carer's night was weighed as one, message after message.
def _third_party_awake(message: Scanned, components: Iterable[str]) -> bool:
    names = set(components)
    child = "noconsent_child" in names and "partner_ref" not in names
    return "noconsent_awake" in names or child or recruit.cared_for(message, names)


def _personal_data_signal(message: Scanned, found: dict[str, str]) -> None:
    data = [f for f in find_personal_data(message) if f.kind != "off_platform"]
    if data:
        found["personal_data"] = data[0].kind  # the kind, never the data itself


def _detect(message: Scanned) -> tuple[list[Found], int | None]:
    suppressed = {hit.entry.name for hit in message.hits_of("suppress")}
    if laugh_excuses_threat(message):
        suppressed.add("threat")  # never "je sais où t'habites 😂"
    found: dict[str, str] = {}
    _phrase_signals(message, suppressed, found, None)
    night = _NIGHT_TIME.search(message.normalised.text)
    if night is not None and "meeting_night" not in found:
        found["meeting_night"] = _evidence(message, night.start(), night.end())
    _intent_signals(message, read_intent(message), found, None)
    # A group ambush's parts (s11ambush): the scorer adds them up across a
    # sender's messages ("fais-le venir au parc" then "on sera 5").
    for part in ambush.plan_parts(message):
        hit = next(h for h in message.hits_of("intent", part))
        found.setdefault(part.replace("amb_", "ambush_"), _evidence(message, hit.start, hit.end))
    _personal_data_signal(message, found)
    return [Found(name, evidence) for name, evidence in found.items()], stated_age(message)


# Session 11 (s11path): the intent components without which the rules' intent
# reading gives no insult, harassment or hate (``checks.intent``: an insult,
# a put-down, a suicide incitement or its hint; a dog whistle, a group
# dehumanised or expelled), and the texts that add a dog whistle by
# regular expression (a "88" code, an "(((echo)))"). A component added to
# the intent rules that makes abuse without one of these would be missed by
# ``detect_some`` alone: tests/unit/safety/test_safety_detect_some.py reads
# the corpus both ways.
_ABUSE_COMPONENTS = frozenset(
    {"insult", "insult_mild", "putdown", "suicide_incitement", "suicide_hint", "dog_whistle",
     "group", "group_bare", "dehumanise", "expel_before", "expel_after",
     # s12harass: one of these is in every path of its third-party, pile-on
     # and coded-hate rules (checks/intent.py).
     "mock_aimed", "mock_weak", "pile_on", "pile_where", "leak_call", "nat_all",
     "deserve_it", "sexist_place", "slur_plural", "only_good", "coded_who"}
)  # fmt: skip
# Session 16: monkey emoji stand for a group (``checks.group_hate.MONKEYS``).
# Session 21: so do the mosque and the trans symbol of the "41%" jab
# (``group_hate.TRANS_FLAG``; its ⚧ alone, the flag is written without the
# variation selector too): "41% lmaooo 🏳️‍⚧️" has no component at all.
_ABUSE_MARKS = ("88", "(((", *group_hate.MONKEYS, group_hate.MOSQUE, "\u26a7")


def detect_some(text: str, names: frozenset[str]) -> list[Found]:
    """The signals among ``names`` that ``detect_in_context(text)`` finds,
    with the same evidence, reading only what can give them: the scorer's
    join of a sender's short messages asks for personal data, insults and
    slurs (``pieces.JOINED_SIGNALS``) on every short message, and a full
    reading (late hours, stated ages, frames, every intent) cost it its p99.
    The intent reading runs only when a component that makes abuse is there.
    (A threat excused by a laugh is not among the names it is asked for.)"""
    message = scan(text)
    suppressed = {hit.entry.name for hit in message.hits_of("suppress")}
    found: dict[str, str] = {}
    _phrase_signals(message, suppressed, found, names)
    if any(h.entry.name in _ABUSE_COMPONENTS for h in message.hits_of("intent")) or any(
        mark in text for mark in _ABUSE_MARKS
    ):
        _intent_signals(message, read_intent(message), found, names)
    if "personal_data" in names:
        _personal_data_signal(message, found)
    return [Found(name, evidence) for name, evidence in found.items()]
