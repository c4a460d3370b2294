"""Conversation frames: a topic (a game, a surprise party, a hospital, a
victim asking for help, a scam warning) that makes some signals innocent for
the rest of the conversation, without letting another sender hide behind it.
The learned layer is off so that only the rules and the frames decide."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from causerie.safety import model as learned
from causerie.safety.scorer import (
    FRAME_SIGNALS,
    ConversationScorer,
    ConversationState,
    Participant,
)

SCORER = ConversationScorer()


@pytest.fixture(autouse=True)
def rules_only() -> Iterator[None]:
    saved = learned.ENABLED
    learned.ENABLED = False
    yield
    learned.ENABLED = saved


def level(messages: list[tuple[str, str]], age: int = 30) -> str:
    state = SCORER.start([Participant("a", age, 400.0), Participant("b", age, 500.0)])
    for sender, text in messages:
        state, _ = SCORER.add_message(state, sender, text)
    return SCORER.assess(state).level


THREAT = ("a", "je vais te tuer 5-0 comme la derniere fois")


def test_a_threat_alone_is_flagged() -> None:
    assert level([("a", "ce soir on se voit ?"), THREAT]) in ("medium", "high")


def test_game_talk_from_the_same_sender_excuses_the_threat() -> None:
    assert level([("a", "ce soir fifa 1v1 ?"), ("b", "ok"), THREAT]) in ("none", "low")


def test_a_frame_only_excuses_the_sender_who_opened_it() -> None:
    # The defender of the pride march does not excuse the one who attacks it.
    messages = [
        ("a", "ce soir fifa 1v1 ?"),
        ("b", "ok"),
        ("b", "je vais te tuer, je sais ou tu habites"),
    ]
    assert level(messages) in ("medium", "high")


def test_a_surprise_party_excuses_covert_logistics() -> None:
    plan = [
        ("a", "she'll be at her mum's till 7, park on the next street so she doesn't see your car"),
        ("a", "keep quiet when she walks in, lights off, come after she is asleep"),
    ]
    framed = [("a", "ok the plan for sarah's surprise party"), *plan]
    assert SCORER.assess(_run(framed)).risk < SCORER.assess(_run(plan)).risk


def test_a_victim_telling_a_friend_is_not_the_extortionist() -> None:
    messages = [
        ("a", "i need help and i feel so stupid"),
        ("b", "whats wrong"),
        (
            "a",
            "someone has a pic of me and says theyll send it to everyone"
            " unless i pay 200 in gift cards by tonight",
        ),
    ]
    assert level(messages, age=16) in ("none", "low")


def test_the_extortionist_is_still_flagged() -> None:
    messages = [
        ("b", "i have your pics. i send them to everyone unless you pay 200 in gift cards"),
        ("a", "please no"),
    ]
    assert level(messages, age=16) in ("medium", "high")


def test_frames_keep_the_state_bounded() -> None:
    state = SCORER.start([Participant("a"), Participant("b")])
    for i in range(300):
        state, _ = SCORER.add_message(state, "ab"[i % 2], "gg fifa 1v1, surprise pour l'anniv")
    assert len(state.frames) <= 2 * len(FRAME_SIGNALS)


def _run(messages: list[tuple[str, str]]) -> ConversationState:
    state = SCORER.start([Participant("a", 40, 900.0), Participant("b", 38, 900.0)])
    for sender, text in messages:
        state, _ = SCORER.add_message(state, sender, text)
    return state
