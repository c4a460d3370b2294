"""Name policy (pseudonyms, bios, room names) and the pseudonym uniqueness key.

Names have no spaces to lean on ("xXpedoXx", "lolita_2010"), so pseudonyms
and room names are matched as substrings of a compact canonical form, and
innocent words that happen to contain a stem ("badminton" holds "admin")
are listed and skipped. Staff and authority stems are also matched on the
Unicode confusable skeleton (UTS #39, ``safety/confusables.py``), which
sees Cherokee or Cyrillic look-alikes and "rn" for "m". A pseudonym mixing
scripts (Latin with Cyrillic letters) is refused. Bios and room names are
prose: they go through the message lexicon and intent rules with word
boundaries, plus staff impersonation phrases and personal data.

``pseudo_key`` is the uniqueness key: the skeleton, case-folded, with the
separators dropped, so a look-alike copy of a member's pseudonym is taken.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import ahocorasick

from causerie.safety._resources import data_lines, expand
from causerie.safety.catalogue import phrase_index
from causerie.safety.checks.intent import read_intent
from causerie.safety.checks.personal_data import find_personal_data
from causerie.safety.confusables import scripts, skeleton
from causerie.safety.normalise import fold_char, normalise
from causerie.safety.pipeline import scan

KINDS = ("pseudo", "bio", "room")
_SEVERITY = (
    "minor_sexualisation",
    "recruitment",
    "sextortion",
    "hate",
    "threat",
    "harassment",
    "staff_impersonation",
    "mixed_script",
    "doxxing",
    "scam",
    "sexual_content",
)
# A sexual or predatory word next to a child's age ("sexy13", "15ans_chaude",
# "daddy4_14", "vierge16"): ages 5-17, not birth years ("lea2009").
_SEXUAL_WORDS = (
    r"sexy|hot|chaude?|coquine?|nue?|nude|horny|bonne|cochonne?|vierge|virgin|soumise?|"
    r"daddy|papa|sugar|xxx|baise|suce|kinky|naughty|lingerie|sensuel(?:le)?"
)
_CHILD_AGE = r"(?:1[0-7]|[5-9])"
_SEXY_WITH_CHILD_AGE = re.compile(
    r"(?:" + _SEXUAL_WORDS + r")\D{0,6}?(?<!\d)" + _CHILD_AGE + r"(?!\d)"
    r"|(?<!\d)" + _CHILD_AGE + r"(?:ans|yo|a|y)?\D{0,6}?(?:" + _SEXUAL_WORDS + r")"
)
# Categories whose stems are also matched on the skeleton: impersonation is
# the look-alike's business ("Ꮇoderator", "adrnin", "PoIice").
# A predatory word next to a child's age in years ("12yo_lover",
# "tonton_cherche_13ans", "petite_fille_12ans"): the unit is required here,
# a bare number next to "love" is too often a birth date or a score.
_PREDATORY_WORDS = (
    r"lover|lovers|love|cherche|chasseur|hunter|tonton|uncle|petitefille|fillette|seeking|"
    r"aime|kiffe|veut|wants|pour|for"
)
_PREDATOR_WITH_CHILD_AGE = re.compile(
    r"(?:" + _PREDATORY_WORDS + r")\D{0,12}?(?<!\d)" + _CHILD_AGE + r"(?:ans|yo|yrs|an)(?![a-z]{3})"
    r"|(?<!\d)" + _CHILD_AGE + r"(?:ans|yo|yrs)\D{0,12}?(?:" + _PREDATORY_WORDS + r")"
)
_SKELETON_CATEGORIES = frozenset({"staff_impersonation"})
_BIO_INTENT = ("recruitment", "sextortion", "harassment", "hate", "doxxing", "scam")
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
    """Uniqueness key: the UTS #39 skeleton, case- and accent-insensitive,
    separators dropped. "Léa", "LEA", Cyrillic "Lеа" and "L.e.a" are one
    pseudonym; so are "Emilie" and "EmiIie" (capital i), "Sam" and "Sarn".
    Lower-case "i" folds with "l" because upper-case "I" is a look-alike of
    "l": without it "Ian" and "ian" would be two keys. Never contains ":"
    (erased accounts' keys do)."""
    text = unicodedata.normalize("NFKC", pseudo.strip())
    text = _strip_marks(skeleton(text)).lower()
    text = _strip_marks(skeleton(text))
    folded = "".join(fold_char(ch) for ch in text).lower()
    key = "".join(ch for ch in folded if ch.isalnum()).replace("i", "l")
    return key or text.lower()


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


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
def _skeleton_stems() -> tuple[tuple[str, str], ...]:
    """``(category, skeleton key)`` of the stems matched on the skeleton."""
    stems: dict[str, str] = {}
    for line in data_lines("names/policy.tsv"):
        category, _, pattern = line.partition("\t")
        if category in _SKELETON_CATEGORIES:
            for phrase in expand(pattern.removeprefix("=")):
                stems[pseudo_key(phrase)] = category
    return tuple((category, stem) for stem, category in stems.items())


@cache
def _skeleton_allowed() -> tuple[str, ...]:
    return tuple(pseudo_key(word) for word in data_lines("names/allow.txt"))


def _skeleton_reasons(text: str) -> list[str]:
    key = pseudo_key(text)
    allowed = list(_skeleton_allowed())
    reasons = []
    for category, stem in _skeleton_stems():
        position = key.find(stem)
        while position != -1:
            if not _inside_allowed_word(key, position, position + len(stem), allowed):
                reasons.append(category)
                break
            position = key.find(stem, position + 1)
    return reasons


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
    # Digits stay digits here ("coquine_14", not leet "coquineia").
    digits_kept = "".join(ch for ch in "".join(map(fold_char, text)) if ch.isalnum())
    if (
        _SEXY_WITH_CHILD_AGE.search(digits_kept)
        or _SEXY_WITH_CHILD_AGE.search(_compact(text))
        or _PREDATOR_WITH_CHILD_AGE.search(digits_kept)
    ):
        reasons.append("minor_sexualisation")
    return reasons


def _bio_reasons(text: str) -> list[str]:
    message = scan(text, phrase_index())
    reasons = [
        hit.entry.name for hit in message.hits_of("lexicon") if hit.entry.name in _BIO_LEXICON
    ]
    reasons += [c for c in read_intent(message).categories if c in _BIO_INTENT]
    if _BIO_IMPERSONATION.search(message.normalised.text):
        reasons.append("staff_impersonation")
    if any(f.kind != "off_platform" for f in find_personal_data(message)):
        reasons.append("personal_data")
    return reasons


def check_name(text: str, kind: str = "pseudo") -> NameVerdict:
    """Whether a pseudonym, bio or room name may be used; when not, the
    reason code (``minor_sexualisation``, ``recruitment``, ``sextortion``,
    ``hate``, ``threat``, ``harassment``, ``staff_impersonation``,
    ``mixed_script``, ``doxxing``, ``scam``, ``sexual_content``,
    ``personal_data``)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    reasons = _bio_reasons(text) if kind == "bio" else _compact_name_reasons(text)
    if kind != "bio":
        reasons += _skeleton_reasons(text)
    if kind == "pseudo" and len(scripts(text)) > 1:
        reasons.append("mixed_script")
    if kind == "room":
        reasons += [r for r in _bio_reasons(text) if r != "personal_data"]
    if not reasons:
        return NameVerdict(allowed=True)
    for reason in (*_SEVERITY, "personal_data"):
        if reason in reasons:
            return NameVerdict(allowed=False, reason=reason)
    return NameVerdict(allowed=False, reason=reasons[0])
