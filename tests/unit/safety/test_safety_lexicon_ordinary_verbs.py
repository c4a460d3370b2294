"""Ordinary verbs that a sexual-content phrase once caught with an optional
pronoun: "je veux prendre un café" was refused to every teen in a public
room as sexual content (lexicon fr/sexual_content.txt, found in session 11).
The phrase now needs a pronoun aimed at a person for "sucer"/"lécher", and
"prendre" only counts in its sexual locutions."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import default_filter
from causerie.safety.verdict import SenderContext

TEEN_PUBLIC = SenderContext(band="teen", trust_level=1, account_age_days=30, is_private=False)
ADULT_PUBLIC = SenderContext(band="adult", trust_level=1, account_age_days=30, is_private=False)


@pytest.mark.parametrize(
    "text",
    [
        "je veux prendre un café",
        "viens prendre l'apéro",
        "qui veut lécher le plat du gâteau",
        "je veux sucer des glaçons",
        "je veux prendre le train de 8h",
        "je veux prendre des cours de guitare",
    ],
)
@pytest.mark.parametrize("ctx", [TEEN_PUBLIC, ADULT_PUBLIC], ids=["teen", "adult"])
def test_ordinary_wants_are_delivered(text: str, ctx: SenderContext) -> None:
    assert default_filter().check(text, ctx).decision == "allow"


@pytest.mark.parametrize(
    "text",
    ["je veux te sucer", "viens me sucer", "qui veut baiser", "j ai envie de te baiser"],
)
def test_sexual_wants_are_still_refused_to_teens(text: str) -> None:
    verdict = default_filter().check(text, TEEN_PUBLIC)
    assert verdict.decision == "block" and "sexual_content" in verdict.reasons
