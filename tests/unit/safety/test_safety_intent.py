"""Intent rules (checks/intent.py): the categories are recognised by their
structure, their hard negatives are left alone, and the scorer combines
their parts across messages. Sentences here are written for the tests, not
copied from any corpus."""

from __future__ import annotations

import pytest

from causerie.safety.checks.intent import IntentCheck, read_intent
from causerie.safety.pipeline import MessageFilter, SenderContext, scan
from causerie.safety.scorer import ConversationScorer, Participant

TEEN_PUBLIC = SenderContext("teen", trust_level=1, account_age_days=30)
TEEN_DM = SenderContext("teen", trust_level=1, account_age_days=30, is_private=True)
ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=90, is_private=True)
ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90)


def categories(text: str) -> tuple[str, ...]:
    return read_intent(scan(text)).categories


@pytest.mark.parametrize(
    "text",
    [
        "mon mari cherche un gars discret pour passer la nuit, elle sera endormie et ne saura rien",
        "elle prend ses cachets vers 21h, apres elle dort comme une masse. tu te gares plus loin",
        "pas de parfum pas de clope et tu repars avant l'aube, t'es discret ?",
        "she'll be out cold by 11, park round the corner and no aftershave",
        "are u discreet? she wont remember a thing, send a pic and ur age",
        "my wife mustnt wake up, you leave before 5 and you dont say a word",
    ],
)
def test_recruitment_against_someone_who_cannot_consent_is_held(
    flt: MessageFilter, text: str
) -> None:
    verdict = flt.check(text, ADULT_DM)
    assert verdict.decision == "hold"
    assert "recruitment" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        # A surprise party has "she won't know" and "park further away".
        "c'est une surprise pour son anniv, elle ne saura rien, gare toi plus loin",
        "it's her birthday party, she won't know anything, park round the corner",
        # A nurse about a patient, one part only.
        "le patient dort profondement apres ses calmants",
        "she sleeps like a log after her night shift",
    ],
)
def test_recruitment_hard_negatives_pass(flt: MessageFilter, text: str) -> None:
    assert "recruitment" not in categories(text)
    assert flt.check(text, ADULT_DM).decision == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "j'ai gardé tes photos, 200€ en paysafecard sinon toute ta classe les reçoit",
        "jai ta video, tu me vires 100 balles avant ce soir ou je la poste sur ton insta",
        "i still have ur nudes. $250 in steam cards or ur followers see them",
        "send me 2 more pics or i post the one i have to your school",
        "you got 3 hours. bitcoin or your wife and your boss get the recording",
    ],
)
def test_sextortion_is_held(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN_DM)
    assert "sextortion" in verdict.reasons
    assert verdict.decision == "hold"


@pytest.mark.parametrize(
    "text",
    [
        "envoie moi des photos de tes vacances",
        "i saved your photos from the trip, they're lovely",
        "tu me dois 20€ pour le cine",
    ],
)
def test_sextortion_needs_two_parts_under_pressure(text: str) -> None:
    assert "sextortion" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "t'es qu'une grosse pute",
        "t es vraiment qu une sale connasse",
        "va te pendre personne te regrettera",
        "kys no one would notice",
        "you're a worthless slag",
        "shut up u fat cow",
        "personne t'aime, tout le monde se fout de toi",
    ],
)
def test_harassment_aimed_at_a_person_is_refused_among_teens(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN_PUBLIC)
    assert verdict.decision == "block"
    assert "harassment" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "il m'a traitée de pute devant tout le lycée, je fais quoi ?",
        "she called me a slut in the group chat, can a mod help",
        "t'es con mdr",
        "ur so dumb lol",
    ],
)
def test_quoted_insults_and_banter_pass(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_PUBLIC).decision == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "les gitans c'est tous des voleurs",
        "les migrants c des rats",
        "muslims are terrorists, send them back",
        "the great replacement is real, wake up",
        "those people control the media (((them)))",
    ],
)
def test_hate_against_a_group_is_refused(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, ADULT_PUBLIC)
    assert verdict.decision == "block"
    assert "hate" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "les migrants sont arrivés hier à la gare",
        "there are rats in the metro again",
    ],
)
def test_groups_and_animals_alone_pass(text: str) -> None:
    assert "hate" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "ton colis est retenu a la douane, regle les frais de dedouanement ici",
        "mon coeur je suis bloqué à l'aéroport, il me faut 600€, je te rembourse promis",
        "achete moi 3 cartes google play et envoie moi les codes",
        "guaranteed returns, 25% a month, start with 500 usdt",
        "what's the code you just got by text? i need it to verify you",
    ],
)
def test_scams_are_held(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, ADULT_DM)
    assert verdict.decision == "hold"
    assert "scam" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "attention, arnaque aux frais de douane en ce moment, ne payez jamais",
        "bbc article on gift card scams, never send codes to anyone",
    ],
)
def test_news_about_scams_passes(text: str) -> None:
    assert "scam" not in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "la meuf de 4eme elle habite 3 rue des Acacias, allez y",
        "he's at the gym on Park Lane right now, i can see his live location",
        "elle s'appelle Julie, elle prend le bus tous les matins a 7h devant chez elle",
    ],
)
def test_doxxing_is_held(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN_PUBLIC)
    assert verdict.decision == "hold"
    assert "doxxing" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "j'habite au 3 rue des Acacias",
        "moi jhabite 14 avenue jean jaures",
        "i live at 12 baker street",
        "my address is 4 elm road",
    ],
)
def test_ones_own_address_is_not_doxxing(flt: MessageFilter, text: str) -> None:
    # The model alone read some of these as doxxing (model 04a30fd6): one's
    # own address is masked, not held.
    verdict = flt.check(text, TEEN_DM)
    assert verdict.decision == "mask"
    assert "doxxing" not in " ".join(verdict.reasons)


def test_someone_elses_address_beside_ones_own_is_still_doxxing(flt: MessageFilter) -> None:
    verdict = flt.check("elle habite au 3 rue des Acacias, moi j'habite au 5", TEEN_DM)
    assert verdict.decision == "hold"
    assert "doxxing" in verdict.reasons


def test_a_threatened_sextortion_keeps_both_reasons(flt: MessageFilter) -> None:
    verdict = flt.check("i will leak your nudes to your school unless you pay me 300$", TEEN_DM)
    assert verdict.decision == "hold"
    assert {"threat", "sextortion"} <= set(verdict.reasons)


def test_intent_check_is_silent_on_ordinary_talk() -> None:
    assert IntentCheck()(scan("on se fait un cine samedi ?"), TEEN_PUBLIC) is None


def _score(messages: list[tuple[str, str]]) -> tuple[str, set[str]]:
    scorer = ConversationScorer()
    state = scorer.start([Participant("a", 34, 2.0), Participant("b", 16, 200.0)])
    for sender, text in messages:
        state, _ = scorer.add_message(state, sender, text)
    result = scorer.assess(state)
    return result.level, {s.name for s in result.signals if s.sender_id == "a"}


def test_sextortion_in_parts_across_messages_is_high() -> None:
    level, names = _score(
        [
            ("a", "j'ai enregistré notre visio"),
            ("b", "quoi ??"),
            ("a", "ta mere elle est sur facebook aussi"),
            ("a", "100€ en transcash, t'as 2h"),
        ]
    )
    assert level == "high"
    assert {"intimate_image", "image_audience", "coercion"} <= names


def test_recruitment_parts_across_messages_are_high() -> None:
    level, names = _score(
        [
            ("a", "ma femme ne se souviendra de rien"),
            ("a", "tu viens vers 1h du matin"),
            ("a", "pas de parfum, tu te gares loin"),
        ]
    )
    assert level == "high"
    assert {"incapacitated_third_party", "covert_logistics"} <= names


@pytest.mark.usefixtures("rules_only")
def test_one_part_alone_stays_low() -> None:
    # The rules' parts: one is not enough. (Session 20: the 83-author model
    # reads "j'ai enregistré notre visio" as sextortion, between adults too,
    # and sextortion is never gated: a known false alarm, eval/README.md.)
    level, _ = _score([("a", "j'ai enregistré notre visio, elle était drôle")])
    assert level in ("none", "low")


@pytest.mark.parametrize(
    "text",
    [
        "si tu racontes ça à quelqu'un jte casse les dents",
        "je sais où habite ton frère, réfléchis bien",
        "keep talking and i'll come to your house and break your nose",
        "i know which bus you take. watch your back",
        "si tu me quittes je balance toutes tes photos à ta famille",
    ],
)
def test_threats_beyond_the_lexicon_are_held(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN_DM)
    assert verdict.decision == "hold"
    assert "threat" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "je vais te défoncer aux échecs demain",
        "i'll beat u at fifa tonight lol",
        "je vais te retrouver au parc vers 15h",
        "fais gaffe à la marche en sortant",
    ],
)
def test_games_meetings_and_advice_are_not_threats(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_DM).decision == "allow"


@pytest.mark.parametrize(
    ("text", "ctx", "reason"),
    [
        ("viens seule, n'en parle à personne", TEEN_DM, "grooming"),
        ("tes parents rentrent à quelle heure ?", TEEN_DM, "grooming"),
        ("t'as quel âge ? envoie une photo de toi", TEEN_DM, "grooming"),
        ("rdv au parking souterrain à minuit, viens seul", ADULT_DM, "ambush"),
        ("pas de visio, on se voit directement derrière l'entrepôt", ADULT_DM, "ambush"),
    ],
)
def test_a_grooming_move_or_an_ambush_in_one_message_is_held(
    flt: MessageFilter, text: str, ctx: SenderContext, reason: str
) -> None:
    verdict = flt.check(text, ctx)
    assert verdict.decision == "hold"
    assert reason in verdict.reasons


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("viens chez moi après les cours pour le devoir de physique", TEEN_DM),
        ("on se voit samedi au ciné ?", TEEN_DM),
        ("on se retrouve au café à 18h ?", ADULT_DM),
    ],
)
def test_ordinary_meetings_pass(flt: MessageFilter, text: str, ctx: SenderContext) -> None:
    assert flt.check(text, ctx).decision == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "t'as 14 ans ? tu dois être trop belle en maillot",
        "ur 15 right? what are you wearing rn, be specific",
        "à ton âge c'est normal d'être curieuse, montre ton corps",
        "anyone here into teens? i like them young, pm",
    ],
)
def test_sexual_talk_aimed_at_a_minor_is_refused(flt: MessageFilter, text: str) -> None:
    """Refused as the guide says; the refusal opens a case (services)."""
    verdict = flt.check(text, TEEN_DM)
    assert verdict.decision == "block"
    assert "minor_sexualisation" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "j'ai 15 ans et je suis en seconde",
        "my sister is 14 and she's so annoying",
        "à 16 ans j'ai eu mon scooter",
    ],
)
def test_ages_without_sexual_talk_pass(flt: MessageFilter, text: str) -> None:
    assert "minor_sexualisation" not in flt.check(text, TEEN_DM).reasons


def test_harassment_and_hate_alone_escalate_a_public_conversation() -> None:
    scorer = ConversationScorer()
    for text in ("t'es qu'une grosse moche, même tes parents ont honte de toi",
                 "ces gens-là faudrait tous les foutre dehors, c'est une invasion"):  # fmt: skip
        state = scorer.start([Participant("a", 16, 300.0), Participant("b", 15, 300.0)], "public")
        state, _ = scorer.add_message(state, "a", text)
        assert scorer.assess(state).level in ("medium", "high"), text


def test_a_veiled_threat_with_surveillance_is_held(flt: MessageFilter) -> None:
    verdict = flt.check("jsais dans quel bat t'habites, on va t'attendre en bas", TEEN_DM)
    assert (verdict.decision, "threat" in verdict.reasons) == ("hold", True)


@pytest.mark.parametrize(
    "text",
    [
        "si tu retires pas ta plainte jte plante",
        "jolie maison que t'as, ce serait dommage qu'elle brûle",
        "i know where he lives. he'll wish he never banned me",
    ],
)
def test_conjugated_and_veiled_threats_are_held(flt: MessageFilter, text: str) -> None:
    assert "threat" in flt.check(text, ADULT_DM).reasons


@pytest.mark.parametrize(
    "text",
    [
        "g tes tofs, 50e en pcs snn tt le monde les voit",
        "jai ta vid, tu paies ou tt ton lycee la recoit",
        "jbalance tout a tes rents si tu paies pas",
    ],
)
def test_sextortion_in_sms_spelling_is_held(flt: MessageFilter, text: str) -> None:
    assert "sextortion" in flt.check(text, TEEN_DM).reasons


@pytest.mark.parametrize(
    "text",
    [
        "qq1 pr ma femme ce soir ? elle sera ko, tu parles pas",
        "lf a guy 4 the wife tonight, she wont remember nothing, park down the street",
    ],
)
def test_recruitment_in_sms_spelling_is_held(flt: MessageFilter, text: str) -> None:
    assert "recruitment" in flt.check(text, ADULT_DM).reasons


@pytest.mark.parametrize(
    "text",
    [
        'la "reine_du_59" c\'est Julie Martin, elle bosse à la boulangerie de la gare',
        "Max from the gaming room = Max Turner, works at the garage on Hill Rd",
        "la petite de 4e A rentre seule par le parc tous les jours vers 18h",
    ],
)
def test_unmasking_a_member_or_their_routine_is_doxxing(flt: MessageFilter, text: str) -> None:
    assert "doxxing" in flt.check(text, TEEN_PUBLIC).reasons


def test_ones_own_routine_is_not_doxxing(flt: MessageFilter) -> None:
    verdict = flt.check("je rentre seule tous les soirs par le parc en 3e", TEEN_DM)
    assert "doxxing" not in verdict.reasons


def test_sending_ones_own_number_is_no_pressure() -> None:
    # "I'll send" is pressure only when what is sent is the leverage.
    names = {hit.entry.name for hit in scan("yeah sure, I'll send you my number tomorrow").hits}
    assert "sx_pressure" not in names
    assert "sx_pressure" in {hit.entry.name for hit in scan("i'll send them to everyone").hits}


@pytest.mark.parametrize(
    "text",
    [
        "ta gueule connard jtm quand meme 😂",
        "shut up u idiot lmao love u",
        "sale batard t'as pas répondu de la journée jcroyais t'étais mort jtm",
        "jvous aime bande de cassos",
        "ta gueule connard bisous",
    ],
)
def test_an_insult_signed_with_affection_is_friends_talk(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, ADULT_DM).decision == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "i would love you to die you slut",  # "love you" not as a signature
        "kys love u",  # a push to suicide is never excused
        "sale pute jtm",  # nor a sexual insult
        "shut up slut love u",
        "suicide toi je t'aime",  # the review's: "je t'aime" excused everything
        "t'es qu'une merde je t'aime",
        "t'es qu'une sale pute",
    ],
)
def test_affection_does_not_excuse_everything(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, ADULT_DM)
    assert verdict.decision == "block"
    assert "harassment" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "je cherche une gamine de 12 ans",
        "cherche fillette 10 ans",
        "looking for a young girl 13",
        "lf boys 12-13 for private chat",
        "je cherche une fille de douze ans",
        "looking for a twelve year old girl",
        "looking for a 12yo girl",
        "looking for girls aged 11-14",
    ],
)
@pytest.mark.usefixtures("rules_only")
def test_someone_sought_by_a_childs_age_is_refused_by_the_rules(
    flt: MessageFilter, text: str
) -> None:
    verdict = flt.check(text, ADULT_PUBLIC)
    assert verdict.decision == "block", text
    assert "minor_sexualisation" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "je cherche une ado de 14 ans pour garder mes enfants mercredi",
        "je cherche ma fille de 12 ans elle est pas rentrée, quelqu'un l'a vue ?",
        "je cherche une fille de 16 ans pour discuter",  # a teen, in a teen room
        "missing: looking for a boy aged 11 last seen near the station",
        "alerte enlèvement : on recherche une fille de 12 ans vue à Lyon",
        "je cherche une fille de 14 ans pour faire équipe au projet de SVT",
        "je cherche des potes j'ai 14 ans",
    ],
)
@pytest.mark.usefixtures("rules_only")
def test_a_babysitter_a_lost_child_or_a_peer_sought_is_not_that(
    flt: MessageFilter, text: str
) -> None:
    assert "minor_sexualisation" not in flt.check(text, TEEN_PUBLIC).reasons


@pytest.mark.parametrize(
    "text", ["sale chaudasse", "t'es bonne qu'à sucer", "t'es bonne qu'à sucer jtm", "suceuse va"]
)
def test_sexual_insults_the_review_saw_pass_are_refused(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, ADULT_DM)
    assert verdict.decision == "block", text
    assert "harassment" in verdict.reasons


def test_a_flirt_between_adults_in_private_is_not_an_insult(flt: MessageFilter) -> None:
    assert flt.check("t'es trop chaudasse ce soir bb 😏", ADULT_DM).decision == "allow"
