"""Real first names, surnames and places must not be refused as pseudonyms
because they happen to contain a policy stem (regressions seen in review)."""

from __future__ import annotations

import pytest

from causerie.safety.names import check_name

INNOCENT = [
    "Kevin",
    "Karim",
    "Koffi",
    "Cookie",
    "Cocktail",
    "Hooker",
    "Dickens",
    "blackpanther",
    "Shitake",
    "Peacock",
    "Hancock",
    "Modou",
    "Nazim",
    "Nazir",
    "Staffan",
    "Pornichet",
    "Lolie",
    "Loliane",
    "Camille",
    "Mamadou",
    "Aminata",
    "Torpedo",
]


@pytest.mark.parametrize("name", INNOCENT)
def test_innocent_names_are_allowed(name: str) -> None:
    assert check_name(name).allowed, name


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("KKK", "hate"),
        ("k.k.k", "hate"),
        ("nazi_lover", "hate"),
        ("p3d0", "minor_sexualisation"),
        ("modo_officiel", "staff_impersonation"),
    ],
)
def test_policy_names_are_refused(name: str, reason: str) -> None:
    verdict = check_name(name)
    assert not verdict.allowed and verdict.reason == reason
