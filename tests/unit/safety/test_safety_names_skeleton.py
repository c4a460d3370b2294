"""Names on the Unicode confusable skeleton (UTS #39): look-alike staff and
authorities, one script per pseudonym, look-alike copies share a key, and
the widened minor-sexualising names."""

from __future__ import annotations

import pytest

from causerie.safety.confusables import prototypes, scripts, skeleton
from causerie.safety.names import check_name, pseudo_key


def test_skeleton_uses_unicode_prototypes() -> None:
    assert skeleton("AdmIn") == "Adrnln"  # I -> l, m -> rn
    assert skeleton("Ꮇoderator") == "Moderator"  # Cherokee capital M
    assert skeleton("Аdmіn") == "Adrnin"  # Cyrillic a and i
    table = prototypes()
    assert not any(ch in table for target in table.values() for ch in target)  # idempotent


@pytest.mark.parametrize(
    "name",
    [
        "Police_Nationale",
        "PoIice_Nationale",  # capital i for l
        "gendarmerie",
        "Gendarrnerie",  # rn for m
        "Ꮇoderator",  # Cherokee
        "Аdmin",  # Cyrillic capital A, all else Latin: also mixed
        "ᎷᎾᎠᎾ",  # all Cherokee: MODO
        "Adrnin",
        "Mod_Team",
        "modérateur",
        "ｍｏｄｏ",  # full width
    ],
)
def test_staff_and_authority_look_alikes_are_refused(name: str) -> None:
    verdict = check_name(name)
    assert not verdict.allowed
    assert verdict.reason in ("staff_impersonation", "mixed_script")


def test_one_script_per_pseudonym() -> None:
    assert scripts("Lеа") == {"LATIN", "CYRILLIC"}
    assert check_name("Lеа_92").reason == "mixed_script"
    assert check_name("Алёна").allowed  # all Cyrillic: a real name
    assert check_name("Léa_92").allowed


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Emilie", "EmiIie"),
        ("Sam", "Sarn"),
        ("lea_2009", "Lea.2OO9"),
        ("Léa", "Lеа"),
        ("Ian", "ian"),
        ("Chloe", "chloé"),
        # Review 9: digits for letters and "vv" for "w", as staff names read them.
        ("Sam", "5am"),
        ("Wendy", "VVendy"),
        ("Tom", "T0m"),
        ("Kevin", "K3vin"),
        ("Noa", "No4"),
        ("Lila", "L1la"),
        ("Emma", "Ernrna"),
        ("Walid", "VValid"),
    ],
)
def test_look_alike_copies_share_a_key(one: str, other: str) -> None:
    assert pseudo_key(one) == pseudo_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("lea", "leo"),
        ("Sam", "Sami"),
        ("Tom", "Tim"),
        ("Lucas10", "Lucas01"),
        ("Lea2009", "Lea2010"),
        ("Wendy", "Vendy"),
        ("Sam", "Sara"),
    ],
)
def test_different_pseudonyms_keep_different_keys(one: str, other: str) -> None:
    assert pseudo_key(one) != pseudo_key(other)


def test_keys_never_look_like_erased_keys() -> None:
    assert ":" not in pseudo_key("a:b:c")


@pytest.mark.parametrize(
    "name",
    [
        "daddy4teen",
        "Papa_pour_ado",
        "jeunette",
        "Jeunette_83",
        "teen4daddy",
        "coquine_14",
        "15ans_chaude",
        "cherche_lyceenne",
        "nymphette",
        "l0lita",
        "barely18",
    ],
)
def test_minor_sexualising_names_are_refused(name: str) -> None:
    assert check_name(name).reason == "minor_sexualisation"


@pytest.mark.parametrize(
    "name", ["Lea2009", "Hugo_2008", "Mathis_14", "Cam15", "Dom16", "papa_2enfants", "BadmintonFan"]
)
def test_innocent_names_with_numbers_pass(name: str) -> None:
    assert check_name(name).allowed


def test_bios_get_the_message_rules() -> None:
    assert check_name("t'es qu'une grosse pute", "bio").reason == "harassment"
    assert check_name("les migrants c des rats", "bio").reason == "hate"
    assert check_name("crypto coach, guaranteed returns, start with 500 usdt", "bio").reason == (
        "scam"
    )


def test_room_names_get_the_message_rules() -> None:
    assert check_name("Les migrants c des rats", "room").reason == "hate"
    assert check_name("Police Nationale", "room").reason == "staff_impersonation"
    assert check_name("Musique & concerts", "room").allowed
