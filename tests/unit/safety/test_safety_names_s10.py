"""Session 10 (review 10, section 9): names that got through.

Each class is tested with wordings of our own, FR and EN, and with the hard
negatives next to it that must stay accepted."""

from __future__ import annotations

import pytest

from causerie.safety.names import check_name, pseudo_key

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


# --- Rooms and bios framing minors for adults without a sexual word --------


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # minors "for" adult men, or mature men "and" minors
        ("room", "Ptites ados pour daddys"),
        ("room", "jeune fille pr homme mur"),
        ("room", "Teens for older guys"),
        ("room", "Lil girls looking for daddies"),
        ("room", "Hommes mûrs cherchent jeunes filles"),
        ("room", "jeunettes x messieurs matures"),
        ("room", "Daddies & teens"),
        # minors alone at night or at home
        ("room", "collégiennes seules chez elles"),
        ("room", "teens home alone tonight"),
        ("room", "ados qui s'ennuient le soir"),
        ("room", "young teens alone at night"),
        # liking minors with an age under 18, or a school year
        ("bio", "fan des 12-14 ans"),
        ("bio", "j'aime les jeunes, 16 ans max"),
        ("bio", "I love young girls, 14 max"),
        ("bio", "into teens 13-15"),
        ("bio", "Jadore les 6èmes"),
        ("bio", "into middle schoolers"),
        ("room", "Les amoureux des jeunes pousses 12/14 ans"),
        # an age range with a suggestive emoji or word
        ("room", "Ados 13-15 🍑"),
        ("room", "filles 12-14 😈"),
        ("room", "🔞 moins de 16 ans"),
        # "petites" or another minor word with sexual slang
        ("room", "les petites coquines"),
        ("room", "little sluts"),
        ("room", "petites cochonnes du 59"),
        ("room", "repaire des p'tites vicieuses"),
        # codes and pictures traded
        ("bio", "hmu for cp"),
        ("bio", "mp pour cp"),
        ("bio", "cp dispo, écris moi"),
        ("bio", "échange photos ados"),
        ("bio", "yng vids dm"),
        ("bio", "pthc"),
        ("bio", "sell cp links"),
        ("bio", "vids of teens, trade"),
        ("bio", "love underage"),
        ("bio", "cherche jeunettes 14-16"),
        ("bio", "j'adore les petites de 13 ans"),
        ("bio", "13-15 lovers"),
    ],
)
def test_minors_framed_for_adults_are_refused(kind: str, text: str) -> None:
    verdict = check_name(text, kind)
    assert not verdict.allowed
    assert verdict.reason == "minor_sexualisation"


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("room", "Ados 13-17 gaming"),
        ("room", "Club ados 13-15"),
        ("room", "Salon ados 13-17 bienvenue"),
        ("room", "Foot féminin U15"),
        ("room", "Jeunes pousses 13-15 (foot)"),
        ("room", "Pour les amateurs de jeunes pousses (jardinage)"),
        ("room", "Jeunes parents de Lyon"),
        ("room", "Ados seuls face au harcèlement"),
        ("room", "Ados et adultes : club d'échecs"),
        ("room", "Papas solos avec ados"),
        ("room", "Petites annonces coquines"),
        ("room", "Femmes pour hommes mûrs"),
        ("room", "Jeunes filles au pair"),
        ("room", "Petites filles modèles (comtesse de Ségur)"),
        ("bio", "maman d'un CP et d'une CE2"),
        ("bio", "Instit en CP depuis 10 ans, j'adore mes élèves"),
        ("bio", "Maîtresse de CP, je partage mes fiches"),
        ("bio", "Prof de maths, j'adore mes 6èmes"),
        ("bio", "maman de deux ados de 13-15 ans"),
        ("bio", "Coach des U13, j'adore le foot"),
        ("bio", "J'ai 14 ans et j'aime le dessin"),
        ("bio", "fan de manga, 15 ans"),
        ("bio", "maman de 2 petites de 6 et 9 ans, j'adore la rando"),
        ("bio", "mes filles ont 12-14 ans, j'adore les voyages"),
        ("bio", "cherche joueuses 13-15 pour équipe de hand"),
        ("bio", "Papa de jumeaux en CP, fan de rugby"),
        ("bio", "Photographe: mariages, photos de jeunes mariés"),
    ],
)
def test_young_words_ages_and_school_years_alone_stay_allowed(kind: str, text: str) -> None:
    assert check_name(text, kind).allowed


# --- Pseudonyms that are a sentence glued without separators ---------------


@pytest.mark.parametrize(
    ("pseudo", "reason"),
    [
        ("jadorelescollegiennes", "minor_sexualisation"),
        ("jkiffelesmineurs", "minor_sexualisation"),
        ("j4d0r3l3sm1n3ur3s", "minor_sexualisation"),
        ("k1ll4llmu5l1m5", "hate"),
        ("ilovelittlegirls", "minor_sexualisation"),
        ("jaime_les_cm2", "minor_sexualisation"),
        ("Kiffe.Les.5emes", "minor_sexualisation"),
        ("Into_Middle_Schoolers", "minor_sexualisation"),
        ("JeunesFillesPourHommesMurs", "minor_sexualisation"),
        ("gasthejews", "hate"),
        ("MortAuxArabes", "hate"),
        ("jevaistetuer", "threat"),
        ("JeVaisTeButer", "threat"),
        ("wife_sleeps_4u", "recruitment"),
        ("JeDrogueMaFemme", "recruitment"),
        ("MaCopineDortPourVous", "recruitment"),
    ],
)
def test_a_glued_sentence_is_read_as_words(pseudo: str, reason: str) -> None:
    verdict = check_name(pseudo, "pseudo")
    assert not verdict.allowed
    assert verdict.reason == reason


@pytest.mark.parametrize(
    "pseudo",
    [
        "jaimelespates",
        "jadorelespizzas",
        "MaFemmeEtMoi",
        "MaFemmeDort",
        "ilovemywife",
        "killerqueen_fan",
        "kill_all_zombies",
        "TueurDeZombies",
        "fan_de_foot_13",
        "Papa_de_3",
        "JaimeLesChats",
        "ilovemykids",
        "lolilol",
        "lea2009",
        "sam1988",
        "j4d0r3l3sch4ts",
        "ThomasPourToi",
        "sixieme_sens",
    ],
)
def test_ordinary_glued_pseudonyms_stay_allowed(pseudo: str) -> None:
    assert check_name(pseudo, "pseudo").allowed
