"""When ``phonenumbers.PhoneNumberMatcher`` cannot find anything for a
region: a necessary condition, read from the library's own candidate
pattern and metadata, so that the matcher (the slowest step on a text with
eight digits or more and no number, issue 12) is skipped only where its
answer is known to be empty. The matcher stays the only code that finds
numbers; this never adds a finding, it only skips a search.

Why the condition holds (VALID leniency). The matcher looks at the
candidates of its pattern one after the other (``_find``): each is searched
from where the previous, trimmed, one ended, and every number it returns is
parsed from a piece of the first candidate that gives one (the whole
candidate, or an inner group of it). So when every candidate is hopeless,
nothing is found. A candidate is hopeless for region R when

- it has no plus sign and no ";" (the only ways, with the international
  prefix, to give another country's code: "+44…", ";phone-context=+44");
- no zero opens a run of ASCII digits in it: R's international prefix
  ("00" for FR and GB, "011" for US) starts with a zero, and a parsed piece
  starts at the candidate's start or after a separator, and, when letters
  are read as digits ("1-800-FLOWERS"), at its first ASCII digit or letter
  (letters read 2 to 9, never 0);
- so the number can only have R's country code, and a valid one then has a
  national number whose length is one of those of that code's regions; its
  digits are some of the candidate's letters and digits (``str.isalnum``
  counts every character the parser can read as a digit; R's national
  prefix rule only strips digits, and a region whose rule rewrites them,
  like Guernsey's, is never skipped), so a candidate with fewer of them
  than the shortest such length has no valid number.

``tests/unit/safety/test_safety_phone_candidates.py`` compares this with the
matcher on generated text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import phonenumbers
from phonenumbers import phonenumbermatcher

# The matcher's own candidate pattern and the trim it applies to each
# candidate ("… / x…" starts a second number), not copies of them.
_CANDIDATE: re.Pattern[str] = phonenumbermatcher._PATTERN
_SECOND_NUMBER_START: re.Pattern[str] = vars(phonenumbermatcher)["_SECOND_NUMBER_START_PATTERN"]
_ANOTHER_COUNTRY = frozenset("+\uff0b;")
_ASCII_DIGITS = frozenset("0123456789")


@cache
def _shortest_valid_length(region: str) -> int:
    """The shortest national number valid in a region that shares
    ``region``'s country code, or 0 (never skip) when the metadata does not
    allow the argument above (an international prefix not starting with a
    zero, a region without its lengths)."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.country_code is None:
        return 0
    if not re.fullmatch(r"0\d*", metadata.international_prefix or ""):
        return 0
    if metadata.national_prefix_transform_rule:
        return 0  # the parser may add digits (Guernsey's "1481" before six)
    lengths: list[int] = []
    for sibling in phonenumbers.region_codes_for_country_code(metadata.country_code):
        sibling_metadata = phonenumbers.PhoneMetadata.metadata_for_region(sibling)
        if sibling_metadata is None or sibling_metadata.general_desc is None:
            return 0
        possible = sibling_metadata.general_desc.possible_length
        if not possible or min(possible) < 1:
            return 0  # no length given: the parser does not check the length
        lengths.extend(possible)
    return min(lengths, default=0)


def matcher_candidates(text: str) -> Iterator[str]:
    """The candidates ``PhoneNumberMatcher._find`` looks at, in order, when
    none of them gives a number (trimmed as it trims them)."""
    index = 0
    while (match := _CANDIDATE.search(text, index)) is not None:
        candidate = match.group()
        if (second := _SECOND_NUMBER_START.search(candidate)) is not None:
            candidate = candidate[: second.start()]
        yield candidate
        index = match.start() + len(candidate)


def _may_hold_a_number(candidate: str, shortest: int) -> bool:
    if _ANOTHER_COUNTRY.intersection(candidate):
        return True
    if sum(map(str.isalnum, candidate)) >= shortest:
        return True
    return any(
        ch.isdecimal() and int(ch) == 0 and (i == 0 or candidate[i - 1] not in _ASCII_DIGITS)
        for i, ch in enumerate(candidate)
    )


def regions_worth_matching(text: str, regions: tuple[str, ...]) -> list[str]:
    """The regions among ``regions`` for which ``PhoneNumberMatcher(text,
    region, leniency=VALID)`` may find a number: the others certainly find
    nothing (see the module's docstring)."""
    candidates = list(matcher_candidates(text))
    return [
        region
        for region in regions
        if any(_may_hold_a_number(c, _shortest_valid_length(region)) for c in candidates)
    ]
