"""Review 9 (s9fix3) over-flagging: a decimal number read as a phone number
("0,612345678"), a named community's group on an app ("notre serveur discord
du lycée") masked as an invitation to go private. Real numbers and real
invitations stay masked."""

from __future__ import annotations

import pytest

from causerie.safety.personal_data import find_phone_numbers
from causerie.safety.pipeline import MessageFilter
from causerie.safety.verdict import SenderContext

TEEN = SenderContext("teen", trust_level=1, account_age_days=30)


@pytest.mark.parametrize(
    "text",
    [
        "la réponse à l'exo 3 c'est 0,612345678 arrondi",
        "p = 0.0612345678 donc on rejette",
        "the probability is 0.712345678, roughly",
        "pi vaut 3,1415926535",
    ],
)
def test_decimals_are_no_phone_numbers(text: str) -> None:
    assert find_phone_numbers(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "mon num c 06 12 34 56 78",
        "0612345678",
        "moyenne 0,612345678 et mon 06 11 22 33 44",
        "call me 07700 900 123",
        "0.6.1.2.3.4.5.6.7.8",
        "0,6,12,34,56,78",
    ],
)
def test_phone_numbers_beside_decimals_are_still_found(text: str) -> None:
    assert find_phone_numbers(text)


@pytest.mark.parametrize(
    "text",
    [
        "notre serveur discord du lycée pour réviser le bac",
        "le groupe snap de la classe est mort",
        "le groupe whatsapp de la famille sonne sans arrêt",
        "our school discord server is so dead lol",
        "the group chat of the club on whatsapp moved",
    ],
)
def test_a_community_group_on_an_app_is_no_invitation(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN).decision == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "viens sur mon serveur discord",
        "rejoins mon groupe snap perso",
        "notre serveur discord du lycée, ajoute moi sur discord",
        "ceux qui veulent le groupe whatsapp de la classe demandez moi en mp",
        "rejoignez notre serveur discord de la classe: dsc mathsquad",
        "add me on snap, same name",
    ],
)
def test_invitations_to_go_private_stay_masked(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN)
    assert verdict.decision == "mask"
    assert {"off_platform", "social_handle"} & set(verdict.reasons)
