"""Unicode confusables (UTS #39): the skeleton of a string and its scripts.

The data is Unicode's ``confusables.txt`` as shipped by the
``confusable-homoglyphs`` package (``confusables.json``), nothing is
downloaded. That file keeps each ``source → prototype`` line of
``confusables.txt`` in both directions, so the direction is rebuilt: a
source code point has exactly one entry (its prototype), a prototype lists
every source mapped to it; in a one-to-one pair the source is the one that
was written first. The result is the ``source → prototype`` map UTS #39's
``skeleton()`` uses ("1", "I" and "|" → "l", "m" → "rn", Cherokee "Ꮇ" →
"M", Cyrillic "а" → "a"), idempotent (no prototype is itself a source).
"""

from __future__ import annotations

import unicodedata
from functools import cache

from confusable_homoglyphs import categories, utils  # type: ignore[import-untyped]

_LRM = "\u200e"  # the package wraps right-to-left characters in marks


@cache
def prototypes() -> dict[str, str]:
    """``source character → prototype string`` (see the module docstring)."""
    data: dict[str, list[dict[str, str]]] = utils.load("confusables.json")
    order = {key: i for i, key in enumerate(data)}
    table: dict[str, str] = {}
    for key, entries in data.items():
        char = key.replace(_LRM, "")
        if len(char) != 1 or len(entries) != 1:
            continue  # a multi-character string or a prototype: never a source
        target = entries[0]["c"]
        clean = target.replace(_LRM, "")
        partner_entries = data.get(target, [])
        if len(clean) > 1 or len(partner_entries) > 1 or order[key] < order.get(target, -1):
            table[char] = clean
    return table


def skeleton(text: str) -> str:
    """UTS #39 ``skeleton``: NFD, each character replaced by its prototype, NFD."""
    table = prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(table.get(ch, ch) for ch in decomposed))


def scripts(text: str) -> set[str]:
    """The scripts of the letters of ``text`` (Common and Inherited left out:
    digits, punctuation and accents belong to every script)."""
    found = set()
    for ch in text:
        if ch.isalpha():
            script = categories.alias(ch)
            if script not in ("COMMON", "INHERITED"):
                found.add(script)
    return found
