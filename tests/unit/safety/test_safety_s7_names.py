"""Session 7 name classes: a girlish word next to a child's age, and police,
justice and staff titles or slang. Each class is tested with several
spellings and with the real names and words that share its letters."""

from __future__ import annotations

import pytest

from causerie.safety.names import check_name


@pytest.mark.parametrize(
    "name",
    ["minette14", "Minette_15", "lolita_13", "petite_13ans", "12_fillette", "gamine.11",
     "Lola14chaude", "sexy.girl.13", "ptite-12", "schoolgirl_14", "babygirl13"],
)  # fmt: skip
def test_a_girlish_word_with_a_childs_age_is_refused(name: str) -> None:
    assert check_name(name).reason == "minor_sexualisation"


@pytest.mark.parametrize(
    "name",
    ["OPJ_Martin", "Flic_Lyon", "FlicDeParis", "Keuf", "LesKeufs", "keufdu93", "Gendarme69",
     "Modo_officiel", "Juge_Dupont", "JudgeRoy", "Cop_Mike", "CopOnDuty", "Commissaire_Moreau",
     "inspectrice.leroy", "Cyber_Gendarme", "Brigade_des_mineurs", "Detective_Smith",
     "OfficerJones", "ƑIic_Lyon"],
)  # fmt: skip
def test_police_justice_and_staff_titles_are_refused(name: str) -> None:
    assert check_name(name).reason == "staff_impersonation"


@pytest.mark.parametrize(
    "name",
    ["Martine", "Martin", "Flicka", "Flickr_fan", "Copain", "Copine", "Copernic", "Jugement",
     "Judith", "Detective_Conan", "Inspecteur_Gadget", "Minette", "Lea_14", "Lucas_14ans",
     "Petite_Lea", "Agent47", "Sergent_Pepper", "Bacon", "Scooby", "Amelia-bac", "SUGAR_6d60a",
     "Lola2009", "minette2010"],
)  # fmt: skip
def test_real_names_and_words_sharing_those_letters_stay_allowed(name: str) -> None:
    assert check_name(name).allowed, check_name(name).reason
