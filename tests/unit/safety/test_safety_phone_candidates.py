"""The phone matcher is skipped for a region only where it finds nothing
(issue 12, ``safety/phone_candidates.py``): compared with the matcher
itself on generated text rich in what its parser reads specially (plus
signs, international prefixes, letters read as digits, extensions,
separators, other scripts' digits)."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from causerie.safety.personal_data import find_phone_numbers
from causerie.safety.phone_candidates import matcher_candidates, regions_worth_matching

_REGIONS = ("FR", "GB", "US")
_PIECES = st.sampled_from(
    ["0", "00", "011", "1", "2", "33", "44", "6", "7", "9", "12", "2009", "1234", "0612",
     "7911", "555", "+", "＋", " ", "-", ".", "/", "(", ")", "x", " x ", "ext ", "#", ";",
     "a", "lea_", "FLOWERS", "٠", "٣", "０", "６", "€", "%", ":", "h", "tel:", ";phone-context=",
     "ı", "snap: ",
     # pieces of valid numbers: French, British (7 and 10 digits) and North
     # American national numbers, so that a wrong skip shows
     "612345678", "6 12 34 56 78", "7911123456", "7911 123456", "8001111", "2025550143",
     "202 555 0143", "0800 1111",
     # short national numbers of other countries (Niue, Saint Helena), only
     # reachable through a plus sign or an international prefix
     "683", "4002", "290", "22158", "+683 4002", "＋683 4002", "00 683 4002", "011 683 4002",
     "(00683 4002)", "/00 683 4002"]
)  # fmt: skip
_TEXT = st.lists(_PIECES, max_size=16).map("".join)


def _matches(text: str, region: str) -> list[tuple[int, int]]:
    return [
        (m.start, m.end)
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
    ]


@settings(max_examples=1500, deadline=None)
@given(_TEXT)
def test_a_skipped_region_is_one_where_the_matcher_finds_nothing(text: str) -> None:
    kept = regions_worth_matching(text, _REGIONS)
    for region in _REGIONS:
        if region not in kept:
            assert _matches(text, region) == [], (text, region)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from("0123456789 -./+"), min_size=7, max_size=16).map("".join))
def test_digit_runs_near_a_valid_length_are_never_skipped_wrongly(text: str) -> None:
    kept = regions_worth_matching(text, _REGIONS)
    for region in _REGIONS:
        if region not in kept:
            assert _matches(text, region) == [], (text, region)


def test_the_candidates_are_the_matchers_own() -> None:
    assert list(matcher_candidates("snap: lea_2009 1234 et 06 12")) == ["2009 1234", "06 12"]
    assert list(matcher_candidates("no digits here")) == []


@pytest.mark.parametrize(
    "text",
    [
        "ajoute moi sur snap: lea_2009 1234",
        "my snap is max_2011 4567",
        "j'ai eu 2009 1234 points au jeu",
        "score 9876 5432 lol",
    ],
)
def test_eight_digits_without_a_zero_lead_skip_the_french_matcher(text: str) -> None:
    # Nine digits at least make a French national number: eight cannot.
    assert "FR" not in regions_worth_matching(text, _REGIONS)
    assert find_phone_numbers(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "appelle moi au 06 12 34 56 78",
        "mon num 0612345678",
        "call me +44 7911 123456",
        "00 33 6 12 34 56 78",
        "ring 07700 900123",
        "+1 202 555 0143 anytime",
    ],
)
def test_numbers_keep_every_region_that_may_find_them(text: str) -> None:
    assert regions_worth_matching(text, _REGIONS) == list(_REGIONS)
    assert find_phone_numbers(text) != []


@pytest.mark.parametrize("text", ["12/00 683 4002", "1 - 00 683 4002", "5 (00683 4002)"])
def test_an_international_prefix_inside_a_candidate_keeps_the_region(text: str) -> None:
    # The matcher reads the piece after a separator on its own: "00" there
    # is the international prefix, and Niue's numbers have four digits.
    assert _matches(text, "FR") != []
    assert "FR" in regions_worth_matching(text, _REGIONS)


def test_a_region_whose_parser_adds_digits_is_never_skipped() -> None:
    # Guernsey's national prefix rule turns six digits into ten ("1481…").
    assert regions_worth_matching("appel 72 34 56", ("GG",)) == ["GG"]
    assert regions_worth_matching("appel 72 34 56", ("FR",)) == []
