"""A learned second opinion on the conversation scorer (session 9, s9gate).

The scorer's hand-set weights and bonuses flag many benign look-alikes
(a date that mentions the night and no camera, friends' banter, talk about
a scam): no hand threshold on its risk reaches precision 0.95 with recall
0.90 (eval/README.md). The gate is a logistic regression over a few dozen
numbers read from the scorer's state after each message (the riskiest
sender's risk and the next one's, which families of signals that sender
produced, the learned layer's highest probability per category so far, who
is a minor, account ages, how long since the first signal). It is trained
by ``eval/train_gate.py`` on out-of-fold features (the per-message model
that produced an author's probabilities never read that author) and
shipped as coefficients in ``model/gate.json`` with their SHA-256.

Use (``review``): a conversation reaches ``medium`` only when the rules'
risk says so AND the gate's probability reaches ``agree``, or when the gate
alone reaches ``alone``; where someone declared or stated an age under 18
(``minor_takes_part``), the more sensitive pair ``teen`` of thresholds is
used (session 26). A rules' ``medium`` the gate does not
confirm stays ``low``, with the probability in its reasons. Never gated
(``protected``): the seed's crimes (recruitment, sextortion), an adult
talking with a minor with sexual or grooming signals, a rule's threat of
violence that no frame excuses and that is grave (knows where the reader
lives, a weapon, grave harm, veiled, said to be meant), repeated, at the
rules' ``high``, beside a doxxing reading or aimed at a minor, a minor's
own contact details given out (the scorer's masked-data floor).
Single-message verdicts never read it.

Cost: the features are read from the bounded state (signal kinds per
sender, one maximum per category), never from the messages: O(1) per
message whatever the conversation's length.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from causerie.safety import model as learned
from causerie.safety import signals as sig
from causerie.safety.model import signals as model_signals

if TYPE_CHECKING:
    from causerie.safety.scorer import (
        Assessment,
        ConversationScorer,
        ConversationState,
        SenderView,
    )

# Off switch (rules-only figures, or a misbehaving gate in production):
# the scorer's level is then the rules' alone. Off with the learned layer
# too: its features are the learned layer's probabilities.
ENABLED = True
FORMAT = 1
FLAGGED = ("medium", "high")

# Families of signals, by what they are evidence of (rule and model names).
FAMILIES: dict[str, frozenset[str]] = {
    "grooming": sig.GROOMING_OPENERS
    | {"flattery", "secrecy", "photo_request", "location_question", "model_grooming"},
    "meeting": sig.AMBUSH_DETAILS | sig.MEETING_SIGNALS | {"model_ambush"},
    "recruitment": sig.RECRUITMENT_VICTIM
    | sig.RECRUITMENT_MOVES
    | {"recruitment", "model_recruitment"},
    "sextortion": sig.SEXTORTION_PARTS | {"sextortion", "model_sextortion"},
    "violence": frozenset({"threat", "model_threat", "harassment", "model_harassment", "insult"}),
    "hate": frozenset({"hate", "model_hate"}),
    "scam": frozenset({"scam", "model_scam", "gift_offer"}),
    "contact": frozenset(
        {"personal_data", "model_personal_data", "off_platform", "model_off_platform"}
    ),
    "doxxing": frozenset({"doxxing", "model_doxxing"}),
    "sexual": frozenset({"sexual_content", "model_sexual_content"}),
    "minor_sexualisation": frozenset({"minor_sexualisation", "model_minor_sexualisation"}),
    "age_mismatch": frozenset({"age_mismatch"}),
}
# Categories of the learned layer whose highest probability so far is a feature.
PEAK_CATEGORIES = (
    "grooming", "ambush", "recruitment", "sextortion", "threat", "harassment", "hate",
    "scam", "personal_data", "doxxing", "off_platform", "minor_sexualisation",
    "sexual_content",
)  # fmt: skip
FEATURES: tuple[str, ...] = (
    "risk",
    "other_risk",
    "rule_kinds",
    "model_kinds",
    "families",
    *(f"family_{name}" for name in FAMILIES),
    "framed",
    *(f"peak_{name}" for name in PEAK_CATEGORIES),
    "talks_to_minor",
    "minor_present",
    "age_gap",
    "new_account",
    "verified",
    "public",
    "since_first",
    "length",
    "repeats",
    "other_kinds",
)
# Never gated: what an adult says to a minor when it is sexual or grooming.
_MINOR_SIGNALS = frozenset(
    {"sexual_content", "model_sexual_content", "minor_sexualisation",
     "model_minor_sexualisation", "model_grooming", "photo_request", "secrecy",
     "parents_absent", "special_bond", "gift_offer", "meeting_alone", "private_place",
     "isolated_place", "off_platform", "age_question", "school_question", "flattery",
     "meeting_proposal", "meeting_night", "location_question", "model_ambush"}
)  # fmt: skip
_ADULT_AGE = 18
_KNOWS_THE_READER = frozenset({"doxxing", "model_doxxing", "location_question"})


@dataclass(frozen=True, slots=True)
class Thresholds:
    agree: float  # confirms the rules' medium at or above this probability
    alone: float  # raises a conversation to medium on its own (> 1: never)


@dataclass(frozen=True, slots=True)
class Gate:
    features: tuple[str, ...]
    coefficients: tuple[float, ...]
    bias: float
    agree: float  # adults' (and every conversation's when ``teen`` is None)
    alone: float
    categories: tuple[str, ...]
    # Session 26: where someone known to be under 18 takes part (a declared
    # age under 18, or one stated on the way: ``minor_takes_part``), the
    # more sensitive pair (the issue: "teens get the more sensitive one");
    # never above the adults'.
    teen: Thresholds | None = None

    def __post_init__(self) -> None:
        for pair in (Thresholds(self.agree, self.alone), self.teen):
            if pair is not None and not (
                math.isfinite(pair.agree) and math.isfinite(pair.alone)
                and 0.0 < pair.agree <= 1.0 and pair.alone > 0.0
            ):  # fmt: skip
                raise GateIntegrityError(f"gate thresholds out of range: {pair}")
        if self.teen is not None and (self.teen.agree > self.agree or self.teen.alone > self.alone):
            raise GateIntegrityError("the gate's teen thresholds are less sensitive than adults'")

    def thresholds(self, minor: bool) -> Thresholds:
        if minor and self.teen is not None:
            return self.teen
        return Thresholds(self.agree, self.alone)

    def never_alone(self) -> bool:
        return self.alone > 1.0 and (self.teen is None or self.teen.alone > 1.0)

    def probability(self, values: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.coefficients, values, strict=True))
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


class GateIntegrityError(RuntimeError):
    """gate.json does not match its SHA-256, this code's features or the
    learned layer's categories."""


def digest(body: Mapping[str, Any]) -> str:
    """SHA-256 of the gate's content (every key but ``sha256``), canonical JSON."""
    content = {k: v for k, v in body.items() if k != "sha256"}
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()


def load_gate(raw: bytes, categories: Sequence[str]) -> Gate:
    body = json.loads(raw)
    if body.get("sha256") != digest(body):
        raise GateIntegrityError("gate.json's SHA-256 does not match its content")
    if body.get("format") != FORMAT or tuple(body["features"]) != FEATURES:
        raise GateIntegrityError("gate.json was trained on other features: train it again")
    if tuple(body["categories"]) != tuple(categories):
        raise GateIntegrityError("gate.json was trained with other model categories")
    try:
        adult = body["thresholds"]
        teen = body.get("teen_thresholds")  # additive key (session 26): absent, one pair for all
        return Gate(
            FEATURES,
            tuple(float(w) for w in body["coefficients"]),
            float(body["bias"]),
            float(adult["agree"]),
            float(adult["alone"]),
            tuple(body["categories"]),
            None if teen is None else Thresholds(float(teen["agree"]), float(teen["alone"])),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise GateIntegrityError(f"gate.json is malformed: {error!r}") from error


@cache
def shipped_gate() -> Gate:
    raw = resources.files("causerie.safety.model").joinpath("gate.json").read_bytes()
    return load_gate(raw, learned.shipped_model().categories)


def active() -> bool:
    return ENABLED and learned.ENABLED


def peaks_after(peaks: Mapping[str, float], text: str) -> Mapping[str, float]:
    """``peaks`` (highest probability per category so far) after one more
    message; the same object when nothing rose."""
    if not learned.ENABLED:
        return peaks
    probs = model_signals.probabilities(text)
    rose = {c: p for c in PEAK_CATEGORIES if (p := probs.get(c, 0.0)) > peaks.get(c, 0.0)}
    return {**peaks, **rose} if rose else peaks


def protected(view: SenderView, assessment: Assessment, crimes: frozenset[str]) -> str | None:
    """Why this assessment's level is never gated, or None. ``view`` is the
    scorer's snapshot of the assessment's suspect; ``crimes`` its
    ``crimes_of(assessment)``, passed in because the scorer imports this
    module (no import back)."""
    if crimes:
        return sorted(crimes)[0]
    names = view.signals
    if assessment.suspect_id is not None and names & _MINOR_SIGNALS and view.talks_to_minor:
        return "adult_minor"
    # Session 22: only a grave threat stays out of the gate's reach — one
    # that knows where the reader lives, names a weapon or grave harm, is
    # veiled or said to be meant (``grave_threat``), is repeated, reaches the
    # rules' ``high``, comes beside what the sender knows of the reader (a
    # doxxing reading: "tu gares ton scooter derrière l'entrepôt", review
    # s22), or is aimed at a minor. A bare "je vais te tuer" between adults
    # or peers is the gate's to weigh: on the training split it made 106 of
    # the 372 benign conversations flagged (friends, siblings, supporters),
    # and the message itself is still held before delivery.
    if (
        "threat" in names
        and "threat" not in view.framed
        and (
            view.grave_threat
            or view.talks_to_minor
            or view.threats >= 2
            or assessment.level == "high"
            or bool(names & _KNOWS_THE_READER)
        )
    ):
        return "threat"
    # A minor's (or a days-old account's) own contact details given out: the
    # scorer's deliberate medium floor (session 7), a child-safety case.
    if "personal_data" in names and view.masked_sharer:
        return "masked_contact"
    return None


def minor_present(view: SenderView) -> bool:
    """Someone's known age is under 18, a stated age winning over the
    declared one (the feature ``minor_present``)."""
    return any(a < _ADULT_AGE for a in view.ages)


def minor_takes_part(state: ConversationState) -> bool:
    """The band of the gate's thresholds: someone declared or stated an age
    under 18. Unlike ``minor_present``, a declared teen who claims to be 18
    stays one (review s26: "j'ai 18 ans" from two declared 15- and
    16-year-olds took their conversation out of the teens' band)."""
    declared = (p.declared_age for p in state.participants.values())
    return any(a is not None and a < _ADULT_AGE for a in declared) or any(
        a < _ADULT_AGE for a in state.stated_ages.values()
    )


def features(
    view: SenderView,
    state: ConversationState,
    assessment: Assessment,
    scores: Mapping[str, float],
) -> list[float]:
    """The gate's inputs, in ``FEATURES`` order, read from the state and the
    scorer's snapshot of the suspect only."""
    suspect = view.sender
    names = view.signals
    others = sorted((s for who, s in scores.items() if who != suspect), reverse=True)
    other_risk = 1.0 - math.exp(-others[0] / view.scale) if others else 0.0
    rule = [n for n in names if not n.startswith(model_signals.PREFIX)]
    families = [
        sum(model_signals.weight(n) for n in names & members) for members in FAMILIES.values()
    ]
    peaks = state.peaks
    me = state.participants.get(suspect)
    ages = view.ages
    first = min((s.message_index for s in assessment.signals if s.sender_id == suspect),
                default=state.message_count)  # fmt: skip
    return [
        assessment.risk,
        other_risk,
        float(len(rule)),
        float(len(names) - len(rule)),
        float(sum(f > 0 for f in families)),
        *families,
        float(len(names & view.framed)),
        *(peaks.get(c, 0.0) for c in PEAK_CATEGORIES),
        float(view.talks_to_minor),
        float(minor_present(view)),
        min(max(ages) - min(ages), 20) / 10.0 if ages else 0.0,
        float(me is not None and me.account_age_days is not None and me.account_age_days < 7),
        float(me is not None and me.verified),
        float(not state.is_private),
        math.log1p(state.message_count - first),
        math.log1p(state.message_count),
        math.log1p(sum(c for (who, _), c in state.counts.items() if who == suspect)),
        float(len({n for who, n in state.counts if who != suspect})),
    ]


def review(
    scorer: ConversationScorer,
    state: ConversationState,
    assessment: Assessment,
    scores: Mapping[str, float],
    crimes: frozenset[str],
) -> Assessment:
    """The assessment with the gate's level and its reasons; ``crimes`` as
    in ``protected``."""
    if not active() or assessment.suspect_id is None:
        return assessment
    gate = shipped_gate()
    flagged = assessment.level in FLAGGED
    if not flagged and gate.never_alone():
        return assessment  # nothing to confirm, nothing the gate may raise
    view = scorer.view(state, assessment.suspect_id)
    reason = protected(view, assessment, crimes) if flagged else None
    if reason is not None:
        return replace(assessment, reasons=(f"gate: never gated ({reason})",))
    minor = minor_takes_part(state)
    at = gate.thresholds(minor)
    if not flagged and at.alone > 1.0:
        return assessment
    p = gate.probability(features(view, state, assessment, scores))
    shown = f"gate p={p:.2f}" + (" (a minor takes part)" if minor and gate.teen else "")
    if flagged and p >= at.agree:
        return replace(assessment, gate=p, reasons=(f"{shown} confirms (>= {at.agree:.2f})",))
    if flagged:
        why = f"{shown} below {at.agree:.2f}: the rules' {assessment.level} is not confirmed"
        return replace(assessment, level="low", gate=p, reasons=(why,))
    if p >= at.alone:
        why = f"{shown} >= {at.alone:.2f}: medium on the gate alone"
        return replace(assessment, level="medium", gate=p, reasons=(why,))
    return replace(assessment, gate=p)
