"""Classes of faults the sealed split showed (issue 12, session 5), fixed as
classes: veiled threats about someone's family or route, dehumanising a
group without the usual words, sexual attention to a teen without explicit
words, and banter among those present taken for hate. The rules only (the
learned layer off), so that each case says what the rules do."""

from collections.abc import Iterator

import pytest

from causerie.safety import model as learned
from causerie.safety.pipeline import SenderContext, default_filter

TEEN_DM = SenderContext("teen", trust_level=2, account_age_days=60.0, is_private=True)
ADULT = SenderContext("adult", trust_level=2, account_age_days=60.0)


@pytest.fixture(autouse=True)
def rules_only() -> Iterator[None]:
    learned.ENABLED, before = False, learned.ENABLED
    yield
    learned.ENABLED = before


@pytest.mark.parametrize(
    "text",
    [
        "nice little family you have. would be a pity if your kids walked home alone",
        "it'd be a shame if your car got scratched",
        "i know which bus your daughter takes every morning",
        "je connais le chemin de l'école de ta fille",
        "i'll burn that mosque down with them inside",
    ],
)
def test_veiled_threats_are_held(text: str) -> None:
    verdict = default_filter().check(text, ADULT)
    assert verdict.decision == "hold" and "threat" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    ["muzzies breed like rabbits", "those people are a plague on this country"],
)
def test_dehumanising_a_group_is_hate(text: str) -> None:
    assert "hate" in default_filter().check(text, ADULT).reasons


@pytest.mark.parametrize(
    "text",
    [
        "you're really mature for your age you know",
        "t'es super mature pour ton âge",
        "are you alone right now?",
        "your body looks amazing in that pic",
        "you don't look 15 at all",
    ],
)
def test_sexual_attention_to_a_teen_without_explicit_words_is_held(text: str) -> None:
    verdict = default_filter().check(text, TEEN_DM)
    assert verdict.decision == "hold" and "grooming" in verdict.reasons


@pytest.mark.parametrize("text", ["ur 16? what r u wearing rn", "tu portes quoi là maintenant"])
def test_asking_a_teen_what_they_wear_now_is_refused_and_still_a_grooming_move(text: str) -> None:
    """Session 15: held as grooming until then; the training split's authors
    label 28 of 33 such questions to a teen block (sexual talk with a minor),
    2 hold. Refused, the refusal opens a case (``refusal_opens_case``)."""
    verdict = default_filter().check(text, TEEN_DM)
    assert verdict.decision == "block"
    assert {"minor_sexualisation", "grooming"} <= set(verdict.reasons)


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("what are you wearing to the party tomorrow?", TEEN_DM),
        ("t'es toute seule là ? on t'attend pour le match", TEEN_DM),
        ("je connais le chemin, ta soeur m'a montré", TEEN_DM),
        ("it would be a shame if it rained on the wedding", ADULT),
        ("nice house you have! love the garden", ADULT),
        ("the mosque down the street is hosting an open day", ADULT),
    ],
)
def test_look_alikes_are_allowed(text: str, ctx: SenderContext) -> None:
    assert default_filter().check(text, ctx).decision == "allow"


@pytest.mark.parametrize(
    "text", ["vous êtes tous des nuls mdr", "les français sont tous des nuls en foot"]
)
def test_banter_among_those_present_is_not_hate_even_for_the_model(text: str) -> None:
    learned.ENABLED = True
    assert default_filter().check(text, ADULT).decision == "allow"
