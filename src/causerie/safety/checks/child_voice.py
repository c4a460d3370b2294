"""A child's age stated by the speaker beside sexual words (issue 12, s9fix).

No member can be under 15 (product.md: refused at sign-up), so a message
that says "j'ai 12 ans" and speaks sexually ("j'ai 12 ans et j'ai envie de
baiser", "je suis excitée c'est normal ? j'ai 13 ans", "im 11 n horny") is
either an adult playing a child or a child at risk: minor sexualisation,
refused in every context. Session 8's own-body excuse kept sexual words for
the teen band (15–17) only, but the sexual words a child's voice uses
("envie de sexe", "excitée", "baiser") were not components at all, so the
younger ages went through as allowed.

What is not a stated age: a duration or an object's age ("j'ai 10 ans de
mariage", "i'm 12 minutes away", "ma voiture a 12 ans", "on est ensemble
depuis 12 ans"), a past age told by a survivor ("j'avais 13 ans quand…",
"i was 12 when…": past tense never matches), someone else's age ("ma fille a
12 ans"), and words someone reports inside quotes.
"""

from __future__ import annotations

import re

from causerie.safety import reported
from causerie.safety.verdict import Scanned

# Under the teen band: 5–14 in digits or words. On the normalised text
# ("j'ai" -> "j ai", accents and doubled letters folded: "treize", "ten").
_CHILD_AGE = (
    r"(?:[5-9]|1[0-4]|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
    r"|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen)\b"
)
_UNIT = r"(?: (?:ans|an|a|balais|piges|yo|y o|years old|year old|years|yrs|yr)\b)?"
# What makes the number something else than the speaker's age: a duration
# ("10 ans de mariage", "12 years of"), a time or a quantity.
_NOT_AGE = (
    r"(?!(?: (?:ans|an|a|years|year|yrs|yr)\b)? (?:de|d|du|des|of|ago|depuis|que|qu|h|min|mins|"
    r"minutes|heures|hours|hrs|euros|eur|"
    r"balles|bucks|dollars|km|kg|kilos|miles|pm|am|fois|times|pourcent|percent|points|pts|sur|"
    r"out|jours|days|semaines|weeks|mois|months|enfants|kids|chats|cats|ecart|gap|difference)\b)"
)
_STATED = re.compile(
    r" (?:(?:moi|perso|bah|ben|ok|mais|well|btw|also|and) )?"
    r"(?:j ai|jai|g|j|i m|im|i am|i m only|im only|i am only|j ai que|jai que|g que|"
    r"je n ai que|j ai seulement|i m just|im just|just turned|je viens d avoir|jviens d avoir)"
    rf" {_CHILD_AGE}{_UNIT}{_NOT_AGE}"
    r"|(?:je suis|jsuis|chui|jsui|i m|im|i am) (?:une|un|a) (?:fille|meuf|gamine|garcon|gars|"
    rf"mec|girl|boy|kid|child) (?:de |of )?{_CHILD_AGE}{_UNIT}{_NOT_AGE}"
)


def stated_child_age(message: Scanned) -> bool:
    """The speaker says they are under 15, outside any quoted report."""
    quotes = None
    for match in _STATED.finditer(message.normalised.text):
        if quotes is None:
            quotes = reported.quoted_spans(message)
        start, end = message.normalised.original_span(match.start(), match.end())
        if not any(a <= start and end <= b for a, b in quotes):
            return True
    return False


def speaks_sexually(message: Scanned, sexual_ref: bool, names: set[str]) -> bool:
    """Sexual words of any layer: the intent's ``sexual_ref`` (or a sexual
    emoji), a child's voice's own words (``self_arousal``), or the sexual
    lexicon's (unquoted)."""
    if sexual_ref or "self_arousal" in names:
        return True
    return any(
        not reported.quoted(message, hit) for hit in message.hits_of("lexicon", "sexual_content")
    )
