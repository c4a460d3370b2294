"""Review 9 (s9fix3): Snapchat named by its logo in English ("the yellow
ghost app", "the ghost app"), as the French "app jaune" already was."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import MessageFilter
from causerie.safety.verdict import SenderContext

TEEN = SenderContext("teen", trust_level=1, account_age_days=30)


@pytest.mark.parametrize(
    "text",
    [
        "add me on the yellow ghost app, same username as here",
        "hmu on the ghost app, username is tommy.rx09",
        "text me on the yellow app",
    ],
)
def test_the_ghost_app_is_an_invitation(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN).decision == "mask"


@pytest.mark.parametrize(
    "text",
    [
        "i watched a ghost movie on my app yesterday",
        "the yellow house on the corner is pretty",
        "Casper the friendly ghost is my fave",
    ],
)
def test_ghosts_and_yellow_things_stay_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN).decision == "allow"
