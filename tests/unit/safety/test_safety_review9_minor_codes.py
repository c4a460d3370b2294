"""Review 9 (s9fix3): minor sexualisation in slang and codes — arousal said
of a schoolgirl by her grade, "i'd still smash" to a stated child age, the
paedophile community's "MAP" codes and "cp" trading. Hard negatives: a
parent's child in 4e, a map, the first school year "CP", a post code."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import MessageFilter
from causerie.safety.verdict import SenderContext

ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=90, is_private=True)
ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90)


@pytest.mark.parametrize(
    "text",
    [
        "une collégienne en 4e ça me fait trop bander",
        "une petite de 5e me fait grave mouiller",
        "les filles de 6e me font bander",
        "ur 15? damn id still smash",
        "u r 14? id lowkey smash",
        "you're 13?? i'd def still smash",
        "an 8th grader gets me so hard",
        "any other MAPs here? minor attracted and proud",
        "proud map here, nomap forever",
        "join the map pride community",
        "looking for cp, pizza lovers dm 🍕🧀",
        "trading cp links dm me",
        "lf cheese pizza, will swap",
    ],
)
def test_minor_codes_and_grade_slang_are_refused(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, ADULT_DM)
    assert verdict.decision == "block"
    assert "minor_sexualisation" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "ma fille est en 4e, elle a des devoirs",
        "the MAP of Paris is on the wall",
        "this map is huge, any other maps here?",
        "ma fille entre en CP en septembre",
        "je cherche un cp pour le colis, c'est quoi le code postal",
        "peach cobbler 🍑 recipe please",
        "ce film me fait trop rire, le héros de 15 ans est génial",
        "I'd still smash the final exam, i'm 15",
        "this song makes me so hard to sleep lol",
    ],
)
def test_school_maps_and_post_codes_stay_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, ADULT_PUBLIC).decision == "allow"
