"""Normalisation against evasion, with a map back to the original text.

One canonical form is matched against every phrase list: lower case, ASCII
(accents dropped, look-alike letters from other scripts mapped to the Latin
letter they imitate), leetspeak decoded inside words (``s3x3``, ``s@lope``, ``ni99er``), a slur
masked with asterisks read back when its visible letters and length fit
one word of the hate and insult lists (``n*gre``, ``f*ggots``, ``p*d*s``)
or the one word of the harmful phrase lists that fits (``t*er``, ``f#ck``),
a symbol ending a word read as a letter when that spells a listed word
(``n€gr€``), punctuation inside words dropped (``p.u.t.e``), runs of single
letters joined (``s e x e``) and broken at wider gaps (``t u e  t o i``),
repeated letters collapsed (``saloooope``), words
separated by single spaces with a space at each end so that a phrase stored
as ``" word "`` only ever matches whole words.

Every character of the canonical form remembers which characters of the
original it came from, so a match can be masked or quoted as evidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from anyascii import anyascii

from causerie.safety._resources import data_files, data_lines, expand, macros
from causerie.safety.confusables import prototypes

# Symbols that stand for letters inside a word. A digit only counts as a
# letter when the word is not a number with a unit ("14ans", "23h").
_LEET_DIGITS = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g"}
LEET_DIGITS = _LEET_DIGITS  # read by the pseudonym key (names.py)
_LEET_SYMBOLS = {"@": "a", "$": "s", "€": "e", "!": "i", "|": "l"}
LEET_SYMBOLS = _LEET_SYMBOLS  # read by the pseudonym key (names.py)
# Punctuation that evaders put inside words; dropped there, not a separator.
_INTERIOR = frozenset(".-_*~+^`·•")
_APOSTROPHES = frozenset("'’ʼ`´")
_NUMBER_WITH_UNIT = re.compile(
    r"\d+(?:ans?|a|h|hr?s?|yo|y|yrs?|k|e|eme|er|ere|st|nd|rd|th|min|mn|km|m|cm|kg|x|p|am|pm)"
    r"\d*|[a-z]+\d{2,}"
    # a score or a match format, one letter between numbers ("5s1", "3v3"):
    # no word hides in it, and its digits keep their meaning
    r"|\d+[a-z]\d+"
)


# A masked word: letters and at least one asterisk ("n*****", "p*d*s").
_MASK = "*"
# Other marks that mask a letter when written between two letters ("f#ck"):
# read as an asterisk there; elsewhere ("#tag", "n°#2") a separator still.
_MASK_MARKS = frozenset("#")
_MASK_STOP = frozenset(
    {"les", "ces", "des", "sale", "sales", "tous", "toutes", "the", "all", "those", "these",
     "dirty", "filthy", "fucking", "most"}
)  # fmt: skip
_MASKED_MIN_LENGTH = 4


@cache
def _maskable_words() -> dict[int, tuple[str, ...]]:
    """Words a masked spelling may stand for, by length: the single words of
    the hate lexicon, the insults and the groups of the intent rules (the
    last word of "les noirs", "sale pd"). Only these: "f***" must not turn
    into a slur because some word of four letters starts with "f"."""
    words: set[str] = set()

    def add(phrase: str, *, last: bool) -> None:
        tokens = phrase.split()
        if last and len(tokens) == 2 and tokens[0] in _MASK_STOP:
            tokens = tokens[1:]
        if len(tokens) == 1 and "*" not in tokens[0]:
            word = "".join(ch for ch in str(anyascii(tokens[0])).lower() if ch.isalpha())
            if len(word) >= _MASKED_MIN_LENGTH:
                words.add(word)

    for lang in ("fr", "en"):
        for line in data_lines(f"lexicon/{lang}/hate.txt"):
            for phrase in expand(line.lstrip("=")):
                add(phrase, last=True)
        for line in data_lines(f"intent/{lang}.tsv"):
            name, _, pattern = line.partition("\t")
            if name in ("insult", "group"):
                for phrase in expand(pattern.strip()):
                    add(phrase, last=True)
    by_length: dict[int, list[str]] = {}
    for word in sorted(words):
        by_length.setdefault(len(word), []).append(word)
    return {length: tuple(found) for length, found in by_length.items()}


def _unmask(chars: list[str]) -> str | None:
    """The listed word a masked spelling stands for (same length, the same
    visible letters in place, the first one visible), or None."""
    length = len(chars)
    visible = sum(c != _MASK for c in chars)
    if chars[0] == _MASK or visible == length or (visible < 2 and length < 6):
        return None
    if not all(c == _MASK or c.isalpha() for c in chars):
        return None
    for word in _maskable_words().get(length, ()):
        if all(c in (_MASK, w) for c, w in zip(chars, word, strict=True)):
            return word
    # Any other word of the harmful phrase lists ("t*er" for a threat's
    # "tuer", "p*do", "n*des", "f*ck"), only when exactly one fits: a mask
    # that could stand for two listed words is left unread.
    fits = [
        word
        for word in _vocabulary_by_length().get(length, ())
        if all(c in (_MASK, w) for c, w in zip(chars, word, strict=True))
    ]
    return fits[0] if len(fits) == 1 else None


_WORD_LETTERS = re.compile(r"[a-z]+")
_MACRO_NAME = re.compile(r"\{([A-Z_]+)\}")


@cache
def _vocabulary() -> frozenset[str]:
    """Every word of the harmful phrase lists: the lexicons, the intent
    components and conversation cues (not their "!" suppressors, not the
    frames: innocent contexts) and the messaging apps. A disguised word
    (a mask, a symbol after its last letter, digits after letters) is read
    as one of these only; the lists are the words evasion hides."""
    table = macros()
    lines: list[str] = []
    for lang in ("fr", "en"):
        for filename in data_files(f"lexicon/{lang}"):
            lines.extend(data_lines(f"lexicon/{lang}/{filename}"))
        for folder in ("intent", "cues"):
            for line in data_lines(f"{folder}/{lang}.tsv"):
                name, _, pattern = line.partition("\t")
                if not name.startswith("!"):
                    lines.append(pattern)
    lines.extend(table["APP"])
    words: set[str] = set()
    for line in lines:
        text = _MACRO_NAME.sub(lambda m: " ".join(table.get(m.group(1), ())), line)
        words.update(_WORD_LETTERS.findall(str(anyascii(text)).lower()))
    return frozenset(word for word in words if len(word) >= 2)


@cache
def _vocabulary_by_length() -> dict[int, tuple[str, ...]]:
    """The words of ``_vocabulary`` a mask may stand for, by length."""
    by_length: dict[int, list[str]] = {}
    for word in sorted(_vocabulary()):
        if len(word) >= _MASKED_MIN_LENGTH:
            by_length.setdefault(len(word), []).append(word)
    return {length: tuple(found) for length, found in by_length.items()}


@cache
def _vocabulary_shapes() -> frozenset[str]:
    """``_vocabulary`` with repeated letters collapsed, as words are read."""
    return frozenset(_squeezed(list(word)) for word in _vocabulary()) | _slur_shapes()


@cache
def _symbol_letters() -> dict[str, str]:
    """Symbols and emoji read as a letter between two letters
    (``data/symbol_letters.tsv``)."""
    table: dict[str, str] = {}
    for line in data_lines("symbol_letters.tsv"):
        char, _, letter = line.partition("\t")
        table[char.strip()] = letter.strip()
    return table


@cache
def _confusables() -> dict[str, str]:
    table = {}
    for line in data_lines("confusables.tsv"):
        char, _, latin = line.partition("\t")
        table[char] = latin.strip()
    return table


_FOLD_CACHE: dict[str, str] = {}


def fold_char(ch: str) -> str:
    """One character as lower-case ASCII; separators and symbols become a
    space, combining marks vanish. Leet symbols are kept for later."""
    cached = _FOLD_CACHE.get(ch)
    if cached is not None:
        return cached
    folded = _fold_char_uncached(ch)
    _FOLD_CACHE[ch] = folded
    return folded


def _fold_char_uncached(ch: str) -> str:
    confusable = _confusables().get(ch)
    if confusable is not None:
        return confusable
    if ch.isascii():
        return ch.lower() if ch.isalnum() or ch in _INTERIOR or ch in _LEET_SYMBOLS else " "
    if ch in _LEET_SYMBOLS or ch in _INTERIOR:
        return ch
    category = unicodedata.category(ch)
    if category in ("Mn", "Me", "Cf"):
        return ""  # accents left over, zero-width joiners: invisible, not a break
    if category == "So":
        # Enclosed and squared letters and digits ("ⓢⓝⓐⓟ", "🅢", "⑥") are
        # letters in disguise; other symbols (emoji) stay separators.
        letter = str(anyascii(unicodedata.normalize("NFKC", ch))).lower()
        return letter if len(letter) == 1 and letter.isalnum() else " "
    if category[0] not in "LN":
        return " "
    compat = unicodedata.normalize("NFKC", ch)
    out = str(anyascii(compat)).lower()
    shape = _look_alike(ch, compat)
    if shape is not None and shape != out:
        return shape
    return out if out.isalnum() else " "


def _look_alike(ch: str, compat: str) -> str | None:
    """The Latin letter a non-Latin letter looks like, by its UTS #39
    prototype: anyascii transliterates by sound, and evasion works by looks
    (Cyrillic palochka "ӏ" reads "h" by sound, "l"/"i" to the eye, so
    "sӏut" must read "slut"; Greek "σ" is an "o", Cyrillic "г" an "r").
    Letters whose compatibility form is ASCII (fullwidth "Ｉ", bold "𝐈")
    keep it, and a capital I look-alike stays "i" as the message reader
    takes "I" ("Ι", "І"); multi-letter prototypes ("m" → "rn") are left to
    the skeleton."""
    if compat.isascii() or not ch.isalpha():
        return None
    proto = prototypes().get(ch)
    if proto is None or len(proto) != 1 or not proto.isascii() or not proto.isalpha():
        return None
    shape = proto.lower()
    return "i" if shape == "l" and ch.isupper() else shape


@dataclass(frozen=True, slots=True)
class Normalised:
    """The canonical form and, per character, the original span it covers."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covered by canonical ``[start, end)``;
        surrounding spaces of a whole-word match are skipped."""
        while start < end and self.text[start] == " ":
            start += 1
        while end > start and self.text[end - 1] == " ":
            end -= 1
        if start >= end:
            return (0, 0)
        return (self.starts[start], self.ends[end - 1])

    def excerpt(self, start: int, end: int) -> str:
        """The original words behind a canonical span."""
        a, b = self.original_span(start, end)
        return self.original[a:b]


@dataclass(slots=True)
class _Word:
    # A plain word keeps its lower-cased text and the ranges of its
    # positions (no per-character lists: most words are plain); the others
    # are built character by character.
    chars: str | list[str]
    starts: range | list[int]
    ends: range | list[int]
    elided: bool = False  # "j'" / "l'": a real one-letter word, never joined


# A French imperative's hyphen before its pronoun ("pends-toi",
# "envoie-moi", "montre-les-moi", "dis-le"): a word break, not interior
# punctuation, or the verb is glued to it ("pendstoi") and no phrase
# matches (review 8, s8fix2). Replaced by a blank of the same length, so
# every original position is kept; "sous-vêtements", "vingt-trois" stay.
# Never after a lone letter: "f-a-g-g-o-t", "j-e-t-e-r" spell one word
# letter by letter, their last "-t" is no pronoun.
_CLITIC_HYPHEN = re.compile(
    r"(?<=[^\W\d_]{2})-(?=(?:moi|toi|le|la|les|lui|nous|vous|leur|en|y|m|t)(?![^\W\d_]))",
    re.IGNORECASE,
)


def normalise(text: str, *, collapse: bool = True) -> Normalised:
    """The canonical form of ``text`` (see the module docstring).
    ``collapse=False`` keeps doubled letters (to tell "nigger" from "Niger")."""
    source = _CLITIC_HYPHEN.sub(" ", text) if "-" in text else text
    plain = _normalise_plain(source, collapse)
    found = plain if plain is not None else _normalise(source, collapse)
    if source is text:
        return found
    return Normalised(text, found.text, found.starts, found.ends)


def _normalise_plain(text: str, collapse: bool) -> Normalised | None:
    """``_normalise`` of the common message in one pass, or None when the
    text needs the general path: only ASCII letters, plain separators
    (``_plain_chunk``) and blanks; every word alphabetic (no leetspeak or
    number to decode); never three one-letter words in a row (no spaced
    letters to join)."""
    if not text.isascii() or _ASCII_DIGIT.search(text) or not _plain_text().fullmatch(text):
        return None  # checked first, so that a message with a digit costs no wasted pass
    if "I" in text and _INNER_CAPITAL_I.search(text):
        return None  # "sIut": a capital I that may be an l (``_read_ambiguous``)
    out_words: list[str] = []
    starts: list[int] = [0]
    ends: list[int] = [0]
    lone_letters = 0
    for run in _ASCII_ALNUM.finditer(text):
        word = run.group().lower()
        if not word.isalpha():
            return None
        start, end = run.span()
        if collapse and _DOUBLE.search(word):
            kept: list[str] = []
            for offset, ch in enumerate(word, start):
                if kept and ch == kept[-1]:
                    ends[-1] = offset + 1  # repeated letter: widen, don't add
                    continue
                kept.append(ch)
                starts.append(offset)
                ends.append(offset + 1)
            word = "".join(kept)
        else:
            starts.extend(range(start, end))
            ends.extend(range(start + 1, end + 1))
        lone_letters = lone_letters + 1 if len(word) == 1 else 0
        if lone_letters >= 3:
            return None
        out_words.append(word)
        starts.append(ends[-1])
        ends.append(ends[-1])
    if _rewritten(out_words):
        return None  # dictated punctuation or a split insult: the general path
    canonical_text = f" {' '.join(out_words)} " if out_words else " "
    return Normalised(text, canonical_text, tuple(starts), tuple(ends))


def _rewritten(words: list[str]) -> bool:
    """Whether the word-level steps after decoding (dictated punctuation,
    a split insult) could change these plain words."""
    if not _DICTATION_WORDS.isdisjoint(words):
        return True
    maskable = _maskable_words()
    return any(
        (len(a) in _PIECE and len(b) in _PIECE and a + b in maskable.get(len(a + b), ()))
        or (len(a) == 1 and len(b) == 1 and a + b in _short_slurs())
        for a, b in pairwise(words)
    )


def _normalise(text: str, collapse: bool) -> Normalised:
    words = _decode_words(_split_words(text), collapse, text)
    words = _join_spaced_letters(words, text, collapse)
    words = _drop_dictated_punctuation(words)
    words = _join_split_insults(words)
    out_words: list[str] = []
    starts: list[int] = [0]
    ends: list[int] = [0]
    for word in words:
        chars = word.chars
        out_words.append(chars if isinstance(chars, str) else "".join(chars))
        starts.extend(word.starts)
        ends.extend(word.ends)
        last = word.ends[-1]
        starts.append(last)
        ends.append(last)
    canonical_text = f" {' '.join(out_words)} " if out_words else " "
    return Normalised(text, canonical_text, tuple(starts), tuple(ends))


def canonical(text: str) -> str:
    """Only the canonical string (for phrase lists and keys)."""
    return normalise(text).text


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Whole-word alternatives matched on the canonical text, written as
    people write them: each phrase is made canonical first ("passed out" is
    "pased out", "attention" is "atention"), so a checks' word list cannot
    miss by spelling it the usual way. Longest first, so the longer phrase
    wins."""
    forms = sorted({canonical(p).strip() for p in phrases} - {""}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b")


_CHUNK = re.compile(r"\S+")
_DOUBLE = re.compile(r"(.)\1")


_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]+")
# A capital I inside a word, after a lower-case letter ("sIut", "sIag"):
# to the eye it is an l as much as an i.
_INNER_CAPITAL_I = re.compile(r"(?<=[a-z])I")
_ASCII_DIGIT = re.compile(r"[0-9]")


@cache
def _plain_chars() -> str:
    """The ASCII characters of plain chunks, escaped for a character class:
    letters and digits, and the separators that ``fold_char`` turns into a
    space and that are neither an apostrophe (it elides), nor kept for
    decoding (leet symbols, interior punctuation), nor in the look-alike
    table."""
    ascii_chars = [chr(code) for code in range(0x21, 0x7F)]
    letters = "".join(ch for ch in ascii_chars if ch.isalnum() and fold_char(ch) == ch.lower())
    separators = "".join(
        ch
        for ch in ascii_chars
        if not ch.isalnum()
        and ch not in _APOSTROPHES
        and ch not in _MASK_MARKS
        and fold_char(ch) == " "
    )
    return re.escape(letters + separators)


@cache
def _plain_chunk() -> re.Pattern[str]:
    """A chunk (no blank) of plain characters only."""
    return re.compile(f"[{_plain_chars()}]+")


@cache
def _plain_text() -> re.Pattern[str]:
    """A text of plain characters and ASCII blanks only."""
    return re.compile(f"[{_plain_chars()} \\t\\n\\r\\f\\v]+")


def _split_words(text: str) -> list[_Word]:
    words: list[_Word] = []
    plain = _plain_chunk().fullmatch
    for chunk in _CHUNK.finditer(text):
        value, offset = chunk.group(), chunk.start()
        if value.isascii() and value.isalnum():
            # Fast path for the common plain word: no per-character work.
            words.append(_plain_word(value, offset))
        elif plain(value):
            # Plain words with separators around or between them ("monde,",
            # "(ok)"): each run of letters is a word, as ``_split_chunk``
            # would find it, without its per-character work.
            for run in _ASCII_ALNUM.finditer(value):
                words.append(_plain_word(run.group(), offset + run.start()))
        else:
            _split_chunk(value, offset, words)
    return words


def _plain_word(value: str, offset: int) -> _Word:
    end = offset + len(value)
    return _Word(value.lower(), range(offset, end), range(offset + 1, end + 1))


def _split_chunk(chunk: str, offset: int, words: list[_Word]) -> None:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    separator = _alternating_separator(chunk)
    for position, ch in enumerate(chunk):
        index = offset + position
        if ch in _APOSTROPHES:
            if chars:
                words.append(_Word(chars, starts, ends, elided=True))
            chars, starts, ends = [], [], []
            continue
        folded = " " if ch == separator else fold_char(ch)
        if folded == " " or ch in _MASK_MARKS:
            between = _between_letters(chunk, position, chars)
            if between and ch in _MASK_MARKS:
                folded = _MASK
            elif between and ch in _symbol_letters():
                folded = _symbol_letters()[ch]
        if folded == " ":
            if chars:
                words.append(_Word(chars, starts, ends))
            chars, starts, ends = [], [], []
            continue
        for piece in folded:
            chars.append(piece)
            starts.append(index)
            ends.append(index + 1)
    if chars:
        words.append(_Word(chars, starts, ends))


def _alternating_separator(chunk: str) -> str | None:
    """A leet symbol written between every two letters of a chunk
    ("s|a|l|o|p|e", "p$u$t$e"), which is then a separator and not a letter
    in disguise; None if the chunk is not built so. Other marks need no
    such care: interior punctuation ("n.i.q.u.e") is dropped, a mask mark
    that reads no word is cut (``_unread_marks``), the rest are blanks.
    Trailing punctuation ("s|a|l|o|p|e !") is left out of the pattern."""
    core = chunk.rstrip(".,;:!?")
    if len(core) < 5 or len(core) % 2 == 0:
        return None
    marks = set(core[1::2])
    if len(marks) != 1:
        return None
    mark = next(iter(marks))
    if mark not in _LEET_SYMBOLS or not all(c.isalpha() for c in core[::2]):
        return None
    # "j€t€r" is "jeter"; "s|a|l|o|p|e" is "salope": the symbol separates
    # only when the letters alone make a listed word and the symbol read as
    # a letter does not.
    letters = [fold_char(c) for c in core[::2]]
    spelled = [fold_char(c) for c in core.replace(mark, _LEET_SYMBOLS[mark])]
    shapes = _vocabulary_shapes()
    if _squeezed(letters) not in shapes or _squeezed(spelled) in shapes:
        return None
    return mark


def _between_letters(chunk: str, position: int, chars: list[str]) -> bool:
    """Whether a symbol stands between two letters of a word: a letter was
    read just before it and one follows (variation selectors skipped)."""
    if not chars or not chars[-1].isalpha():
        return False
    for ch in chunk[position + 1 :]:
        folded = fold_char(ch)
        if folded == "":
            continue  # an emoji's variation selector, a zero-width joiner
        return folded.isalpha()
    return False


def _unread_marks(words: list[_Word], text: str) -> list[_Word]:
    """Words where a mask mark between letters ("f#ck") reads no listed
    word are cut there again: "mot#de#passe" is three words, as before."""
    out: list[_Word] = []
    for word in words:
        marks = [k for k, start in enumerate(word.starts) if text[start] in _MASK_MARKS]
        if not marks or _unmask(list(word.chars)) is not None:
            out.append(word)
            continue
        first = 0
        for k in [*marks, len(word.chars)]:
            if k > first:
                out.append(
                    _Word(
                        list(word.chars[first:k]),
                        list(word.starts[first:k]),
                        list(word.ends[first:k]),
                        word.elided if first == 0 else False,
                    )
                )
            first = k + 1
    return out


def _decode_words(words: list[_Word], collapse: bool, text: str) -> list[_Word]:
    if any(mark in text for mark in _MASK_MARKS):
        words = _unread_marks(words, text)
    decoded: list[_Word] = []
    inner_capital = "I" in text and _INNER_CAPITAL_I.search(text) is not None
    for word in words:
        raw = word.chars if isinstance(word.chars, str) else "".join(word.chars)
        if raw.isalpha() and not (collapse and _DOUBLE.search(raw)):
            if inner_capital and any(text[i] == "I" for i in word.starts):
                word = _read_ambiguous(_as_list(word), text, collapse, "", _slur_shapes())  # noqa: PLW2901
            decoded.append(word)  # nothing to decode: the common case
            continue
        source = word.chars
        if _MASK in raw and len(raw) >= _MASKED_MIN_LENGTH:
            unmasked = _unmask(list(source))
            if unmasked is not None:
                source = raw = unmasked
        has_letter = any("a" <= c <= "z" for c in raw)
        # A run of three digits or more inside a word is a number, a year or
        # a code (a pseudonym's "user4453x1", "lea2009b"), not letters: read
        # as leetspeak it spelled words out of noise ("userasexi") that the
        # model took for sex or harassment. Such a word is read as letters
        # only if that reading is a listed word, like "marie92" below.
        numbered = has_letter and DIGIT_RUN.search(raw) is not None
        leet = has_letter and not numbered and not _NUMBER_WITH_UNIT.fullmatch(raw)
        found = _decoded(word, source, leet=leet, collapse=collapse)
        if found is None:
            continue
        if leet or (inner_capital and any(text[i] == "I" for i in found.starts)):
            found = _read_disguised(found, text, collapse, _trailing_letter(source, found))
        elif numbered or (has_letter and _LETTERS_THEN_DIGITS.fullmatch(raw)):
            # "ki11", "sn4p": digits after letters are a pseudonym's number
            # ("marie92") unless read as letters they spell a listed word.
            spelled = _decoded(word, source, leet=True, collapse=collapse, keep_ambiguous=True)
            if spelled is not None and len(raw) >= _MIN_SPELLED:
                found = _spelled_reading(spelled, text, collapse) or found
        decoded.append(found)
    return decoded


# A trailing symbol that may be the word's last letter ("n€gr€", "m€r€",
# "n1gg@"); "!" is not one: after a word it is an exclamation ("lol!").
_TRAILING_SYMBOLS = frozenset("@$€")
_LETTERS_THEN_DIGITS = re.compile(r"[a-z]+[0-9]{2,}")
# Three digits in a row: a number, a year or a code, not leetspeak (read
# by the learned layer too, ``model.handles_marked``).
DIGIT_RUN = re.compile(r"[0-9]{3}")
_MIN_SPELLED = 4  # a word spelled with digits is read only if this long


def _decoded(
    word: _Word,
    source: str | list[str],
    *,
    leet: bool,
    collapse: bool,
    keep_ambiguous: bool = False,
) -> _Word | None:
    """The letters of ``word`` (``source``: its characters, a mask read),
    leetspeak decoded if ``leet``; a symbol decodes only before a letter or
    digit. With ``keep_ambiguous``, a character with two readings is not
    merged into a different one beside it ("ki11": the 1s may be l's, not
    more i's). None if nothing is left."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    count = len(source)
    previous = ""
    for i, raw_char in enumerate(source):
        c = raw_char
        same = (
            not keep_ambiguous
            or raw_char == previous
            or not _OTHER_READING.keys() & {raw_char, previous}
        )
        previous = raw_char
        if leet:
            if c in _LEET_DIGITS:
                c = _LEET_DIGITS[c]
            elif c in _LEET_SYMBOLS:
                following = source[i + 1] if i + 1 < count else ""
                c = _LEET_SYMBOLS[c] if following.isalnum() else ""
        if not c or not c.isalnum():
            continue
        if collapse and chars and c == chars[-1] and c.isalpha() and same:
            ends[-1] = word.ends[i]  # repeated letter: widen, don't add
            continue
        chars.append(c)
        starts.append(word.starts[i])
        ends.append(word.ends[i])
    return _Word(chars, starts, ends, word.elided) if chars else None


def _trailing_letter(source: str | list[str], found: _Word) -> str:
    """The letter a symbol ending the word may be ("n€gr€": e), if letters
    come before it; "" otherwise."""
    last = source[-1] if len(source) else ""
    if last in _TRAILING_SYMBOLS and len(source) > 1 and found.chars:
        return _LEET_SYMBOLS[last]
    return ""


def _read_disguised(word: _Word, text: str, collapse: bool, trailing: str) -> _Word:
    """The reading of a word with ambiguous characters: a listed insult or
    slur first (``_slur_shapes``); failing that, any word of the harmful
    phrase lists (``_vocabulary``), so that "m€r€" reads "mere" in "nique
    ta m€r€" and "ki11" reads "kill"; else the decoded reading."""
    read = _read_ambiguous(word, text, collapse, trailing, _slur_shapes())
    if read is word:
        read = _read_ambiguous(word, text, collapse, trailing, _vocabulary_shapes())
        if len(read.chars) < _MIN_SPELLED - 1 and read.chars[-1:] != [trailing]:
            return word  # "qq1" stays "qi": two letters are too few to reread
    return read


def _spelled_reading(word: _Word, text: str, collapse: bool) -> _Word | None:
    """A reading of a word whose digits are letters ("ki11": kill) that is
    a word of the harmful phrase lists, at least three letters once
    repeats collapse; None if no reading is."""
    shapes = _vocabulary_shapes()
    places = [
        (i, _OTHER_READING[text[start]])
        for i, start in enumerate(word.starts)
        if text[start] in _OTHER_READING
    ][:_MAX_AMBIGUOUS]
    for mask in range(1 << len(places)):
        reading = list(word.chars)
        for bit, (i, other) in enumerate(places):
            if mask >> bit & 1:
                reading[i] = other
        squeezed = _squeezed(reading)
        if len(squeezed) >= _MIN_SPELLED - 1 and squeezed in shapes:
            return _respelled(word, reading, "", collapse)
    return None


def _as_list(word: _Word) -> _Word:
    return _Word(list(word.chars), list(word.starts), list(word.ends), word.elided)


# Characters that read as two letters: "1", "!" and a capital I are an i
# or an l ("s1ut", "sIut", "b!tch"), "|" and the palochka an l or an i.
# The first reading is the decoded one; the other is taken only when it
# makes a listed insult or slur and the first does not.
_OTHER_READING = {"1": "l", "!": "l", "I": "l", "Ι": "l", "І": "l", "|": "i", "ӏ": "i", "Ӏ": "i"}
_MAX_AMBIGUOUS = 3  # readings tried: 2 ** 3 at most, for a word that has them


def _read_ambiguous(
    word: _Word, text: str, collapse: bool, trailing: str, shapes: frozenset[str]
) -> _Word:
    """``word`` with its ambiguous characters read the way that spells a
    listed insult or slur (``_slur_shapes``), if one does and the decoded
    reading does not; a dropped trailing "@" may be an "a" ("n1gg@")."""
    chars = list(word.chars)
    if trailing and _squeezed(chars) + trailing in shapes:
        # A symbol right after the letters is the last letter when that
        # makes a listed word, even if the letters alone are one too
        # ("m€r€": "mere", not the sea).
        return _respelled(word, chars, trailing, collapse)
    if _squeezed(chars) in shapes:
        return word
    places = [
        (i, _OTHER_READING[text[start]])
        for i, start in enumerate(word.starts)
        if text[start] in _OTHER_READING
    ][:_MAX_AMBIGUOUS]
    if not places and not trailing:
        return word
    endings = ("", trailing) if trailing else ("",)
    for mask in range(1 << len(places)):
        reading = list(chars)
        for bit, (i, other) in enumerate(places):
            if mask >> bit & 1:
                reading[i] = other
        for ending in endings:
            if (mask or ending) and _squeezed(reading) + ending in shapes:
                return _respelled(word, reading, ending, collapse)
    return word


def _respelled(word: _Word, reading: list[str], ending: str, collapse: bool) -> _Word:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = word.ends[-1]
    letters = [*zip(reading, word.starts, word.ends, strict=True)]
    if ending:
        letters.append((ending, last, last + 1))  # the "@" after the last letter
    for ch, start, end in letters:
        if collapse and chars and ch == chars[-1]:
            ends[-1] = end
            continue
        chars.append(ch)
        starts.append(start)
        ends.append(end)
    return _Word(chars, starts, ends, word.elided)


def _squeezed(chars: list[str]) -> str:
    """The letters with repeats collapsed, as the lists are compared."""
    return "".join(ch for i, ch in enumerate(chars) if i == 0 or ch != chars[i - 1])


@cache
def _slur_shapes() -> frozenset[str]:
    """The insults and slurs a word with an ambiguous letter may spell
    (``_maskable_words``), repeated letters collapsed."""
    return frozenset(
        _squeezed(list(word)) for words in _maskable_words().values() for word in words
    )


@cache
def _short_slurs() -> frozenset[str]:
    """Slurs and insults of two letters ("pd"), from the same lists as
    ``_maskable_words``: spelled as two lone letters after a word that aims
    them ("sale p d"), they are joined."""
    found: set[str] = set()
    for lang in ("fr", "en"):
        for line in data_lines(f"lexicon/{lang}/hate.txt"):
            for phrase in expand(line.lstrip("=")):
                tokens = phrase.split()
                if len(tokens) == 2 and tokens[0] in _MASK_STOP and len(tokens[1]) == 2:
                    found.add(tokens[1])
        for line in data_lines(f"intent/{lang}.tsv"):
            name, _, pattern = line.partition("\t")
            if name in ("insult", "group"):
                for phrase in expand(pattern.strip()):
                    tokens = phrase.split()
                    aimed = len(tokens) == 2 and tokens[0] in _MASK_STOP
                    if (len(tokens) == 1 or aimed) and len(tokens[-1]) == 2:
                        found.add(tokens[-1])
    return frozenset(found)


def _is_lone_letter(word: _Word) -> bool:
    return len(word.chars) == 1 and word.chars[0].isalpha() and not word.elided


# Punctuation between two lone letters that ends a spelled word: in
# "s n a p : l e a" the colon separates the app from the handle.
_RUN_BREAKS = frozenset(":=>→,;!?")


def _join_spaced_letters(words: list[_Word], text: str, collapse: bool = True) -> list[_Word]:
    """``s e x e`` -> ``sexe``: three or more lone letters in a row. A gap
    wider than the narrowest of the run is a word break ("t u e  t o i" ->
    "tue toi", "k i l l  y o u"); letters as widely spaced as each other
    ("p  u  t  e") make one word."""
    joined: list[_Word] = []
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and _is_lone_letter(words[j]):
            if j > i and _RUN_BREAKS.intersection(text[words[j - 1].ends[-1] : words[j].starts[0]]):
                break
            j += 1
        if j - i >= 3:
            gaps = [_gap(text, words[k - 1], words[k]) for k in range(i + 1, j)]
            narrow = min(gaps)
            first = i
            for k in range(i + 1, j + 1):
                if k == j or (gaps[k - i - 1] > narrow and _blank(text, words[k - 1], words[k])):
                    joined.append(_joined(words[first:k], collapse))
                    first = k
            i = j
        else:
            joined.append(words[i])
            i += 1
    return joined


def _gap(text: str, before: _Word, after: _Word) -> tuple[int, int]:
    """How wide the gap between two letters is: its blanks first ("t/u/e
    t/o/i" breaks at the blank), then its length."""
    between = text[before.ends[-1] : after.starts[0]]
    return (sum(ch.isspace() for ch in between), len(between))


def _blank(text: str, before: _Word, after: _Word) -> bool:
    """Whether only blanks stand between two letters: a dot or an
    underscore in a spelled handle ("s k y l a r . r o s e") is part of
    it, never a word break."""
    return text[before.ends[-1] : after.starts[0]].isspace()


def _joined(letters: list[_Word], collapse: bool) -> _Word:
    if len(letters) == 1:
        return letters[0]
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for word in letters:
        if collapse and chars and word.chars[0] == chars[-1]:
            ends[-1] = word.ends[0]
            continue
        chars.extend(word.chars)
        starts.extend(word.starts)
        ends.extend(word.ends)
    return _Word(chars, starts, ends)


# Punctuation read aloud by voice typing ("ma femme dort virgule tu peux
# venir point"): the words stand between the words of a phrase, so they go,
# as punctuation does. "virgule", "comma"... are always dictation; "point"
# and "period" are common words ("au point", "a period of"), dropped only in
# a message that dictates elsewhere or ends with one, and never before a
# domain ("gmail point com" is an address).
_DICTATED = (
    ("point", "virgule"),
    ("point", "d", "interrogation"),
    ("point", "d", "exclamation"),
    ("points", "de", "suspension"),
    ("virgule",),
    ("comma",),
    ("ful", "stop"),
    ("question", "mark"),
    ("exclamation", "mark"),
    ("exclamation", "point"),
)  # fmt: skip  (canonical spellings: "full" is "ful" once letters collapse)
_DICTATED_STOPS = frozenset({"point", "period"})
_DOMAINS = frozenset({"com", "fr", "net", "org", "be", "ch", "ca", "io", "ly", "co", "me", "eu"})
_DICTATION_WORDS = frozenset(word for phrase in _DICTATED for word in phrase) | _DICTATED_STOPS


def _drop_dictated_punctuation(words: list[_Word]) -> list[_Word]:
    plain = ["".join(word.chars) for word in words]
    if _DICTATION_WORDS.isdisjoint(plain):
        return words  # the common case: nothing dictated
    drop: set[int] = set()
    i = 0
    while i < len(plain):
        for phrase in _DICTATED:
            if tuple(plain[i : i + len(phrase)]) == phrase:
                drop.update(range(i, i + len(phrase)))
                i += len(phrase) - 1
                break
        i += 1
    if drop or (plain and plain[-1] in _DICTATED_STOPS):
        for i, word in enumerate(plain):
            following = plain[i + 1] if i + 1 < len(plain) else ""
            if word in _DICTATED_STOPS and following not in _DOMAINS:
                drop.add(i)
    if not drop:
        return words
    return [word for i, word in enumerate(words) if i not in drop]


# An insult cut in two to slip past a filter ("t'es qu'une pu te", "sale
# sa lope"): two short pieces joined when the whole is a listed insult or
# slur and the word before them aims it (an article, "sale", "espèce de").
# Never on their own: "j'ai pu te voir" must stay two words.
_AIMING = frozenset(
    {"une", "un", "qu", "sale", "sal", "sales", "de", "espece", "grosse", "gros", "es", "1",
     "des", "ces", "vieille", "vieux", "petite", "petit", "bande", "a", "such", "you", "u", "ur"}
)  # fmt: skip
_PIECE = range(2, 5)


def _join_split_insults(words: list[_Word]) -> list[_Word]:
    if len(words) < 2:
        return words
    out: list[_Word] = []
    i = 0
    while i < len(words):
        aimed = (i == 0 and len(words) == 2) or (i > 0 and _aims(words[i - 1]))
        if i + 1 < len(words) and aimed:
            first, second = words[i], words[i + 1]
            joined = "".join(first.chars) + "".join(second.chars)
            pieces = len(first.chars) in _PIECE and len(second.chars) in _PIECE
            letters = _is_lone_letter(first) and _is_lone_letter(second)  # "sale p d"
            if joined.isalpha() and (
                (pieces and joined in _maskable_words().get(len(joined), ()))
                or (letters and i > 0 and joined in _short_slurs())
            ):
                chars, starts, ends = list(first.chars), list(first.starts), list(first.ends)
                for ch, start, end in zip(second.chars, second.starts, second.ends, strict=True):
                    if ch == chars[-1]:  # "con nard": letters collapse as in one word
                        ends[-1] = end
                        continue
                    chars.append(ch)
                    starts.append(start)
                    ends.append(end)
                out.append(_Word(chars, starts, ends))
                i += 2
                continue
        out.append(words[i])
        i += 1
    return out


def _aims(word: _Word) -> bool:
    return "".join(word.chars) in _AIMING
