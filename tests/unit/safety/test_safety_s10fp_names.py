"""Session 10 (s10fp) class 5: a forbidden stem inside an innocent word of a
pseudonym, a bio or a room name is read as the word; a separator that cuts
the innocent word at the stem's edge ("nazi_fan", "the_rapist") means the
stem."""

from __future__ import annotations

import pytest

from causerie.safety.names import check_name

INNOCENT_PSEUDOS = [
    "TheRapist_Lyon",
    "therapist_paris",
    "psychotherapist",
    "analyste_data",
    "Sussex_girl",
    "cocktail_queen",
    "HitchcockFan",
    "CharlesDickens",
    "AssassinsCreedFan",
    "assassins_creed_fan",
    "Scunthorpe",
    "nazione",
    "Nazionale_Italia",
    "Negresco_Nice",
    "snigger_lol",
    "Nazif92",
    "Sam_support_OM",
    "Inspecteur_Gadget",
]
REFUSED_PSEUDOS = [
    "the_rapist",
    "The.Rapist",
    "rapist_69",
    "nazi_fan",
    "s_nigger",
    "pedo_lover",
    "admin_causerie",
]


@pytest.mark.parametrize("name", INNOCENT_PSEUDOS)
def test_innocent_word_holding_a_stem_is_accepted(name: str) -> None:
    assert check_name(name, "pseudo").allowed, name


@pytest.mark.parametrize("name", REFUSED_PSEUDOS)
def test_stem_meant_by_the_writer_is_refused(name: str) -> None:
    assert not check_name(name, "pseudo").allowed, name


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("J'adore Hitchcock et les romans de Dickens, fan d'Assassin's Creed", "bio"),
        ("Analyste de données dans le Sussex, cocktails le vendredi", "bio"),
        ("therapist in Lyon, love hiking", "bio"),
        ("j'aime les petites attentions et les balades", "bio"),
        ("i love little surprises and night hikes", "bio"),
        ("Fans d'Assassin's Creed", "room"),
        ("Cocktails & mixologie", "room"),
    ],
)
def test_innocent_bios_and_rooms_are_accepted(text: str, kind: str) -> None:
    assert check_name(text, kind).allowed, text


@pytest.mark.parametrize(
    ("text", "kind"),
    [("j'aime les petites de 13 ans", "bio"), ("Les petites chaudes 13-15", "room")],
)
def test_minors_sexualised_in_bios_and_rooms_are_refused(text: str, kind: str) -> None:
    assert not check_name(text, kind).allowed, text
