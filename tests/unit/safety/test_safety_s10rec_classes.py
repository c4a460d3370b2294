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
TEEN_PUBLIC = SenderContext("teen", trust_level=2, account_age_days=90, is_private=False)


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
        "gonna bring my dad's gun to school tomorrow, you'll see who's laughing",
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
        "my neighbour's kid said 'gonna bring a gun to school', i called the police",
        "je vais te retrouver au ciné",
        "watch your back in ranked, campers everywhere",
    ],
)
def test_pick_ups_lessons_and_friends_meeting_stay_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_DM).decision == "allow", text


# --- Class 3: incitement to suicide in any form ----------------------------


@pytest.mark.parametrize(
    "text",
    [
        "va tacheter une corde stp",
        "t'es qu'une merde, va t'acheter une corde",
        "go grab urself a rope lol",
        "le pont c'est par là 👉",
        "ur so pathetic, the bridge is right there",
        "fais nous tous une faveur et disparais",
        "disparais pour de bon stp",
        "do the world a favor and vanish for good",
        "saute d'un pont",
        "jump off a bridge loser",
        "personne te regretterait si tu sautais",
        "k y s",
        "unalive urself",
    ],
)
def test_disguised_suicide_incitement_is_refused(flt: MessageFilter, text: str) -> None:
    for ctx in (ADULT_DM, TEEN_DM):
        decision, reasons = _rule_reasons(flt, text, ctx)
        assert (decision, reasons) == ("block", ["harassment"]), text


@pytest.mark.parametrize(
    "text",
    [
        "i need a rope for climbing this weekend, any good brand?",
        "go buy a rope for the tent, the old one broke",
        "va t'acheter une corde à sauter pour la boxe",
        "the bridge is that way, then turn left for the station",
        "le pont c'est par là, tu verras la boulangerie",
        "I want to disappear for a weekend, somewhere with no wifi",
        "sometimes i wish i could just disappear for good",
        "je disparais pour de bon de ce site, bye tout le monde",
        "i jump off the bridge into the lake every summer",
        "si tu as des idées noires, appelle le 3114, on est là pour toi",
        "je vais me pendre à ton cou quand je te vois 🥰",
        "fais nous une faveur, ramène des croissants demain",
    ],
)
def test_ropes_bridges_and_leaving_stay_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_DM).decision == "allow", text


# --- Class 4: the lie a teen is told to tell their parents, the chat erased ---


@pytest.mark.parametrize(
    "text",
    [
        "dis à ta mère que tu dors chez Inès",
        "ta ka dire a ta daronne ke tu dors chez lea",
        "fais croire à tes parents que t'es chez ta pote",
        "tell ur mom ur at a friend's",
        "just tell ur folks ur studying at sarah's 😉",
        "efface nos msg stp",
        "t'oublies pas d'effacer la conversation",
        "delete this chat after",
        "dont forget to delete our chat",
    ],
)
def test_parent_lie_or_erased_chat_is_grooming_in_the_teen_band(
    flt: MessageFilter, text: str
) -> None:
    for ctx in (TEEN_DM, TEEN_PUBLIC):
        decision, reasons = _rule_reasons(flt, text, ctx)
        assert (decision, reasons) == ("hold", ["grooming"]), text


@pytest.mark.parametrize(
    "text",
    [
        "je dors chez Inès samedi, ma mère est d'accord !",
        "dis à ta mère que tu dors chez moi samedi, ma mère l'appelle",
        "dis à ta mère que je passe te prendre à 18h, je te ramène à 22h",
        "tell your mom i'll pick you up after practice",
        "tell your mom you're sorry, she'll get it",
        "tell ur mom thanks for the cookies!",
        "delete the photo I sent of the cake, it's ugly lol",
        "i deleted the chat by mistake lol",
        "sleepover at mine friday? tell ur mom to call mine",
        "supprime la conv, c'est pour la fête surprise de maman",
        "delete this chat after, it's for dad's surprise party",
    ],
)
def test_open_plans_and_other_deletions_stay_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_DM).decision == "allow", text
