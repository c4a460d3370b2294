"""Links: URLs, bare domains and invite links, including disguised dots
("exemple dot com", "exemple(.)fr")."""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from functools import cache

import regex

_TLDS = (
    "com|fr|net|org|io|co|uk|de|be|ch|ca|eu|info|biz|me|tv|gg|ly|app|xyz|ru|"
    "us|es|it|nl|pl|pt|online|site|store|shop|link|club|live|top|vip|cc|to|sh"
)
_SPACED_TLDS = "com|net|org|io|ly|xyz|ru|biz|cc|sh"
_URL = regex.compile(
    r"(?i)\b(?:https?://|www\.)\S+"
    r"|\b(?:[a-z0-9-]+\.)+(?:" + _TLDS + r")\b(?:/\S*)?"
    r"|\b[a-z0-9-]{2,}\s*(?:\(\.\)|\[\.\]|\((?:dot|point)\)|\[(?:dot|point)\]|\s(?:dot|point)\s)\s*"
    r"(?:" + _TLDS + r")\b"
    # A dot spaced out ("bit . ly / x", "site .com"): only before a domain that is
    # never a word after a full stop ("fini. ca va", "bien joue. gg" stay text).
    r"|\b[a-z0-9-]{2,}(?:\s+\.\s*|\s*\.\s+)(?:" + _SPACED_TLDS + r")\b(?:\s*/\s*\S+)?"
    # Any domain, spaced, with a path after it ("discord . gg / abc", "t . me / x").
    r"|\b[a-z0-9-]{1,}\s*\.\s*(?:" + _TLDS + r")\s*/\s*[a-z0-9]\S*"
    # "www" spaced out before a domain ("www . freegift . fr"): "www" is no
    # word, so any top-level domain after it (review 8, s8fix2).
    r"|\bwww\s*(?:\.|\s(?:dot|point)\s)\s*[a-z0-9-]{2,}\s*(?:\.|\s(?:dot|point)\s)\s*"
    r"(?:" + _TLDS + r")\b"
)
# Session 23: every top-level domain of the Public Suffix List's ICANN part
# (the ``publicsuffixlist`` package ships it; nothing is downloaded), not
# only the short list above: "robux-drop.gift", "forms.gle/x", "linktr.ee/x",
# "free-airtime.click" were text (53 of 1,159 links of the training split).
# A domain under one of these others needs more than "word.word" to be a
# link, since chat glues words to full stops ("c'était bien.love u") and
# handles have dots ("sc: nourr.sk", "insta dex.on.ice"): a path, or a
# hyphen or a digit in a real-looking label (``_other_tld_link``).
# ``example`` (RFC 2606) is where invented domains live, in tests and in the
# corpus.
_ANY_DOMAIN = regex.compile(r"(?i)\b((?:[a-z0-9][a-z0-9-]*\.)+)([a-z]{2,24})\b(/\S*)?")
_SHORT_TLDS = frozenset(_TLDS.split("|"))


@cache
def _all_tlds() -> frozenset[str]:
    data = importlib.resources.files("publicsuffixlist").joinpath("public_suffix_list.dat")
    icann = data.read_text(encoding="utf-8").split("===END ICANN DOMAINS===")[0]
    rules = (line.strip() for line in icann.splitlines())
    return frozenset(
        rule
        for rule in rules
        if rule and rule.isascii() and "." not in rule and not rule.startswith(("//", "*", "!"))
    ) | {"example"}


def _other_tld_link(match: regex.Match[str]) -> bool:
    labels, tld, path = match.group(1), match.group(2).lower(), match.group(3)
    if tld in _SHORT_TLDS or tld not in _all_tlds():
        return False
    if bool(path):
        return True
    # A hyphen or a digit in a real name ("skins-drop", "robux4free"), not a
    # time, a score or an ordinal glued to a word ("14h.cafe", "2-1.football",
    # "18.30.pm", "2e.bar"): at least four characters, two of them letters.
    return any(
        (("-" in label) or any(c.isdigit() for c in label))
        and len(label) >= 4
        and sum(c.isalpha() for c in label) >= 2
        for label in labels.rstrip(".").split(".")
    )


# Things that look like domains but are not links in chat.
_NOT_LINKS = regex.compile(r"(?i)^(?:\d+\.\d+.*|[a-z]\.[a-z]\.?|e\.g\.?|i\.e\.?|etc\.)$")


def _may_link(text: str) -> bool:
    """Whether ``_URL`` can match at all: each of its forms needs a dot,
    "://", or the word "dot" or "point". A cheap test for the common
    message (the pattern tries every word as a domain). Only for ASCII
    text: case-insensitive matching of other scripts is left to the pattern."""
    if not text.isascii() or "." in text or "://" in text:
        return True
    lowered = text.lower()
    return "dot" in lowered or "point" in lowered


@dataclass(frozen=True, slots=True)
class LinkMatch:
    start: int
    end: int
    text: str


def find_links(text: str, ignore: list[tuple[int, int]] | None = None) -> list[LinkMatch]:
    """Every link-like span of ``text`` (original offsets), except those
    overlapping an ``ignore`` span (an e-mail address is not a link)."""
    return _find_links(text, ignore) if _may_link(text) else []


# Session 17 (review s17b): dots written with a look-alike ("www·site·fr",
# "site．fr") read as dots, and invisible characters around a dot ("bit\u2060.
# \u2060ly") as spaces, which the spaced forms above already read. One
# character for one, so a link's offsets are the original's.
_DOT_VIEW = str.maketrans(
    {**dict.fromkeys("\u00b7\u2022\u2219\u22c5\uff0e\u3002\uff61", "."),
     **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", " ")}
)  # fmt: skip


def _find_links(text: str, ignore: list[tuple[int, int]] | None) -> list[LinkMatch]:
    found: list[LinkMatch] = []
    view = text if text.isascii() else text.translate(_DOT_VIEW)
    for match in _URL.finditer(view):
        _keep(text, match.start(), match.end(), ignore, found)
    for match in _ANY_DOMAIN.finditer(view):
        start, end = match.start(), match.end()
        if not any(f.start < end and start < f.end for f in found) and _other_tld_link(match):
            _keep(text, start, end, ignore, found)
    return found


def _keep(
    text: str, start: int, end: int, ignore: list[tuple[int, int]] | None, found: list[LinkMatch]
) -> None:
    """Add ``text[start:end]`` to ``found`` unless it is a version number, an
    abbreviation, the domain of an e-mail, or inside an ``ignore`` span."""
    value = text[start:end].rstrip(".,;:!?)")
    if _NOT_LINKS.fullmatch(value) or "@" in text[max(0, start - 1) : start]:
        return
    end = start + len(value)
    if not any(a < end and start < b for a, b in ignore or ()):
        found.append(LinkMatch(start, end, value))
