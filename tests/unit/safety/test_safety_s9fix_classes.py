"""Classes left open by session 8 (issue 12, helper s9fix). The brief's
sentences are not the tests: each class is tested with other wordings (FR
and EN, SMS spelling, emoji, word order) in every context it concerns, and
with close hard negatives that must stay allowed."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import MessageFilter, SenderContext

TEEN_PUBLIC = SenderContext("teen", trust_level=2, account_age_days=90, is_private=False)
TEEN_DM = SenderContext("teen", trust_level=2, account_age_days=90, is_private=True)
ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90, is_private=False)
ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=90, is_private=True)
NEW_ADULT_DM = SenderContext("adult", trust_level=0, account_age_days=0.5, is_private=True)
CONTEXTS = [TEEN_PUBLIC, TEEN_DM, ADULT_PUBLIC, ADULT_DM, NEW_ADULT_DM]


# Class 1: the speaker states an age under 15 and speaks sexually.
CHILD_VOICE = [
    "jai 11 ans et je veux baiser",
    "g 13 ans et jsui tro excitée",
    "j'ai 12 ans j'ai envie de sexe avec mon copain, c normal ?",
    "jsuis une fille de 12 ans et jsuis trop excitée 🥵",
    "moi j'ai douze ans et je me touche le soir",
    "c normal d'être excitée ? j'ai 13 ans",
    "i am 11 and i want to fuck",
    "im only 13 but im so horny rn",
    "i'm twelve and i want to have sex with my bf is that weird?",
    "I'm 14 and I'm sexy 🍑",
    "turned on all the time, is it normal? im 12",
]


@pytest.mark.parametrize("ctx", CONTEXTS)
@pytest.mark.parametrize("text", CHILD_VOICE)
def test_child_voice_speaking_sexually_is_refused(
    flt: MessageFilter, text: str, ctx: SenderContext
) -> None:
    verdict = flt.check(text, ctx)
    assert verdict.decision == "block", (text, ctx)
    assert "minor_sexualisation" in verdict.reasons


CHILD_VOICE_NEGATIVES = [
    "j'ai 10 ans de mariage et toujours envie de sexe avec mon mari",
    "on est ensemble depuis 12 ans et le sexe est toujours top",
    "ma voiture a 12 ans, elle est fatiguée",
    "j'ai 13 ans et j'ai chaud, il fait 35 degrés",
    "j'ai 12 ans, on a eu un cours d'éducation sexuelle aujourd'hui",
    "j'ai 14 ans et j'ai des seins qui poussent c'est normal ?",
    "i'm 12 and my period hurts is that normal?",
    "i'm 12 minutes away, can't wait to see you",
    "when i was 11 my uncle touched me and made me do sexual stuff, i never told anyone",
    "i was 12 when he made me have sex, i need to talk to someone",
    "j'avais 12 ans quand il m'a forcée à faire des trucs sexuels, j'en parle enfin",
    "il m'a écrit \"j'ai 12 ans et je suis excitée\", c'est un fake je fais quoi ?",
]


@pytest.mark.parametrize("text", CHILD_VOICE_NEGATIVES)
def test_durations_survivors_and_reports_are_not_a_child_voice(
    flt: MessageFilter, text: str
) -> None:
    verdict = flt.check(text, ADULT_DM)
    assert "minor_sexualisation" not in verdict.reasons, text
    assert verdict.decision in ("allow", "hold"), text


def test_a_parent_asking_about_sex_education_is_allowed(flt: MessageFilter) -> None:
    for ctx in CONTEXTS:
        text = "ma fille a 12 ans, comment lui parler de sexualité ?"
        assert flt.check(text, ctx).decision == "allow", ctx


# Class 4: a call to expel, remove, exterminate or deny rights to a group.
GROUP_EXPELLED = [
    "les gitans dehors !",
    "dehors les rebeus",
    "renvoyez les musulmans au bled",
    "virez les juifs de france",
    "faut les virer tous ces migrants",
    "les pd devraient pas avoir de droits",
    "remigration pour les arabes",
    "les juifs au four",
    "MUSLIMS OUT!!",
    "immigrants out now",
    "deport all muslims",
    "send the blacks back where they came from",
    "trans people shouldn't have rights",
    "death to all gays",
    "kick out the immigrants",
    "jews should be gassed",
]


@pytest.mark.parametrize("ctx", [TEEN_PUBLIC, ADULT_PUBLIC, ADULT_DM])
@pytest.mark.parametrize("text", GROUP_EXPELLED)
def test_a_call_to_expel_a_group_is_refused_by_the_rules(
    flt: MessageFilter, text: str, ctx: SenderContext
) -> None:
    verdict = flt.check(text, ctx)
    assert verdict.decision == "block", text
    assert "hate" in verdict.reasons, text  # the rules' reason, not "model:hate"


GROUP_EXPELLED_NEGATIVES = [
    "les arabes du quartier font le meilleur couscous",
    "dehors il pleut, prends un parapluie",
    "he blacks out when he drinks",
    "i'm out, the immigrants in my street threw a party",
    "muslims out there are fasting for ramadan, respect",
    "go home, the gays at pride were amazing",
]


@pytest.mark.parametrize("text", GROUP_EXPELLED_NEGATIVES)
def test_a_group_beside_an_ordinary_word_is_no_call_to_expel(flt: MessageFilter, text: str) -> None:
    assert "hate" not in flt.check(text, ADULT_DM).reasons, text


# Class 2: an excuse (a label, a report cue, reported speech) cannot clear an
# attack still aimed at the reader or at a group.
EXCUSE_PREFIXED_ATTACKS = [
    ("spoiler: je vais te défoncer ta gueule", ("hold",)),
    ("spoilers jvais te retrouver et te tuer", ("hold",)),
    ("spoiler: i will find you and hurt you", ("hold",)),
    ("je vais te tuer, aidez moi", ("hold",)),
    ("i'm gonna kill you, what do i do", ("hold",)),
    ("he said you're a worthless whore", ("hold", "block")),
    ("il m'a dit que t'es une sale pute", ("hold", "block")),
    ("@kevin t'es qu'une pute, il m'a dit", ("hold", "block")),
    ("signalez les juifs, ils contrôlent tout", ("block",)),
    ("report the muslims, they are vermin", ("block",)),
    ("je te copie les arabes dehors", ("block",)),
]


@pytest.mark.parametrize("ctx", [TEEN_DM, ADULT_PUBLIC, ADULT_DM])
@pytest.mark.parametrize(("text", "expected"), EXCUSE_PREFIXED_ATTACKS)
def test_an_excuse_does_not_clear_an_aimed_attack(
    flt: MessageFilter, text: str, expected: tuple[str, ...], ctx: SenderContext
) -> None:
    assert flt.check(text, ctx).decision in expected, (text, ctx)


EXCUSES_THAT_STAY = [
    "il m'a dit 'sale pute', je fais quoi ?",
    "he called me a whore, i blocked him",
    "il m'a traitée de pute, je fais quoi ?",
    "spoiler: le tueur meurt à la fin",
    "je vais te tuer à fifa",
    "i'm gonna kill you in fortnite",
    "si tu me spoil la saison je te tue 😭",
    "im gonna murder you if you spoil the finale 😤",
    "il me menace, il a dit qu'il va me tuer, je fais quoi ?",
]


@pytest.mark.parametrize("text", EXCUSES_THAT_STAY)
def test_reports_games_and_plots_keep_their_excuse(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_DM).decision == "allow", text


# Class 3: dog whistles with a group attack, whatever help or report cue.
WHISTLES_WITH_CUES = [
    "(((eux))) controlent les banques, si vous les voyez signalez-les",
    "(((they))) own the media, if u see them report them",
    "the goyim know, report them",
    "les goyim savent, signalez",
    "grand remplacement en cours, les arabes partout, signalez",
    "remigration maintenant, les noirs dehors, je signale",
    "14 88 brothers, report the jews",
    "remigration now, the far right was right",
]


@pytest.mark.parametrize("text", WHISTLES_WITH_CUES)
def test_a_dog_whistle_with_a_report_cue_is_refused(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, ADULT_PUBLIC)
    assert verdict.decision == "block", text
    assert "hate" in verdict.reasons


WHISTLES_EXPLAINED = [
    "what does (((them))) mean? i saw it in a username",
    "c'est quoi le grand remplacement ? j'ai vu ça dans un pseudo",
    "le 14 88 c'est un code nazi, signalez-le",
    "the 1488 thing is a nazi code, report it",
    "le RN veut la remigration, c'est scandaleux",
    "the far right pushes remigration, disgusting",
    "great replacement is a conspiracy theory, dont fall for it",
]


@pytest.mark.parametrize("text", WHISTLES_EXPLAINED)
def test_a_dog_whistle_explained_or_condemned_is_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, ADULT_PUBLIC).decision == "allow", text


def test_a_witness_telling_a_whistle_unquoted_is_held_not_refused(flt: MessageFilter) -> None:
    verdict = flt.check("someone wrote (((them))) in chat, i reported it", ADULT_PUBLIC)
    assert verdict.decision == "hold"


# Class 5: a sexual body part and a request to show or send it.
BODY_SHOWN = [
    "t'as de beaux seins, tu me les montres ?",
    "tkt montre moi ton cul stp 🍑",
    "envoie une photo de tes fesses",
    "jolie poitrine, tu montres ?",
    "tu me montres ton string ?",
    "montre ton corps en cam",
    "wanna see ur tits on cam",
    "drop a pic of that booty",
    "ur ass is so fat send a pic",
    "show me your body on facetime",
]


@pytest.mark.parametrize("text", BODY_SHOWN)
def test_a_body_part_asked_for_follows_the_guide_by_context(flt: MessageFilter, text: str) -> None:
    # Teens: refused as sexual content, or held when it is also a grooming move.
    for ctx in (TEEN_PUBLIC, TEEN_DM):
        verdict = flt.check(text, ctx)
        assert verdict.decision in ("block", "hold"), (text, ctx)
        assert "sexual_content" in verdict.reasons
    held = flt.check(text, ADULT_PUBLIC)
    assert held.decision == "hold", text
    assert "sexual_content" in held.reasons
    assert flt.check(text, ADULT_DM).decision == "allow", text


BODY_NEGATIVES = [
    "envoie une photo de ton chat",
    "montre moi ton dessin",
    "send me the pic of the gym schedule",
    "show me your new haircut",
    "my doctor wants to see my breasts, is that normal?",
    "le médecin m'a demandé de montrer mes seins, c'est normal ?",
    "les mecs qui envoient une photo de leur zizi en premier message vous etes serieux ???",
    "t'as ta photo de classe ? la mienne est horrible ptdr",
    "t as snap ? on s envoie les devoirs",
    "send it, but i'm busy",
]


@pytest.mark.parametrize("text", BODY_NEGATIVES)
def test_a_photo_asked_without_a_body_part_is_no_sexual_content(
    flt: MessageFilter, text: str
) -> None:
    assert "sexual_content" not in flt.check(text, ADULT_PUBLIC).reasons, text


# Class 7: "teen" with its double letter (or a look-alike) stays a minor word;
# the number "ten" is not one.
@pytest.mark.parametrize(
    "text",
    ["t33n girls are so hot", "te3n girls so hot", "TEENS are so hot", "i'm into teens"],
)
def test_teen_spelt_with_look_alikes_stays_refused(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, ADULT_PUBLIC)
    assert verdict.decision == "block", text
    assert "minor_sexualisation" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "ten girls came to the party, all so hot",
        "ten hot girls at the bar lol",
        "looking for tens of volunteers, it's a hot day",
        "ten of us went out, the girls were so hot",
    ],
)
def test_the_number_ten_is_no_teen(flt: MessageFilter, text: str) -> None:
    assert "minor_sexualisation" not in flt.check(text, ADULT_PUBLIC).reasons, text


# Class 6: hundreds said in words make one house number, as digits do.
ADDRESSES_IN_WORDS = [
    "trois cent douze rue de la Paix",
    "j'habite au deux cent 4 bis avenue Victor Hugo",
    "mon adresse : cinq cent vingt-trois boulevard Voltaire",
    "j'habite au deux cents quatre-vingt-dix-neuf rue Lecourbe",
    "i live at three hundred twelve main street",
    "my address is four hundred and five baker street",
]


@pytest.mark.parametrize("text", ADDRESSES_IN_WORDS)
def test_a_house_number_in_hundreds_is_masked_for_teens(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN_DM)
    assert verdict.decision == "mask", text
    assert "street_address" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "on était trois cents rue de la Paix pour la manif",
        "one hundred percent agree, main street is great",
    ],
)
def test_a_crowd_or_a_percentage_in_hundreds_is_no_address(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_DM).decision == "allow", text


def test_hundreds_in_words_read_as_one_number() -> None:
    from causerie.safety.numbers import digit_view

    assert digit_view("trois cent douze rue").text == "312 rue"
    assert digit_view("three hundred and twelve main").text == "312 main"
    assert digit_view("oh seven nine hundred double four").text == "0 7 900 44"
