"""The catalogue: ICU MessageFormat source texts (``fr.json``, ``en.json``),
parsed once by pyicumessageformat and compiled to the compact tree that
formatting.py (server) and messageformat.js (browser) interpret.

Keys are dotted words; the server's own sentences live under prefixes the
browser never needs (problem texts, safety categories, statements of
reasons), which client_catalogue() leaves out so the browser downloads only
what it shows."""

from __future__ import annotations

import functools
import json
from datetime import UTC
from importlib import resources
from typing import Any

from pyicumessageformat import Parser

from causerie.i18n.formatting import Compact, Part, format_compact

LANGUAGES = ("fr", "en")
DEFAULT = "fr"
# Sentences only the server says: the client gets them in `detail` texts.
SERVER_ONLY = ("problem.", "category.", "statement.")

# Plurals must have "other" (CLDR's fallback in every language); no HTML-like tags.
_PARSER = Parser({"require_other": True, "allow_tags": False})


@functools.cache
def source(language: str) -> dict[str, str]:
    """The language's source texts, key -> ICU message."""
    text = (resources.files("causerie.i18n") / f"{language}.json").read_text("utf-8")
    loaded: dict[str, str] = json.loads(text)
    return loaded


def compile_message(text: str) -> Compact:
    """The compact tree of one ICU message (see formatting.py)."""
    return _simplify([_node(node) for node in _PARSER.parse(text)])


def _simplify(parts: list[Part]) -> Compact:
    merged: list[Part] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    if not merged:
        return ""
    if len(merged) == 1 and isinstance(merged[0], str):
        return merged[0]
    return merged


def _node(node: Any) -> Part:
    if isinstance(node, str):
        return node
    name: str = node["name"]
    kind = node.get("type")
    if kind is None:
        return [name]
    if node.get("hash"):
        return [name, "#"]
    if kind == "number":
        return [name, "n"]
    if kind in ("date", "time"):
        style = node.get("format") or "medium"
        return [name, kind[0], style]
    if kind in ("plural", "select"):
        if node.get("offset"):
            raise ValueError(f"plural offsets are not supported ({name})")
        options = {
            key: _simplify([_node(child) for child in value])
            for key, value in node["options"].items()
        }
        return [name, kind[0], options]
    raise ValueError(f"unsupported argument type {kind!r} ({name})")


@functools.cache
def compiled(language: str) -> dict[str, Compact]:
    return {key: compile_message(text) for key, text in source(language).items()}


# Parts of the client's catalogue only some pages need, fetched when one of
# them opens (i18n.js loadPart): the moderator console's words (about a
# third of the catalogue) are not downloaded by a member's first screen.
PARTS: dict[str, tuple[str, ...]] = {"moderation": ("mod.", "tr.", "signal.")}


def client_catalogue(language: str, part: str | None = None) -> dict[str, Compact]:
    """What the browser needs in ``language``: every message but the
    server's own, and but the parts (or only ``part``)."""
    in_parts = tuple(prefix for prefixes in PARTS.values() for prefix in prefixes)
    wanted = PARTS[part] if part is not None else None
    return {
        key: value
        for key, value in compiled(language).items()
        if not key.startswith(SERVER_ONLY)
        and (key.startswith(wanted) if wanted is not None else not key.startswith(in_parts))
    }


def has(key: str, language: str = DEFAULT) -> bool:
    return key in compiled(language if language in LANGUAGES else DEFAULT)


def message(key: str, language: str, /, **args: Any) -> str:
    """The sentence ``key`` in ``language`` (French when unknown), its
    arguments filled in; a key missing in one language falls back to French,
    then to the key itself (tests keep both catalogues complete)."""
    language = language if language in LANGUAGES else DEFAULT
    table = compiled(language)
    compact = table.get(key)
    if compact is None:
        compact = compiled(DEFAULT).get(key, key)
    # Server texts state their time zone: dates are formatted in UTC.
    return format_compact(compact, args, language, UTC)
