"""Session 18: classes the second session-17 review showed the rules
missing or over-reading. The wordings here are our own.

1. A partner put to sleep by emoji with no partner named ("she'll be 😴").
2. A threat said by the outcome the reader will "get to know" (the ER, the
   SAMU) or should be insured for.
3. Photos sent to someone who asked for them are no threat to expose.
4. A list of marks is no British number with its trunk 0 left out.

From the session-18 black-box review (531 cases of its own, kept outside
the repository), in our own words:

5. A teen asked for an underwear photo, to show their body or about their
   body hair: a minor sexualised, refused.
6. Violence in rarer verbs, a parent's weapon announced at school, a
   disappearance promised, an outcome wished on the reader's family.
7. A ride paid or a pick-up at school to take a teen home, and a secret
   promised between two ("personne sera au courant").
8. "Come straight up" once she has taken her pill; "even asleep".
9. "tele" for Telegram, an "@" id after a comma.
10. The learned layer's hate reading of a genocide remembered or a team
    named for a colour; its minor-sexualised reading of teens comparing
    first kisses; its doxxing reading of a quoted report.

From a second black-box review (493 cases, mostly hard negatives):

11. Photos sent to a group with nothing of the reader's, no menace.
12. A faith or immigration called a disease or a poison is hate.
13. "tuer le temps" is an idiom.
14. Images asked of a teen without the word "photo", a fake casting at
    home or a studio; accidents promised to those who talk.
"""

from __future__ import annotations

import pytest
from tests.support.safety import ADULT_DM, ADULT_PUBLIC, TEEN_DM, TEEN_PUBLIC, rules_verdict

from causerie.safety import personal_data as pd
from causerie.safety.pipeline import default_filter


# 1. The partner out, by emoji and a pronoun.
@pytest.mark.parametrize(
    "text",
    [
        "she'll be 😴 by 10 after her 💊, side door's open",
        "elle sera 💤 avec son 💊, tu peux passer après minuit",
        "her 😴 all night thanks to the 💊, who wants to come round after 11",
    ],
)
def test_a_third_person_put_to_sleep_by_emoji_with_an_invitation_is_recruitment(
    text: str,
) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold"
    assert "recruitment" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "j'ai pris un 💊 je vais être 😴 toute la nuit, passe demain",
        "le petit est 😴 enfin, tu peux passer boire un verre",
        "she's 😴 already lol, come by tomorrow for the match",
        "my mum took her 💊 and she's 😴 now, can u come sit with her while i go to the pharmacy",
    ],
)
def test_sleep_emoji_without_a_third_party_or_with_an_ordinary_visit_is_allowed(
    text: str,
) -> None:
    assert rules_verdict(text, ADULT_DM)[0] == "allow"


# 2. The outcome to get to know.
@pytest.mark.parametrize(
    "text",
    [
        "tu connais les urgences ? tu vas vite les connaître",
        "tu vas bientôt connaître la réa, toi",
        "t'as intérêt à avoir une bonne assurance",
        "prépare toi à boire à la paille pendant des semaines",
        "you'll get to know the paramedics real soon",
        "u better hope ur health insurance is paid up",
    ],
)
def test_an_outcome_the_reader_will_get_to_know_is_a_threat(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "hold"
    assert "threat" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "ma soeur va bientôt connaître les urgences, elle commence son internat lundi",
        "je bois à la paille depuis l'opération des dents, un mois comme ça",
        "tu vas voir le dentiste demain ?",
        "j'espère que t'as une bonne mutuelle, les lunettes ça coûte une fortune",
        "hope your dental plan is good, braces cost a fortune",
    ],
)
def test_hospitals_insurance_and_straws_in_ordinary_talk_are_allowed(text: str) -> None:
    assert rules_verdict(text, ADULT_PUBLIC)[0] == "allow"


# 3. Photos someone asked for.
@pytest.mark.parametrize(
    "text",
    [
        "j'envoie les photos à ta mère, elle me les a demandées",
        "je balance les photos à ta soeur, c'est elle qui les a demandées",
        "sending the pics to your dad, he asked for them",
    ],
)
def test_photos_sent_to_whoever_asked_for_them_are_no_threat(text: str) -> None:
    assert rules_verdict(text, TEEN_DM)[0] == "allow"
    # The learned layer's reading of the audience is excused the same way.
    assert default_filter().check(text, TEEN_DM).decision == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "si tu réponds pas j'envoie les photos à ta mère, elle me les a demandées",
        "j'envoie tes nudes à ta mère, elle me les a demandées",
        "sending ur nudes to your dad, he asked for them",
    ],
)
def test_a_condition_or_intimate_images_keep_the_threat(text: str) -> None:
    # Held as a threat, or refused outright (intimate images among teens).
    assert rules_verdict(text, TEEN_DM)[0] in ("hold", "block")


# 4. Marks, not a number.
@pytest.mark.parametrize(
    "text",
    [
        "j ai eu 12 14 15 11 et 16 en maths ce trimestre",
        "mes notes: 12, 14, 15, 11, 16",
        "scores this week 13 15 12 17 14",
    ],
)
def test_a_list_of_marks_is_no_phone_number(text: str) -> None:
    assert pd.find_phone_numbers(text) == []


@pytest.mark.parametrize(
    "text",
    ["mon num 06 12 14 15 11", "call me 415 555 2671", "+44 7911 123456", "0044 7911 123456"],
)
def test_numbers_dialled_with_their_trunk_or_country_code_are_still_found(text: str) -> None:
    assert [f.kind for f in pd.find_phone_numbers(text)] == ["phone_number"]


# 5. A teen's body asked about.
@pytest.mark.parametrize(
    "text",
    [
        "tu m'envoies une tof de toi en culotte ?",
        "montre moi tes formes stp",
        "t'es rasée en bas ou pas ?",
        "can u send me one in ur bra",
        "are you shaved down there",
    ],
)
def test_a_teens_body_asked_about_is_refused(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "block"
    assert "minor_sexualisation" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "je me suis rasée les jambes hier ça pique",
        "t'as des poils sur le torse toi ? moi pas encore mdr",
        "send me a pic of ur new shoes",
    ],
)
def test_body_talk_without_a_sexual_ask_is_not_refused(text: str) -> None:
    assert rules_verdict(text, TEEN_DM)[0] != "block"


# 6. Rarer violence, a weapon at school, a disappearance.
@pytest.mark.parametrize(
    "text",
    [
        "jvais t'égorger sale rat",
        "demain j'amène le flingue de mon daron au college",
        "on a des potes qui peuvent te faire disparaître",
        "ça serait dommage que tes gosses grandissent sans leur mère",
        "ta bagnole elle va cramer un de ces jours",
        "on vient devant chez toi avec les reufs ce soir tu vas voir",
        "i'll gut you like a fish",
        "im bringing my brother's knife to school",
        "pity if ur brake lines got cut",
    ],
)
def test_rarer_violence_is_held_as_a_threat(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision in ("hold", "block")
    assert "threat" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "j'amène un couteau au lycée pour couper le gâteau",
        "i'll bring a knife to school for the cake",
        "on vient chez toi avec les gars pour le match",
        "le poisson il faut le vider avant de le cuire",
    ],
)
def test_knives_for_cake_and_visits_for_a_match_are_allowed(text: str) -> None:
    assert rules_verdict(text, ADULT_DM)[0] == "allow"


# 7. A ride to the sender's home, a secret promised.
@pytest.mark.parametrize(
    "text",
    [
        "je te paie un taxi pour venir chez moi samedi",
        "je passe te chercher après les cours en voiture, on va chez moi",
        "viens ce soir, on dira rien à personne",
        "i'll book you a train ticket to come to mine",
    ],
)
def test_a_ride_to_the_senders_home_or_a_promised_secret_is_held(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "hold"
    assert "grooming" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "je te paie le bus pour venir au match samedi",
        "ma mère peut passer te chercher à la sortie du collège si tu veux",
        "personne sera au courant pour la fête surprise de lina",
    ],
)
def test_ordinary_rides_and_surprises_among_teens_are_allowed(text: str) -> None:
    assert rules_verdict(text, TEEN_DM)[0] == "allow"


# 8. The recruit told when to come up.
@pytest.mark.parametrize(
    "text",
    [
        "dès qu'elle a pris son stilnox je t'écris, tu montes direct",
        "mets pas de déo, elle sent tout même endormie",
        "once she's asleep i'll text, come straight up",
    ],
)
def test_come_straight_up_once_she_is_out_is_recruitment(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold"
    assert "recruitment" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "le bébé dort enfin, tu peux monter direct, le canapé est prêt",
        "ma mère a pris son cachet, monte direct on regarde le film en bas",
    ],
)
def test_come_up_to_an_ordinary_visit_is_allowed(text: str) -> None:
    assert rules_verdict(text, ADULT_DM)[0] == "allow"


# 9. Telegram as "tele", an "@" after a comma.
@pytest.mark.parametrize("text", ["rajoute moi sur tele : ines_13", "dc, @yanis.09"])
def test_tele_and_an_at_id_after_a_comma_are_handles(text: str) -> None:
    assert [f.kind for f in pd.find_shorthand_app_handles(text)] == ["social_handle"]


@pytest.mark.parametrize("text", ["la tele: nulle ce soir", "yo dc, tu joues ?"])
def test_television_and_a_disconnection_are_no_handles(text: str) -> None:
    assert pd.find_shorthand_app_handles(text) == []


# 10. The learned layer's excuses (the whole filter, model included).
@pytest.mark.parametrize(
    "text",
    [
        "la shoah a tué six millions de juifs, il faut le rappeler aux jeunes",
        "on visite auschwitz avec la classe, devoir de mémoire",
        "le XV de france a été battu par les all blacks hier",
    ],
)
def test_remembrance_and_a_colour_named_team_are_no_hate(text: str) -> None:
    assert default_filter().check(text, ADULT_PUBLIC).decision == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "la shoah c'est un mensonge inventé par les juifs",
        "the holocaust never happened, jews made it up",
        "les all blacks c des singes",
    ],
)
def test_denial_or_an_attack_beside_them_is_still_refused(text: str) -> None:
    assert default_filter().check(text, ADULT_PUBLIC).decision == "block"


def test_teens_comparing_first_kisses_are_delivered() -> None:
    flt = default_filter()
    text = "t'as déjà embrassé quelqu'un ? moi oui l'an dernier mdr"
    assert flt.check(text, TEEN_PUBLIC).decision == "allow"


@pytest.mark.parametrize(
    ("text", "excused"),
    [
        ("t'as déjà embrassé quelqu'un à 13 ans ? moi oui mdr", True),
        ("t'as deja roulé une pelle ? moi jamais", True),
        # A leer, or no answer of the sender's own, keeps the model's reading.
        ("t'as déjà embrassé un mec ? moi oui 😏", False),
        ("t'as déjà embrassé quelqu'un ?", False),
    ],
)
def test_the_first_kiss_excuse_needs_an_own_answer_and_no_leer(text: str, excused: bool) -> None:
    from causerie.safety.checks.model import _first_kiss_told
    from causerie.safety.pipeline import scan

    assert _first_kiss_told(scan(text)) is excused


# 11. A sending with nothing of the reader's.
def test_the_wedding_photos_sent_to_the_family_are_an_errand() -> None:
    text = "j'envoie les photos du baptême à toute la famille ce soir"
    assert rules_verdict(text, ADULT_DM)[0] == "allow"
    assert default_filter().check(text, ADULT_DM).decision == "allow"
    assert rules_verdict("j'envoie tes photos à toute ta classe si tu réponds pas", TEEN_DM)[0] == (
        "hold"
    )


# 12. A faith or immigration as a disease.
@pytest.mark.parametrize(
    "text",
    [
        "le judaïsme c'est la tumeur de l'occident",
        "l'immigration c'est la peste",
        "islam is a plague on europe",
    ],
)
def test_a_faith_or_immigration_called_a_disease_is_hate(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "block"
    assert "hate" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "l'islam est la deuxième religion de france",
        "le tabac c'est un poison",
        "l'immigration est un sujet de débat au parlement",
    ],
)
def test_faiths_and_poisons_named_plainly_are_allowed(text: str) -> None:
    assert rules_verdict(text, ADULT_PUBLIC)[0] == "allow"


# 13. An idiom.
@pytest.mark.parametrize("text", ["on va tuer le temps au café", "just killing time till 5"])
def test_killing_time_is_no_threat(text: str) -> None:
    assert rules_verdict(text, ADULT_PUBLIC)[0] == "allow"


# 14. Images without the word, a fake casting, accidents promised.
@pytest.mark.parametrize(
    "text",
    [
        "allume ta cam je veux te voir",
        "filme toi dans ta chambre juste pour moi",
        "montre ta tenue, tkt j'efface direct",
        "shooting privé chez moi samedi, je paie bien",
        "turn on ur cam i wanna see you",
    ],
)
def test_images_asked_of_a_teen_without_the_word_are_grooming(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "hold"
    assert "grooming" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "mets ta cam pour le cours, le prof veut nous voir",
        "filme toi quand tu danses pour le tiktok du groupe",
        "j'efface direct la conv de groupe elle sert plus",
    ],
)
def test_cams_for_class_and_group_videos_are_allowed(text: str) -> None:
    assert rules_verdict(text, TEEN_DM)[0] == "allow"


def test_accidents_promised_to_those_who_talk_are_a_threat() -> None:
    decision, reasons = rules_verdict("ppl who snitch usually end up in hospital", ADULT_DM)
    assert decision == "hold"
    assert "threat" in reasons


# 15. The law's words asked or told with nobody addressed.
@pytest.mark.parametrize(
    "text",
    [
        "à quel âge c'est la majorité sexuelle en belgique ? 16 ans ? c'est pour mon exposé",
        "the age of consent is 16 in scotland, we did it in pshe",
    ],
)
def test_a_question_about_the_age_of_consent_is_delivered(text: str) -> None:
    assert rules_verdict(text, TEEN_PUBLIC)[0] == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "la majorité sexuelle c'est 15 ans, t'es dispo ce soir ?",
        "age of consent is 16 here so u can come over 😏",
        "la majorité sexuelle c'est 15 ans, viens chez moi samedi",
    ],
)
def test_the_law_named_to_the_reader_keeps_the_refusal(text: str) -> None:
    assert rules_verdict(text, TEEN_DM)[0] in ("hold", "block")
