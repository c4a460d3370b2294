"""Whole-word phrase matching over the canonical text (Aho-Corasick).

Every phrase is normalised exactly like messages are, then stored padded
with spaces (``" nique ta mere "``), so a hit always starts and ends on a
word boundary: "député" never matches "pute". A trailing ``*`` in the data
keeps the right side open for word families (``pedophil*``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from causerie.safety._resources import expand
from causerie.safety.normalise import Normalised, canonical, normalise


@dataclass(frozen=True, slots=True)
class PhraseEntry:
    """What a stored phrase means: ``kind`` (``lexicon``, ``cue``, ``app``,
    ``suppress``...), ``name`` (category or signal) and the source pattern."""

    kind: str
    name: str
    source: str
    strict: bool = False  # "=" in the data: doubled letters must be there


@dataclass(frozen=True, slots=True)
class Hit:
    """One phrase found: canonical ``[start, end)`` without the padding."""

    entry: PhraseEntry
    start: int
    end: int


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


def phrase_keys(pattern: str) -> Iterator[str]:
    """The automaton keys of a data pattern: each phrase it stands for in
    canonical form, padded with the boundary spaces (only on the left for a
    trailing-``*`` prefix pattern)."""
    prefix = pattern.endswith("*")
    for phrase in expand(pattern.removesuffix("*"), _canonical_piece):
        core = " ".join(phrase.split())
        if core:
            yield f" {core}" if prefix else f" {core} "


class PhraseIndex:
    """An immutable Aho-Corasick automaton over normalised phrases."""

    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """``rows`` are ``(kind, name, pattern)``; patterns are expanded."""
        table: dict[str, list[PhraseEntry]] = {}
        for kind, name, raw_pattern in rows:
            strict = raw_pattern.startswith("=")
            pattern = raw_pattern.removeprefix("=")
            entry = PhraseEntry(kind, name, pattern, strict)
            for key in phrase_keys(pattern):
                entries = table.setdefault(key, [])
                if entry not in entries:
                    entries.append(entry)
        self._automaton = ahocorasick.Automaton()
        for key, entries in table.items():
            self._automaton.add_word(key, (len(key), tuple(entries)))
        self.size = len(table)
        if table:
            self._automaton.make_automaton()

    def find(self, normalised: Normalised) -> Iterator[Hit]:
        """Every hit, overlapping ones included, in order of their end."""
        if not self.size:
            return
        for end, (length, entries) in self._automaton.iter(normalised.text):
            start = end - length + 1
            hit_end = end if normalised.text[end] == " " else end + 1
            for entry in entries:
                if entry.strict and not _doubled_letters_match(
                    normalised, entry, start + 1, hit_end
                ):
                    continue
                yield Hit(entry, start + 1, hit_end)


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
