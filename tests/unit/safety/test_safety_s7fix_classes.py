"""Session 7 classes from the adversarial review of issue 12 (helper s7fix).
Each class has varied instances FR and EN, none of them the reviewer's
sentence, and close hard negatives that must stay allowed. Rules are asked
directly where the learned layer could hide a rule that does not fire."""

from __future__ import annotations

import pytest

from causerie.safety.checks.intent import read_intent
from causerie.safety.names import check_name
from causerie.safety.normalise import normalise
from causerie.safety.pipeline import MessageFilter, SenderContext, default_filter, scan
from causerie.safety.scorer import ConversationScorer, Participant

TEEN = SenderContext("teen", trust_level=1, account_age_days=10, is_private=False)
ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=90, is_private=True)
ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90, is_private=False)
AP = ADULT_PUBLIC


def _categories(text: str) -> tuple[str, ...]:
    return read_intent(scan(text)).categories


# --- A. Recruitment in one message: present tense, named drugs, dictation ----


@pytest.mark.parametrize(
    "text",
    [
        "ma compagne dort, tu peux passer, elle verra rien",
        "ma meuf pionce, monte direct",
        "elle roupille, ramene toi avec deux potes",
        "elle ne va rien sentir, je lui glisse un stilnox",
        "jvais lui verser du rohypnol, t'es discret ?",
        "j'ai chopé du GBL pour samedi, madame se souviendra de rien",
        "ma nana endormie vous attend, venez la prendre",
        "ma copine est sous calmants ce soir, envoie ta photo et ton age",
        "tu viendras quand ma femme dort, elle prend ses medocs a 22h",
        "ma femme dort virgule vous pouvez venir point d'exclamation",
        "my girlfriend is asleep come round, she won't notice a thing",
        "gf's asleep, swing by",
        "I'll slip her some zopiclone, bring a mate",
        "got some roofies for tonight, she won't remember anything",
        "ma femme fait dodo lol come over, she won't know",
        "the wife is sleeping comma come over full stop she won't wake up",
    ],
)
def test_one_message_recruitment_is_caught(text: str) -> None:
    assert "recruitment" in _categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "chut ma femme dort, passe plutot demain",
        "ma femme dort, passe recuperer la perceuse dans le garage",
        "my wife is asleep, come by tomorrow instead",
        "wife's asleep, come over for the match, bring beers",
        "je lui donne son somnifere a 21h et elle dort bien",
        "mon medecin m'a prescrit du zolpidem, ca marche",
        "le GHB c'est la drogue du violeur, faites gaffe a vos verres",
        "ramene un pote samedi, on fait un five",
        "viens ce soir, ma mere le saura jamais",
        "elle saura rien de la fete, viens a 20h",
        "le bebe dort enfin, tu peux passer prendre les cles",
        "on prepare l'EVG: rdv 23h au parking, venez discrets, il se doute de rien",
        "stag do on saturday: meet at 11pm, come quietly, the groom won't know a thing",
        "je suis au point mort, tu peux venir m'aider ?",
    ],
)
def test_one_message_recruitment_look_alikes_stay_allowed(text: str) -> None:
    assert "recruitment" not in _categories(text)


def test_dictated_punctuation_is_dropped_but_not_domains() -> None:
    assert normalise("elle dort virgule viens point").text == " ele dort viens "
    assert " point com " in normalise("lea arobase gmail point com virgule merci").text
    assert normalise("on fait le point demain").text == " on fait le point demain "


# --- C. Short, asterisked, split or SMS insults and coded hate ----------------


@pytest.mark.parametrize(
    "text",
    [
        "s*l*pe",
        "tepu va",
        "sal batard",
        "t ki 1 connard",
        "espece de sa lope",
        "t'es qu'un con nard",
        "fils de pute",
        "ntm",
        "bande de connasses",
        "stfu bitches",
    ],
)
def test_short_insults_are_refused(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN)
    assert verdict.decision == "block"
    assert "harassment" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    ["espece de tafiole", "t'es qu'une tapette", "bunch of faggots", "you dykes", "14 88 heil",
     "sieg heil 88", "vous etes que des fiottes"],
)  # fmt: skip
def test_coded_and_homophobic_hate_is_refused(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, ADULT_PUBLIC)
    assert verdict.decision == "block"
    assert {"hate", "harassment"} & set(verdict.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "merde !",
        "j'ai pu te voir hier",
        "t'as pu te reposer ?",
        "une tapette a mouches",
        "les pedales de mon velo grincent",
        "il a 88 ans mon grand-pere",
        "j'ai 14 ans et je pese 88 kilos",
        "holy cow",
        "quel thon ce matin au marche",
    ],
)
def test_insult_look_alikes_stay_allowed(flt: MessageFilter, text: str) -> None:
    # The rules' reasons only: the learned layer has its own look-alikes
    # (the retrained model of session 7 holds "les pedales de mon velo").
    reasons = set(flt.check(text, TEEN).reasons)
    assert not {"hate", "harassment"} & reasons


# --- E. Short or veiled forms of the held categories ---------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("g toujours tes photos nues, 200 balles", "sextortion"),
        ("i still have your nude pics. pay up", "sextortion"),
        ("jai tes nudes, vire 100€ ce soir", "sextortion"),
        ("file moi le cryptogramme de ta carte et je te rembourse", "scam"),
        ("just tell me the three digits on the back of your card", "scam"),
        ("donne moi les trois numeros au dos de ta carte stp", "scam"),
        ("je sais où tu habites", "threat"),
        ("on connait ton adresse", "threat"),
        ("we know where u work", "threat"),
        ("on va te retrouver", "threat"),
        ("we'll find you", "threat"),
        ("je finirai par te retrouver", "threat"),
    ],
)
def test_short_forms_are_held(text: str, category: str) -> None:
    assert category in _categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "j'ai tes photos de la soirée, tu me dois 5€ pour les tirages",
        "je vais te retrouver au parc vers 15h",
        "on va te retrouver devant le cine",
        "I'll find you a seat near the front",
        "je vais te trouver un bon plan pour ton stage",
        "le cryptogramme c'est les 3 chiffres au dos, ne le donne jamais a personne",
        "je sais pas où tu habites exactement, envoie l'adresse de la fete",
    ],
)
def test_short_form_look_alikes_stay_allowed(text: str) -> None:
    assert not {"sextortion", "threat", "scam"} & set(_categories(text))


TEEN_DM_NEW = SenderContext("teen", trust_level=0, account_age_days=0.5, is_private=True)


@pytest.mark.parametrize(
    "text",
    [
        "je te paie ta recharge si tu me montres une photo de toi",
        "10€ de credit pour une photo ?",
        "i'll send you a steam card if u send a pic",
    ],
)
def test_gifts_for_a_photo_to_a_teen_are_held(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_DM_NEW).decision == "hold"


def test_homework_photo_for_a_treat_stays_allowed(flt: MessageFilter) -> None:
    text = "je te donne 2€ si tu m'envoies la photo du cours de maths"
    assert flt.check(text, TEEN_DM_NEW).decision == "allow"


NEW_ADULT = SenderContext("adult", trust_level=0, account_age_days=0.2, is_private=False)


@pytest.mark.parametrize(
    "text",
    ["clique ici tinyurl . com / promo", "go to discord . gg / xyz", "t . me / canal_promo",
     "mon site: gagner-vite .net"],
)  # fmt: skip
def test_spaced_links_from_new_accounts_are_refused(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, NEW_ADULT).decision == "block"


@pytest.mark.parametrize(
    "text",
    ["c'est fini. ca va toi ?", "bien joue. gg", "that's crazy. fr", "ok . on y va", "3 . 5 / 10"],
)
def test_sentences_with_spaced_dots_are_not_links(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, NEW_ADULT).decision == "allow"


def test_spaced_profile_links_are_links_like_unspaced_ones(flt: MessageFilter) -> None:
    new_teen = SenderContext("teen", trust_level=0, account_age_days=1.0)
    for text in ("t.me/lea2009", "t . me / lea2009", "insta . com / lea"):
        assert flt.check(text, new_teen).decision == "block"


# --- G. Game, event, exam and team-mate exceptions ---------------------------------


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("warzone ce soir, je vais tous vous massacrer", ADULT_PUBLIC),
        ("ranked tonight, I'm gonna destroy you all", ADULT_PUBLIC),
        ("evjf de Lea: rdv 22h devant chez elle, venez discretes, elle se doute de rien", AP),
        ("stag party: 11pm at the car park, come quietly, the groom has no idea", ADULT_PUBLIC),
        ("j'ai reussi le concours de la gendarmerie !", ADULT_PUBLIC),
        ("l'armee recrute, je me suis inscrit au concours", ADULT_PUBLIC),
        ("the army is recruiting, I passed the entrance exam", ADULT_PUBLIC),
        ("viens seule a l'entrainement jeudi, les filles sont en vacances", TEEN),
        ("come alone to practice, everyone else is sick", TEEN),
    ],
)  # fmt: skip
def test_game_event_and_team_contexts_stay_allowed(
    flt: MessageFilter, text: str, ctx: SenderContext
) -> None:
    assert flt.check(text, ctx).decision in ("allow", "mask")


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("viens seule au parc ce soir, personne doit savoir", TEEN),
        ("viens seul derriere le gymnase a 22h", TEEN),
        ("je vais te massacrer a la sortie, t'es mort", ADULT_PUBLIC),
        ("ma femme dort, venez discrets, elle se doute de rien", ADULT_DM),
    ],
)
def test_outside_those_contexts_the_rules_still_hold(
    flt: MessageFilter, text: str, ctx: SenderContext
) -> None:
    assert flt.check(text, ctx).decision in ("hold", "block")


# --- A (names) and look-alike scripts ------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Soirees candaulistes, copines endormies", "room"),
        ("Partage de femmes droguees - discretion", "room"),
        ("Wife sharing: sleeping wives welcome", "room"),
        ("Partageur_FemmeEndormie", "pseudo"),
        ("HotwifeSleeping_wife", "pseudo"),
    ],
)
def test_names_that_advertise_recruitment_are_refused(text: str, kind: str) -> None:
    verdict = check_name(text, kind)
    assert not verdict.allowed and verdict.reason == "recruitment"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Club candaulistes Lyon", "room"),
        ("Parents de bebes qui dorment mal", "room"),
        ("Partage de recettes", "room"),
        ("FemmeQuiDortMal", "pseudo"),
        ("partageur_de_musique", "pseudo"),
    ],
)
def test_names_about_sleep_or_sharing_alone_are_accepted(text: str, kind: str) -> None:
    assert check_name(text, kind).allowed


@pytest.mark.parametrize(
    "text",
    ["ᎪᎠᎷᏆᏁ", "ᏢᎾᏞᏆᏟᎬ", "ᏚᏌᏢᏢᎾᎡᎢ", "ⲘⲞⲆⲈⲢⲀⲦⲞⲢ", "ꓮꓓꓟꓲꓠ", "ᗩᗪᗰIᑎ"],
)
def test_staff_titles_in_partly_mapped_look_alike_scripts_are_refused(text: str) -> None:
    verdict = check_name(text, "pseudo")
    assert not verdict.allowed and verdict.reason == "staff_impersonation"


@pytest.mark.parametrize("text", ["ᏣᎳᎩ", "ᎠᏂᏴᏫᏯ", "ᎦᏙ", "Ꭰ", "Алёна", "Λέων", "Անի", "ⲁⲛⲟⲕ"])
def test_ordinary_names_in_those_scripts_are_accepted(text: str) -> None:
    assert check_name(text, "pseudo").allowed


# --- H. The learned layer against the participants' ages and accounts ----------


def _level(people: dict[str, tuple[int, float]], room: str, talk: list[tuple[str, str]]) -> str:
    scorer = ConversationScorer()
    state = scorer.start(
        [Participant(id=k, declared_age=a, account_age_days=d) for k, (a, d) in people.items()],
        room,
    )
    worst = "none"
    order = ("none", "low", "medium", "high")
    for who, text in talk:
        state, _ = scorer.add_message(state, who, text)
        level = scorer.assess(state).level
        worst = max(worst, level, key=order.index)
    return worst


PARENTS = {"a": (41, 400.0), "b": (39, 250.0)}


@pytest.mark.parametrize(
    ("people", "room", "talk"),
    [
        (PARENTS, "public", [("a", "ma fille de 14 ans veut aller a une soiree")]),
        (PARENTS, "public", [("a", "il a 13 ans mon fils, il est en 4e"), ("b", "pareil")]),
        (PARENTS, "public", [("a", "my daughter is 15 and wants instagram, thoughts?")]),
        (
            {"a": (33, 600.0), "b": (35, 600.0)},
            "dm",
            [("a", "tu me dois 15€ pour le cine"), ("b", "je te vire ca"),
             ("a", "sur lydia au 06 21 43 65 87 stp")],
        ),
        (
            {"a": (15, 200.0), "b": (15, 250.0)},
            "dm",
            [("a", "on se capte au city samedi ?"),
             ("b", "ok mais viens seul, j'ai pas envie de voir ta bande")],
        ),
    ],
)  # fmt: skip
def test_parents_peers_and_old_adult_accounts_are_not_flagged(
    people: dict[str, tuple[int, float]], room: str, talk: list[tuple[str, str]]
) -> None:
    assert _level(people, room, talk) in ("none", "low")


@pytest.mark.parametrize(
    ("people", "talk"),
    [
        # A fresh adult account and a 14-year-old: no discount applies.
        ({"a": (34, 1.0), "b": (14, 100.0)},
         [("a", "t'as quel age ?"), ("b", "14"),
          ("a", "viens seule samedi, dis rien a tes parents")]),
        # Money asked by a fresh account from an adult: still a scam set-up.
        ({"a": (45, 2.0), "b": (60, 900.0)},
         [("a", "mon amour je suis bloque a l'aeroport"),
          ("a", "envoie moi 800€ par western union")]),
    ],
)  # fmt: skip
def test_strangers_and_fresh_accounts_are_still_flagged(
    people: dict[str, tuple[int, float]], talk: list[tuple[str, str]]
) -> None:
    assert _level(people, "dm", talk) in ("medium", "high")


@pytest.mark.parametrize(
    "text", ["envoie ta pos", "t ou? envoie ta pos stp", "pos", "p0-5", "trash", "garbage mdr"]
)
def test_ambiguous_short_words_are_not_bare_insults(text: str) -> None:
    # A position in a game or on a map, a verdict on a film; "p0-5" reads
    # "pos" once digits are letters (a test's message id was refused).
    from causerie.safety.verdict import SenderContext

    verdict = default_filter().check(text, SenderContext("teen", trust_level=2))
    assert verdict.decision == "allow", verdict


@pytest.mark.parametrize("text", ["ur a pos", "you pos", "u r a pos"])
def test_pos_addressed_in_english_stays_an_insult(text: str) -> None:
    from causerie.safety.verdict import SenderContext

    verdict = default_filter().check(text, SenderContext("teen", trust_level=2))
    assert verdict.decision == "block", verdict
