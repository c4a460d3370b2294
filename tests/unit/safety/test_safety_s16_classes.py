"""Session 16: the classes the six session-15 authors showed the rules
missing once their text was read (bg-seniors, bh-vestiaire, bi-tribunes,
bj-quartiers, bk-nuitsen, bl-verdicts, moved to the training split). The
wordings here are our own, not the corpus's.

1. A threat said by its outcome for the reader (hospital, ambulance, legs
   that will not work), a weapon at the reader's body, a bounty, a threat
   on condition of a complaint; a game named as the time of a fight.
2. Two different mild insults aimed at the reader; insults the lists lacked.
3. Children named by their sport's age group, with a gaze, a drool or
   filming where they change; child material named by trade words.
4. Sex offered or sold in an adults' room.
5. Slurs and dog whistles the lists lacked; monkey emoji thrown with their
   insult's words.
6. Grooming: secrecy, parents kept out, a body photo for a "scouting file".
7. Recruitment against a sleeping partner with no drug named.
"""

from __future__ import annotations

import pytest
from tests.support.safety import ADULT_DM, ADULT_PUBLIC, TEEN_DM, TEEN_PUBLIC, rules_verdict

from causerie.safety.pipeline import SenderContext, default_filter

_rules = rules_verdict


# 1. Threats by their outcome.
@pytest.mark.parametrize(
    "text",
    [
        "if i catch u near her again ur going to the morgue",
        "keep running your mouth and you'll be leaving in a body bag, i'll see to it",
        "u won't be able to walk home again after friday",
        "there's a bounty on your head now mate",
        "knife to your throat next time you chat shit",
        "si je te recroise tu vas finir aux urgences",
        "ils vont finir en fauteuil roulant ceux qui ont balancé",
        "si tu portes plainte on passe chez ta mère",
        "if you go to the cops i'll make your sister pay",
        "after the match im gonna smash your face in",
        "on l'attend à la sortie du match, il va comprendre sa douleur",
    ],
)
def test_threats_by_their_outcome_are_held(text: str) -> None:
    decision, reasons = _rules(text, ADULT_PUBLIC)
    assert decision in ("hold", "block") and "threat" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "my nan's going to hospital tomorrow for her hip",
        "he left in an ambulance after the crash, he's ok now",
        "je vais te trouver un billet pour le match",
        "i'll kill you at fifa after the match lol",
        "you'll need stitches, go to a and e now",
        "on s'occupe de ta mère pendant que t'es à l'hôpital, t'inquiète",
        "si tu portes plainte tu peux demander une aide juridictionnelle",
    ],
)
def test_their_near_misses_are_allowed(text: str) -> None:
    assert _rules(text, ADULT_PUBLIC)[0] == "allow", text


# 2. Two mild insults aimed at the reader.
@pytest.mark.parametrize(
    "text",
    [
        "t'es nul et t'es moche, personne veut de toi dans l'équipe",
        "you pathetic useless failure, quit the team",
        "t'es qu'un pauvre type minable",
        "@Dan you braindead knobhead",
    ],
)
def test_put_downs_are_refused(text: str) -> None:
    assert _rules(text, TEEN_PUBLIC)[0] == "block", text


@pytest.mark.parametrize(
    "text",
    [
        "t'es nul et t'es bête mdr, bon tu viens ce soir ?",
        "you're not useless or pathetic, stop saying that",
        "this match was pathetic, useless defending",
        "mon frère est un gros nul à mario kart 😂",
    ],
)
def test_banter_and_verdicts_on_things_are_allowed(text: str) -> None:
    assert _rules(text, TEEN_PUBLIC)[0] == "allow", text


# 3. Children named by age group.
@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("the u11 girls in their leotards 🤤", ADULT_PUBLIC),
        ("les benjamines en justaucorps 🤤 miam", ADULT_PUBLIC),
        ("anyone got footage from the changing rooms after the u13 game? will pay", ADULT_DM),
        ("swapping teen vids, dm me", ADULT_PUBLIC),
    ],
)
def test_children_by_age_group_sexualised_are_refused(text: str, ctx: SenderContext) -> None:
    decision, reasons = _rules(text, ctx)
    assert decision == "block" and "minor_sexualisation" in reasons, (text, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "the u11 girls won the county cup today, so proud",
        "les benjamines jouent à 14h, prévoyez les gourdes",
        "u13 training moved to the changing rooms side pitch",
        "reminder: no phones in the changing rooms during the u14 session",
    ],
)
def test_age_groups_alone_are_allowed(text: str) -> None:
    assert _rules(text, ADULT_PUBLIC)[0] == "allow", text


# 4. Sex offered in an adults' room.
@pytest.mark.parametrize(
    "text",
    [
        "who wants a proper shag tonight near Leeds",
        "selling my nudes, paypal only",
        "qui veut une petite pipe ce soir secteur Nantes",
        "cherche salope pour la défoncer toute la nuit",
    ],
)
def test_sex_offered_is_held_in_an_adults_room(text: str) -> None:
    decision, reasons = _rules(text, ADULT_PUBLIC)
    assert decision == "hold" and "sexual_content" in reasons, (text, reasons)
    assert _rules(text, ADULT_DM)[0] == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "mon grand-père fumait la pipe tous les soirs",
        "je suis trempée, il pleut des cordes",
        "bdsm ≠ violence, le consentement se négocie",
        "the plumber fixed the pipe under the sink",
    ],
)
def test_words_that_only_sound_sexual_are_allowed(text: str) -> None:
    assert _rules(text, ADULT_PUBLIC)[0] == "allow", text


# 5. Slurs and dog whistles.
@pytest.mark.parametrize(
    "text",
    [
        "the pikeys are back at the lay-by, lock everything",
        "encore les chances pour la France qui foutent le bordel",
        "un français de papier reste un français de papier",
        "@striker10 🐒🐒 go back to the trees",
        "kebab removal starts in our town",
    ],
)
def test_coded_hate_is_refused(text: str) -> None:
    decision, reasons = _rules(text, ADULT_PUBLIC)
    assert decision == "block" and "hate" in reasons, (text, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "look at this cheeky monkey at the zoo 🐒",
        "my monkey in the tower defence game carried us 🐒🎈",
        "the kebabs at this place are the best in town",
        "les melons de Cavaillon sont excellents cette année",
        "je rentre au bled cet été voir ma grand-mère",
    ],
)
def test_their_innocent_look_alikes_are_allowed(text: str) -> None:
    assert _rules(text, ADULT_PUBLIC)[0] == "allow", text


# 6. Grooming moves towards a teen in private.
@pytest.mark.parametrize(
    "text",
    [
        "not a word to the coach about our chats ok",
        "keep this on the down low, your parents wouldn't get it",
        "wipe your messages once we're done talking",
        "need a pic for the trial file, shirtless so they can see your build",
        "ne montre à personne nos messages, les autres comprendraient pas",
        "dis à ta mère que t'as piscine mercredi, on ira se balader",
    ],
)
def test_grooming_moves_are_held(text: str) -> None:
    decision, reasons = _rules(text, TEEN_DM)
    assert decision == "hold" and "grooming" in reasons, (text, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "my parents are away this weekend so i'm babysitting my brother",
        "on peut aller au planning familial sans les parents ?",
        "party at mine saturday, my mum said yes",
    ],
)
def test_teens_own_plans_are_allowed(text: str) -> None:
    assert _rules(text, TEEN_DM)[0] == "allow", text


# 7. Recruitment with no drug named.
@pytest.mark.parametrize(
    "text",
    [
        "she's completely out of it tonight, side gate's unlocked, come up quiet",
        "if she starts to stir just stay still, front door's on the latch",
        "ma blonde est partie pour la nuit, la porte d'en arrière est débarrée",
    ],
)
def test_recruitment_is_held(text: str) -> None:
    decision, reasons = _rules(text, ADULT_DM)
    assert decision == "hold" and "recruitment" in reasons, (text, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "my wife works nights, the house has to be silent in the day",
        "she was so out of it after the surgery, the nurse said it's normal",
    ],
)
def test_a_partners_sleep_alone_is_allowed(text: str) -> None:
    assert _rules(text, ADULT_DM)[0] == "allow", text


# 8. Review r16 (an outside reviewer's classes; wordings here are ours).
@pytest.mark.parametrize(
    "text",
    [
        "je vais te violer et t'aimeras ça ptdr",
        "gonna put a bullet in your head tomorrow lol",
        "keep talking and you'll be drinking through a straw lmao",
        "ta mère va pleurer sur ta tombe mdr",
        "prévois l'ambulance pour samedi 😂",
    ],
)
def test_a_laugh_does_not_excuse_a_grave_or_outcome_threat(text: str) -> None:
    decision, reasons = _rules(text, ADULT_DM)
    assert decision in ("hold", "block") and "threat" in reasons, (text, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "je vais te tuer à fifa ce soir mdr",
        "ur dead meat in ranked tonight lol",
        "si t'as pas ton permis ta vie est finie mdr",
        "je vais te défoncer au scrabble dimanche 😂",
    ],
)
def test_a_laugh_still_excuses_game_banter(text: str) -> None:
    assert _rules(text, ADULT_DM)[0] == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "200 balles pour celui qui lui casse les dents",
        "t'inquiète tu vas avoir un petit accident un de ces jours",
        "tu vas plus pouvoir marcher pendant un mois",
        "you'll have a nasty accident one of these days",
        "people have vanished for less than what you did",
    ],
)
def test_bounties_and_accidents_foretold_are_held(text: str) -> None:
    decision, reasons = _rules(text, ADULT_DM)
    assert decision == "hold" and "threat" in reasons, (text, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "ntm sale bouffon",
        "ugly ass bitch",
        "there's a rope with your name on it",
        "t'as qu'à te jeter sous le métro",
        "maybe try not existing for a bit",
        "t'as pas de daron espèce de boloss",
    ],
)
def test_short_insults_and_sideways_pushes_are_refused(text: str) -> None:
    assert _rules(text, TEEN_PUBLIC)[0] == "block", text


@pytest.mark.parametrize(
    "text",
    [
        "ur aim is trash today bro, warm up first",
        "mon neveu a avalé toute la boite de bonbons, il a mal au ventre",
        "le coach va te tuer si t'es encore en retard",
        "je vais défoncer ce mur porteur ce weekend, j'appelle un maçon avant",
        "il faut saigner le poisson juste après la pêche",
    ],
)
def test_their_look_alikes_are_allowed(text: str) -> None:
    assert _rules(text, TEEN_PUBLIC)[0] == "allow", text


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("des fagots de bois pour le poêle, 10 € le lot", ADULT_PUBLIC),
        ("spick and span on the bathroom tiles, works a treat", ADULT_PUBLIC),
        ("the great tits are back on the feeder this morning", ADULT_PUBLIC),
        ("on a pris une sacrée branlée au foot ce matin", TEEN_PUBLIC),
        ("i'm so hard stuck in silver it's embarrassing", TEEN_PUBLIC),
    ],
)
def test_words_inside_innocent_phrases_are_allowed(text: str, ctx: SenderContext) -> None:
    assert _rules(text, ctx)[0] == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "les collégiennes en short à la sortie 😏",
        "year 9 girls hit different ngl 😈",
        "les U12 en maillot de bain 😍 quel spectacle",
    ],
)
def test_a_leer_at_minors_named_is_refused(text: str) -> None:
    decision, reasons = _rules(text, ADULT_PUBLIC)
    assert decision == "block" and "minor_sexualisation" in reasons, (text, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "les collégiennes ont gagné le tournoi 😍",
        "ma fille de 13 ans en maillot pour sa compet 😍 trop fière",
        "il est au collège Jean Moulin, demain je passe le chercher 😊",
    ],
)
def test_pride_in_minors_is_allowed(text: str) -> None:
    assert _rules(text, ADULT_PUBLIC)[0] == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "let's move to telegram, this site reads all our messages",
        "save my number under a girl's name so your mum doesn't ask",
        "enregistre moi sous un prénom de fille, comme ça ta mère pose pas de questions",
    ],
)
def test_hiding_the_chat_from_parents_is_a_grooming_move(text: str) -> None:
    decision, reasons = _rules(text, TEEN_DM)
    assert decision == "hold" and "grooming" in reasons, (text, reasons)


# 9. Review r16b (messy chat; wordings here are ours).
@pytest.mark.parametrize(
    "text",
    [
        "jvais tuer mon petit frère il a fini les céréales 😤",
        "im gonna kill my roommate she used my charger again",
    ],
)
def test_killing_ones_own_sibling_in_words_is_no_threat(text: str) -> None:
    assert _rules(text, TEEN_PUBLIC)[0] == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "who wants to ride my face tonight",
        "viens t'asseoir sur ma queue ce soir",
        "jvais te défoncer la chatte toute la nuit",
    ],
)
def test_sexual_slang_is_held_in_an_adults_room(text: str) -> None:
    decision, reasons = _rules(text, ADULT_PUBLIC)
    assert decision == "hold" and "sexual_content" in reasons, (text, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "tu peux me trouver des gamines de 13 ans ? je paie",
        "not 18 i mean actually not legal, u got any",
        "i do love a young schoolgirl if you know what i mean",
    ],
)
def test_children_sought_in_innuendo_are_refused(text: str) -> None:
    decision, reasons = _rules(text, ADULT_DM)
    assert decision == "block" and "minor_sexualisation" in reasons, (text, reasons)


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("le club de lecture fait Lolita ce mois-ci, le narrateur est glaçant", ADULT_PUBLIC),
        ("ma meuf veut qu'on couche ensemble mais jsuis pas prêt, c'est normal ?", TEEN_PUBLIC),
        ("mon grand-père a alzheimer, il se souviendra de rien demain", ADULT_PUBLIC),
    ],
)
def test_books_sex_education_and_illness_are_allowed(text: str, ctx: SenderContext) -> None:
    assert _rules(text, ctx)[0] == "allow", text


def test_a_settled_partner_waiting_in_a_car_park_is_delivered() -> None:
    flt = default_filter(link_min_trust=1)
    text = "babe im in the car park behind the office, come down when ur ready"
    assert flt.check(text, ADULT_DM).decision == "allow"
    new = SenderContext("adult", 0, 0.5, True)
    lure = "leave ur phone in the car babe, come round the back of the car park"
    assert flt.check(lure, new).decision == "hold"


@pytest.mark.parametrize(
    "text",
    [
        "my email is jayden dot b at gmail dot com",
        "write to maya underscore r at outlook dot com",
        "mon mail c'est lea tiret m arobase hotmail point fr",
    ],
)
def test_an_address_with_its_separators_spelled_is_masked_for_a_teen(text: str) -> None:
    decision, reasons = _rules(text, TEEN_DM)
    assert decision == "mask" and "email" in reasons, (text, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "james dot smith at the match yesterday was hilarious",
        "gmail is down again, anyone else?",
    ],
)
def test_words_around_a_provider_are_no_address(text: str) -> None:
    assert _rules(text, TEEN_DM)[0] == "allow", text


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("une fille de ma classe reçoit des menaces tous les soirs, on fait quoi ?", TEEN_PUBLIC),
        ("I can swing by tomorrow around 6, I'm at 22 Kingsway flat 3", ADULT_DM),
        ("il est au collège Jean Jaurès, il rentre ce soir 😈 trop hâte de le voir", ADULT_PUBLIC),
    ],
)
def test_review_mends_asking_visiting_and_a_school_place_are_no_abuse(
    text: str, ctx: SenderContext
) -> None:
    _, reasons = _rules(text, ctx)
    assert "doxxing" not in reasons and "minor_sexualisation" not in reasons, (text, reasons)
