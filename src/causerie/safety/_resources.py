"""Reading the safety data files shipped with the package.

Phrase files use a tiny pattern syntax so that the data stays readable while
the matcher stays a plain Aho-Corasick automaton: ``(a|b|)`` is a choice
(an empty branch, or ``(a|b)?``, makes it optional), ``{NAME}`` expands a macro defined in
``macros.txt``, and a trailing ``*`` makes the last word a prefix.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources

_GROUP = re.compile(r"(\([^()]*\))")
_MACRO = re.compile(r"\{([A-Z_]+)\}")
_SPACES = re.compile(r"\s+")
_OPTIONAL = re.compile(r"\(([^()]*)\)\?")


def data_lines(relative: str) -> list[str]:
    """Non-blank, non-comment lines of a data file under ``safety/data``."""
    root = resources.files("causerie.safety").joinpath("data")
    text = root.joinpath(relative).read_text(encoding="utf-8")
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def data_files(folder: str) -> list[str]:
    """Names of the files directly inside ``safety/data/<folder>``, sorted."""
    root = resources.files("causerie.safety").joinpath("data").joinpath(folder)
    return sorted(entry.name for entry in root.iterdir() if entry.is_file())


@cache
def macros() -> dict[str, tuple[str, ...]]:
    """``NAME = a|b|c`` lines of ``macros.txt``."""
    table: dict[str, tuple[str, ...]] = {}
    for line in data_lines("macros.txt"):
        name, _, body = line.partition("=")
        table[name.strip()] = tuple(alt.strip() for alt in body.split("|"))
    return table


def choices(pattern: str, transform: Callable[[str], str] | None = None) -> list[list[str]]:
    """A pattern as a row of parts, each a list of the pieces it may stand
    for: a literal part has one piece, a choice has one per branch (``""`` for
    an empty branch). ``transform`` is applied to every piece."""
    table = macros()
    pattern = _MACRO.sub(lambda m: "(" + "|".join(table[m.group(1)]) + ")", pattern)
    pattern = _OPTIONAL.sub(r"(\1|)", pattern)
    parts = _GROUP.split(pattern)
    row = [part[1:-1].split("|") if part.startswith("(") else [part] for part in parts]
    if transform is not None:
        row = [[transform(piece) for piece in options] for options in row]
    return row


def join_pieces(combo: Iterable[str]) -> str:
    """One phrase from one piece of each part, blanks collapsed."""
    return _SPACES.sub(" ", "".join(combo)).strip()


def expand_row(row: list[list[str]]) -> Iterator[str]:
    """Every literal phrase a row of parts (see ``choices``) stands for."""
    for combo in itertools.product(*row):
        phrase = join_pieces(combo)
        if phrase and phrase != "*":
            yield phrase


def expand(pattern: str) -> Iterator[str]:
    """Every literal phrase a pattern stands for."""
    return expand_row(choices(pattern))
