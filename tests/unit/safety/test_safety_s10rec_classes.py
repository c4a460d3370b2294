"""Classes an outside review still saw allowed (session 10, helper s10rec):
recruitment written in SMS, emojis or as a dosing question; implicit
threats (the reader's routine known and a meeting announced, a weapon
brought to school). Wordings are the tests' own; the hard negatives next to
each class must stay allowed."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import MessageFilter, SenderContext

ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90, is_private=False)
ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=90, is_private=True)
TEEN_DM = SenderContext("teen", trust_level=2, account_age_days=90, is_private=True)


def _rule_reasons(flt: MessageFilter, text: str, ctx: SenderContext) -> tuple[str, list[str]]:
    verdict = flt.check(text, ctx)
    return verdict.decision, verdict.reasons


# --- Class 1: recruitment against a partner who cannot consent -------------


@pytest.mark.parametrize(
    "text",
    [
        "ma meuf sera hs ce soir 😴 ki vient ?",
        "ma femme sra ko des 22h 😴 qq1 dispo ?",
        "la daronne sera dans le coltar ce soir, avis aux amateurs",
        "ma nana 💤💊 cette nuit… des volontaires ?",
        "2 kchets ds sa tisane et elle dort, qui vient ?",
        "un petit cachet dans sa tisane et elle dort, dispo ce soir ?",
        "gf will be out cold by 11 🔥 dm me",
        "my missus will be zonked by 10 💊 any takers?",
        "hubby 😴💊 tonight, hmu",
        "a couple drops in her wine and shes gone, who's coming?",
        # the dosing question
        "cmb de gouttes de lexomil pour k elle se reveille pas",
        "quelle dose de somnifère pour qu'il sente rien ?",
        "how many mg of zolpidem so she doesn't wake up?",
        "what dose of benadryl so she doesnt wake up til morning",
    ],
)
def test_partner_out_with_an_invitation_or_a_dose_is_recruitment(
    flt: MessageFilter, text: str
) -> None:
    for ctx in (ADULT_PUBLIC, ADULT_DM):
        decision, reasons = _rule_reasons(flt, text, ctx)
        assert (decision, reasons) == ("hold", ["recruitment"]), text


@pytest.mark.parametrize(
    "text",
    [
        "combien de gouttes de doliprane pour mon bébé ?",
        "how many mg of melatonin for my son so he doesn't wake up at 4am?",
        "how much melatonin can a carer give an elderly patient?",
        "ma meuf est KO après sa garde, on annule ce soir",
        "my wife is out cold after her night shift, let's reschedule",
        "ma femme est KO 😴 qui est dispo pour une partie demain ?",
        "mon mari dort déjà 😴 on se parle demain",
        "my gf is knocked out with the flu 😴 anyone got soup recipes?",
        "my wife and I are looking for a third this weekend, she's fully on board 🔥 dm us",
        "soirée chez moi samedi 🔥 qui vient ?",
        "party at mine tonight 🔥 who's in?",
        "got a dm from a guy inviting me over while his wife is asleep. reported. do the same",
        "venez a 19h, garez vous plus loin pour qu elle voie pas les voitures, c'est une surprise",
    ],
)
def test_care_fatigue_and_parties_stay_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, ADULT_DM).decision == "allow", text


# --- Class 2: implicit threats ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "je sais à quelle heure tu sors du lycée, à demain 😉",
        "jsai kel heure tu finis le sport, a jeudi 😉",
        "je connais ton trajet, on se voit demain",
        "ik what time u walk home. tmrw 🙂",
        "i know ur route home. see u monday 😘",
        "you know why. see you after school 😊",
        "on a un compte a regler, à la sortie du collège",
        "je ramène le schlass au bahut lundi, t'inquiète",
        "ima bring my dads gun to school tmrw",
        "imma track u down",
        "jvais te trouver",
    ],
)
def test_routine_known_with_a_meeting_is_a_threat(flt: MessageFilter, text: str) -> None:
    decision, reasons = _rule_reasons(flt, text, TEEN_DM)
    assert (decision, reasons) == ("hold", ["threat"]), text


@pytest.mark.parametrize(
    "text",
    [
        "je sais à quelle heure tu finis, je viens te chercher 😊",
        "i know when ur shift ends, ill pick u up at 6",
        "cours de maths: je sais à quelle heure vous sortez, rendez vous lundi 8h salle 12",
        "see u at the bus stop 7:40 😊 don't be late",
        "à demain 😉 on se retrouve au bus",
        "tu sais pourquoi je t'aime ? à demain 😘",
        "jvais te trouver un bon resto",
        "imma find u a seat, hurry",
        "j'apporte un couteau au collège pour l'atelier cuisine",
        "i'll bring a knife to school for the cake tomorrow",
        "je vais te retrouver au ciné",
        "watch your back in ranked, campers everywhere",
    ],
)
def test_pick_ups_lessons_and_friends_meeting_stay_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_DM).decision == "allow", text
