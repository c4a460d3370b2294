"""The learned layer's share of the conversation scorer: per message, each
category whose probability reaches the conversation's band threshold
becomes a signal ``model_<category>`` (evidence: the probability).

Cost per message is one prediction (usually free: the filter predicted the
same text just before and the model remembers it). The scorer's state stays
bounded because these are ordinary signals: it keeps the first occurrence
and a count per (sender, signal), and there are as many model signals as
categories, whatever the conversation's length. No probability history is
kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from causerie.safety import model as learned
from causerie.safety import signals as rule_signals
from causerie.safety.detect import Found
from causerie.safety.model import LinearModel, shipped_model
from causerie.safety.pipeline import scan

PREFIX = "model_"
ADULT_AGE = 18


class _Person(Protocol):  # what is read of a scorer Participant
    @property
    def declared_age(self) -> int | None: ...


def found(text: str, participants: Iterable[_Person]) -> list[Found]:
    """The model signals of one message, at the scorer's thresholds (lower
    than the filter's); the teen band's when someone in the conversation
    declared an age under 18."""
    if not learned.ENABLED:
        return []
    model = shipped_model()
    minor = any(p.declared_age is not None and p.declared_age < ADULT_AGE for p in participants)
    # The message's scan is the filter's (kept by ``pipeline.scan``): when
    # the filter stopped before the model (a mask), the canonical form is
    # still not computed twice.
    probs = predict(model, text)
    band = "teen" if minor else "adult"
    return [
        Found(
            PREFIX + category,
            f"p={probability:.2f}",
            confidence(
                probability,
                model.scorer_thresholds[band][category],
                model.thresholds[band].get(category),
            ),
        )
        for category, probability in model.fired(probs, band, scorer=True)
        if category in model.signal_weights
    ]


def probabilities(text: str) -> dict[str, float]:
    """Every category's probability for one message (remembered by the
    model: the filter and ``found`` asked for the same text)."""
    if not learned.ENABLED:
        return {}
    return predict(shipped_model(), text)


def predict(model: LinearModel, text: str) -> dict[str, float]:
    """``model``'s probabilities for one message, its canonical form and
    components read from the message's scan (``pipeline.scan`` keeps the
    filter's, so nothing is scanned twice). Also the evaluation scripts'
    way to ask a model, so they see what the server sees."""
    return model.predict_scanned(scan(text))


def confidence(probability: float, low: float, high: float | None) -> float:
    """How sure the model is, from 0 at the scorer's threshold ``low`` to 1
    at the filter's ``high`` and above (the high-precision one; without
    one, or one not above ``low``, 1 only at p = 1). The scorer weighs the
    signal by it (``scorer.CONFIDENCE_FLOOR``)."""
    top = high if high is not None and high > low else 1.0
    if top <= low:
        return 1.0
    return min(max((probability - low) / (top - low), 0.0), 1.0)


def weight(name: str) -> float:
    """A signal's weight, model signals included."""
    if name.startswith(PREFIX):
        return shipped_model().signal_weights[name.removeprefix(PREFIX)]
    return rule_signals.weight(name)
