"""Session 15: a group attacked without a slur, or with a plural slur said
by the sender, read beside the older hate rules of ``checks/intent``: the
group right before what a stereotype says it does, every one of them a
danger, the only good one jailed or dead, a purge, "41%" with the trans
flag, someone sent back to "their country", a plural slur said (reported,
quoted, explained or reclaimed ones excused). ``hate_denied`` is the
denial or condemnation that cancels hate, asked by the intent rules and by
the learned layer's check.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from causerie.safety import reported
from causerie.safety.phrases import Hit
from causerie.safety.verdict import Scanned


def hate_denied(message: Scanned) -> bool:
    """A denial or a condemnation of hate (``!hate_denial``: "nobody deserves
    what they get for being gay", "that's racist", "i reported it"), unless
    it is the disclaimer that opens hate ("je suis pas raciste mais…", "not
    racist but", ``hate_disclaimer``). The rules' coded-hate reading and the
    learned layer's hate reading (checks/model.py) both ask it."""
    wishes = message.hits_of("intent", "death_wish")
    denials = [  # "don't deserve to live" wishes death; "don't deserve that" denies
        h for h in message.hits_of("intent_suppress", "hate_denial")
        if not any(w.overlaps(h) for w in wishes)
    ]  # fmt: skip
    return bool(denials) and not message.hits_of("intent", "hate_disclaimer")


_ANY_GROUP = frozenset({"group", "group_bare", "nat_all", "slur_plural", "group_one", "nationals"})
# What may stand between the group and the act: "gypsies all steal", "les
# gitans ils volent", "immigrés y volent", "gypsies = thieves", "trans
# people are groomers"; not "no fags, she'd smell it".
_STEREOTYPE_BETWEEN = frozenset(
    {"all", "they", "them", "always", "just", "only", "literally", "still", "both", "do", "tous",
     "toutes", "ils", "elles", "y", "ca", "toujours", "juste", "que", "qu", "eux", "la", "ici",
     "are", "r", "is", "sont", "c", "est", "des", "de", "so", "too", "trop", "tjrs", "tjs"}
)  # fmt: skip
# Session 15: emoji that stand for a group ("trop de 🕌 ici, faut faire le
# ménage") and the trans flag with the suicide-rate jab ("41% 🏳️‍⚧️").
MOSQUE = "\U0001f54c"
TRANS_FLAG = "\U0001f3f3\ufe0f\u200d\u26a7"
_FORTY_ONE = re.compile(
    r"(?<!\d)41\s?(?:%|percent|pour ?cent)|\b(?:the|do the|join the|les|rejoins les) 41\b",
    re.IGNORECASE,
)


# What, beside the caller's own excuses, says a slur is told or received,
# not said: "someone keeps typing f4gs", "i keep getting called…".
_SLUR_TOLD = reported.TOLD_CUES | {"incitement_report", "abuse_received"}


def _slur_said(message: Scanned, hits: list[Hit]) -> bool:
    """Session 15: a plural slur said by the sender ("les f@gs ils ont rien
    à faire ici", "ni99as cant even…", "gypos the lot of them"). In the
    training split 221 of the 235 messages with one are labelled block;
    the others report it, quote it, explain it or reclaim it: quotation
    marks, a report cue (here and in ``stereotyped``), the speaker's own
    group right before the slur (``reported.reclaimed``: "nous les
    gouines…", "we call each other dykes")."""
    slurs = [
        h
        for h in hits
        if h.entry.name == "slur_plural"
        and not reported.in_quotes(message, h)
        and not reported.reclaimed(message, h)
        # a slur's letters in an innocent phrase: "des fagots de bois"
        and not message.in_innocent_phrase(h, "hate")
    ]
    if not slurs:
        return False
    names = {h.entry.name for h in hits}
    text = message.normalised.text
    if "cigarette_ctx" in names and all(text[h.start : h.end].strip() == "fags" for h in slurs):
        return False  # "no aftershave, no fags: she'd smell it" (cigarettes)
    return names.isdisjoint(_SLUR_TOLD)


def stereotyped(message: Scanned, hits: list[Hit], has: Callable[[str], bool]) -> bool:
    """Session 15: a group attacked without a slur, in the plain words of a
    stereotype or a purge: the group just before what a cliché says it does
    ("gypsies steal", "les handicapés coûtent une blinde pour rien
    produire"), every one of them a dehumanising thing ("every muslim is a
    sleeper cell"), the only good one jailed or dead ("un bon gitan c'est un
    gitan en prison"), a purge called for ("faut faire le ménage" with the
    group or the mosque emoji), the trans flag with "41%". In the five
    authors moved to training in session 15 it fires on 34 messages, all
    labelled hate and block. A denial or a condemnation
    (``!hate_denial``, ``hate_condemn``: "arrête de dire que les gitans
    volent, c'est raciste") cancels it."""
    if has("hate_condemn") or has("hate_meta") or hate_denied(message):
        return False
    if has("reported_speech") or has("help_ask") or has("slur_report"):
        return False  # "un mec traite les trans de malades, vous pouvez le ban ?"
    if has("group_emoji") and (
        has("swarm") or has("cleanse") or has("expel_after") or has("expel_before")
    ):
        return True
    # "retourne dans ton pays", "go back to the jungle": sent away by
    # origin; quoted by the one it was said to, it is their report.
    if any(h.entry.name == "expel_you" and not reported.in_quotes(message, h) for h in hits):
        return True
    if _slur_said(message, hits):
        return True
    # Session 19: "typical jew move"; a group sworn at ("bloody muslims
    # everywhere", "ces sales X").
    if has("group_typical") or has("group_pejorative"):
        return True
    groups = [h for h in hits if h.entry.name in _ANY_GROUP]
    # Session 19: a vice said to be innate in a group named, or in "those
    # people" ("les roms, planquez vos sacs, c'est génétique chez eux",
    # "lying is in their blood"); "c'est dans leur culture de fêter pessah"
    # names no vice.
    if (
        (groups or has("vague_group"))
        and has("essentialise")
        and (has("vice") or has("stereotype_act"))
    ):
        return True
    if not groups:
        return False
    # A group swarming and sent out ("elles ont tout infesté, dehors").
    if has("swarm") and (has("expel_after") or has("expel_before")):
        return True
    if has("cleanse") or (has("group_one") and (has("dehumanise") or has("dead_tail"))):
        return True
    text = message.normalised.text
    idioms = [h for h in hits if h.entry.name == "act_idiom"]  # "volent la vedette"
    return any(
        group.end <= act.start + 1
        and _between(act).issuperset(text[group.end : act.start].split())
        and not reported.in_quotes(message, act)
        and not any(i.start <= act.start < i.end for i in idioms)
        for act in hits
        if act.entry.name in ("stereotype_act", "death_wish")
        for group in groups
    )


# Session 26: before a death wish, the words that name the same people
# (canonical: "ppl" is "pl")
# ("trans ppl don't deserve to exist", "les gitans tous ça mérite de crever").
_WISH_BETWEEN = _STEREOTYPE_BETWEEN | {"pl", "people", "folks", "gens", "lot", "even", "meme"}


def _between(act: Hit) -> frozenset[str]:
    return _WISH_BETWEEN if act.entry.name == "death_wish" else _STEREOTYPE_BETWEEN


# Session 16: monkey and gorilla emoji thrown at Black players and fans
# ("🐵🐵🐵 @player retourne grimper aux arbres", "il joue comme un 🐒, c'est
# dans ses gènes 🍌"). Alone they are animals or silliness; they stand for a
# group with a banana, a word of the same insult (trees, jungle, genes;
# not the animal's own name: "my monkey in bloons 🐒"), or swarming ("too
# many 🐒 in the starting XI", ``stereotyped``).
MONKEYS = ("\U0001f412", "\U0001f98d", "\U0001f435")  # 🐒 🦍 🐵
BANANA = "\U0001f34c"
_MONKEY_WORDS = re.compile(
    r"\b(?:arbres?|trees?|bananas?|bananes?|jungle|genes|gènes|adn|dna|grimper|climb)\b"
)


def _monkey_aimed(original: str) -> bool:
    if not any(monkey in original for monkey in MONKEYS):
        return False
    return BANANA in original or _MONKEY_WORDS.search(original.lower()) is not None


def emoji_parts(original: str) -> tuple[str, ...]:
    """The components emoji stand for in a non-ASCII message (the canonical
    text drops emoji): the mosque for Muslims, the trans flag with "41%",
    monkeys thrown with their insult's words."""
    parts: list[str] = []
    if MOSQUE in original or any(monkey in original for monkey in MONKEYS):
        parts.append("group_emoji")
    if _monkey_aimed(original):
        parts.append("dog_whistle")
    if TRANS_FLAG in original and _FORTY_ONE.search(original):
        parts.append("dog_whistle")
    return tuple(parts)
