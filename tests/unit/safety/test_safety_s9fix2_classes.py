"""Classes found by an outside attack (review 9, helper s9fix2), the part
landed: hate without a plural group word (death wished on one member, the
"14 words" written out) and grooming moves in SMS spelling as conversation
cues. Wordings are the tests' own; condemnations stay allowed."""

from __future__ import annotations

import pytest

from causerie.safety.detect import scan
from causerie.safety.pipeline import MessageFilter, SenderContext

TEEN_PUBLIC = SenderContext("teen", trust_level=2, account_age_days=90, is_private=False)


@pytest.mark.parametrize(
    "text",
    [
        "the only good muslim is a dead one",
        "le seul bon juif est un juif mort",
        "un bon rebeu c'est un rebeu mort",
        "a future for white children, that's all we want",
    ],
)
def test_hate_without_a_plural_group_word_is_blocked(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_PUBLIC).decision == "block", text


@pytest.mark.parametrize(
    "text",
    [
        "'the only good jew is a dead one' is antisemitism, report it",
        "'a future for white children' is a nazi slogan, report it",
        "mon grand-père était un bon juif, mort en 1990",
    ],
)
def test_condemnations_and_plain_talk_stay_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_PUBLIC).decision == "allow", text


@pytest.mark.parametrize(
    "text", ["ta kel age", "tes en kel classe", "envoi 1 tof", "ajt moi sur snp", "personne sora"]
)
def test_sms_grooming_moves_are_cues(text: str) -> None:
    assert scan(text).hits_of("cue"), text


@pytest.mark.parametrize(
    "text", ["tes darons sont d'accord pour samedi ?", "quel âge a ton chien ?"]
)
def test_ordinary_parent_talk_is_no_absence_cue(text: str) -> None:
    names = {hit.entry.name for hit in scan(text).hits_of("cue")}
    assert "parents_absent" not in names, text
