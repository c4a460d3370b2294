"""Learned-layer check: holds for a moderator what the rules let through
when the model is confident (``causerie.safety.model``).

It runs after the rule checks, so it only ever sees messages the rules
allowed, and it escalates them to ``hold``; never mask (it does not know
which words to hide). It refuses (``block``) only what the guide blocks and
it is very sure of (``BLOCK_ABOVE``: hate, harassment, a minor sexualised;
sexual content from a teen), and never silently:
the message path opens a case on each such refusal
(``domain.moderation.REFUSED_CASE_REASONS``). The reason says which category fired,
``model:<category>``, so the moderator and the statement of reasons know the
flag came from the model, not from a rule. Thresholds are the sender's age
band's (teens get the more sensitive ones; bands never share a room).
"""

from __future__ import annotations

import re

from causerie.safety import emoji, reported
from causerie.safety import model as learned
from causerie.safety.checks import advice, extort, group_hate, intent, minors, recruit
from causerie.safety.model import LinearModel, shipped_model
from causerie.safety.normalise import phrase_pattern
from causerie.safety.verdict import BLOCK, HOLD, CheckResult, Scanned, SenderContext

# Categories the guide wants held or blocked. Personal data, off-platform
# handles and links are the rules' job: their answer is a mask or a block by
# trust level, which a model cannot give.
HOLDABLE = frozenset(
    {"grooming", "ambush", "recruitment", "sextortion", "threat", "harassment", "hate", "scam",
     "doxxing", "minor_sexualisation", "sexual_content"}
)  # fmt: skip
REASON_PREFIX = "model:"
# Issue 12, session 6: a refusal (with a case, ``domain.moderation``) when the
# model alone is very confident of hate or harassment, the guide's ``block``.
# Probability per category at or above which it refuses instead of holding;
# a category not listed never refuses. Chosen by leave-one-author-out CV over
# the six training authors (eval/README.md, session 6): the lowest cut that
# refused no message the guide allows in any fold was 0.951 (a message
# denouncing monkey chants scored 0.950), plus 0.01 of margin. It refuses
# what the probability says, whatever the band: the hold threshold below it
# is the band's.
# Session 8 (s8msg): a minor sexualised, and sexual content in a teen
# context, are the guide's ``block`` too. Every cut chosen again the same way
# on the eighteen training authors' folds that were ready (nine authors held
# out by three models, then six more by two, eval/refusals.py,
# eval/README.md): hate rises to 0.98 (the monkey-chants message above
# scored 0.973 there), harassment stays at 0.96 (a compliment, "arrête de
# dire que t'es moche, t'es magnifique", scored 0.955), a teen's sexual
# content from 0.9 (0.798: "i want to end it all", of a game level);
# no message the guide allows reached a minor sexualised's reading alone,
# 0.9 keeps a hold-level reading held.
# Session 16: hate 0.98 -> 0.92. On the 56 authors' out-of-fold
# probabilities, with the rules' own decisions simulated, 50 hate messages
# the model held (hold/block swapped) are refused instead, and 4 allowed
# messages already held would be refused (before the condemnation excuses
# below, which clear most of them: "le racisme dans le foot c'est un vrai
# problème, les cris de singe c'est honteux"). Both outside reviews of the
# session found coded hate only held ("every muslim is a terrorist waiting to
# happen", "j3ws r the real problem"). Harassment stays at 0.96: between 0.92
# and 0.96 its out-of-fold readings are mostly friends' banter ("t'es qu'un
# gros nul a mario kart avoue"), held rather than refused.
# Session 18: hate 0.92 -> 0.85 and harassment 0.96 -> 0.85. Measured with
# the shipped model on the thirteen authors it never read (bm..by, 4,033
# messages, eval/README.md session 18): +7 right verdicts for hate, +23 for
# harassment (held where the guide refuses), none moved away; on the whole
# training split +128, and 10 messages the guide allows that were already
# held wrongly (friends' banter: "t'es qu'un gros nul a mario kart avoue")
# are refused instead. A refusal opens a case, so a moderator still sees it.
BLOCK_ABOVE: dict[str, float] = {
    "hate": 0.85,
    "harassment": 0.85,
    "minor_sexualisation": 0.9,
    "sexual_content": 0.9,
}
# Categories the guide blocks in a teen context only (sexual content is held
# in an adult public room, allowed between adults in private).
TEEN_ONLY_BLOCKS = frozenset({"sexual_content"})


def refuses(fired: list[tuple[str, float]], ctx: SenderContext) -> bool:
    """Whether the model's readings refuse the message: only when everything
    it saw is a category the guide blocks for this sender and one of them is
    very confident; any other category keeps the hold (a human decides, and
    may deliver)."""

    def blockable(category: str) -> bool:
        return category in BLOCK_ABOVE and (category not in TEEN_ONLY_BLOCKS or ctx.band == "teen")

    return (
        bool(fired)
        and all(blockable(c) for c, _ in fired)
        and any(p >= BLOCK_ABOVE[c] for c, p in fired)
    )


# Issue 12, session 7 (helper s7kin): a parent naming their own child ("elle
# a 15 ans ma fille, elle est en seconde", "mon fils de 15 ans veut un
# téléphone") read by the model as a minor approached. The scorer's
# ``parent`` frame (data/frames) excuses these readings there; the filter
# reuses the same frame, but only while the rules see nothing at all about
# the message: an offered child ("ma fille de 14 ans est dispo si tu payes")
# is the rules' minor_sexualisation, refused before the model runs, and any
# part of an offer or a sexual word keeps the model's reading.
PARENT_EXCUSES = frozenset({"minor_sexualisation", "grooming", "doxxing"})
_OFFER_PARTS = frozenset(
    {"child_offer", "offer_see", "child_undress", "kin_stay", "sexual_ref", "minor_seek",
     "minor_attraction", "intro_ask"}
)  # fmt: skip
# A word that is an insult elsewhere used plainly for an object ("les pédales
# de mon vélo", "pédaler"): the model's hate reading of it.
HOMOGRAPH_EXCUSES = frozenset({"hate"})
# One's own address ("j'habite au 3 rue …", "i live at 12 …") is personal
# data, masked by the rules; the model sometimes read it as exposing someone
# else's (doxxing). Only while the rules see no doxxing themselves: "elle
# habite au 3 rue …, moi au 5" stays the rules' doxxing.
OWN_ADDRESS_EXCUSES = frozenset({"doxxing"})
GAME_EXCUSES = frozenset({"hate"})
PLAIN_HINT_EXCUSES = frozenset({"harassment"})
ACTIVITY_EXCUSES = frozenset({"sexual_content"})
MOCK_CANCEL_EXCUSES = frozenset({"harassment"})
STORY_EXCUSES = frozenset({"recruitment"})
ENDEARMENT_EXCUSES = frozenset({"ambush"})
AFFECTION_EXCUSES = frozenset({"harassment"})
REQUESTED_EXCUSES = frozenset({"sextortion", "threat"})
# Canonical spelling (doubled letters single: "babe", "bebe", "cheri").
_ENDEARMENT = re.compile(
    r"\b(?:babe|bae|bebe|bb|mon amour|mon coeur|cheri|cherie|hun|honey|darling|my love|mon bb)\b"
)
# What is asked of the reader: to show, to turn the camera on, sex, a photo.
_ASKS = frozenset({"show_ask", "cam_ask", "sex_ask", "photo_ask"})
_SEXUAL_PARTS = _ASKS | {
    "sexual_ref", "body_sexual", "body_any", "body_dev", "intimate_setting", "swimwear"
}  # fmt: skip
_PLAIN_HINT = frozenset({"hint_benign", "kit_context"})
_INSULT_OR_PLACE = frozenset(
    {"insult", "insult_mild", "putdown", "mock_aimed", "mock_weak", "dox_data", "home_of_other",
     "school_named", "extort_where", "routine_you", "routine_known", "pile_where"}
)  # fmt: skip
_HATE_MARKS = frozenset(
    {"group", "group_bare", "dog_whistle", "dehumanise", "expel_before", "expel_after"}
)


# Session 17 (review s17): teens ask each other's age and class ("ah t'as
# 15 ans, t'es en 3e ou en seconde ?"); the model refused it as a minor
# sexualised (0.98: its training text is full of adults asking the same
# before the worst). When the scan finds nothing but an age, a school or a
# class asked or told, among teens, the single message is small talk (the
# guide's single-message grooming moves are photos, secrets and meeting
# alone); the conversation scorer still reads the pattern.
SMALL_TALK_EXCUSES = frozenset({"minor_sexualisation", "grooming"})
_SMALL_TALK_PARTS = frozenset(
    {"cue:age_question", "cue:school_question", "intent:address", "intent:dox_data",
     "intent:minor_ref", "intent:place_time", "frame:own_voice",
     # Session 20: session 19's ``teen_age_call`` (a teen addressed by
     # age) is read in every such question; a lure or a private ask beside
     # it is another component, so the age said alone stays small talk.
     "intent:teen_age_call"}
)  # fmt: skip


# Parents asked about, or the age approved of, are no small talk ("t'as
# quel age? 15? ok parfait 😊 et t'habites avec tes 2 parents?").
_NOT_SMALL_TALK = re.compile(
    r"\b(?:parents?|mere|pere|darons?|daronne|rents|mum|mom|dad|strict\w*|parfait|perfect|"
    r"seule?|alone)\b"
)


def _age_and_school_only(message: Scanned) -> bool:
    names = set(message.component_names())
    return (
        "cue:age_question" in names
        and names <= _SMALL_TALK_PARTS
        and not _NOT_SMALL_TALK.search(message.normalised.text)
        and not emoji.any_of(message.text, (*emoji.LEERS, *emoji.WINKS, *emoji.SEXUAL))
    )


# Session 18: teens comparing first kisses ("t'as déjà embrassé quelqu'un à
# 13 ans ? moi oui mdr"), refused at 0.98 by the model retrained on 69
# authors. Only a kiss asked about with the sender's own answer, nothing
# else the scan reads, and no leer: "t'as déjà embrassé un garçon ? je
# pourrais t'apprendre 😏" keeps the reading.
_OWN_ANSWER = re.compile(
    r"\b(?:moi oui|moi non|moi aussi|moi jamais|moi pas encore|moi perso|me too|me neither|"
    r"i have|i did|i havent|i haven t|i never)\b"
)
_KISS = re.compile(
    r"\b(?:embrase\w*|bisous?|pele|peles|pecho\w*|kis\w*|snog\w*|made out|make out)\b"
)
_KISS_TALK_PARTS = frozenset(
    {"intent:experience_q", "intent:address", "intent:place_time", "cue:age_question",
     "frame:own_voice"}
)  # fmt: skip


def _first_kiss_told(message: Scanned) -> bool:
    text = message.normalised.text
    # Suppressors ("mdr" cancels a threat) are no part of what is said.
    names = {
        n for n in message.component_names() if not n.startswith(("suppress:", "intent_suppress:"))
    }
    return (
        "intent:experience_q" in names
        and names <= _KISS_TALK_PARTS
        and bool(_KISS.search(text))
        and bool(_OWN_ANSWER.search(text))
        and not emoji.any_of(message.text, (*emoji.LEERS, *emoji.WINKS, *emoji.SEXUAL))
    )


# A caution about a step, ice or a low door, not about the way home.
_HAZARD = re.compile(
    r"\b(?:la marche|the step|mind the step|le verglas|the ice|sol mouile|wet floor|la porte basse"
    r"|low door|mind your head|ta tete en|the gap|la glace)\b"
)
_PARENTS_SURPRISE = re.compile(
    r"\b(?:for|pour) (?:(?:l anniv|l anniversaire|la fete|la surprise|les \d+ ans) (?:de|d) )?"
    r"(?:dad|mum|mom|my dad|my mum|my mom|papa|maman|ta mere|ton pere|ma mere|mon pere)"
    r"(?: s)? ?(?:surprise|party|birthday|bday|anniv|anniversary)?\b"
)


# Session 22: the plan told to the teen's own parent ("tell your mom i'll
# pick you up after practice", "dis à ta mère que je passe te prendre"): the
# opposite of a secret, unless something is kept from them in the same breath.
_PARENT_TOLD = re.compile(
    phrase_pattern(
        ["tell", "ask", "text", "let", "dis a", "dis au", "demande a", "previens", "explique a"]
    ).pattern
    + " "
    + phrase_pattern(
        ["your mom", "your mum", "your mam", "your mother", "your dad", "your father",
         "your parents", "ur mom", "ur mum", "ur dad", "ur parents", "ya mum", "ta mere",
         "ton pere", "tes parents", "ta daronne", "ton daron", "ta maman", "ton papa"]
    ).pattern
)  # fmt: skip
_KEPT_FROM = phrase_pattern(
    ["don't tell", "dont tell", "do not tell", "never tell", "not tell", "don't say",
     "dont say", "dis pas", "dis rien", "dis lui pas", "dis leur rien", "faut pas dire",
     "ne dis pas", "ne lui dis pas", "where we go", "where we're going", "ou on va",
     # Session 27: the "no need" form ("u dont have to tell ur mom abt the shoot").
     "don't have to tell", "dont have to tell", "don't need to tell", "dont need to tell",
     "no need to tell", "pas besoin de dire", "pas obligé de dire", "pas obligée de dire"]
)  # fmt: skip


# What a plain "see you at the park" holds (``_rule_excuses``), and the word
# that must follow "je vais te retrouver" for it to be a place ("au parc",
# "at the station"), not a time or a condition ("quand tu t'y attends pas").
_MEETING_PARTS = frozenset({"find_you", "future_self", "place_time", "address", "venue"})
_PLACE_NEXT = frozenset({"au", "aux", "a", "devant", "chez", "sur", "dans", "at", "outside", "by"})


def _place_follows(message: Scanned, component: str) -> bool:
    """Whether every hit of ``component`` is followed at once by a place word."""
    text = message.normalised.text
    hits = message.hits_of("intent", component)
    return bool(hits) and all((text[hit.end :].split() or [""])[0] in _PLACE_NEXT for hit in hits)


# What a lift after the reader's routine is made of ("je sais à quelle heure
# tu finis, je viens te chercher"): knowing the routine, the lift, a time.
_PLAN_PARTS = frozenset(
    {"routine_you", "routine_known", "knows_you", "know_word", "pickup_offer", "ordinary_visit",
     "meeting_proposal", "place_time", "address", "future_self", "recruit_come", "extort_watch",
     "extort_where", "scam_ask", "threat_when"}
)  # fmt: skip
_PLAN_ENDS = frozenset({"pickup_offer", "ordinary_visit"})
_TOGETHER = frozenset({"on va", "on ira", "et on", "we go", "we ll", "and we", "we can"})
_MOCKING = ("😂", "🤣", "😈", "😏", "💀")


def _plan_after_routine(message: Scanned) -> bool:
    """The reader's routine known, and a lift or an ordinary plan after it
    ("je sais à quelle heure tu finis, je viens te chercher", sessions 21,
    23 and 24), with no one of theirs named and no grave harm: knowing when
    a friend finishes is what the lift needs. The rules read it as no
    threat; that "knows_you" is concrete (``intent.concrete_threat``) must
    not undo the excuse. Read once per message (the excuses and the
    concrete-threat guard both ask)."""
    known = message.memo.get("plan_after_routine")
    if isinstance(known, bool):
        return known
    found = _reads_as_plan_after_routine(message)
    message.memo["plan_after_routine"] = found
    return found


def _reads_as_plan_after_routine(message: Scanned) -> bool:
    read = intent.read_intent(message)
    parts = read.components
    if (
        read.categories
        or "routine_you" not in parts
        or not ("pickup_offer" in parts or "ordinary_visit" in parts)
        or not _PLAN_PARTS.issuperset(parts)
        or emoji.any_of(message.text, emoji.WEAPONS)
        or any(mark in message.text for mark in _MOCKING)
    ):
        return False
    # One routine known, not two ("à quelle heure tu finis et par où tu
    # passes"), and nothing said after the lift but where you go together:
    # "… je passe te prendre, et cette fois tu t'échapperas pas" is no lift.
    if len(message.hits_of("intent", "routine_you")) > 1:
        return False
    text = message.normalised.text
    last = max(h.end for h in message.hits_of("intent") if h.entry.name in _PLAN_ENDS)
    rest = text[last:].split()
    return not rest or " ".join(rest[:2]) in _TOGETHER


_OWN_DRINK_CAUTION = phrase_pattern(
    f"{watch} {your} {drink}"
    for watch in ("never leave", "dont leave", "don t leave", "do not leave", "watch", "cover",
                  "keep an eye on", "keep your hand over", "ne laisse jamais", "ne laissez jamais",
                  "laisse jamais", "laissez jamais", "surveille", "surveillez", "couvre", "couvrez",
                  "garde un oeil sur", "gardez un oeil sur", "garde la main sur")
    for your in ("your", "ur", "ton", "votre", "vos", "tes")
    for drink in ("drink", "drinks", "glass", "cup", "verre", "verres", "boisson", "boissons",
                  "cocktail", "cocktails")
)  # fmt: skip


def _rule_excuses(message: Scanned) -> set[str]:
    """What the model may not claim when the rules read the message as a
    parent's talk or an object's name, and found nothing else in it."""
    read = intent.read_intent(message)
    if read.categories:
        return set()
    out: set[str] = set()
    # A group named beside the homograph ("les arabes et les règles") keeps
    # the model's hate reading (review 8, s8fix2: "les règles" excused).
    if "object_homograph" in read.components and "group" not in read.components:
        out |= HOMOGRAPH_EXCUSES
    # A dog whistle the rules read as named in news or condemnation, with
    # no group, approval or dehumanisation ("le RN veut la remigration,
    # c'est scandaleux"): the model's hate reading of it (s9fix class 3).
    if "whistle_condemned" in read.components:
        out |= HOMOGRAPH_EXCUSES
    if "own_address" in read.components:
        out |= OWN_ADDRESS_EXCUSES
    # Session 19: the benign reason the rules read for a "shame if" ("would
    # be a shame if it got stolen, get a good lock") and a caution about a
    # step or ice ("fais gaffe à la marche en sortant"): after the 76-author
    # retrain the model held these hand-written cases. A caution about the
    # way home keeps the model's reading ("fais gaffe en rentrant, la ruelle
    # est sombre").
    if "threat_benign" in read.components or (
        message.hits_of("intent_suppress", "menace_caution")
        and _HAZARD.search(message.normalised.text) is not None
    ):
        out.add("threat")
    # Session 20: a kind word about the reader's own routine ("je sais que
    # tu bosses tous les soirs, bon courage"): told to the person it is
    # about, the routine is exposed to nobody, so no doxxing either.
    if "threat_benign" in read.components and "routine_you" in read.components:
        out.add("doxxing")
    # Session 21: the reader's routine with an ordinary plan after it ("i
    # know you finish at 5 on fridays, let's grab a beer after"), which the
    # rules read as no threat: the 90-author model held it as one.
    if "ordinary_visit" in read.components and "routine_you" in read.components:
        out |= {"threat", "doxxing"}
    # Session 21: an innocent phrase about a child (a ``!minor_sexualisation``
    # suppressor: "il suce encore son pouce", "tight with her friends") with
    # no insult and nothing of a place or a contact: the 90-author model
    # read harassment or doxxing in the age said.
    if message.hits_of("intent_suppress", "minor_sexualisation") and _INSULT_OR_PLACE.isdisjoint(
        read.components
    ):
        out |= {"harassment", "doxxing"}
    # Session 20: a question about growing up that the rules read as one's
    # own (``puberty_q``: "j'ai 15 ans et je suis encore vierge c'est
    # bizarre ?"), with nothing asked of the reader: the 83-author model
    # refused it as a minor sexualised.
    if "puberty_q" in read.components and _ASKS.isdisjoint(read.components):
        out.add("minor_sexualisation")
    # Session 19: "ten girls came to the party" — the canonical text the
    # model reads spells "teen" as "ten"; with no "teen" in the original and
    # no minor named otherwise, nobody is under age.
    if (
        " ten " in message.normalised.text
        and "teen" not in message.text.lower()
        and not minors.minor_named(message)
    ):
        out.add("minor_sexualisation")
    # Session 19: a chat erased for a parent's surprise ("delete this chat
    # after, it's for dad's surprise party"); a gift kept from the teen's
    # parents ("dont tell ur mum, it's a surprise") stays the model's.
    if message.hits_of("intent_suppress", "teen_groom") and _PARENTS_SURPRISE.search(
        message.normalised.text
    ):
        out.add("grooming")
    # Session 22: the 97-author model held "tell your mom i'll pick you up
    # after practice" as grooming; the rules found nothing in it.
    text = message.normalised.text
    if (
        _PARENT_TOLD.search(text)
        and not _KEPT_FROM.search(text)
        and not message.hits_of("cue", "secrecy")
    ):
        out.add("grooming")
    # A game's talk ("watch your back in ranked, campers everywhere"): the
    # model's hate reading of it (session 12's model read "campers" near
    # "camps" and "everywhere" near "they are everywhere"). Hate attacks a
    # group: a group named, a slur or a dog whistle keeps the reading.
    game = any(hit.entry.name == "game" for hit in message.hits_of("frame"))
    if game and _HATE_MARKS.isdisjoint(read.components) and not message.hits_of("lexicon", "hate"):
        out |= GAME_EXCUSES
    # Session 15: a rope, a bridge or a jump the rules read plainly (a
    # skipping rope for boxing, a climbing rope, directions: ``hint_benign``,
    # ``kit_context``), after a retrain on text full of disguised pushes to
    # die ("la corde est à 4€, je dis ça") made the model hold them.
    if "suicide_hint" in read.components and not _PLAIN_HINT.isdisjoint(read.components):
        out |= PLAIN_HINT_EXCUSES
    # Session 15: an open invitation to an ordinary activity with no sexual
    # word at all ("qui veut jouer avec moi ce soir", "who's down for a match
    # tonight"): in the training data "qui veut … ce soir" is sexual 33 times
    # and ordinary 7, and the model refused it among teens. A wink keeps the
    # reading ("qui veut jouer avec moi ce soir 😏").
    if (
        ("child_service" in read.components or "activity" in read.components)
        and _SEXUAL_PARTS.isdisjoint(read.components)
        and not message.hits_of("lexicon", "sexual_content")
        and not emoji.any_of(message.text, emoji.FLIRTS)
    ):
        out |= ACTIVITY_EXCUSES
    # Session 15: food or the sender's own looks that the rules read as a
    # mockery and excuse (``mock_weak`` with ``!mock_cancel``: "la patate
    # douce que j'ai cuisinée", "j'ai la patate"): the model's harassment
    # reading of the same words. Only then: a ``!mock_cancel`` phrase ("c'est
    # moi", "moi le") beside an insult the rules missed excuses nothing.
    if "mock_weak" in read.components and message.hits_of("intent_suppress", "mock_cancel"):
        out |= MOCK_CANCEL_EXCUSES
    # Session 17: friends' insults signed with affection ("… jtm", "love u"),
    # which the rules excuse (``intent.affection_excuses_insults``).
    if intent.affection_excuses_insults(message):
        out |= AFFECTION_EXCUSES
    # Session 18: photos sent to whoever asked for them, which the rules
    # excuse (``intent.sending_requested``), or to a group with nothing of
    # the reader's and no menace (``intent.plain_sending``); the model read
    # the audience.
    has = read.components.__contains__
    if intent.sending_requested(message, has) or intent.plain_sending(message, has):
        out |= REQUESTED_EXCUSES
    # Session 27 (review s27): a friend's mock blackmail priced in a treat,
    # which the rules excuse (``extort.mock_price``); the model read the
    # audience and the "or".
    if extort.mock_price(message):
        out |= REQUESTED_EXCUSES
    # Session 15: a laughing story of someone's drunken night ("elle se
    # souviendra de rien de la soirée tellement elle était bourrée mdr"):
    # her state alone, with no part for the reader, no drug, no plan. The
    # retrain on a nurse's corpus of chemical submission made the model hold it.
    if (
        intent.laughing(message.text) or message.hits_of("intent_suppress", "extort_joke")
    ) and recruit.state_only(read.components):
        out |= STORY_EXCUSES
    # Session 21: a drunk woman taken home, watched over, given water or a
    # cab (the ``!noconsent`` care words of data/intent): care, and no drug
    # or part for the reader (her state said or not); the model read a
    # recruitment in it.
    # (``noconsent_care``; not the other ``!noconsent`` words: "elle portera
    # jamais plainte" is the crime's own.)
    if message.hits_of("intent_suppress", "noconsent_care") and recruit.nothing_but_state(
        read.components
    ):
        out |= STORY_EXCUSES
    # Session 26: a caution about the reader's own drink ("never leave your
    # drink unattended, someone could slip something in it", "surveille ton
    # verre") that the rules read as no crime: the 121-author model held it
    # as a recruitment.
    if _OWN_DRINK_CAUTION.search(message.normalised.text):
        out |= STORY_EXCUSES
    parent = any(hit.entry.name == "parent" for hit in message.hits_of("frame"))
    if parent and _OFFER_PARTS.isdisjoint(read.components):
        out |= PARENT_EXCUSES
    # Session 18 (review s18): a genocide remembered ("la shoah a fait 6
    # millions de morts juifs, faut pas oublier") or a team named for a
    # colour ("écrasée par les all blacks"), refused as hate by the model.
    # The group may be named; denial, dehumanisation, expulsion, a dog
    # whistle or a slur keep the reading.
    text = message.normalised.text
    if (
        ((_REMEMBRANCE.search(text) and not _DENIAL.search(text)) or _COLOUR_TEAM.search(text))
        and _ATTACK_MARKS.isdisjoint(read.components)
        and not message.hits_of("lexicon", "hate")
    ):
        out |= HOMOGRAPH_EXCUSES
    # Session 23: the session's retrain held four hand-written cases the
    # rules read as nothing, each mended as a class of what they are:
    # a lift after the reader's routine ("je sais que tu finis à 18h, je passe
    # te prendre"), as session 21's ordinary plan after it;
    if _plan_after_routine(message):
        out |= {"threat", "doxxing"}
    # a meeting place said right after "je vais te retrouver" (the rules read
    # the place, "au parc", as no threat), with nothing else in the message;
    if (
        "find_you" in read.components
        and read.components.keys() <= _MEETING_PARTS
        and _place_follows(message, "find_you")
    ):
        out.add("threat")
    # the way somewhere, given by its landmarks ("le pont c'est par là, tu
    # verras la boulangerie"), with no lonely place, covert detail or crew;
    if "directions" in read.components and not any(
        name.startswith(("amb_", "extort_")) for name in read.components
    ):
        out.add("ambush")
    # and advice to start again ("delete your account and make a new one"),
    # with no insult in it.
    if "fresh_start" in read.components and _INSULT_OR_PLACE.isdisjoint(read.components):
        out.add("harassment")
    return out


# Canonical spelling (doubled letters single: "holocauste", "comemoration").
_REMEMBRANCE = re.compile(
    r"\b(?:shoah|holocaustes?|holocaust|genocides?|genocide des|deportes?|deportation|"
    r"rafle|vel d hiv|auschwitz|birkenau|camps? de concentration|camps? d extermination|"
    r"concentration camps?|extermination camps?|devoir de memoire|memorial|comemorations?|"
    r"comemorate|remembrance|rescapee?s?|survivante?s?|survivors?|never forget|faut pas oublier|"
    r"il ne faut pas oublier|plus jamais ca|never again|esclavage|slavery|apartheid|"
    r"srebrenica|tutsis?)\b"
)
_DENIAL = re.compile(
    r"\b(?:jamais existe\w*|n a pas existe|a pas existe|mensonges?|mythes?|inventee?s?|"
    r"soi disant|pretendue?s?|hoax|never hapened|didn t hapen|didnt hapen|did not hapen|"
    r"lies?|lying|exageree?s?|exagerations?|un detail|a detail|mon cul|my as|fake|bidon|"
    r"propagande|propaganda|pas asez|not enough|finir le travail|finish the job|"
    r"recomencer|do it again|dommage qu|shame they|should have)\b"
)
_COLOUR_TEAM = re.compile(r"\b(?:al blacks|black ferns|black caps|black sticks|les bleus)\b")
_ATTACK_MARKS = frozenset({"dog_whistle", "dehumanise", "expel_before", "expel_after"})


# The model learned French and English: on a text written mostly in another
# script (Chinese, Arabic, Hindi…) its hashed n-grams are collisions, not
# evidence (2,000 CJK characters were held as hate). It abstains there; the
# rules still run, and the scripts whose letters serve as look-alikes of
# Latin to dodge them (Greek, Cyrillic, Cherokee, mathematical…) count as
# Latin here: the normalisation folds them before the model reads the text.
MIN_LATIN_SHARE = 0.5
# Blocks whose letters are Latin or used as look-alikes of it: Latin, IPA,
# Greek, Cyrillic, Armenian; Cherokee; phonetic small capitals; Latin
# Extended Additional; enclosed letters; mathematical letters; fullwidth.
_LATIN_LIKE = (
    (0x0000, 0x0590), (0x13A0, 0x1400), (0x1D00, 0x1DC0), (0x1E00, 0x1F00),
    (0x2460, 0x2500), (0x1D400, 0x1D800), (0xFF00, 0xFFF0), (0x1F100, 0x1F200),
)  # fmt: skip


# The characters outside those blocks, found by one pattern instead of a
# Python loop over every character (issue 12, s8speed: 20-60 µs on a
# non-ASCII message).
_NOT_LATIN_LIKE = re.compile(
    "[^" + "".join(f"{chr(low)}-{chr(high - 1)}" for low, high in _LATIN_LIKE) + "]"
)


def _latin_share(text: str) -> float:
    """The share of the letters written in Latin or a look-alike of it."""
    letters = sum(map(str.isalpha, text))
    if not letters:
        return 1.0
    other = sum(map(str.isalpha, _NOT_LATIN_LIKE.findall(text)))
    return (letters - other) / letters


# The components by which the rules see blackmail in a message.
_BLACKMAIL_PARTS = ("extort_", "leverage", "audience", "sx_pressure", "sx_demand")


def _adults_request(message: Scanned, ctx: SenderContext) -> set[str]:
    """Between adults in private, a request to show oneself on cam that the
    rules read as sexual content and nothing else ("montre ton corps en
    cam") is the guide's allowed sexual content; the model's sextortion
    reading of it (the blackmailers' opener) is excused unless the rules see
    a part of blackmail in it (session 14: the adults' sextortion cut fell
    from 0.90 to 0.80 and held it), and its minor-sexualisation reading too
    unless a minor is named (session 26)."""
    if ctx.band != "adult" or not ctx.is_private:
        return set()
    read = intent.read_intent(message)
    # Session 16: the lexicon's reading counts as the rules' too ("envoie
    # des nudes" between adults in private read 0.80 sextortion after the
    # retrain on 56 authors).
    lexicon_only = not read.categories and bool(message.hits_of("lexicon", "sexual_content"))
    if read.categories != ("sexual_content",) and not lexicon_only:
        return set()
    if any(part.startswith(_BLACKMAIL_PARTS) for part in read.components):
        return set()
    # Session 26: nor is a minor in it when none is named (the 121-author
    # model read "montre ton corps en cam" as a minor sexualised: a
    # groomer's opener with teens; adults' private chat has no teen).
    if minors.minor_named(message) or message.hits_of("intent", "kin_child"):
        return {"sextortion"}
    return {"sextortion", "minor_sexualisation"}


# The trust level earned by weeks of ordinary use (services/trust_view.py):
# nobody's fresh fake profile.
_SETTLED_TRUST = 2


def _partner_waiting(message: Scanned, ctx: SenderContext) -> set[str]:
    """Session 16 (review r16b): a partner waiting in a car park ("babe im in
    the car park behind tesco come out its freezing", "bébé jsuis au parking
    jt'attends"): between adults in private, from an account at the earned
    trust level (weeks of ordinary messages), an
    endearment and none of an ambush's details the rules read (come alone,
    at night, an isolated place, no video, a place changed) excuse the
    model's ambush reading. Any lower level keeps it: lures come from fresh
    fake profiles ("leave ur phone in the car babe"). The conversation
    scorer reads the model without this excuse (invariant 6 is unchanged)."""
    if ctx.band != "adult" or not ctx.is_private or ctx.trust_level < _SETTLED_TRUST:
        return set()
    if not _ENDEARMENT.search(message.normalised.text):
        return set()
    if not intent.AMBUSH_DETAILS.isdisjoint(hit.entry.name for hit in message.hits_of("cue")):
        return set()
    return set(ENDEARMENT_EXCUSES)


def _applies(category: str, ctx: SenderContext) -> bool:
    # Sexual content between adults in private is allowed (docs/safety.md).
    return not (category == "sexual_content" and ctx.band == "adult" and ctx.is_private)


class ModelCheck:
    name = "model"

    def __init__(self, model: LinearModel | None = None) -> None:
        # Loaded (and its SHA-256 checked) when the filter is built, at
        # start-up, not on the first message.
        self.model = model if model is not None else shipped_model()

    def readings(self, message: Scanned, ctx: SenderContext) -> list[tuple[str, float]]:
        """The categories the model holds this message for, with their
        probabilities (most probable first); empty when it stays silent."""
        if not learned.ENABLED:
            return []
        if not message.text.isascii() and _latin_share(message.text) < MIN_LATIN_SHARE:
            return []
        probs = self.model.predict_scanned(message)
        fired = [
            (category, p)
            for category, p in self.model.fired(probs, ctx.band)
            if category in HOLDABLE and _applies(category, ctx)
        ]
        if not fired:
            # Most messages: the excuses below only take categories away,
            # so they are not worth reading (issue 12: tens of µs each time).
            return []
        # A known innocent context the rules recognise ("!scam" for a gift
        # card bought for a brother, "!doxxing" for a parent's job) binds the
        # model too: a statistical guess must not undo a documented exception.
        excused = {hit.entry.name for hit in message.hits_of("intent_suppress")}
        if "threat" in excused and not intent.threat_excuses(message):
            excused.discard("threat")  # a game named as a time: "after the game"
        # A denial or condemnation of hate ("nobody deserves what they get
        # for being gay"), not a disclaimer ("not racist but"): the rules'
        # reading cancels the model's too.
        if group_hate.hate_denied(message):
            excused.add("hate")
        if intent.VICTIM_NARRATION:
            excused |= message.victim_excuses()
        # Session 21: a scam or a blackmail told to warn others (checks/advice),
        # whatever else the rules read: the rules excuse it the same way.
        if any(c in advice.ADVICE_EXCUSES for c, _ in fired) and advice.public_warning(message):
            excused |= advice.ADVICE_EXCUSES
        excused |= reported.model_excuses(message)
        excused |= _rule_excuses(message)
        if any(category in ("sextortion", "minor_sexualisation") for category, _ in fired):
            excused |= _adults_request(message, ctx)
        if any(category == "ambush" for category, _ in fired):
            excused |= _partner_waiting(message, ctx)
        if ctx.band == "teen" and (_age_and_school_only(message) or _first_kiss_told(message)):
            excused |= SMALL_TALK_EXCUSES
        if intent.concrete_threat(message) and not _plan_after_routine(message):
            excused.discard("threat")  # no game or laugh excuses "i know which bus you take 😂"
        return [(category, p) for category, p in fired if category not in excused]

    def __call__(self, message: Scanned, ctx: SenderContext) -> CheckResult | None:
        fired = self.readings(message, ctx)
        if not fired:
            return None
        reasons = tuple(REASON_PREFIX + category for category, _ in fired)
        return CheckResult(BLOCK if refuses(fired, ctx) else HOLD, reasons)
