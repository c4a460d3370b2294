"""Text rules shared by every path: message normalisation and pseudonyms."""

from __future__ import annotations

import unicodedata

from causerie.domain.errors import CauserieError, Invalid

MAX_MESSAGE_CHARS = 2000
PSEUDO_MIN, PSEUDO_MAX = 3, 24
BIO_MAX = 500

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def clean_text(text: str) -> str:
    """NFC, control characters stripped (newline and tab kept), zero-width
    characters removed, trailing/leading whitespace trimmed."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    kept = [
        ch
        for ch in text
        if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    ]
    return "".join(kept).strip()


def normalise_message(text: str) -> str:
    """The stored form of a chat message; refuses empty and over-long text."""
    cleaned = clean_text(text)
    if not cleaned:
        raise Invalid(field="text")
    if len(cleaned) > MAX_MESSAGE_CHARS:
        raise CauserieError("too_long", max=MAX_MESSAGE_CHARS)
    return cleaned


def validate_pseudo(pseudo: str) -> str:
    """3-24 of letters (accents allowed), digits, ``_``, ``-``, ``.``."""
    pseudo = unicodedata.normalize("NFC", pseudo.strip())
    # The limits travel with the refusal so its sentence can state the rule
    # instead of a bare "check the pseudo field".
    if not PSEUDO_MIN <= len(pseudo) <= PSEUDO_MAX:
        raise Invalid(field="pseudo", min=PSEUDO_MIN, max=PSEUDO_MAX)
    for ch in pseudo:
        if ch in "_-.":
            continue
        if not (ch.isalpha() or ch in "0123456789"):
            raise Invalid(field="pseudo", min=PSEUDO_MIN, max=PSEUDO_MAX)
    return pseudo


def validate_bio(bio: str) -> str:
    bio = clean_text(bio)
    if len(bio) > BIO_MAX:
        raise Invalid(field="bio", max=BIO_MAX)
    return bio
