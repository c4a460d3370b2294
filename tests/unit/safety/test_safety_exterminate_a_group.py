"""A call to gas or exterminate a group, in any person of the verb, is hate
(the lexicon had only the infinitive: "gaz les juifs" reached the model
alone, held instead of refused); the gas of a stove or a price is not."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import SenderContext, default_filter

TEEN = SenderContext("teen", 1, 30.0, False)


@pytest.mark.parametrize(
    "text", ["gaz les juifs", "gazez les arabes", "exterminons tous les musulmans"]
)
def test_a_call_to_exterminate_a_group_is_refused(rules_only: None, text: str) -> None:
    verdict = default_filter().check(text, TEEN)
    assert verdict.decision == "block" and "hate" in verdict.reasons, verdict


@pytest.mark.parametrize(
    "text", ["le gaz les a tués", "le prix du gaz les inquiète", "gaz les moustiques"]
)
def test_gas_in_ordinary_sentences_is_allowed(rules_only: None, text: str) -> None:
    assert default_filter().check(text, TEEN).decision == "allow"
