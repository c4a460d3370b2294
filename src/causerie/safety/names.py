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
from anyascii import anyascii

from causerie.safety._resources import data_files, data_lines, expand
from causerie.safety.catalogue import phrase_index
from causerie.safety.checks.intent import read_intent
from causerie.safety.checks.lexicon import the_novel
from causerie.safety.checks.personal_data import find_personal_data
from causerie.safety.confusables import scripts, skeleton
from causerie.safety.normalise import LEET_DIGITS, LEET_SYMBOLS, fold_char, normalise
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
# "daddy4_14", "vierge16"): ages 5-17, not birth years ("lea2009"). Long
# words may have a few letters between them and the age ("sexygirl13");
# short ones ("nu", "hot", "bonne", "sugar") are words inside many others
# ("nuage_7", "abonne_9", "hotel_15") and must stand alone: a segment of
# their own, next to the age with only separators between.
_LONG_SEXUAL_WORDS = (
    r"sexy|chaude?|coquine?|horny|cochonne?|vierge|virgin|soumise?|daddy|xxx|baise|kinky|"
    r"naughty|lingerie|sensuel(?:le)?|salope|slutty|sanstabou|notaboo|nudes"
)
_SHORT_SEXUAL_WORDS = r"hot|nue?|nude|bonne|papa|sugar|suce|slut|sluts|pute|whore|tight|dispo"
_CHILD_AGE = r"(?:1[0-7]|[5-9])"
_SEXY_WITH_CHILD_AGE = re.compile(
    r"(?:" + _LONG_SEXUAL_WORDS + r")\D{0,6}?(?<!\d)(?<!du_)(?<!du)" + _CHILD_AGE + r"(?!\d)"
    r"|(?<!\d)" + _CHILD_AGE + r"(?:ans|yo|a|y)?\D{0,6}?(?:" + _LONG_SEXUAL_WORDS + r")"
    r"|(?<![a-z])(?:" + _SHORT_SEXUAL_WORDS + r")_{0,3}" + _CHILD_AGE + r"(?!\d)"
    r"|(?<!\d)" + _CHILD_AGE + r"(?:ans|yo|a|y)?_{0,3}(?:" + _SHORT_SEXUAL_WORDS + r")(?![a-z])"
)
# "du 13" after the word is a département ("Coquins du 13", s11names), not an age.
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
# "14yo_girl", "15yo_teen": a child's age in years glued to "girl", "boy" —
# the way abuse material is labelled. An age alone ("lea_14") stays allowed.
_CHILD_AGE_LABEL = re.compile(
    r"(?<!\d)" + _CHILD_AGE + r"_?(?:yo|y_o|yrs|yearsold)_?(?:girl|girls|gurl|boy|boys|teen)"
)
# A pet name for a little girl or a child's word next to a child's age, only
# separators between ("minette14", "lolita_13", "petite_13ans", "13_fillette"):
# how minors are sexualised in names without a sexual word. "lea_14",
# "Lucas_14ans" stay allowed (a first name and an age).
_GIRLISH_WORDS = (
    r"minette|minettes|lolita|loli|nymphette|nymphet|fillette|gamine|petite|ptite|jeunette|"
    r"pucelle|babygirl|babygurl|lilgirl|littlegirl|schoolgirl|collegienne|lyceenne|ecoliere"
)
_GIRLISH_WITH_CHILD_AGE = re.compile(
    r"(?<![a-z])(?:" + _GIRLISH_WORDS + r")_{0,3}" + _CHILD_AGE + r"(?:ans|an|a|yo|y)?(?![0-9])"
    r"|(?<![0-9])" + _CHILD_AGE + r"(?:ans|an|a|yo|y)?_{0,3}(?:" + _GIRLISH_WORDS + r")(?![a-z])"
)
# A girl or boy word (any spelling: "JeuneFille", "g1rl", "lil_boy") next to
# a child's age or an age range ("JeuneFille13", "girl_13yo", "Jeunes filles
# 12-14 ans"): the labelling of abuse material. Decided (issue 12): "ado" or
# "teen" with an age alone ("ado_14") is a teen saying their age in the teen
# space and stays allowed, as does a girl word with no age ("JeuneFille").
_YOUNG_WORDS = (
    r"jeunes?_?filles?|jeunettes?|jeunes?_?garcons?|petites?_?filles?|ptites?_?filles?|"
    r"(?:young|yng|lil|little)_?(?:girls?|gurls?|grls?|boys?|filles?)|"
    r"girls?|gurls?|grls?|g_?1_?rls?|boys?|fillettes?"
)
_AGE_WORDS = (
    r"dix|onze|douze|treize|quatorze|quinze|seize|"
    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
)
# Two digits 10-17, a range ("12_14"), or 5-9 with its unit ("girl_9yo").
_YOUNG_AGE = (
    r"(?<![0-9])(?:1[0-7](?:_{1,3}1[0-7])?(?![0-9])|[5-9](?=_{0,3}(?:ans|an|yo|y_o|yrs))"
    r"|(?<![a-z])(?:" + _AGE_WORDS + r")(?![a-z]))"
)
_YOUNG_WITH_CHILD_AGE = re.compile(
    r"(?<![a-z])(?:" + _YOUNG_WORDS + r")_{0,3}" + _YOUNG_AGE
    + r"|" + _YOUNG_AGE + r"_{0,3}(?:ans|an|yo|y_o|yrs|years|years_old)?_{0,3}(?:"
    + _YOUNG_WORDS + r")(?![a-z])"
)  # fmt: skip
# The novel's title is allowed with its author ("Lolita (Nabokov) club
# lecture", allow.txt), never with a child's age a few words on.
_LOLITA_AND_AGE = re.compile(r"(?<![a-z])lolitas?(?:_[a-z]+){0,3}_" + _CHILD_AGE + r"(?![0-9])")
# A seeking or liking verb with a bare child's age, only separators between
# ("cherche15", "JeCherche_14", "kiffe_les_13"; s12names): the number is the
# age sought. "love" is left out ("Love_15" is a tennis score or a year).
_SEEK_WITH_CHILD_AGE = re.compile(
    r"(?<![a-z])(?:je_?|j_?)?(?:cherche|cherch|recherche|aime|kiffe|veut|veux|seeking|seek|wants|want)"
    r"_{0,3}(?:les_|des_|une_|un_|the_|a_)?(?:1[0-7])(?!\d)"
)
# Emoji that sexualise a child in a pseudonym or room name (s12names): a
# child or school emoji with a lollipop (a code for "loli") or a suggestive
# emoji, or a lollipop with a child's age ("👧14🍭", "🍭_pour_👧", "Salon
# des 🍭 de 14 ans"). One alone stays allowed ("Mangeuse_de_bonbons_🍭",
# "👧 Maman de 2 filles").
_CHILD_EMOJI = frozenset("👧🧒👦👶🎒🚸")
_CODED_EMOJI = frozenset("🍭")
_SUGGESTIVE_EMOJI = frozenset("🍑🍆💦😈😏👅🥵🔞🤤🫦🔥💋")
_BARE_CHILD_AGE = re.compile(r"(?<!\d)(?:1[0-7]|[5-9])(?!\d)")


def _emoji_reasons(text: str) -> list[str]:
    chars = set(text)
    child = bool(chars & _CHILD_EMOJI)
    coded = bool(chars & _CODED_EMOJI)
    if (child and (coded or chars & _SUGGESTIVE_EMOJI)) or (coded and _BARE_CHILD_AGE.search(text)):
        return ["minor_sexualisation"]
    return []


_SKELETON_CATEGORIES = frozenset({"staff_impersonation"})
# The message rules' categories a bio or room name is refused for. Review 9:
# minor sexualisation and threats too ("j'aime les petites de 13-14 ans").
_BIO_INTENT = (
    "minor_sexualisation",
    "recruitment",
    "sextortion",
    "harassment",
    "hate",
    "threat",
    "doxxing",
    "scam",
)
_BIO_IMPERSONATION = re.compile(
    r" (?:je suis|j suis|i m|im|i am) (?:un |une |le |la |an |the |ton |your )?"
    r"(?:admin|administrateur|administratrice|moderateur|moderatrice|moderator|modo|staff)"
    r"| (?:equipe|team|staff|support|moderation) (?:de |of )?causerie"
    r"| causerie (?:staff|team|officiel|official|support|moderation)"
)
# A claim to belong to the moderation or to moderate the site, said in other
# words than a title (s12names): "membre de l'équipe de modération", "je
# fais partie du staff", "je modère ce salon", "modo ici". Read on the
# normaliser's text (doubled letters collapsed: "staf").
_BIO_MEMBERSHIP = re.compile(
    r" (?:membre|member|partie|part) (?:de l |de la |du |des |of the |of )?"
    r"(?:equipe|team|staf+) (?:de |d |du |of )?(?:la )?"
    r"(?:moderation|modos?|moderateurs?|moderatrices?|administration|admins?|securite|causerie|site)"
    r"| (?:membre|member|partie|part) (?:du |de la |of the |of )?(?:staf+|moderation)(?![a-z])"
    r"| (?:je |j )(?:modere|gere|administre) (?:ce |le |les |this |the )?"
    r"(?:salon|salons|site|chat|tchat|forum)"
    r"| (?:modo|moderat[a-z]*|admin[a-z]*) (?:ici|here|du site|de ce salon|du salon|"
    r"de causerie|du chat|du tchat|on this site)(?![a-z])"
)
# An authority (police, gendarmerie, PHAROS...) that says it watches the site:
# "Agent de police, je surveille ce salon". A job alone ("Policier retraité,
# passionné de pêche") or a member watching ("je surveille les relous") is not.
_BIO_AUTHORITY = re.compile(
    r"(?<![a-z])(?:police|polic[a-z]*|gendarm[a-z]*|flic|flics|keufs?|brigade|pharos|opj|"
    r"enqueteur|enqueteuse|cyber ?(?:police|gendarme|flic|patrouil[a-z]*)|officier|agent|"
    r"inspecteur|inspectrice|commissaire)(?![a-z])"
)
_BIO_SURVEILLANCE = re.compile(
    r"(?<![a-z])(?:je |j |nous |on )?(?:surveil[a-z]*|control[a-z]*|patrouil[a-z]*|infiltr[a-z]*|"
    r"enquete sur|observe|observons|monitor[a-z]*|watch[a-z]*|lis|lisons) "
    r"(?:ce |les |le |this |the |vos |tes |tous les |toutes les )?"
    r"(?:salon|salons|site|chat|tchat|forum|room|rooms|conversations?|messages|membres|discussions|mp)(?![a-z])"
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
    # A symbol standing for a letter between two letters or digits ("Loui$e",
    # "Cl@ra", "J€ss"), the message reader's leet symbols, and "$" or "€"
    # opening a name ("$am"); otherwise a symbol is decoration and dropped
    # with the separators ("@lea" is "lea").
    text = _INTERIOR_SYMBOL.sub(lambda m: m.group().translate(_SYMBOL_LETTERS), text)
    text = _strip_marks(skeleton(text)).lower()
    text = _strip_marks(skeleton(text))
    folded = "".join(fold_char(ch) for ch in text).lower()
    key = "".join(ch for ch in folded if ch.isalnum()).replace("i", "l")
    # Digits written for letters and "vv" for "w" (issue 12, review 9: "5am"
    # copied "Sam", "VVendy" "Wendy"): the message reader's leet digits, with
    # "1" as "l" like "i" above. "m" is already "rn" on the skeleton.
    key = key.translate(_KEY_DIGITS).replace("vv", "w")
    return key or text.lower()


_SYMBOLS = "[" + re.escape("".join(LEET_SYMBOLS)) + "]"
_INTERIOR_SYMBOL = re.compile(
    "(?<=[^\\W_])" + _SYMBOLS + "+(?=[^\\W_])|^[$€]" + _SYMBOLS + "*(?=[^\\W_])"
)
_SYMBOL_LETTERS = str.maketrans(LEET_SYMBOLS)
_KEY_DIGITS = str.maketrans(
    {digit: ("l" if letter == "i" else letter) for digit, letter in LEET_DIGITS.items()}
)


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


_REPEATS = re.compile(r"([a-z])\1+")


# Separators inside a name ("lea_92", "police.nationale", "jade-b").
_NAME_SEPARATORS = frozenset("._-")
# A number glued to a name that is not a word: a hex suffix that clients and
# bots add ("fb164", "8f26c7", "cf9"), letters a-f and digits mixed.
_HEX_TAIL = re.compile(r"\d[0-9a-f]*$")
_HEX_CHARS = frozenset("0123456789abcdef")
# A number with its unit is an age, not a hex suffix ("14a", "12ans").
_AGE_WITH_UNIT = re.compile(r"\d+(?:a|ans|y|yo)")
_SHORT_STEM = 3
_UNIT = re.compile(r"(?:ans?|yo|yrs?|y)(?![a-z])")


def _folded(ch: str) -> str:
    folded = fold_char(ch)
    return folded if len(folded) == 1 else ""


def _is_hex(folded: str) -> bool:
    """A run of hex digits mixing letters and digits, long enough not to be
    leetspeak for a short word ("fb164", "9a6", "cf9"; not "a3", "14a")."""
    digits = sum(ch.isdigit() for ch in folded)
    letters = len(folded) - digits
    return (
        len(folded) >= 3
        and set(folded) <= _HEX_CHARS
        and digits >= 1
        and letters >= 1
        and digits + letters >= 3
        and (digits >= 2 or letters >= 2)
        and not _AGE_WITH_UNIT.fullmatch(folded)
    )


def _tokens(text: str) -> list[str]:
    """The name cut at its separators, case changes ("FreyaSugar") kept
    inside the token (the pieces are split later, see ``_segments``)."""
    tokens: list[str] = []
    current: list[str] = []
    for ch in unicodedata.normalize("NFKC", text):
        folded = fold_char(ch)
        if ch in _NAME_SEPARATORS or folded == " ":
            if current:
                tokens.append("".join(current))
            current = []
        else:
            current.append(ch)
    if current:
        tokens.append("".join(current))
    return tokens


def _protect_numbers(text: str) -> str:
    """The name with its numbers kept as numbers. Leetspeak is read only
    where a digit interrupts letters ("l0l1ta", "adm1n", "daddy4teen"), a
    digit starts a word ("4dmin") or ends one that already uses leetspeak
    ("p3d0"). Runs of digits ("fb164" is not "fbi" + "6a"), years and ages
    after a word ("sexy13") stay digits, set apart by spaces so that the
    message normaliser does not decode them; hex suffixes are dropped."""
    out: list[str] = []
    for token in _tokens(text):
        folded = "".join(_folded(ch) for ch in token).lower()
        if len(folded) != len(token):
            out.append(token)  # a character that folds to several: leave it
            continue
        if _is_hex(folded):
            continue
        tail = _HEX_TAIL.search(folded)
        end = len(folded)
        if tail and tail.start() > 0 and len(tail.group()) >= 4 and _is_hex(tail.group()):
            end = tail.start()
        out.append(_space_numbers(token[:end], folded[:end]))
    return _glue_lone_digits(out)


def _glue_lone_digits(tokens: list[str]) -> str:
    """Tokens joined by spaces, except that single characters in a row are
    one word spelled out ("k.k.k", "m-o-d-o"), and one digit standing
    between two words is read with them ("daddy_4_teens" as "daddy4teens",
    the way "4" stands for "for")."""
    text = ""
    for i, token in enumerate(tokens):
        previous = tokens[i - 1] if i else ""
        glued = (len(token) == 1 and len(previous) == 1) or (
            _lone_digit_between(tokens, i) or _lone_digit_between(tokens, i - 1)
        )
        text += ("" if glued or not text else " ") + token
    return text


def _lone_digit_between(tokens: list[str], i: int) -> bool:
    return (
        0 < i < len(tokens) - 1
        and len(tokens[i]) == 1
        and tokens[i].isdigit()
        and tokens[i - 1][-1:].isalpha()
        and tokens[i + 1][:1].isalpha()
    )


def _space_numbers(token: str, folded: str) -> str:
    runs = [(m.start(), m.end()) for m in re.finditer(r"\d+", folded)]
    interior = [
        a > 0 and b < len(folded) and b - a <= 2 and folded[a - 1].isalpha()
        and folded[b].isalpha()
        for a, b in runs
    ]  # fmt: skip
    pieces: list[str] = []
    last = 0
    for (a, b), inside in zip(runs, interior, strict=True):
        leading = a == 0 and b - a == 1 and b < len(folded) and folded[b : b + 2].isalpha()
        trailing = b == len(folded) and b - a == 1 and a > 0 and any(interior)
        if inside or leading or trailing:
            continue
        if _UNIT.match(folded, b):
            pieces += [token[last:a], " "]  # an age with its unit: "15ans", "14yo"
            last = a
            continue
        pieces += [token[last:a], " ", token[a:b], " "]
        last = b
    pieces.append(token[last:])
    return "".join(pieces).strip()


def _segments(text: str, *, collapse: bool = True) -> list[str]:
    """The words of a name as written: cut at separators, numbers and case
    changes ("FreyaSugar-9a6" -> "freya", "sugar"), each compacted."""
    words: list[str] = []
    for piece in _protect_numbers(text).split(" "):
        for part in re.split(r"(?<=[a-z])(?=[A-Z])", piece):
            compact = _compact_raw(part, collapse=collapse)
            if compact:
                words.append(compact)
    return words


def _compact(text: str, *, collapse: bool = True) -> str:
    """The name without spaces, numbers protected (``_protect_numbers``);
    collapsing again after joining the words ("jeunes sexy" -> "jeunesexy")."""
    return _compact_raw(_protect_numbers(text), collapse=collapse)


def _compact_raw(text: str, *, collapse: bool = True) -> str:
    joined = normalise(text, collapse=collapse).text.replace(" ", "")
    return _REPEATS.sub(r"\1", joined) if collapse else joined


@dataclass(frozen=True, slots=True)
class _Stem:
    category: str
    stem: str
    strict: bool
    # "^stem" in policy.tsv: a word of its own only, like a short stem, at
    # any length ("flic" in "Flic_Lyon", not in "Flicka").
    word: bool = False


@cache
def _name_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    stems: dict[str, list[_Stem]] = {}
    for line in data_lines("names/policy.tsv"):
        category, _, pattern = line.partition("\t")
        word = pattern.startswith("^")
        pattern = pattern.removeprefix("^")
        strict = pattern.startswith("=")
        for phrase in expand(pattern.removeprefix("=")):
            key = _compact(phrase, collapse=not strict)
            stems.setdefault(key, []).append(_Stem(category, key, strict, word))
    for key, entries in stems.items():
        automaton.add_word(key, (len(key), tuple(entries)))
    automaton.make_automaton()
    return automaton


@cache
def _skeleton_stems() -> tuple[tuple[str, str, bool], ...]:
    """``(category, skeleton key, word only)`` of the stems matched on the
    skeleton."""
    stems: dict[str, tuple[str, bool]] = {}
    for line in data_lines("names/policy.tsv"):
        category, _, pattern = line.partition("\t")
        if category in _SKELETON_CATEGORIES:
            word = pattern.startswith("^")
            for phrase in expand(pattern.removeprefix("^").removeprefix("=")):
                stems[pseudo_key(phrase)] = (category, word)
    return tuple((category, stem, word) for stem, (category, word) in stems.items())


@cache
def _skeleton_allowed() -> tuple[str, ...]:
    return tuple(pseudo_key(word) for word in data_lines("names/allow.txt"))


def _skeleton_reasons(text: str) -> list[str]:
    # Numbers that are numbers ("fb164", "leo6418fb1") are not letters on
    # the skeleton either ("1" looks like "l"): only the words are keyed.
    pieces = [
        part
        for piece in _protect_numbers(text).split(" ")
        if not all(_folded(ch).isdigit() for ch in piece)
        for part in re.split(r"(?<=[a-z])(?=[A-Z])", piece)
    ]
    key = pseudo_key("".join(pieces))
    keyed = [pseudo_key(piece) for piece in pieces]
    words = set(keyed)
    allowed = list(_skeleton_allowed())
    reasons = []
    for category, stem, word in _skeleton_stems():
        if (word or len(stem) <= _SHORT_STEM) and stem not in words:
            continue  # "fbi" as a word of its own, not inside "clementfbi"
        position = key.find(stem)
        while position != -1:
            stop = position + len(stem)
            if not _inside_allowed_word(key, position, stop, allowed) and (
                category != _STAFF or _staff_word(key, position, stop, keyed, keyed=True)
            ):
                reasons.append(category)
                break
            position = key.find(stem, position + 1)
    return reasons


# Russian staff words once transliterated and compacted ("модер", "саппорт",
# "поддержка"); "moder" but not "modern".
_CYRILLIC_STAFF = re.compile(r"moder(?!n)|sap+ort|pod+erzhk")


def _transliterated_staff(text: str) -> list[str]:
    """A staff title written wholly in another script ("Модератор",
    "Админ", "Саппорт"): no look-alike letter to undo, so the name is
    transliterated and the staff stems (and the Russian ones) looked for."""
    if all(ord(ch) < 0x250 for ch in text):
        return []  # Latin only: the skeleton already covers it
    latin = anyascii(text)
    reasons = [r for r in _compact_name_reasons(latin) if r == "staff_impersonation"]
    key = _compact(latin)
    if not reasons and _CYRILLIC_STAFF.search(key):
        reasons.append("staff_impersonation")
    return reasons


@cache
def _allowed_words() -> tuple[tuple[str, str], ...]:
    return tuple((_compact(w), _compact(w, collapse=False)) for w in data_lines("names/allow.txt"))


def _inside_allowed_word(
    key: str, start: int, end: int, allowed: list[str], cuts: frozenset[int] = frozenset()
) -> bool:
    """Whether the stem at ``key[start:end]`` lies inside an innocent word,
    one the writer did not cut where the stem begins or ends: "TheRapist"
    and "Nazif92" hold "therapist" and "Nazif", "the_rapist" and "nazi_fan"
    put a separator at the stem's edge and mean the stem (s10fp)."""
    edges = cuts & {start, end}
    for word in allowed:
        position = key.find(word)
        while position != -1:
            stop = position + len(word)
            if position <= start and end <= stop and not _cut_off(key, position, stop, edges):
                return True
            position = key.find(word, position + 1)
    return False


# What a separator may leave of an innocent word beside the stem and still
# mean the stem: one letter ("nazi_fan" is not "Nazif", "s_nigger" not
# "snigger"), or an article ("the_rapist" is not "therapist"). A longer part
# is a word of its own in an innocent compound ("Sam_support_OM",
# "Inspecteur_Gadget"); without a separator ("TheRapist") the innocent word
# is read.
_CUT_OFF_LETTERS = 1
_ARTICLES = frozenset({"the", "a", "an", "le", "la", "les", "un", "une", "des", "mr", "mrs"})


def _cut_off(key: str, position: int, stop: int, edges: frozenset[int]) -> bool:
    for cut in edges:
        if not position < cut < stop:
            continue
        short = min(key[position:cut], key[cut:stop], key=len)
        if len(short) <= _CUT_OFF_LETTERS or short in _ARTICLES:
            return True
    return False


def _separator_cuts(text: str, key: str, *, collapse: bool) -> frozenset[int]:
    """Where the writer's separators ("_", ".", "-", a space) fall in the
    compact key; none when the pieces do not add up to it (letters
    collapsed across a separator)."""
    pieces = [_compact_raw(piece, collapse=collapse) for piece in _protect_numbers(text).split(" ")]
    pieces = [piece for piece in pieces if piece]
    if "".join(pieces) != key:
        return frozenset()
    cuts, at = set(), 0
    for piece in pieces[:-1]:
        at += len(piece)
        cuts.add(at)
    return frozenset(cuts)


def _whole_segments(key: str, start: int, end: int, segments: list[str]) -> bool:
    """Whether ``key[start:end]`` starts and ends where the name's words do
    (a short stem such as "fbi" counts in "FBI_agent", not inside a word).
    When the words do not add up to the key (letters collapsed across a
    separator), the match is kept: refusing is the safe side."""
    if "".join(segments) != key:
        return True
    bounds = {0}
    for segment in segments:
        bounds.add(max(bounds) + len(segment))
    return start in bounds and end in bounds


_STAFF = "staff_impersonation"
# A piece beside a staff stem inside one word of the name this long or
# longer is a word glued on ("modo|lyon", "super|admin"), shorter ones are
# letters of another word ("al|modo|var") unless listed in staff_glue.tsv.
_GLUED_WORD = 3


@cache
def _staff_glue(keyed: bool) -> dict[str, frozenset[str]]:
    """The short pieces of ``names/staff_glue.tsv`` by side, in the compact
    form or (``keyed``) as ``pseudo_key`` reads them."""
    sides: dict[str, set[str]] = {"left": set(), "right": set()}
    for line in data_lines("names/staff_glue.tsv"):
        side, _, piece = line.partition("\t")
        sides[side].add(pseudo_key(piece) if keyed else _compact(piece, collapse=False))
    return {side: frozenset(pieces) for side, pieces in sides.items()}


def _staff_word(
    key: str, start: int, end: int, segments: list[str], *, keyed: bool = False
) -> bool:
    """Whether a staff stem at ``key[start:end]`` is a word of the name, not
    letters inside another word: across words of the name it must start and
    end where they do ("mod_team"); inside one word, each side of it must be
    empty, a glued word (``_GLUED_WORD`` letters or more) or a piece of
    ``staff_glue.tsv`` ("lemodo", "admins"). "PedroAlmodovarFan",
    "Pomodoro", "Komodo", "MadMind" are not staff. When the words do not
    add up to the key the stem is read: refusing is the safe side."""
    if "".join(segments) != key:
        return True
    bounds = [0]
    for segment in segments:
        bounds.append(bounds[-1] + len(segment))
    first = max(i for i, b in enumerate(bounds[:-1]) if b <= start)
    last = max(i for i, b in enumerate(bounds[:-1]) if b < end)
    if first != last:
        return start == bounds[first] and end == bounds[last + 1]
    glue = _staff_glue(keyed)
    left, right = key[bounds[first] : start], key[end : bounds[first + 1]]
    return all(
        not piece or len(piece) >= _GLUED_WORD or piece in glue[side]
        for side, piece in (("left", left), ("right", right))
    )


def _compact_name_reasons(text: str) -> list[str]:
    reasons: list[str] = []
    for strict in (False, True):
        segments = _segments(text, collapse=not strict)
        key = _compact(text, collapse=not strict)
        allowed = [pair[1] if strict else pair[0] for pair in _allowed_words()]
        cuts = _separator_cuts(text, key, collapse=not strict)
        for end, (length, entries) in _name_automaton().iter(key):
            start = end - length + 1
            if _inside_allowed_word(key, start, end + 1, allowed, cuts):
                continue
            whole = _whole_segments(key, start, end + 1, segments)
            if length <= _SHORT_STEM and not whole:
                continue
            staff_word = whole or _staff_word(key, start, end + 1, segments)
            reasons.extend(
                e.category
                for e in entries
                if e.strict == strict
                and (whole or not e.word)
                and (e.category != _STAFF or staff_word)
            )
    # Digits stay digits here ("coquine_14", not leet "coquineia"); words
    # are kept apart by "_" so that short words must stand alone.
    digits_kept = "_".join(_segments(text, collapse=False))
    # And with no leetspeak at all ("Lola14chaude" is an age, not "lolaia").
    literal = _literal_digits(text)
    if (
        _SEXY_WITH_CHILD_AGE.search(digits_kept)
        or _SEXY_WITH_CHILD_AGE.search(_compact(text))
        or _SEXY_WITH_CHILD_AGE.search(literal)
        or _GIRLISH_WITH_CHILD_AGE.search(literal)
        or _PREDATOR_WITH_CHILD_AGE.search(digits_kept)
        or _SEEK_WITH_CHILD_AGE.search(digits_kept)
        or _CHILD_AGE_LABEL.search(digits_kept)
        or _LOLITA_AND_AGE.search(literal)
        or _LOLITA_AND_AGE.search(digits_kept)
        or _YOUNG_WITH_CHILD_AGE.search(literal)
        or _YOUNG_WITH_CHILD_AGE.search(digits_kept)
    ):
        reasons.append("minor_sexualisation")
    return reasons


def _literal_digits(text: str) -> str:
    """The name folded to ASCII lower case with every digit kept a digit and
    words, numbers and separators set apart by "_" ("Lola14chaude" ->
    "lola_14_chaude")."""
    words = []
    for token in _tokens(text):
        folded = str(anyascii(token)).lower()
        if _is_hex(folded):
            continue  # a client's suffix ("SUGAR_6d60a"), as in ``_protect_numbers``
        tail = _HEX_TAIL.search(folded)
        if tail and tail.start() > 0 and len(tail.group()) >= 4 and _is_hex(tail.group()):
            folded = folded[: tail.start()]
        words.append(re.sub(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])", "_", folded))
    return re.sub(r"[^a-z0-9]+", "_", "_".join(words)).strip("_")


_MACRO_USE = re.compile(r"\{([A-Z]+)\}")
# Characters a framing pattern reads besides letters and digits: ranges and
# bounds ("13-15", "+18", "12/14"), "&" between words.
_FRAMING_KEEP = frozenset("-–/&+~>")


# framing.tsv, then the session files that use its macros.
_FRAMING_FILES = ("names/framing.tsv", "names/framing_combined.tsv")


@cache
def _framing_rules() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    """``(category, patterns)`` of the framing files, macros expanded. A row
    with several tab-separated patterns needs all of them (components of a
    bio found in any order: a partner, her state, an offer)."""
    macros: dict[str, str] = {}
    rules = []
    for source in _FRAMING_FILES:
        for line in data_lines(source):
            head, _, body = line.partition("\t")
            body = _MACRO_USE.sub(lambda m: macros[m.group(1)], body)
            if head.startswith("@"):
                macros[head[1:]] = body
            else:
                rules.append((head, tuple(re.compile(part) for part in body.split("\t"))))
    return tuple(rules)


def _framing_text(text: str) -> str:
    """The prose lower-cased without accents, words and emoji set apart by
    single spaces, digits and range signs kept ("J'adore les ados, 15 ans
    max 🌱" -> "j adore les ados 15 ans max 🌱")."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    pieces = []
    for ch in decomposed.lower():
        if unicodedata.category(ch) == "Mn" or ch in "\u200b\u200c\u200d\ufe0f":
            continue
        if ch.isalnum() or ch in _FRAMING_KEEP:
            pieces.append(ch)
        elif unicodedata.category(ch) == "So":
            pieces.append(f" {ch} ")  # an emoji is a word of its own
        else:
            pieces.append(" ")
    return " ".join("".join(pieces).split())


def _framing_reasons(text: str, normalised: str) -> list[str]:
    """Minors framed for adults in a bio or room name without a sexual word
    (``names/framing.tsv``): read on the plain text and on the normaliser's."""
    plain = f" {_framing_text(text)} "
    return [
        category
        for category, patterns in _framing_rules()
        if all(pattern.search(plain) or pattern.search(normalised) for pattern in patterns)
    ]


def _bio_reasons(text: str) -> list[str]:
    message = scan(text, phrase_index())
    reasons = [
        hit.entry.name for hit in message.hits_of("lexicon") if hit.entry.name in _BIO_LEXICON
    ]
    if the_novel(message):  # "Lolita (Nabokov) club lecture"
        reasons = [r for r in reasons if r != "minor_sexualisation"]
    reasons += [c for c in read_intent(message).categories if c in _BIO_INTENT]
    normalised = message.normalised.text
    if _BIO_IMPERSONATION.search(normalised) or _BIO_MEMBERSHIP.search(normalised):
        reasons.append("staff_impersonation")
    if _BIO_AUTHORITY.search(normalised) and _BIO_SURVEILLANCE.search(normalised):
        reasons.append("staff_impersonation")
    reasons += _framing_reasons(text, message.normalised.text)
    if any(f.kind != "off_platform" for f in find_personal_data(message)):
        reasons.append("personal_data")
    return reasons


# Scripts whose capitals imitate Latin ones (Cherokee "ᎪᎠᎷ", Lisu "ꓮꓓ",
# Canadian syllabics "ᗰ", Coptic "Ⲙ", Armenian "Օ") but whose look-alikes
# Unicode's confusables data covers only in part: Cherokee "Ꮖ" (QUA, read
# "I") has no prototype. A staff stem is matched with the unmapped letters
# as wildcards, at most two, at least three letters seen.
_WILDCARD = "?"
_MAX_WILDCARDS = 2
_MIN_SEEN = 3


@cache
def _wildcard_stems() -> tuple[str, ...]:
    stems = set()
    for line in data_lines("names/policy.tsv"):
        category, _, pattern = line.partition("\t")
        if category == "staff_impersonation":
            for phrase in expand(pattern.removeprefix("^").removeprefix("=")):
                if phrase.isascii() and phrase.isalpha() and len(phrase) >= 4:
                    stems.add(phrase.lower())
    return tuple(sorted(stems))


def _letter_shape(ch: str) -> str:
    """The Latin letter a character imitates, by its skeleton, else a wildcard."""
    if ch.isascii():
        return ch.lower() if ch.isalpha() else ""
    shape = unicodedata.normalize("NFKD", skeleton(ch))
    shape = "".join(c for c in shape if not unicodedata.combining(c))
    if len(shape) == 1 and shape.isascii() and shape.isalpha():
        return shape.lower()
    return _WILDCARD if ch.isalpha() else ""


def _unmapped_staff(text: str) -> list[str]:
    """``staff_impersonation`` for a staff title spelled in look-alike
    letters of which a few have no known prototype ("ᎪᎠᎷᏆᏁ" reads ADMIN)."""
    if text.isascii():
        return []
    shapes = "".join(_letter_shape(ch) for ch in text)
    if _WILDCARD not in shapes:
        return []  # every letter mapped: the skeleton check already saw it
    for stem in _wildcard_stems():
        for start in range(len(shapes) - len(stem) + 1):
            window = shapes[start : start + len(stem)]
            unknown = window.count(_WILDCARD)
            if (
                unknown <= _MAX_WILDCARDS
                and len(stem) - unknown >= _MIN_SEEN
                and all(w in (_WILDCARD, c) for w, c in zip(window, stem, strict=True))
            ):
                return ["staff_impersonation"]
    return []


_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])")


def _pseudo_recruitment(text: str) -> list[str]:
    """A pseudonym that advertises recruitment ("Partageur_FemmeEndormie"):
    its words, once separated, read by the message rules."""
    words = re.sub(r"[_.\-\d]+", " ", _CAMEL.sub(" ", text))
    return ["recruitment"] if "recruitment" in read_intent(scan(words)).categories else []


# The message rules' categories a pseudonym read as a sentence is refused for
# ("kill_all_jews", "jaimelesmineures", "JeVaisTeTuer").
_SENTENCE_CATEGORIES = ("minor_sexualisation", "recruitment", "hate", "threat", "sextortion")
_WORD = re.compile(r"[a-z]+")
# A glued run shorter than this is a word or a first name, never cut.
_MIN_GLUED = 6
_MIN_GLUED_WORDS = 3


@cache
def _vocabulary() -> frozenset[str]:
    """Words a glued pseudonym may be cut into: those of the message rules
    (lexicon, intent, macros) and ``names/words.txt``. Words the message
    rules read as one ("jaime") are kept whole; ``_elisions`` splits them."""
    words = set(data_lines("names/words.txt"))
    sources = [
        f"lexicon/{lang}/{name}" for lang in ("fr", "en") for name in data_files(f"lexicon/{lang}")
    ]
    sources += [f"intent/{name}" for name in data_files("intent")] + ["macros.txt"]
    for source in sources:
        for line in data_lines(source):
            pattern = line.partition("\t")[2] if "\t" in line else line
            words.update(w for w in _WORD.findall(pattern.lower()) if len(w) >= 3)
    return frozenset(words)


def _cut_glued(run: str, vocabulary: frozenset[str]) -> list[str]:
    """The fewest vocabulary words that spell ``run`` exactly
    ("jaimelesmineures" -> "jaime", "les", "mineures"), or ``[run]``."""
    best: list[list[str] | None] = [[]] + [None] * len(run)
    for end in range(1, len(run) + 1):
        for start in range(max(0, end - 20), end):
            before = best[start]
            word = run[start:end]
            if before is not None and word in vocabulary:
                candidate = [*before, word]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    found = best[len(run)]
    # Two pieces are a compound or a name and a word ("lolilol" is not
    # "loli" + "lol"): a sentence glued has at least three words.
    return found if found and len(found) >= _MIN_GLUED_WORDS else [run]


def _cut_leet(token: str, vocabulary: frozenset[str]) -> list[str]:
    """A glued run written in leetspeak ("j4im3l3sm1n3ur3s") cut into words
    once its digits are read as letters, only when every piece is a word
    (a year or an age, "lea2009", "Lolo_13", stays as written)."""
    if len(token) < _MIN_GLUED or token.isalpha() or token.isdigit():
        return [token]
    decoded = token.translate(_LEET_LETTERS)
    if not decoded.isalpha():
        return [token]
    words = _cut_glued(decoded, vocabulary)
    return words if words != [decoded] or decoded in vocabulary else [token]


_LEET_LETTERS = str.maketrans(LEET_DIGITS)


def _elisions(words: list[str], vocabulary: frozenset[str]) -> list[str]:
    """ "jaime" as "j aime", "jadore" as "j adore": the message rules read
    the elided pronoun as a word of its own."""
    out = []
    for word in words:
        if len(word) > 3 and word[0] == "j" and word[1] in "aeiouy" and word[1:] in vocabulary:
            out += ["j", word[1:]]
        else:
            out.append(word)
    return out


def _pseudo_sentence(text: str) -> str:
    """The pseudonym as the words of a sentence: cut at separators, digits
    and case changes, and each long glued run of letters cut into words."""
    vocabulary = _vocabulary()
    allowed = {word for word, _ in _allowed_words()}
    words: list[str] = []
    for piece in _CAMEL.sub(" ", text).split():
        for token in re.split(r"[^0-9a-z]+", str(anyascii(piece)).lower()):
            if token in allowed:
                words.append(token)  # "lolilol", "badminton": allow.txt
            elif len(token) >= _MIN_GLUED and token.isalpha() and token not in vocabulary:
                words += _cut_glued(token, vocabulary)
            elif token:
                words += _cut_leet(token, vocabulary)
    return " ".join(_elisions(words, vocabulary))


def _pseudo_sentence_reasons(text: str) -> list[str]:
    """A pseudonym that is a sentence the message rules refuse
    ("kill_all_jews", "jaimelesmineures", "Partageur_FemmeEndormie"): the
    lexicon and the intent rules read its words."""
    sentence = _pseudo_sentence(text)
    message = scan(sentence, phrase_index())
    found = {hit.entry.name for hit in message.hits_of("lexicon")}
    found.update(read_intent(message).categories)
    found.update(_framing_reasons(sentence, message.normalised.text))
    return [category for category in _SENTENCE_CATEGORIES if category in found]


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
        reasons += _skeleton_reasons(text) + _transliterated_staff(text) + _unmapped_staff(text)
        reasons += _emoji_reasons(text)
    if kind == "pseudo":
        reasons += _pseudo_recruitment(text) + _pseudo_sentence_reasons(text)
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
