"""Phone numbers followed by another number (issue 12, session 5): the
number is found among the digit groups instead of the whole run being read
as one invalid number; dates and times are not numbers to mask."""

import pytest

from causerie.safety.pipeline import SenderContext, default_filter

TEEN = SenderContext("teen", trust_level=0, account_age_days=1.0)


@pytest.mark.parametrize(
    "text",
    [
        "appelle moi au 06 12 34 56 78 123",
        "mon num 06 12 34 56 78 7",
        "zéro six douze trente-quatre cinquante-six soixante-dix-huit 55",
        "call me 07911 123456 2",
    ],
)
def test_a_number_followed_by_another_is_masked(text: str) -> None:
    verdict = default_filter().check(text, TEEN)
    assert verdict.decision == "mask" and "phone_number" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    ["rdv le 12/03/2024 14:30", "le 03/04 à 14:30 ok", "score 0 - 3 puis 2 - 1 en 2023"],
)
def test_dates_times_and_scores_are_not_phone_numbers(text: str) -> None:
    assert default_filter().check(text, TEEN).decision == "allow"
