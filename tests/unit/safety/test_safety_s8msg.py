"""Single-message false refusals and hold/block classes of session 8
(issue 12, helper s8msg).

"crevé(e)" (exhausted) canonically reads "creve", the injunction "crève !"
that refuses a message as harassment: refused in two training authors'
hard negatives (a carer, a bartender, a witness). The plain sense is
allowed; the injunction stays refused."""

from __future__ import annotations

import pytest

from causerie.safety import model as learned
from causerie.safety.checks.intent import read_intent
from causerie.safety.pipeline import MessageFilter, SenderContext, default_filter, scan

TEEN_PUBLIC = SenderContext("teen", trust_level=1, account_age_days=10, is_private=False)
ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=400, is_private=True)
ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90, is_private=False)
CONTEXTS = [TEEN_PUBLIC, ADULT_DM, ADULT_PUBLIC]


@pytest.fixture(scope="module")
def rules() -> MessageFilter:
    return default_filter()


@pytest.fixture(autouse=True)
def _rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # These are the rules' readings; the model's are measured in eval/.
    monkeypatch.setattr(learned, "ENABLED", False)


# Unseen variants (none of these sentences is in the corpus).
EXHAUSTED = [
    "chui crevé ce soir, je passe mon tour",
    "on était tellement crevés après la rando qu'on a dormi 12h",
    "je rentre du boulot, complètement crevée",
    "t'es crevé ou on sort quand même ?",
    "il est crevé le petit, il s'est endormi dans la voiture",
    "je crève de chaud dans ce bureau",
    "j'ai un pneu crevé sur l'autoroute, j'arrive en retard",
    "vous êtes crevés ? on peut décaler à demain",
]


@pytest.mark.parametrize("text", EXHAUSTED)
def test_exhausted_is_not_an_injunction_to_die(rules: MessageFilter, text: str) -> None:
    assert "harassment" not in read_intent(scan(text)).categories
    for ctx in CONTEXTS:
        assert rules.check(text, ctx).decision == "allow", ctx


INJUNCTIONS = [
    "crève",
    "va crever sale bouffon",
    "t'es moche, crève",
    "crève sale pute",
    "t'es crevé ? ben crève alors",
    "personne t'aime, crève en silence",
    "tout le monde mettez lui des msg 'crève'",
]


@pytest.mark.parametrize("text", INJUNCTIONS)
def test_the_injunction_stays_refused(rules: MessageFilter, text: str) -> None:
    assert "harassment" in read_intent(scan(text)).categories
    assert rules.check(text, TEEN_PUBLIC).decision == "block"
