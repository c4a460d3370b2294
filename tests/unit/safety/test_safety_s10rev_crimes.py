"""Review 10, class 10: the learned layer's recruitment reading makes the
seed's crime with the part of it the rules saw (``scorer.crimes_of``), so
that ``services/risk.py`` holds the message that takes the conversation to
``high`` (that holding: tests/api/test_held_reasons_s11.py); a partner's or
a patient's sleeping pill said once stays no crime."""

from __future__ import annotations

import pytest

from causerie.safety.scorer import (
    Assessment,
    ConversationScorer,
    ConversationState,
    Participant,
    Signal,
    crimes_of,
)

SCORER = ConversationScorer()


def assessment(*signals: tuple[str, int]) -> Assessment:
    return Assessment(
        0.9, "high", [Signal(name, index, "", "x") for name, index in signals], suspect_id="x"
    )


@pytest.mark.parametrize(
    "signals",
    [
        # the model's reading beside a recruit vetted or logistics
        (("model_recruitment", 0), ("recruit_vetting", 2)),
        (("recruit_vetting", 0), ("model_recruitment", 1)),
        # beside a third party who cannot consent, named in another message
        (("incapacitated_third_party", 0), ("model_recruitment", 2)),
        (("model_recruitment", 0), ("incapacitated_third_party", 1)),
    ],
)
def test_the_model_s_recruitment_with_either_part_is_the_crime(
    signals: tuple[tuple[str, int], ...],
) -> None:
    assert crimes_of(assessment(*signals)) == {"recruitment"}


@pytest.mark.parametrize(
    "signals",
    [
        # one message: "ma femme a pris son somnifère, elle dort"
        (("model_recruitment", 0), ("incapacitated_third_party", 0)),
        (("incapacitated_third_party", 3), ("model_recruitment", 3), ("meeting_proposal", 4)),
        # a late evening plan or discreet parking is no recruit's vetting
        (("model_recruitment", 0), ("meeting_night", 1)),
        (("covert_logistics", 0), ("model_recruitment", 2)),
        # the model alone, or the parts without it
        (("model_recruitment", 0),),
        (("incapacitated_third_party", 0),),
        (("recruit_vetting", 1),),
    ],
)
def test_a_lone_reading_or_one_sleeping_pill_message_is_no_crime(
    signals: tuple[tuple[str, int], ...],
) -> None:
    assert crimes_of(assessment(*signals)) == frozenset()


def test_another_sender_s_parts_do_not_make_the_suspect_s_crime() -> None:
    found = Assessment(
        0.9,
        "high",
        [Signal("model_recruitment", 0, "", "x"), Signal("recruit_vetting", 1, "", "y")],
        suspect_id="x",
    )
    assert crimes_of(found) == frozenset()


def converse(messages: list[str], days: float = 2.0) -> list[Assessment]:
    state: ConversationState = SCORER.start(
        [Participant("x", 44, days), Participant("v", 38, 300.0)], "dm"
    )
    out = []
    for text in messages:
        state, _ = SCORER.add_message(state, "x", text)
        out.append(SCORER.assess(state))
    return out


@pytest.mark.parametrize(
    "messages",
    [
        [
            "ever been with a woman who's completely out?",
            "my wife takes a sleeping pill every night",
            "send me a face pic and your age first",
            "then i'll give you the address",
        ],
        [
            "je cherche des gars pour ma femme",
            "elle sera pas trop consciente tu vois",
            "t'as une photo de toi ? je trie avant",
        ],
    ],
)
def test_a_recruitment_read_by_the_model_reaches_high_with_the_crime(messages: list[str]) -> None:
    # That the service holds the message: tests/api/test_held_reasons_s11.py
    # (the real ``held_reasons``, not a copy of its rule).
    steps = converse(messages)
    assert steps[-1].level == "high" and "recruitment" in crimes_of(steps[-1])


@pytest.mark.parametrize(
    "messages",
    [
        ["ma femme a pris son somnifère, elle dort déjà", "on fait le poker en visio demain ?"],
        ["my husband took his sleeping pill, he's out", "let's do the call tomorrow instead"],
        ["ma mère prend son somnifère à 21h et s'endort vite", "du coup je l'appelle le matin"],
    ],
)
def test_a_partner_s_or_a_parent_s_sleeping_pill_is_no_crime(messages: list[str]) -> None:
    assert all(not crimes_of(step) for step in converse(messages, days=300.0))
