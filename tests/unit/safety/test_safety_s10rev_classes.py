"""Review 10 (s10rev): classes 5 (a minor sexualised by school year or a
stated child age) and 8 (doxxing without a phone number or an "adresse:"
cue). Wordings written for these tests, FR and EN, with the hard negatives
next to each class."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import MessageFilter, SenderContext, default_filter

ADULT_PUBLIC = SenderContext("adult", 2, 120.0, False)
ADULT_DM = SenderContext("adult", 2, 120.0, True)
TEEN_PUBLIC = SenderContext("teen", 2, 120.0, False)
TEEN_DM = SenderContext("teen", 2, 120.0, True)


@pytest.fixture(scope="module")
def flt() -> MessageFilter:
    return default_filter()


# --- Class 5: a school year below 15 or a child's age, with desire, a
# kissing question, a body photo or a body before puberty.
SCHOOL_YEAR_SEXUALISED = [
    "y'a rien de plus excitant qu'une meuf de 5ème",
    "une gamine de 6e ça me fait bander, je l'avoue",
    "les filles de 4eme en legging ça me rend fou",
    "une petite de 3ème ça doit être trop bon",
    "les collégiennes c'est mon fantasme absolu",
    "j'ai envie d'une collégienne ce soir",
    "middle school girls are my type 😏",
    "eighth graders turn me on so much",
    "i fantasize about 7th graders, is that bad lol",
    "u in middle school? show me ur legs",
    "r u in 8th grade? send a pic in ur pj",
    "t'es en 4ème ? tu m'envoies une photo de tes jambes ?",
    "t'es en sixième ? trop mignon, t'as déjà vu un mec tout nu ?",
]

STATED_CHILD_AGE_SEXUALISED = [
    "t'as quel âge ? 13 ? super, t'as déjà embrassé un garçon ? et plus ?",
    "t'as quel age ? 12 ? cool t'as deja roulé une pelle ?",
    "how old r u? 13? nice, have u ever kissed a guy?",
    "j'aime quand elles sont pas encore formées, genre 11 ans",
    "i like them before puberty, like 10 years old",
    "t'as 14 ans ? envoie une photo de toi en pyjama",
    "15 is the perfect age honestly, send me a pic in your pj shorts",
]


@pytest.mark.parametrize("text", SCHOOL_YEAR_SEXUALISED + STATED_CHILD_AGE_SEXUALISED)
@pytest.mark.parametrize("ctx", [ADULT_PUBLIC, ADULT_DM])
def test_a_child_s_school_year_or_age_sexualised_is_refused(
    flt: MessageFilter, text: str, ctx: SenderContext
) -> None:
    verdict = flt.check(text, ctx)
    assert verdict.decision == "block"
    assert "minor_sexualisation" in verdict.reasons


SCHOOL_TALK = [
    "ma fille entre en 6ème à la rentrée, des conseils pour les fournitures ?",
    "je suis prof de 4ème, mes élèves ont fait un exposé sur la puberté en SVT",
    "la prof de 5ème est trop stricte, ma fille en pleure",
    "les parents de 6ème sont invités à la réunion sur le harcèlement",
    "comment parler de sexualité à ma fille de 6ème ?",
    "ma fille de 11 ans a pas encore de poitrine, c'est normal ?",
    "mon fils a 10 ans et adore le foot, il veut un short du PSG",
    "j'ai 12 ans de métier et j'adore toujours autant mon boulot",
    "j'ai 16 ans de mariage, envoie moi une photo de ton lit pour le comparatif",
    "t'as quel âge ? 35 ? parfait, t'as déjà fait de l'escalade ?",
    "les collégiennes ont manifesté pour le climat devant la mairie",
    "my son is in 8th grade, he had his first kiss lol, so cute",
    "I teach 7th grade, my students drive me crazy lol",
    "the 8th grade science fair was so cute, love these kids",
    "mon premier bisou c'était en 5ème, et vous ?",
]
TEENS_OWN_CLASS = [
    "en 4ème on avait une prof trop stricte mdr",
    "quand j'étais en 5ème je me suis pris un râteau, j'avais 12 ans",
    "in 8th grade i had my first kiss, so awkward",
    "t'as déjà embrassé quelqu'un à 13 ans ? moi oui mdr",
    "ma soeur est en 5ème elle est trop chiante",
]


@pytest.mark.parametrize("text", SCHOOL_TALK)
def test_a_parent_or_a_teacher_talking_of_a_class_is_delivered(
    flt: MessageFilter, text: str
) -> None:
    assert flt.check(text, ADULT_PUBLIC).decision == "allow"


@pytest.mark.parametrize("text", TEENS_OWN_CLASS)
@pytest.mark.parametrize("ctx", [TEEN_PUBLIC, TEEN_DM])
def test_teens_talking_of_their_own_class_are_delivered(
    flt: MessageFilter, text: str, ctx: SenderContext
) -> None:
    assert flt.check(text, ctx).decision == "allow"


# --- Class 8: someone exposed without a phone number or an "adresse:" cue.
EXPOSED = [
    # full name + street address (+ postcode)
    "la meuf qui m'a signalé c'est Camille Durand, 14 rue des Peupliers 33000 Bordeaux",
    "Kevin Lambert habite 27 bd Voltaire 75011 Paris au 3ème",
    "this guy is Mark Reynolds, 42 Elm Street, Springfield 62704",
    # full name + school + class
    "Chloé Bernard, 4e C au collège Victor Hugo de Lille, c'est elle la balance",
    "that snitch is Emma Wilson, year 10 at Hillside Academy in Leeds",
    # someone located live, with a call to go there
    "il est au McDo de la place Bellecour là maintenant, foncez",
    "she's at the Tesco on the high street right now, pull up",
    # a third party's home as GPS coordinates
    "coordonnées de chez lui : 48.8566, 2.3522",
    "his house is at 51.5074, -0.1278, drop by",
]


@pytest.mark.parametrize("text", EXPOSED)
@pytest.mark.parametrize("ctx", [ADULT_PUBLIC, TEEN_PUBLIC])
def test_someone_else_exposed_is_held_as_doxxing(
    flt: MessageFilter, text: str, ctx: SenderContext
) -> None:
    verdict = flt.check(text, ctx)
    assert verdict.decision in ("hold", "block")
    assert "doxxing" in verdict.reasons


PLACES = [
    "le magasin est au 12 rue de la République 69002 Lyon, ouvert jusqu'à 19h",
    "on se retrouve au McDo de Bellecour à 14h ?",
    "je suis au McDo de Bellecour là, vous venez ?",
    "on est au Starbucks de Châtelet en ce moment, rejoignez nous",
    "the venue is 221B Baker Street, London NW1 6XE, doors at 7",
    "meet us at the Costa on Baker Street at noon",
    "le refuge est à 45.8326, 6.8652, on y monte demain",
    "la mairie est au 1 place de l'Hôtel de Ville, 33000 Bordeaux",
    "l'adresse du resto : Chez Paul, 5 rue de Charonne, 75011 Paris",
    "la maison natale de Victor Hugo, 140 grande rue à Besançon, se visite",
    "ma prof Mme Durand du collège Victor Hugo est trop sympa",
    "je suis en 4e B au collège Jean Jaurès, quelqu'un d'autre ?",
]


@pytest.mark.parametrize("text", PLACES)
def test_a_venue_or_one_s_own_meeting_point_is_delivered(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, ADULT_PUBLIC).decision == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "envoie une photo de toi en tenue de sport, c'est pour voir si t'as vraiment 15 ans",
        "t'as 16 ans ? t'as une photo en tenue de foot ?",
        "16 years old? send a pic in your team kit",
    ],
)
def test_a_sports_kit_photo_with_a_teen_age_stays_the_grooming_hold(
    flt: MessageFilter, text: str
) -> None:
    assert "minor_sexualisation" not in flt.check(text, TEEN_DM).reasons


def test_one_s_own_street_address_is_no_doxxing(flt: MessageFilter) -> None:
    verdict = flt.check("my addy is 7 Maple Road flat 2, come over saturday", ADULT_DM)
    assert "doxxing" not in verdict.reasons


def test_a_sports_kit_photo_with_a_younger_age_stays_the_grooming_hold(flt: MessageFilter) -> None:
    verdict = flt.check("t'as quel âge ? 14 ? t'as des photos de toi en tenue de sport ?", TEEN_DM)
    assert verdict.decision == "hold" and "minor_sexualisation" not in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "les 4e B du collège Jean Jaurès ont gagné le tournoi de hand, bravo à eux",
        "Collège Jean Moulin 4e B : la sortie au musée est reportée",
        "mon fils de 12 ans en maillot pour le match de water polo samedi",
    ],
)
def test_a_school_s_own_news_and_a_parent_s_kit_talk_are_delivered(
    flt: MessageFilter, text: str
) -> None:
    assert flt.check(text, ADULT_PUBLIC).decision == "allow"
