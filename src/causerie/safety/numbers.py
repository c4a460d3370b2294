"""Numbers written as words (French and English) turned back into digits,
so that "zéro six douze trente-quatre…" is seen as the phone number it is.

``digit_view`` rewrites only the runs of number words (and digits disguised
with look-alike letters, ``O6 l2``) and keeps every other character, with a
map back to the original for masking.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex
from anyascii import anyascii

_UNITS = {
    # French
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
    "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    # English
    "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "septante": 70, "huitante": 80, "octante": 80, "nonante": 90,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_REPEATERS = {"double": 2, "triple": 3, "treble": 3}
# Session 7: "o" is a zero among number words ("o seven seven double o");
# "cinq fois le 2", "nine hundred", "quarante 2", "plus four one" and words
# glued to digits ("huit3", "five6", "zero7seven00") are read too.
_TIMES = "fois"
_HUNDREDS = frozenset({"hundred", "cent", "cents"})
# Tens written without their last letter when glued to a digit ("cinquant1").
_TENS_STEMS = {"vingt": 20, "trent": 30, "quarant": 40, "cinquant": 50, "soixant": 60}
_GROUP_END = regex.compile(r"[,;]")
_GLUED_PART = regex.compile(r"\d+|[a-z]+")
# Letters that stand for digits in a disguised number: O for 0, l/I for 1,
# S for 5, Z for 2, B for 8, and the leetspeak ones read backwards: h/A for
# 4 ("3h"), E for 3, T for 7, g/q for 9, G for 6 ("o6 l2 3h 56 78"). Only a
# token that holds a digit is read so, and only a valid number is kept.
_LOOKALIKE_DIGITS = str.maketrans("oOlIisSzZbBhAaEeTtgqG", "001115522884443377996")
_TOKEN = regex.compile(r"[\p{L}\p{N}]+")
# Between two number words of one run: blanks, hyphens, commas, dots.
_JOINER = regex.compile(r"[\s\-,.;/]*")
_DISGUISED_DIGITS = regex.compile(r"(?=.*\d)[0-9oOlIisSzZbBhAaEeTtgqG]{1,4}")
# A letter alone stands for a digit only among digits, and only the ones
# that look like one (not "a" or "e", which are words).
_LONE_DIGIT_LETTERS = frozenset("oOlIhSB")
_HAS_DIGIT = regex.compile(r"\d")
# ``_TOKEN`` on ASCII text (the only letters and digits ASCII has).
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+")
_GLUES = frozenset({"-", ".", "/", "_"})
# Separators said as words between two number words ("zéro six point douze
# point trente-quatre", "oh seven dash seven double nine"): part of the run,
# as the dot or the hyphen they stand for (issue 12, s8fix). Only between
# two numbers: "douze point cinq" is still a grade, too short to be a phone.
_SAID_JOINERS = frozenset({"point", "tiret", "slash", "dot", "dash", "hyphen", "trait"})


def _digit_fold_table() -> dict[int, str]:
    """Digits that are not ASCII, one character each, to their ASCII digit:
    superscripts and subscripts ("⁰⁶¹²"), circled and dingbat digits
    ("⓪⑥①②"), full-width and mathematical ones, Arabic-Indic and
    Devanagari. One character for one, so positions still map back."""
    blocks = (
        (0x00B2, 0x00BA), (0x0660, 0x066A), (0x06F0, 0x06FA), (0x0966, 0x0970),
        (0x2070, 0x20A0), (0x2460, 0x2500), (0x2776, 0x2794), (0xFF10, 0xFF1A),
        (0x1D7CE, 0x1D800), (0x1F100, 0x1F10D),
    )  # fmt: skip
    table: dict[int, str] = {}
    for first, end in blocks:
        for code in range(first, end):
            value = unicodedata.digit(chr(code), None)
            if value is not None:
                table[code] = str(value)
    return table


_DIGIT_FOLD = _digit_fold_table()


def _fold(word: str) -> str:
    return word.lower() if word.isascii() else str(anyascii(word)).lower()


_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_REPEATERS)


def _parse_number(
    words: list[str], i: int, breaks: frozenset[int] = frozenset()
) -> tuple[str, int] | None:
    """The digits of the number starting at ``words[i]`` and how many words
    it used, or None when ``words[i]`` is not a number word."""
    word = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if word.isdigit():
        if len(word) == 1 and word != "0" and nxt in _HUNDREDS:
            return _finish_hundreds(int(word) * 100, words, i + 2, 2, breaks)  # "9 hundred"
        return word, 1
    glued = _glued_digits(word)
    if glued is not None:
        return glued, 1
    if word in _REPEATERS and _single_digit(nxt) is not None:
        return str(_single_digit(nxt)) * _REPEATERS[word], 2
    if word == "plus" and nxt and (nxt.isdigit() or nxt in _UNITS):
        rest = _parse_number(words, i + 1, breaks)
        if rest is not None:
            return "+" + rest[0], rest[1] + 1
    if word in _UNITS and 2 <= _UNITS[word] <= 5 and nxt == _TIMES:
        # "deux fois 0", "cinq fois le 2": the digit said that many times.
        k = i + 2 + (i + 2 < len(words) and words[i + 2] in ("le", "la"))
        digit = _single_digit(words[k]) if k < len(words) else None
        if digit is not None:
            return str(digit) * _UNITS[word], k - i + 1
    if word in _UNITS and 1 <= _UNITS[word] < 10 and nxt in _HUNDREDS:
        return _finish_hundreds(_UNITS[word] * 100, words, i + 2, 2, breaks)
    if word == "quatre" and nxt in ("vingt", "vingts"):
        return _finish_tens(80, words, i + 2, 2, breaks)
    if word in _TENS:
        return _finish_tens(_TENS[word], words, i + 1, 1, breaks)
    if word == "dix" and nxt in ("sept", "huit", "neuf"):
        return str(10 + _UNITS[nxt]), 2
    if word in _UNITS:
        return str(_UNITS[word]), 1
    return None


def _finish_hundreds(
    value: int, words: list[str], j: int, used: int, breaks: frozenset[int] = frozenset()
) -> tuple[str, int]:
    """A number of hundreds and what follows it as one number ("trois cent
    douze" 312, "deux cent 4" 204, "three hundred and twelve" 312; s9fix
    class 6): a house number said in words, read as one, like its digits."""
    if j in breaks or j >= len(words):
        return str(value), used
    k = j + 1 if words[j] in ("and", "et") and j + 1 < len(words) else j
    nxt = words[k]
    if nxt.isdigit() and len(nxt) <= 2:
        return str(value + int(nxt)), used + k - j + 1
    if nxt in _TENS or (nxt in _UNITS and nxt not in ("zero", "o", "oh")):
        rest = _parse_number(words, k, breaks)
        if rest is not None and rest[0].isdigit() and int(rest[0]) < 100:
            return str(value + int(rest[0])), used + k - j + rest[1]
    return str(value), used


def _finish_tens(
    value: int, words: list[str], j: int, used: int, breaks: frozenset[int] = frozenset()
) -> tuple[str, int]:
    if j in breaks:
        return str(value), used  # "quatre-vingt, onze": two groups, not 91
    nxt = words[j] if j < len(words) else ""
    after = words[j + 1] if j + 1 < len(words) else ""
    if value in (60, 80) and nxt == "dix" and after in ("sept", "huit", "neuf"):
        return str(value + 10 + _UNITS[after]), used + 2
    if value in (60, 80) and nxt in _UNITS and 10 <= _UNITS[nxt] <= 16:
        return str(value + _UNITS[nxt]), used + 1
    if nxt == "et" and after in ("un", "une", "onze"):
        return str(value + _UNITS[after]), used + 2
    if nxt in _UNITS and 1 <= _UNITS[nxt] <= 9:
        return str(value + _UNITS[nxt]), used + 1
    if len(nxt) == 1 and nxt in "123456789":
        return str(value + int(nxt)), used + 1  # "quarante 2", "quatre vingt 1"
    return str(value), used


def _single_digit(word: str) -> int | None:
    if len(word) == 1 and word.isdigit():
        return int(word)
    value = _UNITS.get(word)
    return value if value is not None and value < 10 else None


def _glued_digits(word: str) -> str | None:
    """A token of number words glued to digits ("huit3" 83, "five6" 56,
    "1two" 12, "dix8" 18, "cinquant1" 51, "zero7seven00"), or None: every
    letter part must be a number word, and there must be digits."""
    if word.isdigit() or word.isalpha() or not word.isascii():
        return None
    parts = _GLUED_PART.findall(word)
    if "".join(parts) != word:
        return None
    out: list[str] = []
    tens: int | None = None
    for part in parts:
        if part.isdigit():
            if tens is not None and len(part) == 1:
                out.append(str(tens + int(part)))
            else:
                out += [str(tens)] if tens is not None else []
                out.append(part)
            tens = None
            continue
        if tens is not None:
            out.append(str(tens))
            tens = None
        if part in _TENS or part in _TENS_STEMS:
            tens = _TENS.get(part, _TENS_STEMS.get(part))
        elif part == "dix":
            tens = 10
        elif part in _UNITS and _UNITS[part] < 10:
            out.append(str(_UNITS[part]))
        else:
            return None
    if tens is not None:
        out.append(str(tens))
    return "".join(out)


@dataclass(frozen=True, slots=True)
class DigitView:
    """``text`` with number words as digits; ``starts``/``ends`` map each of
    its characters back to the original."""

    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return (self.starts[start], self.ends[end - 1])


def _lone_digit_letters(tokens: list[tuple[int, int, str]], text: str) -> set[int]:
    """Single letters that stand for a digit between digits ("0 6 l 2 3 h 5…",
    "o-6-l-2…"): both neighbours hold a digit, or the one neighbour at the
    edge of the run does and is glued to it by punctuation."""
    found: set[int] = set()
    for i, (start, end, tok) in enumerate(tokens):
        if tok not in _LONE_DIGIT_LETTERS:
            continue
        before = tokens[i - 1] if i > 0 else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        digit_before = before is not None and _HAS_DIGIT.search(before[2]) is not None
        digit_after = after is not None and _HAS_DIGIT.search(after[2]) is not None
        if digit_before and digit_after:
            found.add(i)
        elif after is not None and digit_after and before is None:
            if text[end : after[0]].strip(" ") in _GLUES:
                found.add(i)
        elif (
            before is not None
            and digit_before
            and after is None
            and text[before[1] : start].strip(" ") in _GLUES
        ):
            found.add(i)
    return found


@lru_cache(maxsize=256)
def digit_view(text: str) -> DigitView:
    """Rewrite number words and look-alike digits as digits (see module doc).
    The last texts' views are kept: the filter and the conversation scorer
    both ask for the same message's."""
    # The common message, plain ASCII without a digit: nothing to rewrite
    # unless one of its words is a number word.
    if (
        text.isascii()
        and not _HAS_DIGIT.search(text)
        and _NUMBER_WORDS.isdisjoint(_ASCII_TOKEN.findall(text.lower()))
    ):
        return _identity(text)
    # Odd digits ("⁰⁶", "⓪⑥", "０６") read as digits, one character for one.
    return _digit_view(text if text.isascii() else text.translate(_DIGIT_FOLD))


def _digit_view(text: str) -> DigitView:
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    folded = [_fold(tok) for _, _, tok in tokens]
    has_digit = _HAS_DIGIT.search(text) is not None
    lone = _lone_digit_letters(tokens, text) if has_digit else set()
    if not lone and not _rewrites_a_word(folded):
        return _identity(text)
    if not has_digit and _only_lone_units(folded):
        return _identity(text)
    # A comma or a semicolon ends a spoken group ("quatre-vingt, onze").
    breaks = frozenset(
        k for k in range(1, len(tokens)) if _GROUP_END.search(text, tokens[k - 1][1], tokens[k][0])
    )
    pieces: list[tuple[str, int, int]] = []  # (text, original start, original end)
    cursor = 0
    i = 0
    while i < len(tokens):
        parsed = _parse_number(folded, i, breaks) if not folded[i].isdigit() else None
        if parsed is None:
            start, end, tok = tokens[i]
            if (_DISGUISED_DIGITS.fullmatch(tok) and not tok.isdigit()) or i in lone:
                pieces.extend(_verbatim(text, cursor, start))
                pieces.append((tok.translate(_LOOKALIKE_DIGITS), start, end))
                cursor = end
            i += 1
            continue
        run_start = tokens[i][0]
        digits: list[str] = []
        while i < len(tokens) and parsed is not None:
            value, used = parsed
            digits.append(value)
            run_end = tokens[i + used - 1][1]
            i += used
            if i < len(tokens) and _JOINER.fullmatch(text, run_end, tokens[i][0]):
                parsed = _parse_number(folded, i, breaks)
                if (
                    parsed is None
                    and folded[i] in _SAID_JOINERS
                    and i + 1 < len(tokens)
                    and _JOINER.fullmatch(text, tokens[i][1], tokens[i + 1][0])
                ):
                    parsed = _parse_number(folded, i + 1, breaks)
                    if parsed is not None:
                        i += 1  # the said separator is dropped with the run
            else:
                parsed = None
        after_digits = (
            len(digits) == 1
            and i - 1 > 0
            and folded[i - 2].isdigit()
            and _JOINER.fullmatch(text, tokens[i - 2][1], run_start) is not None
        )
        lone_word = len(digits) == 1 and len(digits[0]) < 2  # "un", "six"; not "quarante et un"
        if lone_word and not folded[i - 1].isdigit() and not after_digits:
            # a lone "un"/"six" is a word, not part of a number ("56 7 huit" is)
            continue
        pieces.extend(_verbatim(text, cursor, run_start))
        pieces.append((" ".join(digits), run_start, run_end))
        cursor = run_end
    if not pieces:
        return _identity(text)
    pieces.extend(_verbatim(text, cursor, len(text)))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for chunk, start, end in pieces:
        out.append(chunk)
        starts.extend([start] * len(chunk))
        ends.extend([end] * len(chunk))
    return DigitView("".join(out), tuple(starts), tuple(ends))


# The words that can join a unit word into a number ("zéro six", "six
# point sept", "deux fois 0", "neuf cent", "plus un", "quatre-vingt").
_NUMBERISH = _NUMBER_WORDS | _HUNDREDS | _SAID_JOINERS | {_TIMES}


def _only_lone_units(folded: list[str]) -> bool:
    """Whether every number word of a text without digits is a lone unit
    ("un", "six", "one"): nothing numberish follows it within two words,
    nor "plus" before it. The rewrite loop would keep such a word as a word
    (a lone single digit); French messages have "un" in most of them, and
    the loop is several times the cost of this test (speed, issue 12)."""
    for i, word in enumerate(folded):
        if word not in _NUMBER_WORDS:
            continue
        if _UNITS.get(word, 10) >= 10 or (i > 0 and folded[i - 1] == "plus"):
            return False
        if not _NUMBERISH.isdisjoint(folded[i + 1 : i + 3]):
            return False
    return True


def _rewrites_a_word(folded: list[str]) -> bool:
    """Whether a folded token is a number word or a disguised digit group.
    Most messages have neither: a set test first, and the per-token pattern
    only when some token holds a digit (the pattern requires one)."""
    if not _NUMBER_WORDS.isdisjoint(folded):
        return True
    if not _HAS_DIGIT.search(" ".join(folded)):
        return False
    return any(
        not word.isdigit() and (_DISGUISED_DIGITS.fullmatch(word) or _glued_digits(word))
        for word in folded
    )


def _identity(text: str) -> DigitView:
    # Ranges, not tuples: the map of an unchanged text costs nothing to build.
    return DigitView(text, range(len(text)), range(1, len(text) + 1))


def _verbatim(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(text[k], k, k + 1) for k in range(start, end)]
