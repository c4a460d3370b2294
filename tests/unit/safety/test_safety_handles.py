"""Off-platform handles in any spelling reach no teen unmasked: app emoji
and abbreviations ("👻 lea_2009", "sc lea_2009", "snp", "tg", "wsp"), and
invitations to a group elsewhere."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import MessageFilter, SenderContext
from causerie.safety.verdict import MASK_TOKEN

TEEN = SenderContext("teen", trust_level=1, account_age_days=30)
ADULT = SenderContext("adult", trust_level=2, account_age_days=90, is_private=True)


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("👻 lea_2009", "lea_2009"),
        ("sc lea_2009", "lea_2009"),
        ("👻 : chloe_dlr rajoutez moi", "chloe_dlr"),
        ("sc 👉 noa.tmz", "noa.tmz"),
        ("snp: zoe.h", "zoe.h"),
        ("tg @marco_77", "marco_77"),
        ("insta: lea.x", "lea.x"),
        ("ajoutez moi 👻 lucas.sudouest", "lucas.sudouest"),
    ],
)
def test_handles_are_masked_for_teens(flt: MessageFilter, text: str, handle: str) -> None:
    verdict = flt.check(text, TEEN)
    assert verdict.decision == "mask"
    assert handle not in verdict.text and MASK_TOKEN in verdict.text


@pytest.mark.parametrize(
    "text",
    [
        "venez tous sur mon telegram",
        "qui veut rejoindre mon groupe discord ?",
        "join our discord server for the raid",
        "find me on tg",
        "parle moi sur insta plutot",
    ],
)
def test_invitations_elsewhere_are_masked_for_teens(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN)
    assert verdict.decision == "mask" and "off_platform" in verdict.reasons


@pytest.mark.parametrize("text", ["je suis en sc eco", "trop drole 👻", "on fait un tg de fifa"])
def test_abbreviations_alone_are_not_handles(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN).decision == "allow"


def test_established_adults_share_handles(flt: MessageFilter) -> None:
    assert flt.check("👻 lea_2009", ADULT).decision == "allow"
