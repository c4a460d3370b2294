"""Classes from the second pass on review 12 (after the mask fix): each
test wording is new (not the reviewer's), so a rule that only learnt the
reviewer's sentences fails here. Rules are asked directly (``read_intent``),
so the learned layer cannot hide a rule that does not fire."""

from __future__ import annotations

import pytest

from causerie.safety.checks.intent import read_intent
from causerie.safety.names import check_name
from causerie.safety.pipeline import MessageFilter, SenderContext, scan

TEEN = SenderContext("teen", trust_level=1, account_age_days=10, is_private=False)
ADULT = SenderContext("adult", trust_level=2, account_age_days=90, is_private=True)


def _categories(text: str) -> tuple[str, ...]:
    return read_intent(scan(text)).categories


# --- 1. Recruitment against a drugged or sleeping partner ----------------


@pytest.mark.parametrize(
    "text",
    [
        "ma compagne prend du stilnox tous les soirs, qui est partant pour passer ?",
        "je glisse deux zopiclone dans sa tisane et vous venez a trois",
        "elle sera completement dans le coaltar vers minuit, qui veut venir en profiter",
        "ma meuf est sous lexomil, elle sera ko, vous etes combien ?",
        "j'ajoute un peu de gbl dans son verre, elle s'en souviendra pas, mp si chaud",
        "ma n@na d0rt, v3nez en s1lence",
        "je l'endors avec un cachet puis vous montez, elle se rappellera de rien",
        "my partner takes zolpidem every night, who wants a go",
        "ill slip some ket in her wine, who's up for it",
        "wifey is on benzos tonight, she'll be zonked, how many of you can come",
        "my gf won't remember a thing after her xannies, come over and help yourselves",
    ],
)
def test_recruitment_against_a_drugged_partner_is_caught(text: str) -> None:
    assert "recruitment" in _categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "ma femme prend du stilnox depuis un mois, c'est dangereux a long terme ?",
        "my partner takes zolpidem every night and still wakes up at 4, any tips?",
        "qui veut venir ce soir a la soiree jeux ?",
        "who wants to come to the cinema tonight?",
        "je suis completement dans le coltar ce matin",
        "ma copine est ko apres le match, on remet le resto a demain",
        "passe prendre le velo vers 8h, ma femme dort encore donc sonne pas, texte moi",
        "soiree console chez moi ce soir, qui est partant ? vous etes combien ?",
        "un type m'a ecrit en mp que sa copine 'dort' et de venir, je l'ai signale",
    ],
)
def test_one_part_alone_is_not_recruitment(text: str) -> None:
    assert "recruitment" not in _categories(text)


# --- 2. Sexualising a minor without a digit age --------------------------


@pytest.mark.parametrize(
    "text",
    [
        "t'as quatorze ans ? t'es grave bonne",
        "les meufs de 4eme elles sont tellement bonnes",
        "t'es en cinquieme ? montre ta petite jupe",
        "une lyceenne comme toi, tu l'enleves pour moi ?",
        "t'as 14a et deja de beaux seins",
        "petite collegienne 🍑💦",
        "thirteen and already so developed",
        "ur in grade 8? take it off for me",
        "sophomore girls are so thicc",
        "i like them when they're still in junior high",
        "16yo with perky boobs",
        "les collegiennes de quatorze ans sont les plus excitantes",
    ],
)
def test_minor_sexualised_without_a_digit_age_is_caught(text: str) -> None:
    assert "minor_sexualisation" in _categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "bonne rentree a tous les eleves de 4eme !",
        "ma fille est en seconde, elle a mal aux seins, je consulte ?",
        "quatorze minutes de retard et t'es chaude pour le match ?",
        "fourteen minutes late but you're hot tho",
        "the grade 9 exam was so tight on time",
        "l education sexuelle en 4eme c etait nul, zero mot sur le consentement",
        "sex ed in year 9 was useless",
        "my son is sixteen and loves football",
    ],
)
def test_school_year_or_age_word_without_sexual_talk_is_not_flagged(text: str) -> None:
    assert "minor_sexualisation" not in _categories(text)


# --- 3. Pseudonyms that sexualise minors ---------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "mineures_dispos",  # minor word + availability
        "Underage_Only",
        "ptite_mineure_69",
        "preteen_xxx",
        "teens_n_sluts",  # minor word + sexual word
        "petite_salope_12",
        "ptsc_fan",  # known abuse-material codes
        "hussyfan2",
        "k1ddy_l0ver",  # child-lover names in leetspeak
        "Enfant_Porn",
        "seize_ans_coquine",  # age in words + sexual word
        "horny_fourteen",
        "13yo_boy",  # an age in years labelling a child
        "fillettes_chaudes",
    ],
)
def test_minor_sexualising_pseudonyms_are_refused(name: str) -> None:
    verdict = check_name(name)
    assert not verdict.allowed
    assert verdict.reason == "minor_sexualisation"


@pytest.mark.parametrize(
    "name",
    [
        "Teen_Titans_fan",
        "little_mermaid",
        "kids_club_paris",
        "jeune_entrepreneur",
        "bebe_love",
        "quinzaine_du_blanc",
        "Lea_2009",
        "kevin_14",
        "seize_the_day",
        "petite_fille_de_marie",
    ],
)
def test_ordinary_pseudonyms_near_those_words_stay_allowed(name: str) -> None:
    assert check_name(name).allowed


# --- 4. A handle written before the app, or the app as an emoji/nickname --


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("max.b_07 sur insta", "max.b_07"),
        ("max.b_07 (insta)", "max.b_07"),
        ("max.b_07 c'est mon tiktok", "max.b_07"),
        ("ajoute @maxb07 👻", "maxb07"),
        ("max.b_07 👻👻👻", "max.b_07"),
        ("on tiktoc c'est max.b_07", "max.b_07"),
        ("tt: max.b_07", "max.b_07"),
        ("viens sur le petit fantome -> max.b_07", "max.b_07"),
        ("max.b_07 on the app jaune", "max.b_07"),
        ("tu me trouves sur insta en max.b_07", "max.b_07"),
    ],
)
def test_a_handle_before_or_around_an_app_nickname_is_masked_for_teens(
    flt: MessageFilter, text: str, handle: str
) -> None:
    verdict = flt.check(text, TEEN)
    assert verdict.decision == "mask"
    assert handle not in verdict.text


@pytest.mark.parametrize(
    "text",
    [
        "rdv 14h sur snap pour le live ?",
        "j'ai 16ans sur insta lol",
        "tt le monde est sur snap ce soir",
        "t'as vu la video sur tiktok ?",
        "le fantome de l'opera c'est trop bien",
        "je poste sur insta en 2024",
        "je suis sur tiktok en live ce soir",
    ],
)
def test_times_ages_and_plain_words_before_an_app_are_not_handles(
    flt: MessageFilter, text: str
) -> None:
    # Only the personal-data check is asked about: the learned layer may hold
    # some of these for its own reasons.
    assert "social_handle" not in flt.check(text, TEEN).reasons


def test_established_adults_keep_their_handles(flt: MessageFilter) -> None:
    assert flt.check("max.b_07 sur insta", ADULT).decision == "allow"


# --- 5. Threats in SMS spelling, suicide incitement, Cyrillic staff names --


@pytest.mark.parametrize(
    "text",
    [
        "jvai te crever",
        "jvé te planter",
        "je ve te tué",
        "jte bute a la sortie",
        "jvais tbuter",
        "ta soeur va finir dans le canal",
        "imma shoot u",
        "ur gonna wind up in a ditch",
    ],
)
def test_threats_in_text_speak_are_held(flt: MessageFilter, text: str) -> None:
    assert "threat" in flt.check(text, ADULT).reasons


@pytest.mark.parametrize(
    "text",
    [
        "va te jeter sous le metro",
        "tu devrais sauter du balcon",
        "tes parents seraient plus heureux sans toi",
        "personne te regrettera",
        "just go jump off a building",
        "your family would be happier without u",
    ],
)
def test_suicide_incitement_without_the_word_is_harassment(text: str) -> None:
    assert "harassment" in _categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "jvai te rejoindre a 18h",
        "je vais t'allumer la lumiere",
        "le monde irait mieux sans la guerre",
    ],
)
def test_near_misses_are_not_threats(flt: MessageFilter, text: str) -> None:
    reasons = flt.check(text, ADULT).reasons
    assert "threat" not in reasons
    assert "harassment" not in reasons


@pytest.mark.parametrize("name", ["Администратор", "Модер_Чата", "Саппорт", "Поддержка"])
def test_staff_titles_written_in_cyrillic_are_refused(name: str) -> None:
    assert check_name(name).reason == "staff_impersonation"


@pytest.mark.parametrize("name", ["Дмитрий", "Наташа", "Модерн_арт", "Ελένη"])
def test_ordinary_cyrillic_and_greek_names_stay_allowed(name: str) -> None:
    assert check_name(name).allowed
