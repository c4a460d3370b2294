"""Session 23: classes read on the session-21-end authors (db..dh) once they
became training text (eval/README.md) and on review s23. Our own wordings;
the rules alone, so that a retrain cannot hide a broken rule.

1. A sexual encounter sought in an adult public room by its own words: a
   seeker with a naughty word, or with discretion and a time, a host or a
   married sender (``intent._solicitation``); one's own explicit content
   sold or streamed. A cleaner sought "discreet", a couple's first drink
   "sans pression", a married man's surprise for his wife are not.
2. Threats said by their outcome or in dialect ("i'll put ye in the
   ground", "tu vas finir sous terre", "ton adresse je l'ai", petrol "for
   your church"); a funeral, a dish, a barbecue are not.
3. The exposure said by where it ends up or who all sees it ("pay or they
   all see it", "sinon tout le lycée la voit"), with a demand: sextortion.
4. A teen's parent kept out or their absence asked ("your mum doesn't need
   to be there", "what time does she leave for work?"), a meeting "when the
   others have gone": grooming, held.
5. Minors' pictures kept or traded, a taste for "the young" with an age
   (``intent._minor_content_kept``); a coach's team, a card swap are not.
6. A drunk woman's state said by what it permits ("elles disent oui à
   tout"), the sender's dosing, a drug sought for a woman: recruitment.
7. A push to die is an order only at the start of what is said
   (``intent._pushed_to_die_aimed``); a season named beside it does not
   excuse it, and "le coach va te tuer" is someone else's act.
8. Links under any top-level domain of the Public Suffix List, with a path,
   a hyphen or a digit; a handle with dots is not a link.
9. A third party's not knowing needs its negation: "elle va voir ta
   voiture" is a woman awake.
"""

from __future__ import annotations

import pytest
from tests.support.safety import ADULT_DM, ADULT_PUBLIC, TEEN_DM, TEEN_PUBLIC, rules_verdict

from causerie.safety.checks import model as model_check
from causerie.safety.links import find_links
from causerie.safety.pipeline import scan
from causerie.safety.verdict import SenderContext


@pytest.mark.parametrize(
    "text",
    [
        "des femmes coquines dans le 13 ce soir ? homme discret, je reçois",
        "homme marié cherche aventure discrète le midi vers la gare",
        "any ladies fancy something naughty later? married but bored, hotel paid",
        "bored housewife here looking for a discreet guy for lunchtimes",
        "je vends mes photos persos sans rien, tarifs en privé",
        "selling my private pics, dm me",
    ],
)
def test_a_sexual_encounter_sought_in_an_adult_room_is_held(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "hold" and "sexual_content" in reasons, (text, decision, reasons)


def test_the_same_seeking_is_refused_among_teens_and_allowed_between_adults() -> None:
    text = "des femmes coquines dans le 13 ce soir ? homme discret, je reçois"
    assert rules_verdict(text, TEEN_PUBLIC)[0] == "block"
    assert rules_verdict(text, ADULT_DM)[0] == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "cherche une femme de ménage discrète pour le mardi matin",
        "couple libertin, on cherche un couple pour un premier verre sans pression",
        "married guy here, need ideas for a discreet surprise for my wife's 50th",
        "any girls here up for the pub quiz tonight? we need two more",
        "je vends mes photos de vacances en tirage papier",
    ],
)
def test_their_look_alikes_are_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "say that again and i'll put you in the ground",
        "you'll wish you'd never opened your mouth, mark my words",
        "keep talking and your kids will be sorry",
        "you'll need more than a lock on your door after this",
        "tu vas finir sous terre si tu continues",
        "on va t'enterrer derrière le stade",
        "ton adresse je l'ai, ce soir on passe et c'est pas pour boire un café",
        "un jerrican et un briquet, c'est tout ce qu'il faut pour votre mosquée",
        "a little present under the front pew for sunday",
    ],
)
def test_threats_said_by_their_outcome_are_held(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "hold" and "threat" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "we put grandad in the ground on friday, lovely service",
        "you'll wish you'd bought tickets sooner, it sold out",
        "your kids will be sorry they missed the fireworks",
        "un jerrican d'essence et un briquet pour le barbecue, j'ai pas d'allume-feu",
        "ton adresse je l'ai, je t'envoie le faire-part",
        "je vais finir par l'enterrer ce vieux portable mdr",
    ],
)
def test_outcomes_that_threaten_nobody_are_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "pay up or they all see it, your mum included",
        "you sent it, now you pay or it's on every story in your school",
        "envoie 100 en carte sinon tout le lycée la voit",
    ],
)
def test_exposure_said_by_its_audience_is_sextortion(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "hold" and "sextortion" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "I can pop round after school, your mum doesn't need to be there",
        "what time does your mum leave for work? we could call then",
        "when's your parents' next trip? i could pick you up",
        "are you usually home alone after school?",
        "meet me in the storeroom when the others have gone",
        "elle part à quelle heure au travail ta mère ? on s'appelle à ce moment",
        "passe au local quand les autres sont partis, j'ai un cadeau pour toi",
    ],
)
def test_a_parent_kept_out_of_a_teens_life_is_grooming(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "hold" and "grooming" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "ma mère part à quelle heure au boulot demain ? faut que je prévoie le dîner",
        "venez seuls ou à deux au ciné dimanche, j'ai 4 places",
    ],
)
def test_a_teens_ordinary_plans_are_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "quelqu'un veut échanger des photos de collégiennes ? j'en ai en stock",
        "who has pics of the year 10 girls for my private collection",
        "j'aime les jeunes, 15 ans maximum, vous voyez",
        "got a folder of teen girls from tiktok, who wants it",
    ],
)
def test_minors_pictures_kept_or_a_taste_for_the_young_is_refused(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "block" and "minor_sexualisation" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "j'aime les jeunes de 15 ans que j'entraîne, ils progressent vite, je suis coach",
        "trading my football card collection, anyone?",
    ],
)
def test_a_coachs_team_or_a_card_trade_is_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "au camping elles sont bourrées, elles disent oui à tout, qui a une place dans la caisse ?",
        "tu la fais boire encore un coup et le lendemain elle se souvient de rien, qui vient ?",
        "qui a du G pour samedi ? c'est pour une meuf qui veut pas, après je partage",
        "she'll be out like a light after her pills, you won't get a chance like this again",
    ],
)
def test_a_drunk_or_drugged_woman_offered_is_recruitment(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "hold" and "recruitment" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "ma copine était complètement partie hier, je l'ai ramenée et je suis resté avec elle",
        "viens vers 19h, elle rentre à 19h30, gare-toi plus loin sinon elle va voir ta voiture",
    ],
)
def test_a_woman_cared_for_or_awake_is_no_recruitment(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    ["va te pendre, t'as ruiné la saison", "franchement va te pendre après ce match"],
)
def test_a_push_to_die_is_refused_whatever_the_season(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_PUBLIC)
    assert decision == "block" and "harassment" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "le coach va te tuer si t'es encore en retard à l'entraînement",
        "on va unalive le boss ce soir, prenez des potions",
    ],
)
def test_someone_elses_act_is_no_push_to_die(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_PUBLIC)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "les chambres à gaz c'est un mythe",
        "no surrender to the tarriers, 1690",
        "every tinker i ever met is a thief",
        "6 millions de mensonges, réveillez-vous",
    ],
)
def test_coded_and_sectarian_hate_is_refused(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "block" and "hate" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("free skins 👉 skins-drop.gift", "skins-drop.gift"),
        ("inscriptions ici forms.gle/Xy12", "forms.gle/Xy12"),
        ("mon profil linktr.ee/zoe_99", "linktr.ee/zoe_99"),
        ("claim it at robux4free.click", "robux4free.click"),
    ],
)
def test_links_under_any_top_level_domain_are_found(text: str, link: str) -> None:
    assert [found.text for found in find_links(text)] == [link]


@pytest.mark.parametrize(
    "text",
    ["sc: lena.sk", "insta dex.on.ice", "c'était bien.love u", "mon mail lea@mail.example.com"],
)
def test_handles_and_glued_words_are_no_links(text: str) -> None:
    assert find_links(text) == []


# The session's own review (a helper reading the diff) found these
# over-reaches; each stays allowed by the rules.
@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("did you watch the invaders last night", ADULT_PUBLIC),
        ("attila and the huns, then the rice paddies in bali", ADULT_PUBLIC),
        ("married guy looking for a squash partner tonight", ADULT_PUBLIC),
        ("hôtel cherche femme de chambre discrète", ADULT_PUBLIC),
        ("une fille sympa, pas de prise de tête, ce soir au resto", ADULT_PUBLIC),
        ("je suis chez moi toute seule ce soir, je regarde un film", TEEN_DM),
    ],
)
def test_the_reviews_over_reaches_are_allowed(text: str, ctx: SenderContext) -> None:
    decision, reasons = rules_verdict(text, ctx)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "ye'll wish ye never opened yer gob when ye see the lads outside",
        "i know you finish at the garage at 7 every night, watch yourself",
    ],
)
def test_an_excuse_named_beside_a_threat_no_longer_clears_it(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "hold" and "threat" in reasons, (text, decision, reasons)


def test_times_scores_and_ordinals_glued_to_a_word_are_no_links() -> None:
    assert find_links("rdv 18.30.pm au 14h.cafe puis 2e.bar, score 2-1.football") == []


def test_the_models_threat_is_excused_only_for_a_place_after_finding_you() -> None:
    assert "threat" in model_check._rule_excuses(scan("je vais te retrouver au parc"))
    assert "threat" not in model_check._rule_excuses(
        scan("je vais te retrouver quand tu t'y attends pas")
    )


@pytest.mark.parametrize(
    "text",
    [
        "the messages he sent those men... 'she won't remember', 'park far away'",
        "if you get 'she won't wake up, park down the road' from a stranger, report it",
    ],
)
def test_the_crimes_words_quoted_as_someone_elses_are_not_the_senders(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow", (text, decision, reasons)
