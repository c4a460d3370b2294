"""Classes of misses and false alarms from the outside red-team's review 12:
evasion of the personal-data masks, sexual content and photo requests aimed
at teens, recruitment without the obvious words, names sexualising minors,
grooming moves on their own, and a few false alarms. The sentences are new
wordings written for these tests (not the review's own examples), so a rule
that only learnt the examples fails here."""

from __future__ import annotations

import pytest

from causerie.safety import model as learned
from causerie.safety.checks.intent import read_intent
from causerie.safety.names import check_name
from causerie.safety.normalise import canonical
from causerie.safety.personal_data import find_phone_numbers
from causerie.safety.pipeline import MessageFilter, SenderContext, scan
from causerie.safety.scorer import ConversationScorer, Participant

TEEN_NEW = SenderContext("teen", trust_level=0, account_age_days=0, is_private=True)
TEEN_DM = SenderContext("teen", trust_level=1, account_age_days=30, is_private=True)
ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=90, is_private=True)


# --- 1. Normalisation against evasion -------------------------------------


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        ("ⓘⓝⓢⓣⓐ", " insta "),  # circled letters
        ("🅢🅝🅐🅟", " snap "),  # negative squared letters
        ("𝓼𝓷𝓪𝓹", " snap "),  # mathematical script
        ("t̶i̶k̶t̶o̶k̶", " tiktok "),  # strike-through combining marks
        ("d͟i͟s͟c͟o͟r͟d͟", " discord "),  # underline combining marks
    ],
)
def test_disguised_letters_fold_to_the_plain_word(disguised: str, plain: str) -> None:
    assert canonical(disguised) == plain


def test_a_colon_ends_a_run_of_spelled_letters() -> None:
    assert canonical("s n a p : t o m") == " snap tom "


@pytest.mark.parametrize(
    "text",
    [
        "🅢🅝🅐🅟 : max.du.13",
        "ⓘⓝⓢⓣⓐ → m a x _ 1 3",
        "𝓼𝓷𝓪𝓹 = maxou_13",
        "discord: m̶a̶x̶_̶1̶3̶",
        "s n a p : m a x _ 1 3",
        "ajoute moi sur l'appli du fantôme -> maxou.13",
        "le fantôme jaune 👇 maxou_13",
        "viens sur la 📸 app : maxou.13",
        "tiktok arrobase maxou_13",
        "ins ta : maxou.13",
    ],
)
def test_disguised_handles_are_masked_for_a_teen(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN_NEW)
    assert verdict.decision == "mask"
    assert "social_handle" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "mon 07 puis 98 76 54 32",
        "mon numéro c'est le 07 et après 98.76.54.32",
        "appelle le 07.98.76.5 quatre.32",
        "07 98 76 54 3 deux",
        "☎️ 0️⃣7️⃣9️⃣8️⃣7️⃣6️⃣5️⃣4️⃣3️⃣2️⃣",
        "mon tel c'est 0️⃣7️⃣ 9️⃣8️⃣ 7️⃣6️⃣ 5️⃣4️⃣ 3️⃣2️⃣",
    ],
)
def test_split_and_keycap_phone_numbers_are_masked(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN_NEW)
    assert verdict.decision == "mask"
    assert "phone_number" in verdict.reasons
    assert find_phone_numbers(text)


@pytest.mark.parametrize(
    "text",
    [
        "on a gagné 3 à 2 puis 4 à 1 puis 2 à 0",
        "rdv le 12/03 à 14h30 devant le ciné",
        "les notes: 10 12 14 15 18 en maths",
        "j'ai 2 chats et 3 chiens et 1 lapin et 4 poissons",
        "📸 de la soirée trop bien",
        "ⓑⓘⓔⓝ joué !",
        "snap at night is fun",
    ],
)
def test_numbers_scores_and_emoji_are_not_personal_data(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_NEW).decision == "allow"


# --- 2. Sexual content and photo requests to a teen ----------------------


@pytest.mark.parametrize(
    "text",
    [
        "fais moi voir tes fesses stp",
        "balance tes nichons",
        "t'es encore puceau ?",
        "tu mouilles là ?",
        "tu voudrais toucher ma teub ?",
        "t'as déjà sucé ?",
        "show me ur boobs",
        "r u still a virgin?",
        "u wanna touch my cock",
        "what colour underwear are u wearing",
    ],
)
def test_sexual_questions_and_commands_are_blocked_among_teens(
    flt: MessageFilter, text: str
) -> None:
    verdict = flt.check(text, TEEN_DM)
    assert verdict.decision == "block"
    assert "sexual_content" in verdict.reasons


def test_the_same_sexual_question_stays_allowed_between_adults_in_private(
    flt: MessageFilter,
) -> None:
    assert flt.check("t'es encore puceau ?", ADULT_DM).decision == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "balance un selfie au réveil en pyjama",
        "tu m'envoies une tof de toi sous la douche ?",
        "fais moi voir tes petons 🥺",
        "send me a pic in ur bed",
        "show me your feet pls",
        "lemme see a selfie in your bikini",
    ],
)
def test_photo_requests_of_a_teen_s_body_or_bed_are_held(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN_DM)
    assert "grooming" in verdict.reasons
    # Session 22: a swimsuit, pyjamas or underwear photo asked of the teen
    # themselves is also a minor sexualised, refused with a case.
    sexual = "minor_sexualisation" in verdict.reasons
    assert verdict.decision == ("block" if sexual else "hold")
    assert sexual == ("bikini" in text)


# --- 3. Recruitment without the obvious words -----------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ma femme prend ses cachets tous les soirs, tu pourras faire ce que tu veux",
        "je laisse la porte ouverte, tu pars avant 6h, pas de bruit",
        "le portail restera ouvert, tu files avant 4h et pas d'odeur de parfum",
        "my wife takes her sleeping pills every night, do whatever you want to her",
        "the back door will be open, leave by 5am, no perfume",
    ],
)
def test_recruitment_without_the_obvious_words_is_held(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, ADULT_DM)
    assert verdict.decision == "hold"
    assert "recruitment" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "ma grand-mère prend ses cachets tous les soirs, c'est normal ?",
        "la porte sera ouverte pour la soirée, venez quand vous voulez",
        "tu fais ce que tu veux pour l'exposé, moi je prends l'intro",
        "je suis infirmière, la patiente prend ses cachets le soir",
    ],
)
def test_pills_open_doors_and_free_choice_alone_are_not_recruitment(text: str) -> None:
    assert "recruitment" not in read_intent(scan(text)).categories


# --- 4. Names sexualising minors ------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "mineures_ok",
        "ch4sseur_d_ecolieres",
        "14yo_lover_x",
        "papi_cherche_15ans",
        "kids_lover",
        "lyceene_hot",
        "cp_links",
        "jeunechair",
        "hebephilie",
        "ado_lover",
        "colegiennes75",
    ],
)
def test_names_sexualising_minors_are_refused(name: str) -> None:
    verdict = check_name(name)
    assert not verdict.allowed
    assert verdict.reason == "minor_sexualisation"


@pytest.mark.parametrize(
    "name",
    [
        "Moderato",
        "Pedro",
        "Scunthorpe",
        "Analyse",
        "Lucas_14ans",
        "Mineur_de_fond_59",
        "Chaire_de_philo",
        "love2009",
        "Lea_lyceenne",
        "Hebert",
        "Clover",
        "Teenage_Kicks_fan",
    ],
)
def test_innocent_names_near_the_new_stems_are_allowed(name: str) -> None:
    assert check_name(name).allowed


# --- 5. Grooming moves on their own, towards a teen -----------------------


@pytest.mark.parametrize(
    "text",
    [
        "personne doit savoir qu'on se parle ok ?",
        "don't tell your parents we talk ok",
        "ici c'est modéré, on passe sur une autre appli où c'est plus tranquille",
        "let's facetime on another app, this one is monitored",
        "are your parents home?",
        "t'es seule dans ta chambre ?",
        "je te paye le nouveau maillot du PSG si tu passes chez moi",
        "ill buy you the new jordans if u come over",
        "have u ever kissed an older guy",
    ],
)
def test_single_grooming_moves_are_held_for_a_teen(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN_DM)
    assert verdict.decision == "hold"
    assert "grooming" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "c'est une surprise pour l'anniv de Léa, dis à personne qu'on prépare ça",
        "t'as déjà embrassé quelqu'un ? moi jamais mdr",
        "mon frère est plus âgé que moi",
        "tu peux m'envoyer la photo du cours de maths ?",
        "mets la photo de toi et ton chien en pp c trop mignon",
        "je suis seule chez moi et je m'ennuie, quelqu'un joue ?",
    ],
)
def test_teen_talk_near_the_moves_is_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_DM).decision == "allow"


# --- 6. False alarms -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "j'ai acheté une carte cadeau Steam pour ma sœur",
        "ma tante m'a offert une carte cadeau Fnac",
        "my grandma gave me a steam card for my birthday",
        "mon père est chauffeur de bus, il bosse de nuit",
        "j'habite Lyon 8e, pas loin du métro",
    ],
)
def test_family_gift_cards_jobs_and_districts_are_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_DM).decision == "allow"


def test_a_gift_card_asked_for_is_still_a_scam(flt: MessageFilter) -> None:
    verdict = flt.check("achète moi une carte steam et envoie moi le code", ADULT_DM)
    assert verdict.decision == "hold"


def test_the_learned_layer_respects_a_known_innocent_context(flt: MessageFilter) -> None:
    """Whatever the model thinks of a relative's night shift, "!doxxing"
    excuses it (the rules' exception binds the model)."""
    if not learned.ENABLED:
        pytest.skip("learned layer disabled")
    verdict = flt.check("ma mère est infirmière, elle bosse de nuit", TEEN_NEW)
    assert "model:doxxing" not in verdict.reasons


def _score(texts: list[tuple[str, str]], ages: tuple[int, int]) -> float:
    scorer = ConversationScorer()
    state = scorer.start(
        [Participant("a", ages[0], 200.0), Participant("b", ages[1], 200.0)], "public"
    )
    for sender, text in texts:
        state, _ = scorer.add_message(state, sender, text)
    return scorer.assess(state).risk


def test_teen_gamers_moving_to_discord_stay_below_medium() -> None:
    banter = [
        ("a", "gg on les a éclatés"),
        ("b", "je vais te massacrer à la prochaine manche"),
        ("a", "ptdr t'es mort"),
        ("b", "on continue sur discord pour le vocal ?"),
    ]
    assert _score(banter, (16, 15)) < 0.45
    # The same move from an adult to a teen is not discounted.
    assert _score(banter, (16, 34)) > _score(banter, (16, 15))


# --- Beyond the brief: threats, hate, harassment, scams without the words --


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("tes jours sont comptes", "threat"),
        ("ur dead after school", "threat"),
        ("t'es foutu à la sortie du bahut", "threat"),
        ("women are only good for the kitchen", "hate"),
        ("les femmes c'est juste bon qu'à faire le ménage", "hate"),
        ("u should just disappear nobody likes u", "harassment"),
        ("tu ferais mieux de crever", "harassment"),
        ("place 100€ sur mon site, rendement garanti par mois", "scam"),
    ],
)
def test_wordings_without_the_expected_words_are_caught(
    flt: MessageFilter, text: str, reason: str
) -> None:
    assert reason in flt.check(text, TEEN_DM).reasons


@pytest.mark.parametrize(
    "text",
    [
        "si t'as pas ton bac ta vie est finie mdr",
        "t'es mort demain à fifa mdr",
        "tu devrais dormir plus",
        "ce stylo ça sert à rien",
        "on va s'occuper de toi à l'infirmerie, t'inquiète",
    ],
)
def test_their_hard_negatives_are_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_DM).decision == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "tiens le 06 de son frère 07 98 76 54 32 spammez-le",
        "voilà le tel de sa daronne 06 21 43 65 87, insultez-la",
    ],
)
def test_a_relative_s_number_with_a_hyphenated_incitement_is_doxxing(
    flt: MessageFilter, text: str
) -> None:
    verdict = flt.check(text, TEEN_DM)
    assert verdict.decision == "hold"
    assert "doxxing" in verdict.reasons
