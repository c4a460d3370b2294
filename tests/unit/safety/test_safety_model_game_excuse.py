"""A game's talk excuses the learned layer's hate reading unless a group,
a slur or a dog whistle is there (checks/model.py, GAME_EXCUSES)."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import MessageFilter, SenderContext

TEEN = SenderContext("teen", 1, 30.0, False)


@pytest.fixture(scope="module")
def flt() -> MessageFilter:
    from causerie.safety.pipeline import default_filter

    return default_filter()


@pytest.mark.parametrize(
    "text",
    ["watch your back in ranked, campers everywhere", "gg ez, campers everywhere on this map lol"],
)
def test_game_talk_is_not_hate(flt: MessageFilter, text: str) -> None:
    assert "model:hate" not in flt.check(text, TEEN).reasons


@pytest.mark.parametrize(
    "text",
    [
        "ranked is full of f*gs, ban them",
        "in fortnite the jews are everywhere lol",
        "gays should be sent to camps, ranked or not",
    ],
)
def test_hate_in_a_game_is_still_hate(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN)
    assert verdict.decision in ("hold", "block"), verdict
