from __future__ import annotations

import pytest

from causerie.safety.names import check_name, pseudo_key


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("xXpedoXx", "minor_sexualisation"),
        ("l0l1ta_2010", "minor_sexualisation"),
        ("Jeune_Sexy", "minor_sexualisation"),
        ("sexy13", "minor_sexualisation"),
        ("Adm1n", "staff_impersonation"),
        ("causerie_staff", "staff_impersonation"),
        ("Modérateur", "staff_impersonation"),
        ("m o d e r a t o r", "staff_impersonation"),
        ("nazi88", "hate"),
        ("n1gger", "hate"),
        ("Ηitler", "hate"),  # Greek capital eta
    ],
)
def test_pseudonyms_against_policy(name: str, reason: str) -> None:
    verdict = check_name(name)
    assert (verdict.allowed, verdict.reason) == (False, reason)


@pytest.mark.parametrize(
    "name", ["Léa_92", "BadmintonFan", "torpedo", "Niger_Lover", "Sophie.M", "Lea2009", "dispute"]
)
def test_innocent_pseudonyms_pass(name: str) -> None:
    assert check_name(name).allowed


def test_bios_use_word_boundaries_and_catch_contact_details() -> None:
    assert check_name("passionné de badminton et de ciné", "bio").allowed
    assert check_name("je suis modérateur de causerie", "bio").reason == "staff_impersonation"
    assert check_name("snap: lea_2009", "bio").reason == "personal_data"
    assert check_name("j'aime les gamines", "bio").reason == "minor_sexualisation"


def test_room_names() -> None:
    assert check_name("Cinéma & séries", "room").allowed
    assert check_name("Les jeunes sexy", "room").reason == "minor_sexualisation"
    assert check_name("Admin", "room").reason == "staff_impersonation"


def test_unknown_kind_is_an_error() -> None:
    with pytest.raises(ValueError):
        check_name("x", "email")


def test_pseudo_key_folds_case_accents_and_confusables() -> None:
    assert pseudo_key("Léa") == pseudo_key("LEA") == pseudo_key("Lеа") == "lea"
    assert pseudo_key("lea") != pseudo_key("leo")
