"""Session 22: classes read on the session-21 authors once they became
training text (eval/README.md). Our own wordings; the rules alone, so that a
retrain cannot hide a broken rule.

1. "Elle se doute de rien" / "she has no idea" is a woman who suspects
   nothing of a plan (a surprise party, a proposal): she is awake, and the
   words are no longer read as a third party out of it. A partner who
   "won't know", "won't remember" or sleeps on a pill still is.
"""

from __future__ import annotations

import pytest
from tests.support.safety import ADULT_DM, rules_verdict


@pytest.mark.parametrize(
    "text",
    [
        "elle se doute de rien pour samedi, venez à 19h et garez-vous dans la rue d'à côté",
        "ma femme se doute de rien, arrivez avant 20h et garez vous plus loin que la maison",
        "she has no idea about saturday, come at 7 and park on the next street",
        "my wife has no clue, get there by 6 and leave your car round the corner",
    ],
)
def test_a_woman_who_suspects_nothing_of_a_surprise_is_no_recruitment(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "ma femme dormira, elle saura rien, viens à 23h et gare-toi plus loin",
        "elle se doute de rien, elle prend son somnifère à 22h, viens après et gare-toi plus loin",
        "she won't remember a thing, come at midnight and park down the road",
        "she has no idea, she'll be out cold on her pills by 11, come after and park down the road",
    ],
)
def test_a_partner_who_wont_know_or_is_drugged_still_is(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold" and "recruitment" in reasons, (text, decision, reasons)
