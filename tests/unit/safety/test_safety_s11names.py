"""Session 11 (s11names): the name policy by class, not by example.

1. Room names and bios that advertise the seed crime or sexualise minors by
   meaning: components (a partner + an incapacity, an incapacity + a
   sharing word, a minor or an age under 18 + a sexual, curious or webcam
   word), one component alone allowed.
2. Staff titles read as words of the pseudonym, not as any substring
   ("PedroAlmodovarFan" holds "modo").
3. Pseudonyms that sexualise minors with the same components, glued.

The variants below were written for the class, not taken from a reviewer.
"""

from __future__ import annotations

import pytest

from causerie.safety.names import check_name

# --- 1. Rooms and bios -------------------------------------------------------

SEED_CRIME_ROOMS = [
    "partage d'épouses endormies",
    "femmes qui dorment",
    "sleepy wives swap",
    "Échange de femmes endormies",
    "Épouses droguées et partagées",
    "Wives asleep, come over",
    "Drugged gf sharing",
    "Sleeping wives club",
    "Copines dans les vapes",
    "Nanas sous somnifères",
    "Passed out girlfriends",
    "Partage d'endormies",
    "Plans droguées",
    "Somnophilie entre amis",
    "Wife that sleeps deeply",
    "Hotwife endormie",
    "Sleepy milfs",
    "Epouses inconscientes",
    "FEMMES QUI DORMENT 😴",
]

MINOR_ROOMS = [
    "jeunes ados curieuses",
    "lycéennes coquines",
    "barely legal 16",
    "cam ados",
    "Webcam ados",
    "Ados cam 2 cam",
    "Cam teens live",
    "Collégiennes curieuses",
    "Teens coquines",
    "Ados bi-curieuses",
    "Jeunettes chaudes du 93",
    "16 ans et coquine",
    "Coquines de 15 ans",
    "Hot 15yo",
    "15 yo naughty girls",
    "Barely legal 15",
    "Mineures sans tabou",
    "Young teens naked",
    "Petites filles coquines",
    "Teen girls webcam",
    "Ados en chaleur",
]

INNOCENT_ROOMS = [
    "Parents d'ados",
    "Aide aux devoirs 3e",
    "Club lecture lycée",
    "Insomniaques du soir",
    "Sieste et méditation",
    "Couples libertins 30+",
    "Mamans solo",
    "Mamans qui dorment pas",
    "Femmes qui dorment mal",
    "Femmes qui ne dorment pas",
    "La Belle au bois dormant",
    "Sleepy Hollow fans",
    "Sleepless moms",
    "Bébés qui dorment enfin",
    "Partage de berceuses",
    "Échange de conseils sommeil",
    "Ados curieux de sciences",
    "Ados curieuses de tout",
    "Club photo ados",
    "Ados camping",
    "Camp ados été",
    "Caméra et cinéma ados",
    "Foot U15",
    "Coquins du 13",
    "Ados 15-17 gaming",
    "Jeunes mamans",
    "Apnée du sommeil",
    "Femmes et sommeil",
    "Mon mari ronfle",
    "Conseils pour s'endormir",
    "Sleeping beauty cosplay",
    "Teen book club",
    "Hot-dogs et burgers",
    "Wives of veterans",
    "Maris au foyer",
]


@pytest.mark.parametrize("kind", ["room", "bio"])
@pytest.mark.parametrize("name", SEED_CRIME_ROOMS)
def test_a_partner_put_to_sleep_is_refused_in_rooms_and_bios(name: str, kind: str) -> None:
    assert check_name(name, kind).reason in {"recruitment", "minor_sexualisation"}


@pytest.mark.parametrize("kind", ["room", "bio"])
@pytest.mark.parametrize("name", MINOR_ROOMS)
def test_minors_with_a_sexual_or_webcam_word_are_refused(name: str, kind: str) -> None:
    assert check_name(name, kind).reason == "minor_sexualisation"


@pytest.mark.parametrize("kind", ["room", "bio"])
@pytest.mark.parametrize("name", INNOCENT_ROOMS)
def test_one_component_alone_is_an_ordinary_room(name: str, kind: str) -> None:
    assert check_name(name, kind).allowed, check_name(name, kind)


# --- 2. Staff titles as words ------------------------------------------------

ORDINARY_PSEUDOS = [
    "PedroAlmodovarFan", "Almodovar", "Commodore64", "Modeste", "Adminah", "Supportrice_OM",
    "Komodo_Dragon", "KomodoFan", "Komodo2000", "Pomodoro", "PomodoroTimer", "Modou", "Modoc",
    "Modolo", "Modoni", "Tina_Modotti", "AModoMio", "MadMind", "SadMinion", "Kadmin",
    "Cadminium", "Badminton_Lea", "Marco.Martini", "MarcoMartini", "Marcomannia",
    "Petite_Enfance", "Enfance_Heureuse", "Flagstaff_AZ", "Brigadeiro_Lover", "Officially_Me",
    "Unofficial_Fan", "Insecurity", "Interpolation_Math", "Supportive_Sis", "Staffan",
    "Stafford", "Policarpo", "Ministeriale", "Moderato_Cantabile", "Gendarmenmarkt",
    "Admiral_Nelson", "Comodo", "Madmina", "Hadmin", "Emmod0r", "Domodossola", "Julie_Modot",
    "Douanier_Rousseau", "Accommodante", "Raphaelolivia548",
]  # fmt: skip

STAFF_PSEUDOS = [
    "Modo_Officiel", "M0D3RAT0R", "admin.causerie", "SupportCauserie", "ModoLyon", "modolyon",
    "superadmin", "xXadminXx", "lemodo", "TheRealAdmin", "chefmodo", "Admins", "Modos",
    "Moderatrice", "Moderation_Team", "Causerie_Staff", "adm1n", "Adm1n_Lea", "4dmin",
    "ModoParis75", "Ꮇoderator", "Аdmin", "ᎷᎾᎠᎾ", "Adrnin", "ｍｏｄｏ", "m_o_d_o", "m.o.d.o",
    "Modérateur", "Administrateur", "Modo69", "keufdu93", "tonmodo", "vraimodo",
    "modo_de_lyon", "PoIice_Nationale", "Gendarrnerie", "SupportTeam", "Security_Team",
    "mrmodo", "Adminx", "AdminLea", "ModoBot", "modobot", "officialadmin", "eEnfance",
    "e-enfance", "Mod_Team", "Модератор", "Админ",
]  # fmt: skip


@pytest.mark.parametrize("name", ORDINARY_PSEUDOS)
def test_a_staff_stem_inside_another_word_is_not_impersonation(name: str) -> None:
    assert check_name(name).allowed, check_name(name)


@pytest.mark.parametrize("name", STAFF_PSEUDOS)
def test_a_staff_title_as_a_word_of_the_name_is_refused(name: str) -> None:
    assert check_name(name).reason == "staff_impersonation"


# --- 3. Pseudonyms that sexualise minors -------------------------------------

MINOR_PSEUDOS = [
    "cam_ados", "CamTeens", "webcam_ados", "AdosCam", "lyceenne_curieuse",
    "CollegienneCurieuse", "ados_curieuses", "Teen_Coquine", "TeenNaughty", "jeunette_chaude",
    "Coquine15ans", "Coquine_15_ans", "hot_15yo", "Naughty16yo", "barelylegal16",
    "barely_legal_15", "16ans_coquine", "15ans_nue", "MineureCoquine", "Ecoliere_Sexy",
    "LyceenneNue", "Ados_Nudes", "petite_fille_coquine", "PtiteFilleCoquine", "SchoolgirlCam",
    "cam2cam_ados", "AdoEnChaleur", "Jeunes_Ados_Coquines", "Teen_Webcam", "TeenSlave",
    "CoquineDe14", "Gamine_Chaude",
]  # fmt: skip

SEED_CRIME_PSEUDOS = [
    "FemmeEndormie_Partage", "SleepyWifeShare", "EpouseDroguee", "DruggedGF",
    "WifeAsleep_ComeOver", "Somnophile", "PartageEndormies",
]  # fmt: skip

ORDINARY_YOUNG_PSEUDOS = [
    "Cam_Lea", "CameronCam", "Camille_14", "Lea_14", "Lucas_14ans", "Ados_Camping", "AdoLyon",
    "Teen_Gamer", "TeenWolf_Fan", "Coquelicot", "Chaudron_Magique", "HotWheels", "Sexy_Lea",
    "Curieuse_Lea", "CurieuxDeTout", "Webcam_Pro", "Sieste_Lover", "Insomniaque",
    "Dormeuse", "SleepyHead", "SleepyCat", "Maman_de_3_ados", "Papa_de_Lea", "Lycee_Hugo",
    "Prof_de_College", "Marion_Nue_Propriete", "Chaudiere", "MaFemmeDort",
]  # fmt: skip


@pytest.mark.parametrize("name", MINOR_PSEUDOS)
def test_a_minor_word_or_age_with_a_sexual_word_is_refused(name: str) -> None:
    assert check_name(name).reason == "minor_sexualisation"


@pytest.mark.parametrize("name", SEED_CRIME_PSEUDOS)
def test_a_pseudonym_advertising_a_partner_put_to_sleep_is_refused(name: str) -> None:
    assert check_name(name).reason == "recruitment"


@pytest.mark.parametrize("name", ORDINARY_YOUNG_PSEUDOS)
def test_one_component_in_a_pseudonym_is_allowed(name: str) -> None:
    assert check_name(name).allowed, check_name(name)
