"""Session 11 (s11ambush): a group ambush planned in plain words, a move off
the platform to escape the moderators, a teen's body asked about without a
sexual word (``checks/ambush.py``, ``data/intent/*_ambush.tsv``).
Wordings are the tests' own (other victims, SMS spelling, FR and EN); the
hard negatives next to each class share its words and must stay allowed."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import MessageFilter, SenderContext
from causerie.safety.scorer import ConversationScorer, Participant, crimes_of
from causerie.services.risk import HOLD_CRIMES, HOLD_LEVEL

ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=90, is_private=True)
ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90, is_private=False)
ADULT_NEW = SenderContext("adult", trust_level=0, account_age_days=0.5, is_private=True)
TEEN_DM = SenderContext("teen", trust_level=2, account_age_days=90, is_private=True)
TEEN_NEW = SenderContext("teen", trust_level=0, account_age_days=0.5, is_private=True)
TEEN_PUBLIC = SenderContext("teen", trust_level=2, account_age_days=90, is_private=False)
SCORER = ConversationScorer()


# --- Class 1: a group ambush planned ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # lure + violence
        "on lui donne rdv au parc avec le faux profil, et la on le defonce",
        "on a chope un pd sur grindr, on lui fixe un rdv et on le tabasse",
        "on se fait passer pour une gamine de 14 ans, il vient, on lui prend tout",
        "set up a fake date with the creep and we'll jump him when he shows up",
        "pretend to be a 14 year old girl, when he turns up we beat him senseless",
        # lure + group
        "jvais le faire venir en bas du bat, les gars seront caches dans le hall",
        "fixe lui un rencard vers la gare, on sera 5 a l'attendre",
        "get him to come to the car park, the lads will be waiting behind the garages",
        "he thinks he's meeting some girl, the boys will be hiding round the back",
        # group + violence
        "fais le descendre au parking, on lui saute dessus a plusieurs",
        "there'll be 4 of us, we take his phone and his wallet",
        "ramene tes potes, on le depouille quand il sort du bus",
    ],
)
def test_two_parts_of_an_ambush_are_held(flt: MessageFilter, rules_only: None, text: str) -> None:
    for ctx in (ADULT_DM, ADULT_PUBLIC, TEEN_DM):
        verdict = flt.check(text, ctx)
        assert verdict.decision == "hold", (text, ctx)
        assert "ambush" in verdict.reasons, (text, ctx)


def test_a_vigilante_lynching_plan_is_still_an_ambush(flt: MessageFilter, rules_only: None) -> None:
    """A "pedo hunt" that traps an adult to beat him: report, never lynch."""
    for text in (
        "on fait une chasse aux pedos samedi, on le lynche quand il arrive",
        "catfish the nonce with a fake teen profile and we all batter him",
    ):
        assert "ambush" in flt.check(text, ADULT_PUBLIC).reasons, text


@pytest.mark.parametrize(
    "text",
    [
        "chut on se cache derriere le canape pour la surprise, il arrive a 20h",
        "surprise party for jake, we'll all be hiding behind the sofa when he gets in",
        "paintball dimanche : on se planque derriere les bottes de paille et on les allume",
        "on l'attend au spawn et on le defonce, trop facile cette game",
        "we're gonna smash them on saturday at the match",
        "faites gaffe, des mecs font des faux profils pour attirer des gens et les depouiller",
        "careful guys, people use fake profiles on here to lure and rob people, report them",
        "je me suis fait depouiller hier, ils etaient 4 caches derriere le batiment",
        "i got jumped last week, there were 5 of them waiting behind the shop",
        "selon le parisien, trois hommes ont attire un homme via un faux profil et l'ont frappe",
        "tu peux le faire venir a 19h pour le diner ? on sera 6 avec les cousins",
        "get him to come to the pub for his leaving do, there'll be 10 of us",
    ],
)
def test_parties_games_warnings_victims_and_news_are_no_ambush(
    flt: MessageFilter, rules_only: None, text: str
) -> None:
    for ctx in (ADULT_DM, TEEN_PUBLIC):
        assert "ambush" not in flt.check(text, ctx).reasons, (text, ctx)


def _converse(messages: list[str], days: float = 2.0) -> tuple[list[str], frozenset[str]]:
    state = SCORER.start([Participant("x", 24, days), Participant("v", 23, 300.0)], "dm")
    levels = []
    for text in messages:
        state, _ = SCORER.add_message(state, "x", text)
        levels.append(SCORER.assess(state).level)
    return levels, crimes_of(SCORER.assess(state))


@pytest.mark.parametrize(
    "messages",
    [
        ["jlui ai donne rdv ce soir au city stade", "vous serez 4 caches derriere le mur"],
        ["on sera cinq ce soir", "ok", "il croit qu'il va voir une meuf mdr"],
        ["i'll get him to come to the park at 9", "then we rob him"],
        ["the lads will be waiting by the garages", "and we take his wallet and phone"],
    ],
)
def test_a_plan_spread_over_a_senders_messages_reaches_a_hold(
    rules_only: None, messages: list[str]
) -> None:
    levels, crimes = _converse(messages)
    assert levels[0] != HOLD_LEVEL, messages  # one part is no plan
    assert levels[-1] == HOLD_LEVEL, messages
    assert "ambush" in crimes & HOLD_CRIMES, messages


@pytest.mark.parametrize(
    "messages",
    [
        ["on se cache tous derriere le canape", "c'est pour la surprise de son anniv"],
        ["we'll be waiting at spawn", "then we rush them, easy game"],
        ["ils m'ont donne rdv avec un faux profil", "ils etaient 5 caches, j'ai porte plainte"],
    ],
)
def test_a_party_a_game_or_a_victims_story_over_messages_is_not_held(
    rules_only: None, messages: list[str]
) -> None:
    levels, crimes = _converse(messages, days=300.0)
    assert "ambush" not in crimes or levels[-1] != HOLD_LEVEL, messages


# --- Class 2: off the platform to escape the moderators --------------------


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("passe sur snap, ici les modos lisent tout", TEEN_DM),
        ("ajoute moi sur telegram c plus discret", TEEN_NEW),
        ("on continue sur whatsapp ? personne pourra nous lire la bas", TEEN_DM),
        ("viens sur insta on sera plus tranquilles toi et moi", TEEN_DM),
        ("on parle sur une autre appli ? ici c trop surveille", TEEN_PUBLIC),
        ("add me on snap, mods cant see anything there", TEEN_DM),
        ("lets move to telegram, it's way more private, no mods", TEEN_NEW),
        ("dm me on kik, the admins here read everything", TEEN_DM),
        (
            "on passe sur telegram, les messages s'effacent tout seuls et y a pas de modos",
            ADULT_NEW,
        ),
        ("text me on whatsapp instead, this site is monitored", ADULT_NEW),
        ("hit me up on signal, messages disappear and nobody can read them", ADULT_NEW),
    ],
)
def test_a_move_to_escape_moderation_is_held(
    flt: MessageFilter, rules_only: None, text: str, ctx: SenderContext
) -> None:
    verdict = flt.check(text, ctx)
    assert verdict.decision == "hold", text
    assert "grooming" in verdict.reasons, text


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("on passe la game sur discord ce soir ? c plus simple pour parler", TEEN_DM),
        ("my battery is dying, text me on whatsapp later", TEEN_DM),
        ("pour la commande, ecrivez nous sur le whatsapp de la boutique", ADULT_PUBLIC),
        ("lets move the squad chat to discord, easier for voice", TEEN_PUBLIC),
        (
            "si quelqu'un vous demande de passer sur snap pour etre plus discret, signalez le",
            ADULT_PUBLIC,
        ),
        ("add me on discord for the raid tonight", TEEN_DM),
        ("whatsapp plutot, c plus pratique pour les vocaux", ADULT_NEW),
        # two established adults may prefer another app
        ("on passe sur telegram ? ici les modos lisent tout", ADULT_DM),
    ],
)
def test_an_ordinary_move_is_not_held(
    flt: MessageFilter, rules_only: None, text: str, ctx: SenderContext
) -> None:
    assert flt.check(text, ctx).decision not in ("hold", "block"), text


# --- Class 3: a teen's body asked about, a private cam ----------------------


@pytest.mark.parametrize(
    "text",
    [
        "t'as deja tes regles ?",
        "t'es deja formee ou pas encore ?",
        "tu portes deja un soutif ?",
        "do you wear a bra yet?",
        "have you started your period yet",
        "has your voice broken yet lol",
        "on fait cam2cam ce soir ?",
        "on s'appelle en visio ? t'es seule dans ta chambre ?",
        "video call tonight? lock your door first",
        "mets ta cam, tes parents dorment non ?",
        "t'en as deja vu un en vrai ?",
        "have you ever seen a grown man naked?",
        "tes parents sont la ce soir ? on pourrait faire un facetime juste toi et moi",
        "are you home alone? turn on your cam",
    ],
)
def test_a_teens_body_or_a_private_cam_is_grooming(
    flt: MessageFilter, rules_only: None, text: str
) -> None:
    for ctx in (TEEN_DM, TEEN_NEW):
        verdict = flt.check(text, ctx)
        assert "grooming" in verdict.reasons, text
        # Session 22: a teen's bra or swimsuit asked about is also a minor
        # sexualised, refused with a case; the other moves are held.
        sexual = "minor_sexualisation" in verdict.reasons
        assert verdict.decision == ("block" if sexual else "hold"), text
        assert sexual == ("bra" in text or "soutif" in text), text


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("t'as tes regles toi aussi ? moi j'ai trop mal au ventre", TEEN_DM),
        ("my period cramps are killing me, do you have ibuprofen?", TEEN_DM),
        ("on a eu le cours sur la puberte en svt, l'infirmiere a parle des regles", TEEN_PUBLIC),
        ("on s'appelle sur discord pour la game ce soir ?", TEEN_DM),
        ("vc tonight with the squad for the raid?", TEEN_DM),
        ("facetime tonight to revise for the test?", TEEN_DM),
        ("t'as deja vu un dauphin en vrai ?", TEEN_DM),
        ("have you ever seen the eiffel tower in real life?", TEEN_DM),
        ("i'm home alone tonight, so bored", TEEN_DM),
        ("ma fille de 12 ans a deja ses regles, c'est normal a cet age ?", ADULT_PUBLIC),
    ],
)
def test_period_pain_sex_ed_a_parent_or_a_game_call_is_not_grooming(
    flt: MessageFilter, rules_only: None, text: str, ctx: SenderContext
) -> None:
    assert flt.check(text, ctx).decision not in ("hold", "block"), text


# --- Second round: wordings written after the rules, to check the class ----


@pytest.mark.parametrize(
    ("text", "ctx", "reason"),
    [
        ("jai mis une annonce bidon pour la ps5, qd il vient la chercher on le depouille",
         ADULT_DM, "ambush"),
        ("on le fait monter au 3eme, les autres attendent dans l'escalier avec les battes",
         ADULT_DM, "ambush"),
        ("il pense qu'il a un date avec une meuf, on sera 6 derriere le lidl", ADULT_PUBLIC,
         "ambush"),
        ("mets une fausse annonce de tel, il ramene le cash et on lui arrache tout", ADULT_DM,
         "ambush"),
        ("rdv avec le bouffon de tinder ce soir, vous etes prets ? on le cogne et on se barre",
         ADULT_PUBLIC, "ambush"),
        ("invite him over for the sale, me and the boys will be hiding in the stairwell",
         ADULT_DM, "ambush"),
        ("we lure him to the park and then beat the crap out of him", TEEN_DM, "ambush"),
        ("passe sur tel, ici tout est enregistre", TEEN_NEW, "grooming"),
        ("viens sur snap, la bas personne nous surveille", TEEN_DM, "grooming"),
        ("we should switch to telegram, nobody watches there", TEEN_DM, "grooming"),
        ("on passe en prive sur whatsapp, ici les admins regardent tout", ADULT_NEW, "grooming"),
        ("u got ur period yet?", TEEN_DM, "grooming"),
        ("did u get your period yet or not", TEEN_DM, "grooming"),
        ("t as des poils deja ?", TEEN_DM, "grooming"),
        ("cam to cam? personne saura", TEEN_DM, "grooming"),
        ("ton corps a deja commence a changer ?", TEEN_DM, "grooming"),
        ("t'es toute seule chez toi ? on fait un facetime", TEEN_DM, "grooming"),
    ],
)  # fmt: skip
def test_second_round_wordings_are_held(
    flt: MessageFilter, rules_only: None, text: str, ctx: SenderContext, reason: str
) -> None:
    verdict = flt.check(text, ctx)
    assert verdict.decision == "hold", text
    assert reason in verdict.reasons, text


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("tu peux le faire sortir de sa chambre ? on lui a prepare un gateau", TEEN_DM),
        ("my brother got robbed by guys using a fake listing on marketplace, be careful",
         ADULT_PUBLIC),
        ("in fortnite we wait behind the wall and rush them", TEEN_PUBLIC),
        ("j'ai vu un reportage sur des jeunes qui attiraient des hommes via grindr pour les "
         "racketter", ADULT_PUBLIC),
        ("les modos ils ont supprimé mon msg pcq j'ai mis mon snap, jsavais pas", TEEN_PUBLIC),
        ("u got snap? ill add u there", TEEN_DM),
        ("imagine u got dumped on valentines lmaooo", TEEN_PUBLIC),
        ("j'ai mes regles et j'ai trop mal, quelqu'un a une bouillotte ?", TEEN_PUBLIC),
        ("ma soeur a eu ses regles a 11 ans, c'est normal ?", TEEN_PUBLIC),
        ("r u home alone tonight? we could do a discord call and play among us w the others",
         TEEN_DM),
    ],
)  # fmt: skip
def test_second_round_hard_negatives_are_not_held_by_these_rules(
    flt: MessageFilter, rules_only: None, text: str, ctx: SenderContext
) -> None:
    reasons = flt.check(text, ctx).reasons
    assert "ambush" not in reasons and "grooming" not in reasons, text
