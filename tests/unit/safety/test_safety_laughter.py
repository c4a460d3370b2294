"""Laughter and games excuse banter, never a concrete threat (review 9: "je
sais où t'habites, je vais venir te défoncer mdr" and "i know where you live
lol" were allowed). Concrete = the sender knows where the reader lives or
goes, names their family or home, or shows a weapon."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import MessageFilter, SenderContext

ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90, is_private=False)
TEEN_DM = SenderContext("teen", trust_level=2, account_age_days=90, is_private=True)

CONCRETE_WITH_LAUGHTER = [
    "jsais ou t'habites, jvais venir te défoncer ptdr",
    "je connais ton adresse, tu vas le regretter mdr",
    "je vais m'occuper de ta petite soeur 😂",
    "on sait quel bus tu prends, on t'attendra demain lol",
    "we know where u live, ur gonna regret it lmao",
    "i know which bus you take, u will regret it tomorrow 😂",
    "ur family will regret it, i know where u live lol jk… or not",
    "je sais où t'habites, à fifa aussi je vais te défoncer",
]


@pytest.mark.parametrize("ctx", [ADULT_PUBLIC, TEEN_DM])
@pytest.mark.parametrize("text", CONCRETE_WITH_LAUGHTER)
def test_laughter_or_a_game_never_excuses_a_concrete_threat(
    flt: MessageFilter, text: str, ctx: SenderContext
) -> None:
    verdict = flt.check(text, ctx)
    assert verdict.decision in ("hold", "block"), (text, verdict.reasons)
    assert "threat" in verdict.reasons, (text, verdict.reasons)


BANTER = [
    "je vais te tuer au prochain match de fifa mdr",
    "jvais te défoncer à fortnite ce soir ptdr",
    "i'm gonna destroy you in ranked tonight lol",
    "t'es mort à la prochaine partie 😂",
]


@pytest.mark.parametrize("text", BANTER)
def test_game_banter_with_laughter_stays_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, ADULT_PUBLIC).decision == "allow", text
