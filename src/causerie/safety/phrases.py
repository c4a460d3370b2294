"""Whole-word phrase matching over the canonical text (Aho-Corasick).

Every phrase is normalised exactly like messages are, then stored padded
with spaces (``" nique ta mere "``), so a hit always starts and ends on a
word boundary: "député" never matches "pute". A trailing ``*`` in the data
keeps the right side open for word families (``pedophil*``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import ahocorasick

from causerie.safety._resources import choices, expand_row
from causerie.safety.normalise import Normalised, canonical, normalise


@dataclass(frozen=True, slots=True)
class PhraseEntry:
    """What a stored phrase means: ``kind`` (``lexicon``, ``cue``, ``app``,
    ``suppress``...), ``name`` (category or signal) and the source pattern."""

    kind: str
    name: str
    source: str
    strict: bool = False  # "=" in the data: doubled letters must be there
    # The row's place in the data: among hits ending at the same place, the
    # automaton gives the longest first, then the rows in data order.
    order: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Hit:
    """One phrase found: canonical ``[start, end)`` without the padding."""

    entry: PhraseEntry
    start: int
    end: int

    def overlaps(self, other: Hit) -> bool:
        """Whether the two hits share at least one character."""
        return self.start < other.end and other.start < self.end


_PIECE_CACHE: dict[str, str] = {}


def _canonical_piece(piece: str) -> str:
    """A piece of a pattern in canonical form, keeping whether it started or
    ended with a blank (pieces are glued back together afterwards)."""
    cached = _PIECE_CACHE.get(piece)
    if cached is None:
        lead = " " if piece[:1].isspace() else ""
        trail = " " if piece[-1:].isspace() else ""
        core = canonical(piece).strip()
        cached = f"{lead}{core}{trail}" if core else (" " if piece.strip() == "" and piece else "")
        _PIECE_CACHE[piece] = cached
    return cached


def _pad(core: str, prefix: bool) -> str:
    """An automaton key: the phrase padded with the boundary spaces (only on
    the left for a trailing-``*`` prefix pattern)."""
    return f" {core}" if prefix else f" {core} "


# A pattern standing for more phrases than this is stored as a chain of
# segments that must follow each other, word after word, instead of every
# phrase: a few sentence patterns with eight choices multiplied out to
# three million keys and took 17 s to build in every process.
SEGMENT_AT = 2_000


def _can_be_empty(part: list[str]) -> bool:
    return any(not piece.strip() for piece in part)


def _segments(row: list[list[str]]) -> list[list[list[str]]]:
    """The row of parts cut, at blanks between words only, into consecutive
    segments of at most ``SEGMENT_AT`` phrases where it can be: every segment
    says at least one word, so two segments are always one blank apart and a
    chain of hits reads exactly the phrases the whole row stands for."""
    cuts: list[int] = []
    size, said = 1, False
    for index, part in enumerate(row):
        blank = len(part) == 1 and not part[0].strip() and part[0] != ""
        rest_says = any(not _can_be_empty(later) for later in row[index + 1 :])
        if blank and said and rest_says and size * _widest_after(row, index) > SEGMENT_AT:
            cuts.append(index)
            size, said = 1, False
            continue
        size *= len(part)
        said = said or not _can_be_empty(part)
    bounds = [0, *cuts, len(row)]
    return [row[a + (1 if a else 0) : b] for a, b in itertools.pairwise(bounds)]


def _widest_after(row: list[list[str]], index: int) -> int:
    """How many pieces the next choice after ``index`` has (1 if none)."""
    for part in row[index + 1 :]:
        if len(part) > 1:
            return len(part)
    return 1


@dataclass(frozen=True, slots=True)
class Segment:
    """Part ``index`` of ``count`` of a long pattern stored as a chain."""

    entry: PhraseEntry
    index: int
    count: int


class PhraseIndex:
    """An immutable Aho-Corasick automaton over normalised phrases."""

    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """``rows`` are ``(kind, name, pattern)``; patterns are expanded."""
        table: dict[str, list[PhraseEntry | Segment]] = {}

        def store(key: str, item: PhraseEntry | Segment) -> None:
            items = table.setdefault(key, [])
            if item not in items:
                items.append(item)

        for order, (kind, name, raw_pattern) in enumerate(rows):
            strict = raw_pattern.startswith("=")
            pattern = raw_pattern.removeprefix("=")
            entry = PhraseEntry(kind, name, pattern, strict, order)
            prefix = pattern.endswith("*")
            row = choices(pattern.removesuffix("*"), _canonical_piece)
            segments = [row] if strict else _segments(row)
            for index, segment in enumerate(segments):
                last = index == len(segments) - 1
                # A pattern of one segment is stored whole, as its entry.
                item = entry if len(segments) == 1 else Segment(entry, index, len(segments))
                for phrase in expand_row(segment):  # blanks collapsed, never empty
                    store(_pad(phrase, prefix and last), item)
        self._automaton = ahocorasick.Automaton()
        for key, items in table.items():
            self._automaton.add_word(key, (len(key), tuple(items)))
        self.size = len(table)
        if table:
            self._automaton.make_automaton()

    def find(self, normalised: Normalised) -> Iterator[Hit]:
        """Every hit, overlapping ones included, in order of their end; hits
        ending at the same place longest first (a chain's hit takes the place
        its whole phrase had: the first hit of a kind is its evidence)."""
        if not self.size:
            return
        # (entry, segment index) -> end of that segment's hit -> chain starts
        chains: dict[tuple[PhraseEntry, int], dict[int, list[int]]] = {}
        completed: set[tuple[PhraseEntry, int, int]] = set()
        here: list[Hit] = []  # the hits ending at the automaton's last end
        chained = False
        last_end = -1
        for end, (length, items) in self._automaton.iter(normalised.text):
            if end != last_end:
                yield from _longest_first(here) if chained else here
                here, chained, last_end = [], False, end
            start = end - length + 1
            hit_end = end if normalised.text[end] == " " else end + 1
            for item in items:
                if isinstance(item, Segment):
                    before = len(here)
                    here += self._chain(chains, completed, item, start + 1, hit_end)
                    chained = chained or len(here) > before
                    continue
                if item.strict and not _doubled_letters_match(normalised, item, start + 1, hit_end):
                    continue
                here.append(Hit(item, start + 1, hit_end))
        yield from _longest_first(here) if chained else here

    @staticmethod
    def _chain(
        chains: dict[tuple[PhraseEntry, int], dict[int, list[int]]],
        completed: set[tuple[PhraseEntry, int, int]],
        segment: Segment,
        start: int,
        end: int,
    ) -> Iterator[Hit]:
        """A segment's hit continues the chains whose previous segment ended
        one blank before it; the last segment completes them, once per span
        (two cuts of the same words are one phrase)."""
        if segment.index == 0:
            starts = [start]
        else:
            starts = chains.get((segment.entry, segment.index - 1), {}).get(start - 1, [])
        if not starts:
            return
        if segment.index == segment.count - 1:
            for chain_start in starts:
                if (segment.entry, chain_start, end) not in completed:
                    completed.add((segment.entry, chain_start, end))
                    yield Hit(segment.entry, chain_start, end)
            return
        known = chains.setdefault((segment.entry, segment.index), {}).setdefault(end, [])
        known.extend(s for s in starts if s not in known)


def _longest_first(hits: list[Hit]) -> list[Hit]:
    return sorted(hits, key=lambda hit: (hit.start - hit.end, hit.entry.order))


def _doubled_letters_match(
    normalised: Normalised, entry: PhraseEntry, start: int, end: int
) -> bool:
    """Collapsing repeated letters made "nigger" and "Niger" one word; a strict
    entry also needs the original spelling to keep each doubled letter."""
    literal = normalise(entry.source, collapse=False).text.strip()
    pattern = "".join(
        re.escape(run.group(1)) + ("{2,}" if len(run.group(0)) > 1 else "+")
        for run in re.finditer(r"(.)\1*", literal)
    )
    excerpt = normalise(normalised.excerpt(start, end), collapse=False).text
    return re.search(pattern, excerpt) is not None
