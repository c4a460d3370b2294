"""Session 15: the classes the five session-14 authors showed the rules
missing once their text was read (az-harcelement, bc-fil-reel, bd-urgences,
be-ados, bf-expat, moved to the training split). Wordings are our own.

1. An insult or a push to die someone was called or told, reported without
   quotation marks, is the report's, not the sender's.
2. Pushes to die said sideways.
3. Veiled threats that name no weapon.
4. A group attacked in a stereotype's plain words, a purge, a coded jab.
5. A threat said with an insult aimed at the reader is refused, and the
   refusal opens a case (``refusal_opens_case``).
"""

from __future__ import annotations

import pytest
from tests.support.safety import ADULT_DM, ADULT_PUBLIC, TEEN_DM, TEEN_PUBLIC, rules_verdict

from causerie.domain.moderation import refusal_opens_case
from causerie.safety.pipeline import SenderContext
from causerie.safety.verdict import BLOCK, HOLD, gravest

_rules = rules_verdict


# 1. Reported, not said.
@pytest.mark.parametrize(
    "text",
    [
        "hier un mec m'a appelé sale bougnoule en pleine partie, je l'ai report",
        "got called a slut at the bus stop this morning, still upset",
        "your ex called u a whore in the group chat, i shut him down. u good?",
        "en primaire on me traitait de grosse baleine, ça m'a suivi longtemps",
        "what do you do when a guy tells you to kys every single day?",
        "y a un compte qui écrit kys sous toutes mes vidéos, comment on le signale ?",
        "i keep getting kys under my clips, reported like 10 accounts",
    ],
)
def test_an_insult_someone_was_called_is_reported_not_said(text: str) -> None:
    assert _rules(text, TEEN_PUBLIC)[0] == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "je t'écris juste pour te dire : kys",
        "i'm telling you to kys",
        "t'es qu'une grosse pute",
        "tout le monde spammez kys sous son post",
    ],
)
def test_the_sender_s_own_insult_is_still_refused(text: str) -> None:
    decision, reasons = _rules(text, TEEN_PUBLIC)
    assert decision == "block" and "harassment" in reasons


# 2. Pushes to die said sideways.
@pytest.mark.parametrize(
    "text",
    [
        "pourquoi tu t'acharnes encore à vivre toi",
        "jsp pq t'existes toujours franchement",
        "why are u even still alive",
        "ta place elle est au cimetière",
        "si j'étais toi je me jetterais du balcon",
        "if i looked like u id jump off a bridge",
        "go play in traffic loser",
        "tu devrais t'ouvrir les veines",
        "la corde coûte pas cher chez castorama, je dis ça",
    ],
)
def test_a_push_to_die_said_sideways_is_refused(text: str) -> None:
    decision, reasons = _rules(text, TEEN_PUBLIC)
    assert decision == "block" and "harassment" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "si j'étais toi je sauterais sur l'occasion, c'est un super stage",
        "la corde à sauter de ma sœur est cassée",
        "pourquoi t'es encore là ? le cours est fini depuis 10 min",
        "if i were you id jump at that offer",
        "why are you still awake lol it's 3am",
    ],
)
def test_their_plain_look_alikes_stay_allowed(text: str) -> None:
    assert _rules(text, TEEN_PUBLIC)[0] == "allow"


# 3. Veiled threats.
@pytest.mark.parametrize(
    "text",
    [
        "retire ta plainte avant lundi",
        "ton père pourra pas toujours te protéger",
        "we gonna pull up on you after practice",
        "quelqu'un devrait t'apprendre le respect",
        "j'ai des potes qui connaissent ton adresse, continue comme ça",
        "drop the complaint or else",
        "je vais cramer ta bagnole cette nuit",
        "tu vas me le payer, crois moi",
    ],
)
def test_a_veiled_threat_is_held(text: str) -> None:
    decision, reasons = _rules(text, ADULT_DM)
    assert decision == "hold" and "threat" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "accidents happen, wear a helmet on the bike",
        "last warning for the raffle, tickets close at six",
        "je vois ta voiture d'ici, je descends dans deux minutes",
        "on passe te prendre à 20h pour le ciné",
    ],
)
def test_ordinary_warnings_stay_allowed(text: str) -> None:
    assert _rules(text, ADULT_DM)[0] == "allow"


# 4. A group attacked without a slur.
@pytest.mark.parametrize(
    "text",
    [
        "les gitans ils volent, c'est culturel",
        "romanians all steal, everyone knows it",
        "chaque musulman est une bombe à retardement",
        "un bon arabe c'est un arabe expulsé",
        "trop de 🕌 dans ma ville, faut faire le ménage",
        "41% 🏳️\u200d⚧️ lmao",
        "6 million? yeah right",
        "retourne dans ton arbre toi",
        "les handicapés coûtent une blinde pour rien produire",
    ],
)
def test_a_group_attacked_in_a_stereotype_s_words_is_refused(text: str) -> None:
    decision, reasons = _rules(text, ADULT_PUBLIC)
    assert decision == "block" and "hate" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "en cours on a parlé du préjugé 'les roms volent', la prof l'a démonté",
        "dire que les gitans volent c'est raciste, point",
        "no aftershave and no fags, she'd smell it on the pillow",
        "nos voisins roumains volent la vedette à chaque fête de quartier 😂",
        "il faut faire le ménage avant que mes parents rentrent",
    ],
)
def test_talk_about_a_stereotype_stays_allowed(text: str) -> None:
    assert _rules(text, ADULT_PUBLIC)[0] != "block"


# 5. A threat with an insult.
def test_a_threat_with_an_insult_is_refused_and_opens_a_case() -> None:
    decision, reasons = _rules("je vais te violer sale chienne", ADULT_DM)
    assert decision == BLOCK and {"threat", "harassment"} <= set(reasons)
    assert refusal_opens_case(reasons)


def test_a_threat_alone_is_still_held_and_opens_no_refusal_case() -> None:
    decision, reasons = _rules("si je te revois avec elle je te crève", ADULT_DM)
    assert decision == HOLD and reasons == ["threat"]
    assert not refusal_opens_case(reasons)


def test_gravest_joins_a_held_threat_and_a_refused_insult() -> None:
    assert gravest([(HOLD, ("threat",)), (BLOCK, ("harassment",))]) == BLOCK
    assert gravest([(HOLD, ("scam",)), (BLOCK, ("harassment",))]) == HOLD
    assert gravest([(HOLD, ("threat",)), (BLOCK, ("sexual_content",))]) == HOLD


# 6. A child sought by school level, birth year or through someone else.
@pytest.mark.parametrize(
    "text",
    [
        "je voudrais rencontrer une collégienne, discrétion assurée",
        "looking for a preteen to chat with",
        "vous connaissez une fille de 11 ans ? mp",
        "quelqu'un connait une petite de 6e ?",
        "seeking a girl born in 2014, dm",
    ],
)
def test_a_child_sought_by_school_level_or_birth_year_is_refused(text: str) -> None:
    decision, reasons = _rules(text, ADULT_PUBLIC)
    assert decision == "block" and "minor_sexualisation" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "je cherche une collégienne pour du soutien scolaire, je suis prof de maths",
        "ma fille est en 6e, elle cherche une correspondante",
        "do u know a kid in year 7 called leo? he forgot his jacket",
        "je cherche une femme née en 1990 pour une relation sérieuse",
    ],
)
def test_school_talk_and_adults_sought_stay_allowed(text: str) -> None:
    assert _rules(text, ADULT_PUBLIC)[0] == "allow"


# 7. Sexual questions put to a teen, and minors sought "here".
@pytest.mark.parametrize(
    "text",
    [
        "t'es encore vierge toi ? tu peux me le dire",
        "have you ever touched yourself? u can tell me",
        "tu dors en quoi le soir ? 😏",
        "what r u wearing right now? 😏",
        "i could teach u things girls ur age dont know",
    ],
)
def test_a_sexual_question_to_a_teen_is_refused(text: str) -> None:
    decision, reasons = _rules(text, TEEN_DM)
    assert decision == "block" and "minor_sexualisation" in reasons


def test_the_same_question_between_adults_in_private_is_theirs() -> None:
    assert _rules("what r u wearing right now? 😏", ADULT_DM)[0] == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "tu portes quoi demain pour la soirée ?",
        "est-ce que c'est grave si je suis encore vierge ? toutes mes copines l'ont fait",
        "il m'a écrit 't'es encore vierge ?' je fais quoi",
    ],
)
def test_teens_own_questions_and_reports_are_delivered(text: str) -> None:
    assert _rules(text, TEEN_DM)[0] != "block"


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("y a des meufs de 4e ou 3e ici ? mp moi", ADULT_PUBLIC),
        ("where are the young teens on here", ADULT_PUBLIC),
        ("boys 13-15 only, dm me, generous", ADULT_PUBLIC),
        ("homme de 35 ans, des filles de 15 ans ici ? mp", TEEN_PUBLIC),
    ],
)
def test_minors_sought_here_by_an_adult_are_refused(text: str, ctx: SenderContext) -> None:
    decision, reasons = _rules(text, ctx)
    assert decision == "block" and "minor_sexualisation" in reasons


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("y a des filles de 16 ans ici ? on s'ennuie", TEEN_PUBLIC),
        ("anyone know a good swim coach for a 14yo? she wants to compete", ADULT_PUBLIC),
        ("if you are under 17 please leave, adults only here", ADULT_PUBLIC),
        (
            "la banque alimentaire c'est le 01 45 12 12 12 si quelqu'un est dans la galère",
            ADULT_PUBLIC,
        ),
        ("y a des gens qui ont eu 15 ans d'écart avec leur mari ici ?", ADULT_PUBLIC),
    ],
)
def test_peers_parents_notices_and_numbers_are_not_seeking(text: str, ctx: SenderContext) -> None:
    assert _rules(text, ctx)[0] != "block"


# 8. The price of making an image go away, implied.
@pytest.mark.parametrize(
    "text",
    ["passe la nuit avec moi et les photos disparaissent", "pay 200 and i delete it, your call"],
)
def test_an_implied_blackmail_is_held(text: str) -> None:
    decision, reasons = _rules(text, ADULT_DM)
    assert decision == "hold" and "sextortion" in reasons


def test_a_warning_quoting_the_blackmail_is_not() -> None:
    text = 'psa: a bot keeps saying "pay 200 and i delete it", it is a scam, block it'
    assert "sextortion" not in _rules(text, ADULT_PUBLIC)[1]


# 9. A plural slur said by the sender, and the ones who report or reclaim it.
@pytest.mark.parametrize(
    "text",
    [
        "les f@gs ont rien à faire dans ce salon",
        "n1ggas everywhere lately smh",
        "gypos, all of em",
        # "we" or "entre" elsewhere in the message is not the speaker's group
        "we all know where the muzzies pray on fridays",
        "entre nous les bougnoules devraient rentrer",
    ],
)
def test_a_plural_slur_said_is_refused(text: str) -> None:
    decision, reasons = _rules(text, ADULT_PUBLIC)
    assert decision == "block" and "hate" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "nous les gouines on sera à la marche samedi",
        "reporting a guy who keeps typing 'f4gs' in the lounge",
        "je trouve ça grave les gens qui insultent les feujs ici",
        "grab some fags and a lighter on your way",
    ],
)
def test_a_slur_reported_reclaimed_or_homograph_is_not(text: str) -> None:
    assert _rules(text, ADULT_PUBLIC)[0] == "allow"


# 10. A secret asked of a teen in private, alone.
@pytest.mark.parametrize(
    "text",
    [
        "on garde ça entre nous ok ? tes parents comprendraient pas",
        "this stays between us, dont tell ur mum we talk 🤫",
        "c'est notre petit secret à nous deux",
    ],
)
def test_a_secret_asked_of_a_teen_in_private_is_held(text: str) -> None:
    decision, reasons = _rules(text, TEEN_DM)
    assert decision == "hold" and reasons == ["grooming"]


@pytest.mark.parametrize(
    "text",
    [
        "dis rien à personne mais je kiffe Lucas 🙈",
        "keep it a secret but im applying to art school",
        "chut c'est un secret, on prépare l'anniv de Léa samedi",
        "il m'a dit 'c'est notre secret' et ça m'a fait peur",
    ],
)
def test_a_teen_s_own_secret_or_a_story_is_delivered(text: str) -> None:
    assert _rules(text, TEEN_DM)[0] == "allow"


def test_a_secret_in_a_public_room_or_between_adults_is_not_this_move() -> None:
    assert _rules("this stays between us ok", ADULT_DM)[0] == "allow"
