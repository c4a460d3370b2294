"""Name policy (pseudonyms, bios, room names) and the pseudonym uniqueness key.

Names have no spaces to lean on ("xXpedoXx", "lolita_2010"), so pseudonyms
and room names are matched as substrings of a compact canonical form, and
innocent words that happen to contain a stem ("badminton" holds "admin")
are listed and skipped. Bios are prose: they go through the message lexicon
with word boundaries, plus staff impersonation phrases and personal data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import ahocorasick

from causerie.safety._resources import data_lines, expand
from causerie.safety.catalogue import phrase_index
from causerie.safety.checks.personal_data import find_personal_data
from causerie.safety.normalise import fold_char, normalise
from causerie.safety.pipeline import scan

KINDS = ("pseudo", "bio", "room")
_SEVERITY = ("minor_sexualisation", "hate", "threat", "staff_impersonation", "sexual_content")
_SEXY_WITH_CHILD_AGE = re.compile(
    r"(?:sexy|hot|chaude?|coquine?|nue?|nude|horny|bonne|cochonne)\D{0,6}?(?:1[0-5]|[5-9])(?!\d)"
    r"|(?<!\d)(?:1[0-5]|[5-9])(?:ans|yo|a)?\D{0,6}?(?:sexy|hot|chaude?|coquine?|nue|nude|horny)"
)
_BIO_IMPERSONATION = re.compile(
    r" (?:je suis|j suis|i m|im|i am) (?:un |une |le |la |an |the |ton |your )?"
    r"(?:admin|administrateur|administratrice|moderateur|moderatrice|moderator|modo|staff)"
    r"| (?:equipe|team|staff|support|moderation) (?:de |of )?causerie"
    r"| causerie (?:staff|team|officiel|official|support|moderation)"
)
_BIO_LEXICON = ("minor_sexualisation", "hate", "threat", "sexual_content")


@dataclass(frozen=True, slots=True)
class NameVerdict:
    allowed: bool
    reason: str | None = None


def pseudo_key(pseudo: str) -> str:
    """Uniqueness key: case-, accent- and confusable-insensitive ("Léa",
    "LEA" and Cyrillic "Lеа" are one pseudonym)."""
    folded = unicodedata.normalize("NFKC", pseudo.strip())
    return "".join(fold_char(ch) if not ch.isspace() else " " for ch in folded).lower()


_REPEATS = re.compile(r"([a-z])\1+")


def _compact(text: str, *, collapse: bool = True) -> str:
    """The name without spaces; collapsing again after joining the words
    ("jeunes sexy" -> "jeunesexy")."""
    joined = normalise(text, collapse=collapse).text.replace(" ", "")
    return _REPEATS.sub(r"\1", joined) if collapse else joined


@dataclass(frozen=True, slots=True)
class _Stem:
    category: str
    stem: str
    strict: bool


@cache
def _name_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    stems: dict[str, list[_Stem]] = {}
    for line in data_lines("names/policy.tsv"):
        category, _, pattern = line.partition("\t")
        strict = pattern.startswith("=")
        for phrase in expand(pattern.removeprefix("=")):
            key = _compact(phrase, collapse=not strict)
            stems.setdefault(key, []).append(_Stem(category, key, strict))
    for key, entries in stems.items():
        automaton.add_word(key, (len(key), tuple(entries)))
    automaton.make_automaton()
    return automaton


@cache
def _allowed_words() -> tuple[tuple[str, str], ...]:
    return tuple((_compact(w), _compact(w, collapse=False)) for w in data_lines("names/allow.txt"))


def _inside_allowed_word(key: str, start: int, end: int, allowed: list[str]) -> bool:
    for word in allowed:
        position = key.find(word)
        while position != -1:
            if position <= start and end <= position + len(word):
                return True
            position = key.find(word, position + 1)
    return False


def _compact_name_reasons(text: str) -> list[str]:
    reasons: list[str] = []
    for strict in (False, True):
        key = _compact(text, collapse=not strict)
        allowed = [pair[1] if strict else pair[0] for pair in _allowed_words()]
        for end, (length, entries) in _name_automaton().iter(key):
            start = end - length + 1
            if _inside_allowed_word(key, start, end + 1, allowed):
                continue
            reasons.extend(e.category for e in entries if e.strict == strict)
    if _SEXY_WITH_CHILD_AGE.search(_compact(text)):
        reasons.append("minor_sexualisation")
    return reasons


def _bio_reasons(text: str) -> list[str]:
    message = scan(text, phrase_index())
    reasons = [
        hit.entry.name for hit in message.hits_of("lexicon") if hit.entry.name in _BIO_LEXICON
    ]
    if _BIO_IMPERSONATION.search(message.normalised.text):
        reasons.append("staff_impersonation")
    if any(f.kind != "off_platform" for f in find_personal_data(message)):
        reasons.append("personal_data")
    return reasons


def check_name(text: str, kind: str = "pseudo") -> NameVerdict:
    """Whether a pseudonym, bio or room name may be used; when not, the
    reason code (``minor_sexualisation``, ``hate``, ``threat``,
    ``staff_impersonation``, ``sexual_content``, ``personal_data``)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    reasons = _bio_reasons(text) if kind == "bio" else _compact_name_reasons(text)
    if kind == "room":
        reasons += [r for r in _bio_reasons(text) if r != "personal_data"]
    if not reasons:
        return NameVerdict(allowed=True)
    for reason in (*_SEVERITY, "personal_data"):
        if reason in reasons:
            return NameVerdict(allowed=False, reason=reason)
    return NameVerdict(allowed=False, reason=reasons[0])
