"""Formats a compiled message (the tree below) with CLDR's plural rules and
date and number patterns (Babel). src/causerie/web/messageformat.js is the
same interpreter in the browser, with Intl's CLDR data: the shared vectors
(tests/js/fixtures/catalogue-vectors.json) hold both to the same text.

A compiled message is a string, or a list of parts; a part is a string or a
list ``[name]`` (the argument as text), ``[name, "#"]`` (the plural's number),
``[name, "n"]`` (a number), ``[name, "d" | "t", style]`` (a date, a time:
short, medium, long or full) or ``[name, "p" | "s", {key: message}]`` (plural
and select; plural keys are CLDR categories or ``=N``)."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, tzinfo
from typing import Any, Literal, TypeAlias, cast

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal

Part: TypeAlias = str | list[Any]
Compact: TypeAlias = str | list[Part]
DateStyle: TypeAlias = Literal["full", "long", "medium", "short"]

_STYLES = ("short", "medium", "long", "full")
# The regional form whose dates and numbers a language's readers get: English
# dates as in Britain and Ireland ("2 December 2026, 14:05"), a 24-hour
# clock in both languages (messageformat.js uses the same tags).
REGIONS = {"fr": "fr_FR", "en": "en_GB"}


@functools.cache
def _locale(language: str) -> Locale:
    return Locale.parse(REGIONS.get(language, language))


def _when(value: Any) -> datetime:
    """A datetime from a datetime or an ISO 8601 text; naive means UTC (the
    server stores UTC)."""
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _style(part: list[Any]) -> DateStyle:
    style = part[2] if len(part) > 2 else "medium"
    return cast("DateStyle", style if style in _STYLES else "medium")


def _number(value: Any, language: str) -> str:
    return str(format_decimal(value, locale=_locale(language)))


def _plural(value: Any, options: dict[str, Compact], language: str) -> Compact:
    exact = f"={value}"
    if exact in options:
        return options[exact]
    category = _locale(language).plural_form(value)
    return options.get(category, options["other"])


def format_compact(
    compact: Compact, args: dict[str, Any], language: str, zone: tzinfo = UTC
) -> str:
    if isinstance(compact, str):
        return compact
    return "".join(_part(part, args, language, zone) for part in compact)


def _part(part: Part, args: dict[str, Any], language: str, zone: tzinfo) -> str:
    if isinstance(part, str):
        return part
    name = part[0]
    kind = part[1] if len(part) > 1 else None
    if name not in args:
        # Visible rather than silent, as the client does: a missing argument is a bug.
        return (
            "{" + name + "}"
            if kind in (None, "#", "n", "d", "t")
            else _branch(part, None, args, language, zone)
        )
    value = args[name]
    if kind is None:
        return str(value)
    if kind in ("#", "n"):
        return _number(value, language)
    if kind == "d":
        return str(
            format_date(_when(value).astimezone(zone), _style(part), locale=_locale(language))
        )
    if kind == "t":
        return str(format_time(_when(value), _style(part), tzinfo=zone, locale=_locale(language)))
    return _branch(part, value, args, language, zone)


def _branch(part: list[Any], value: Any, args: dict[str, Any], language: str, zone: tzinfo) -> str:
    options: dict[str, Compact] = part[2]
    if part[1] == "p":
        chosen = _plural(value if value is not None else 0, options, language)
    else:
        chosen = options.get(str(value), options["other"])
    return format_compact(chosen, args, language, zone)
