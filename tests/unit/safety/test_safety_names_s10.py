"""Session 10 (review 10, section 9): names that got through.

Each class is tested with wordings of our own, FR and EN, and with the hard
negatives next to it that must stay accepted."""

from __future__ import annotations

import pytest

from causerie.safety.names import pseudo_key

# --- Look-alike copies: a symbol standing for a letter ---------------------


@pytest.mark.parametrize(
    ("existing", "copy"),
    [
        ("Louise", "Loui$e"),
        ("Clara", "Cl@ra"),
        ("Jessica", "J€ssica"),
        ("Lisa", "L!sa"),
        ("Samir", "$amir"),
        ("Sarah", "$@rah"),
        ("Melissa", "Meli$$a"),
    ],
)
def test_symbol_for_a_letter_copies_the_pseudonym(existing: str, copy: str) -> None:
    assert pseudo_key(copy) == pseudo_key(existing)


@pytest.mark.parametrize(
    ("existing", "other"),
    [("Lea", "Leo"), ("Sam", "Sami"), ("Louise", "Louis"), ("Clara", "Clarisse")],
)
def test_different_pseudonyms_keep_different_keys(existing: str, other: str) -> None:
    assert pseudo_key(other) != pseudo_key(existing)


@pytest.mark.parametrize("decorated", ["@lea", "lea@", "Lea$", "lea!", "!lea"])
def test_a_symbol_at_an_end_is_decoration(decorated: str) -> None:
    assert pseudo_key(decorated) == pseudo_key("Lea")
