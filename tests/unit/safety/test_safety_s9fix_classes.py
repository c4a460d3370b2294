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
def test_a_group_beside_an_ordinary_word_is_no_call_to_expel(
    flt: MessageFilter, text: str
) -> None:
    assert "hate" not in flt.check(text, ADULT_DM).reasons, text
