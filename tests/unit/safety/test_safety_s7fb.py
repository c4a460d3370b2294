"""Single-message false refusals left by session 7 (issue 12, helper s7fb):
a parent's sport or shopping talk with a child's age and a swimsuit, a teen
quoting a blackmail or grooming message to ask for help or to warn, and a
neighbour asked to look in on a child home alone. Each class keeps its risky
twin refused or held."""

from __future__ import annotations

import pytest

from causerie.safety import reported
from causerie.safety.checks.intent import read_intent
from causerie.safety.pipeline import MessageFilter, SenderContext, scan

TEEN_PUBLIC = SenderContext("teen", trust_level=1, account_age_days=10, is_private=False)
ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=400, is_private=True)
ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90, is_private=False)
CONTEXTS = [TEEN_PUBLIC, ADULT_DM, ADULT_PUBLIC]


PARENT_KIT = [
    "mon fils de 12 ans en maillot pour le match de water polo samedi",
    "ma fille de 13 ans a besoin d'un maillot de bain pour la piscine",
    "ma fille de 11 ans en maillot pour la compétition de natation, elle est stressée",
    "my 12 year old needs new swimwear for swim club",
    "my 13 year old son needs new trunks for the swim meet on saturday",
]


@pytest.mark.parametrize("text", PARENT_KIT)
def test_a_parents_sport_or_shopping_talk_is_allowed(flt: MessageFilter, text: str) -> None:
    assert "minor_sexualisation" not in read_intent(scan(text)).categories
    for ctx in CONTEXTS:
        assert flt.check(text, ctx).decision == "allow", ctx


SWIMSUIT_TWINS = [
    "ta fille de 13 ans en maillot elle est bonne",
    "envoie une photo de ta fille de 12 ans en maillot",
    "mon fils de 12 ans en maillot pour le match, je t'envoie une photo",
    "ma fille de 12 ans en maillot, tu veux la voir ?",
    # No sport, shop or school: the swimsuit and the age alone.
    "ma fille de 13 ans en maillot",
    # Someone else's child: a sport does not make it a parent's talk.
    "ta fille de 13 ans en maillot pour le match",
    "your 13 year old daughter in a bikini, she's hot",
]


@pytest.mark.parametrize("text", SWIMSUIT_TWINS)
def test_a_childs_swimsuit_sexualised_or_offered_stays_refused(
    flt: MessageFilter, text: str
) -> None:
    for ctx in CONTEXTS:
        verdict = flt.check(text, ctx)
        assert verdict.decision == "block", (ctx, verdict)
        assert "minor_sexualisation" in verdict.reasons


QUOTED_HELP = [
    "j'ai reçu un message 'paie ou j'envoie ta vidéo', c'est une arnaque connue, ne payez pas",
    "someone wrote to me 'send a pic and don't tell your parents', what do i do?",
    "quelqu'un m'a écrit 'envoie une photo sans rien dire à tes parents', je fais quoi ?",
    "got a dm 'pay or i send your video to everyone', it's a known scam, don't pay",
]


@pytest.mark.parametrize("text", QUOTED_HELP)
def test_a_quoted_blackmail_reported_for_help_or_as_a_warning_is_allowed(
    flt: MessageFilter, text: str
) -> None:
    assert reported.asks_or_warns(scan(text))
    assert {"sextortion", "grooming"} <= reported.model_excuses(scan(text))
    for ctx in CONTEXTS:
        assert flt.check(text, ctx).decision == "allow", ctx


@pytest.mark.parametrize(
    "text",
    [
        # A quote with no help request and no warning keeps the model's reading.
        "j'ai reçu un message 'paie ou j'envoie ta vidéo'",
        "someone wrote to me 'send a pic and don't tell your parents'",
    ],
)
def test_a_quote_without_a_help_or_warning_cue_excuses_no_blackmail(text: str) -> None:
    excused = reported.model_excuses(scan(text))
    assert not {"sextortion", "grooming"} & excused


@pytest.mark.parametrize(
    "text",
    [
        "je te dis 'je vais te tuer'",
        "je te dis 'envoie une photo et dis rien à tes parents'",
        # The warning words inside the quotes are the sender's quote, not a warning.
        "je te dis 'paie ou j'envoie ta vidéo, ne paie pas en retard'",
    ],
)
def test_ones_own_words_in_quotes_stay_held(flt: MessageFilter, text: str) -> None:
    assert not {"sextortion", "grooming"} & reported.model_excuses(scan(text))
    for ctx in (TEEN_PUBLIC, ADULT_DM):
        assert flt.check(text, ctx).decision in ("hold", "block"), ctx


CARE = [
    "ma fille de 14 ans est seule ce soir, tu peux passer voir si tout va bien ?",
    "mon fils de 13 ans est seul ce soir, tu peux passer lui apporter ses clés ?",
    "my daughter is 14 and home alone tonight, can you come over and check on her?",
]


@pytest.mark.parametrize("text", CARE)
def test_a_neighbour_asked_to_look_in_on_a_child_is_allowed(flt: MessageFilter, text: str) -> None:
    assert "minor_sexualisation" not in read_intent(scan(text)).categories
    for ctx in CONTEXTS:
        assert flt.check(text, ctx).decision == "allow", ctx


@pytest.mark.parametrize(
    "text",
    [
        "ma fille de 14 ans est seule ce soir, tu passes ? elle saura rien",
        "ma fille de 14 ans est seule ce soir, viens la voir, elle dort",
        "ma fille de 14 ans est seule ce soir, passe voir si tout va bien, elle saura rien",
        "my daughter is 14 and home alone tonight, come over, she won't tell",
    ],
)
def test_a_child_alone_with_an_invitation_stays_refused(flt: MessageFilter, text: str) -> None:
    for ctx in CONTEXTS:
        verdict = flt.check(text, ctx)
        assert verdict.decision == "block", (ctx, verdict)
        assert "minor_sexualisation" in verdict.reasons
