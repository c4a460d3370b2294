"""Red-team classes (issue 12): personal data and hate written to slip past
the filter with letters for digits, odd grouping, asterisks and leetspeak."""

from __future__ import annotations

import pytest

from causerie.safety.normalise import canonical
from causerie.safety.pipeline import MessageFilter, SenderContext

TEEN = SenderContext("teen", trust_level=2, account_age_days=60)


@pytest.mark.parametrize(
    "text",
    [
        "o6 l2 3h 56 78",  # h for 4, o for 0, l for 1
        "mon num c o6.l2.3h.56.78",
        "06 l2 E4 S6 7B",
        "0 6 l 2 3 h 5 6 7 8",  # a letter alone between digits
        "o-6-l-2-3-h-5-6-7-8",
        "o6 l2 3h 5G 78",
    ],
)
def test_phone_numbers_with_letters_for_digits_are_masked(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN)
    assert verdict.decision == "mask"
    assert "phone_number" in verdict.reasons
    assert "78" not in verdict.text


@pytest.mark.parametrize(
    "text", ["le 2e et le 3e étage, 56 78", "I 2 go", "room 6 B 2", "rdv à 3h, on sera 56"]
)
def test_ordinary_digits_and_letters_are_no_phone_number(flt: MessageFilter, text: str) -> None:
    assert "phone_number" not in flt.check(text, TEEN).reasons


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("les n***** ça pue", "negres"),
        ("sale n*gre", "negre"),
        ("the n*****s", "nigers"),  # canonical forms collapse doubled letters
        ("f*ggots", "fagots"),
        ("k*kes", "kikes"),
        ("les p*d*s", "pedes"),
        ("les ni99ers", "nigers"),  # 9 for g
    ],
)
def test_masked_slurs_are_read_back(text: str, word: str) -> None:
    assert f" {word} " in canonical(text)


@pytest.mark.parametrize(
    "text", ["les n***** ça pue", "sale n*gre", "the n*****s", "f*ggots", "k*kes", "les ni99ers"]
)
def test_masked_slurs_are_refused(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN).decision == "block"


@pytest.mark.parametrize("text", ["f*** you", "what the f*** lol", "p****", "*****", "ta m*re"])
def test_masks_that_fit_no_listed_word_stay_masks(flt: MessageFilter, text: str) -> None:
    assert "hate" not in flt.check(text, TEEN).reasons
