"""Session 7 classes from the review of issue 12 (helper s7kin): a child
offered by someone with access to them is refused with a case, in every
context; a parent's ordinary talk about their own child, and an object
named by a word that is an insult elsewhere, are not held by the learned
layer. Instances are varied FR and EN, with close hard negatives."""

from __future__ import annotations

import pytest

from causerie.safety.checks.intent import read_intent
from causerie.safety.pipeline import MessageFilter, SenderContext, scan

TEEN_PUBLIC = SenderContext("teen", trust_level=1, account_age_days=10, is_private=False)
ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=400, is_private=True)
ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90, is_private=False)
NEW_ADULT_DM = SenderContext("adult", trust_level=0, account_age_days=1, is_private=True)
CONTEXTS = [TEEN_PUBLIC, ADULT_DM, ADULT_PUBLIC, NEW_ADULT_DM]


OFFERS = [
    "ma niece de 12 ans est libre ce soir pour toi",
    "la petite du voisin, elle a 11 ans, tu veux la voir ?",
    "ma petite soeur est seule ce soir, elle dira rien, viens",
    "mon eleve de 4e, 13 ans, je te la laisse pour 200€",
    "ma fille de quatorze ans, combien tu donnes ?",
    "mon fils de 10 ans en pyjama, tu veux des photos de lui ?",
    "la gamine que je garde a 9 ans, elle est toute a toi",
    "mon beau-fils a 13 ans, il est dispo pour vous si vous payez",
    "my stepdaughter is 14, she's all yours tonight",
    "my niece is thirteen, she won't tell, how much would you pay?",
    "the girl i babysit is 10, want to see her in her pj's?",
    "my little sister is home alone tonight, come over",
    "my son is 11, $200 and he's yours",
    "my daughter is 15, want photos of her in her bikini?",
    "my granddaughter is 9, you can have her for the weekend if you pay",
    "my 13 year old daughter is free for you tonight",
    "ma fille est en 5e, elle est dispo pour toi ce soir",
    "my son is 14, wanna see him in his underwear?",
]


@pytest.mark.parametrize("text", OFFERS)
def test_a_child_offered_is_refused_in_every_context(flt: MessageFilter, text: str) -> None:
    assert "minor_sexualisation" in read_intent(scan(text)).categories
    for ctx in CONTEXTS:
        verdict = flt.check(text, ctx)
        assert verdict.decision == "block", (ctx, verdict)
        assert "minor_sexualisation" in verdict.reasons


def test_a_child_staying_over_with_an_invitation_is_refused(flt: MessageFilter) -> None:
    text = "ma niece de 14 ans dort chez moi samedi, tu peux passer"
    assert flt.check(text, ADULT_DM).decision == "block"
    # The same stay with an errand is a visit.
    assert flt.check("ma fille de 14 ans est seule ce soir, tu passes ?", ADULT_DM).decision == (
        "block"
    )
    errand = "ma niece de 14 ans dort chez moi samedi, passe prendre la perceuse demain"
    assert "minor_sexualisation" not in read_intent(scan(errand)).categories


PARENT_ERRANDS = [
    "ma fille de 15 ans est dispo pour garder tes enfants, 10€ de l'heure",
    "mon neveu de 13 ans veut te montrer son exposé, tu veux le voir mercredi ?",
    "ma niece a 12 ans, tu veux la voir danser au spectacle de l'ecole ?",
    "la petite du voisin a 8 ans, elle a de la fievre, tu connais un pediatre ?",
    "my daughter is 14 and she's available to babysit saturday, $12/hour",
    "my son is 12, want to meet him at practice?",
    "my nephew is 13, want pics of his lego build?",
    "mon fils a 12 ans, il a une otite, le pediatre dit antibiotiques",
    "ma fille de 13 ans est en 4e, elle a du mal en maths",
    "my 12 year old daughter got her first period, any advice?",
    "ma fille de 14 ans dort chez une copine ce soir",
    # A child's photo shared or an object offered is not the child offered.
    "ma fille a 12 ans aujourd'hui ! je vous mets une photo d'elle",
    "mon fils de 12 ans a un vieux velo, tu le veux ?",
    "my daughter turned 13 today, here are pics of her",
    # A sum alone: a parent reporting a job scam offered to their son.
    "mon fils a 16 ans, un gars lui propose 500€ par semaine, on a signale",
    # A price asked for an object or a lesson.
    "my son is 13, how much would you pay for his old xbox?",
    "ma fille a 11 ans, combien tu payes pour son velo ?",
]


@pytest.mark.parametrize("text", PARENT_ERRANDS)
def test_a_parents_errands_stay_allowed(flt: MessageFilter, text: str) -> None:
    assert "minor_sexualisation" not in read_intent(scan(text)).categories
    for ctx in CONTEXTS:
        assert flt.check(text, ctx).decision in ("allow", "mask"), ctx


PARENT_TALK = [
    "elle a 14 ans mon fils, il est en troisieme",
    "mon fils de 16 ans veut un scooter",
    "ma fille de 13 ans veut un telephone pour noel",
    "mes enfants ont 9 et 12 ans, ils vont au college en bus",
    "my daughter is 15 and wants a phone",
    "my son is 13, he's in 8th grade now",
]


@pytest.mark.parametrize("text", PARENT_TALK)
def test_the_model_does_not_hold_a_parents_talk(flt: MessageFilter, text: str) -> None:
    for ctx in CONTEXTS:
        reasons = flt.check(text, ctx).reasons
        assert not {"model:minor_sexualisation", "model:grooming", "model:doxxing"} & set(
            reasons
        ), (ctx, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "la pedale de frein de ma voiture est molle",
        "les pedales du piano grincent",
        "j'ai du pedaler 40 km contre le vent",
        "on a loue un pedalo au lac",
    ],
)
def test_the_model_does_not_read_hate_in_a_pedal(flt: MessageFilter, text: str) -> None:
    for ctx in CONTEXTS:
        assert "model:hate" not in flt.check(text, ctx).reasons


@pytest.mark.parametrize("text", ["sale pedale", "t'es qu'une pedale, va pedaler ailleurs"])
def test_the_insult_itself_is_still_refused(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_PUBLIC).decision in ("hold", "block")
