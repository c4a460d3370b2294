"""Names: numbers stay numbers and short stems must stand alone (issue 12,
session 5: "fb164" was read as "fbi", "Abonnee8…" as "bonne" + an age).
Leetspeak is read where a digit interrupts letters, not inside a number."""

import pytest

from causerie.safety.names import check_name


@pytest.mark.parametrize(
    "name",
    [
        "fb164",  # a hex suffix, not "fbi" + "6a"
        "lea_fb164",
        "Clementfb103",
        "leo6418fb1",
        "Abonnee8f26c7",  # "bonne" inside "abonnee", then a hex suffix
        "Abonne_cf9",
        "abonne_9",
        "NUAGE-63cf3f",  # "nu" inside "nuage"
        "nuage_7",
        "FreyaSugar-9a6",  # "9a6" is hex, not the age 9
        "hotel_15",
        "Photo_12",
    ],
)
def test_ordinary_names_with_numbers_pass(name: str) -> None:
    assert check_name(name).allowed, check_name(name)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("FBI_agent", "staff_impersonation"),
        ("agentFBI", "staff_impersonation"),
        ("f.b.i", "staff_impersonation"),
        ("the_fbi_07", "staff_impersonation"),
        ("bonne_14", "minor_sexualisation"),
        ("hot_14", "minor_sexualisation"),
        ("h0t14", "minor_sexualisation"),  # leet word, then a real age
        ("s3xy_15", "minor_sexualisation"),
        ("sugar_13", "minor_sexualisation"),
        ("daddy_4_teens", "minor_sexualisation"),  # a lone "4" between words
        ("p3d0", "minor_sexualisation"),  # a last digit in a leet word
        ("k.k.k", "hate"),
        ("nazi88", "hate"),
    ],
)
def test_adversarial_names_stay_refused(name: str, reason: str) -> None:
    assert check_name(name).reason == reason
