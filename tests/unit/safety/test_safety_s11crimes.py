"""Session 11 (s11crimes): the seed crimes and the incitements by their
components, not their phrases. Each class is tried with wordings nobody
wrote into the data (FR, EN, SMS, other victims and audiences) and with
innocent messages that share its words.

1. Recruitment against a third party who cannot consent: something put in
   someone else's drink (ADMINISTER), a sedative, a third party who cannot
   refuse or will not remember (INCAPACITY), with an INVITE.
2. Self-harm incitement: an overdose pushed on the reader, pro-ana coaching.
3. The cover story a teen is told to give their parents.
4. Implicit threats: the reader's routine told back, a weapon carried with
   a warning, a misfortune wished on what they own.
"""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import MessageFilter
from causerie.safety.verdict import SenderContext

ADULT_PUBLIC = SenderContext("adult", 2, 60.0, False)
ADULT_DM = SenderContext("adult", 2, 60.0, True)
TEEN_PUBLIC = SenderContext("teen", 2, 60.0, False)
TEEN_DM = SenderContext("teen", 2, 60.0, True)


def _rules_reason(flt: MessageFilter, text: str, ctx: SenderContext, reason: str) -> None:
    verdict = flt.check(text, ctx)
    # The rules' own reason, not the learned layer's ("model:..."): the class
    # is caught by its components.
    assert verdict.decision in ("hold", "block"), (text, verdict)
    assert reason in verdict.reasons, (text, verdict.reasons)


def _allowed(flt: MessageFilter, text: str, ctx: SenderContext) -> None:
    verdict = flt.check(text, ctx)
    assert verdict.decision == "allow", (text, verdict)


# --- Class 1: recruitment -------------------------------------------------

RECRUITMENT = [
    # ADMINISTER with a vague dose, SMS, an open call
    "jmet un ti truc ds son verre et vs venez a 3, qui est chaud",
    "je rajoute un petit truc dans son coca et c'est open bar, des amateurs ?",
    "g vers du rohypnol ds son verre, ki est dispo 2soir",
    "jvais lui glisser 2 zolpi ds sa tisane, qui veut en profiter",
    "qq gouttes dans son café et elle dort comme un bébé, dispo ce soir ?",
    "I'll slip something in her drink tonight, who wants to come over?",
    "I'm gonna drop a couple of drops in my wife's wine, you in tonight?",
    "put a few drops in her coffee and she's out, hmu if keen",
    "i'll put a couple of zolpidem in her tea, you come after midnight",
    # a sedative said by what it does
    "j'ai de quoi la faire dormir, t'es dispo samedi ?",
    # INCAPACITY said crudely, any invitation
    "she's on ambien and can't consent lol, who's coming",
    "elle sera pas en état de dire non, qui est chaud ce soir",
    "ma soeur a bu, elle peut plus dire non, qui vient",
    "she'll be too out of it to say no, anyone around later?",
    "ma copine sera pas consciente, tu passes à 23h ?",
    "elle pourra pas se défendre ce soir, ki vient",
    "gf won't remember anything tomorrow, swing by around 1",
    "elle se souviendra de rien demain, viens chez moi ce soir",
    "she can't say no when she's like that, come join",
    "je verse 2 3 gouttes dans son jus, elle capte plus rien, tu passes ?",
]

NOT_RECRUITMENT = [
    # cooking: an ordinary ingredient in someone's drink
    "mets du sucre dans son café, il aime bien",
    "j'ai mis du sucre dans son café, elle a adoré, passe demain pour le gâteau",
    "I slipped a lemon slice in her drink, she loved it. come over for dinner tomorrow?",
    "put some honey in her tea, it helps the cough. come over for lunch tomorrow?",
    # a sleeping pill taken, with no invitation or an ordinary plan
    "ma femme a pris son somnifère, elle dort enfin. tu viens boire un café demain ?",
    "she takes melatonin to sleep, what time do you come for dinner?",
    # a professional, the news, a warning
    "en tant que pharmacien je déconseille le zolpidem plus de 4 semaines",
    "le procès de Mazan : le mari mettait des anxiolytiques dans ses repas, c'est horrible",
    "the Mazan trial: he drugged her and invited strangers, 51 men convicted",
    "attention au GHB en soirée, surveillez vos verres les filles",
    "prévention : le GHB se met dans les verres, ne laissez jamais le vôtre sans surveillance",
    "never leave your drink unattended, someone could slip something in it",
    # a child asleep, a liking that cannot refuse, a drunk friend's memory
    "le bébé dort enfin, tu peux passer ce soir",
    "le bébé dort comme une pierre, tu peux passer boire un café",
    "she can't say no to chocolate lol, come over we're baking",
    "my grandma can't say no to her grandkids lol, come join us sunday",
    "elle se souviendra de rien de la soirée tellement elle était bourrée mdr",
    "anesthesiologist here, you won't remember anything after the propofol, come see the ward",
]


@pytest.mark.parametrize("text", RECRUITMENT)
def test_recruitment_by_its_components_is_held(flt: MessageFilter, text: str) -> None:
    _rules_reason(flt, text, ADULT_PUBLIC, "recruitment")


@pytest.mark.parametrize("text", NOT_RECRUITMENT)
def test_innocent_sleep_drink_and_news_go_on(flt: MessageFilter, text: str) -> None:
    _allowed(flt, text, ADULT_PUBLIC)


def test_a_sleeping_pill_told_is_no_rule_s_recruitment(flt: MessageFilter) -> None:
    # No invitation, no dose slipped: the rules see two facts. (The learned
    # layer may still hold it for a moderator; excusing it released real
    # recruitment whose plan only the model reads.)
    verdict = flt.check("ma femme a pris son somnifère, elle dort enfin", ADULT_PUBLIC)
    assert "recruitment" not in verdict.reasons


def test_someone_elses_partner_asleep_is_a_witness_story(flt: MessageFilter) -> None:
    # The possessive of the sleeper (``others_partner``): one's own partner
    # asleep with an open call is the sender's plan.
    _rules_reason(flt, "ma femme dort, qui veut venir ce soir ?", ADULT_PUBLIC, "recruitment")
    _allowed(
        flt,
        "un mec m'a proposé en mp de venir pendant que sa femme dort, j'ai fait des captures",
        ADULT_PUBLIC,
    )


# --- Class 2: self-harm incitement ----------------------------------------

INCITEMENT = [
    "prends en 30 d'un coup et on en parle plus",
    "gobe en 20 d'un coup t'auras la paix",
    "avale toute la boite ce soir, t'auras plus mal",
    "avale tous tes cachets et bonne nuit",
    "take the whole bottle",
    "just swallow all of them at once, it's painless",
    "mange pas avant demain, t'es encore grosse",
    "vomis après manger sinon tu vas encore grossir",
    "jeûne encore, t'es grasse",
    "tu mérites pas de manger, jeûne encore 2 jours",
    "if you eat you failed",
    "you don't deserve to eat today",
    "skip dinner again, ur thighs still touch",
    "stop eating, you're still fat and everyone sees it",
]

NOT_INCITEMENT = [
    # a doctor's or a parent's instructions
    "prends 2 comprimés matin et soir pendant 5 jours, m'a dit le médecin",
    "take two tablets with food, not the whole bottle at once",
    "ne prends pas tout d'un coup, 1 cachet toutes les 6h",
    "if you eat before the blood test you'll have to redo it",
    "mange pas trop de bonbons avant le dîner stp",
    # a box, a drink, someone's past
    "take the whole box of cookies to the party, they'll love it",
    "prends la boîte entière de mouchoirs si tu veux",
    "down it in one go! cheers to the bride",
    "mon fils a avalé toute la boite de bonbons, il a mal au ventre",
    # the sender's own pain: a cry for help
    "i feel so fat today, i skipped lunch and i hate myself",
    "j'ai pas mangé depuis hier, je me sens grosse, aidez moi",
    "je mange plus depuis 3 jours, je me trouve grosse",
]


@pytest.mark.parametrize("text", INCITEMENT)
def test_an_overdose_or_starving_pushed_on_the_reader_is_refused(
    flt: MessageFilter, text: str
) -> None:
    _rules_reason(flt, text, TEEN_PUBLIC, "harassment")


@pytest.mark.parametrize("text", NOT_INCITEMENT)
def test_dosage_food_and_own_pain_are_not_incitement(flt: MessageFilter, text: str) -> None:
    _allowed(flt, text, TEEN_PUBLIC)


# --- Class 3: a cover story for the parents --------------------------------

COVER_STORY = [
    "dis à ta mère que tu dors chez une copine",
    "dis a ta daronne ke tu vas au ciné avec ta pote",
    "dis leur que tu vas à la bibliothèque, je t'attends au parking",
    "si ta daronne demande, t'étais chez Emma",
    "ton père doit pas savoir",
    "ta mère doit jamais l'apprendre",
    "tes darons doivent pas être au courant hein",
    "tell your mom you're at a friend's tonight",
    "if ur dad asks say ur at the library",
    "if your mom calls tell her you're at chloe's",
    "say you're sleeping at sarah's, i'll pick u up at 10",
    "just say you were at practice",
    "your parents don't need to know about this",
    "supprime nos messages après",
]

NOT_COVER_STORY = [
    "dis rien à maman, c'est pour sa fête surprise samedi",
    "don't tell your dad about the surprise party, it's on saturday",
    "on dort chez Léa vendredi ? je demande à ma mère",
    "on fait une soirée pyjama chez Inès, demande à ta mère si tu peux venir",
    "je dors chez Léa samedi, tu viens aussi ? demande à ta mère",
    "dis à tes parents que la soirée pyjama c'est chez moi, ma mère est d'accord",
    "dis à ta mère que je la remercie pour le gâteau",
    "tell your mom thanks for the ride!",
    "tell your parents the school trip is on friday",
    "si ta mère demande, la sortie est à 14h, c'est écrit sur le mot",
    "ma mère doit pas savoir que j'ai eu 8 en maths mdr",
    "say you're sorry to your sister, she was really sad",
]


@pytest.mark.parametrize("text", COVER_STORY)
def test_a_cover_story_for_the_parents_is_grooming(flt: MessageFilter, text: str) -> None:
    _rules_reason(flt, text, TEEN_DM, "grooming")


@pytest.mark.parametrize("text", NOT_COVER_STORY)
def test_surprises_and_sleepovers_said_openly_go_on(flt: MessageFilter, text: str) -> None:
    _allowed(flt, text, TEEN_DM)


# --- Class 4: implicit threats --------------------------------------------

IMPLICIT_THREAT = [
    "je sais que tu finis à 17h le mardi",
    "je sais que tu rentres seule à 23h le vendredi",
    "tu passes par le parc tous les soirs vers 19h, je sais",
    "tu sors ton chien à 7h tous les matins, je sais",
    "ta fille sort de l'école à 16h30, c'est bien ça ?",
    "ton fils rentre seul à 17h le jeudi, hein ?",
    "i know you walk your dog at 7 every morning",
    "i know u get off the bus at 4:15 on thursdays",
    "j'ai toujours mon couteau sur moi, pense à ça",
    "jsuis jamais sans ma lame, réfléchis bien avant de répondre",
    "je me balade jamais sans mon schlass, fais gaffe à toi",
    "i always carry a knife, remember that next time u talk to me",
    "i'm never without my blade, think about that before you reply",
    "cute dog you have. would be sad if he got lost",
    "jolie moto, ça serait bête qu'elle se fasse rayer",
    "lovely house you've got there, would be a shame if it caught fire",
]

NOT_THREAT = [
    "je finis à 17h le mardi, on se voit après ?",
    "on se retrouve après les cours à 17h devant le portail",
    "je sais que tu bosses tous les soirs, bon courage",
    "i know you finish at 5 on fridays, let's grab a beer after",
    "je sais que tu finis à 18h, je passe te prendre",
    "ton fils rentre à 17h ? le mien aussi, on fait covoit",
    "tu passes par le parc tous les soirs ? moi aussi, on court ensemble ?",
    "passe-moi le couteau à pain stp",
    "j'ai toujours un couteau suisse sur moi pour le camping",
    "j'ai toujours mon opinel sur moi, pratique pour le pique-nique",
    "mon couteau de cuisine coupe plus rien, tu conseilles quoi ?",
    "nice car! did you get insurance for it?",
    "shame the car broke down, what happened to it?",
    "nice bike! would be a shame if it got stolen, get a good lock",
    "cute dog! what's his name?",
]


@pytest.mark.parametrize("text", IMPLICIT_THREAT)
def test_a_routine_a_weapon_or_a_loss_said_as_menace_is_held(flt: MessageFilter, text: str) -> None:
    _rules_reason(flt, text, ADULT_DM, "threat")


@pytest.mark.parametrize("text", NOT_THREAT)
def test_plans_kitchen_knives_and_insurance_go_on(flt: MessageFilter, text: str) -> None:
    _allowed(flt, text, ADULT_DM)


def test_a_routine_with_a_call_proposed_is_not_the_rules_threat(flt: MessageFilter) -> None:
    # Session 14: the rules read no threat in it; the model alone holds it for
    # a moderator (threat 0.94 against an adult cut of 0.935 after four new
    # authors' stalking messages were trained on). Held, never refused.
    verdict = flt.check("je sais que tu finis tard le mardi, je t'appelle mercredi ?", ADULT_DM)
    assert "threat" not in verdict.reasons
    assert verdict.decision in ("allow", "hold")
