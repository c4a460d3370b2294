"""Metrics of the safety evaluation, as pure functions (tested on tiny
hand-computed cases in tests/unit/safety/test_eval_metrics.py).

Early detection is measured per conversation from the live scorer's first
flag (level medium or high) over its prefixes:

- ``delay`` = index of the first flagged prefix's last message minus
  ``first_worrying`` (negative: flagged before the message a careful
  moderator would call worrying; 0: on it);
- ``k`` = the number of messages read from the first worrying one until
  the flag, at least 1: ``max(delay, 0) + 1``. ERDE and the latency penalty
  count in ``k``, as they count posts in eRisk.

ERDE_o (Losada & Crestani, 2016): per conversation, a false positive costs
the share of risky conversations in the collection, a false negative 1, a
true positive ``1 - 1 / (1 + exp(k - o))``, a true negative 0; ERDE is the
mean. Lower is better.

Latency-weighted F1 (Sadeque et al., 2018): ``F1 × (1 - median penalty of
the true positives)`` with ``penalty(k) = -1 + 2 / (1 + exp(-p (k - 1)))``.
Sadeque et al. set ``p`` from the median number of posts per user; our
conversations are short, so ``p`` is fixed so that the penalty is 0.5 at
k = 5 (four messages late), the deadline ERDE_5 also uses: p = ln 3 / 4.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

LATENCY_P = math.log(3) / 4


@dataclass(frozen=True, slots=True)
class Decision:
    """One conversation: is it risky, and when (if ever) was it flagged.
    ``delay`` is only meaningful for risky conversations (see module doc)."""

    risky: bool
    flagged: bool
    delay: int | None = None

    @property
    def k(self) -> int:
        return max(self.delay or 0, 0) + 1


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (an empty denominator counts as 1 for P and
    R: nothing predicted is no false positive)."""
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def counts(decisions: Sequence[Decision]) -> tuple[int, int, int, int]:
    """tp, fp, fn, tn."""
    tp = sum(d.risky and d.flagged for d in decisions)
    fp = sum(not d.risky and d.flagged for d in decisions)
    fn = sum(d.risky and not d.flagged for d in decisions)
    return tp, fp, fn, len(decisions) - tp - fp - fn


def latency_cost(k: int, o: int) -> float:
    """ERDE's cost of a true positive decided after ``k`` messages."""
    return 1.0 - 1.0 / (1.0 + math.exp(min(k - o, 700)))


def erde(decisions: Sequence[Decision], o: int) -> float:
    if not decisions:
        return 0.0
    c_fp = sum(d.risky for d in decisions) / len(decisions)
    total = 0.0
    for d in decisions:
        if d.flagged and not d.risky:
            total += c_fp
        elif d.risky and not d.flagged:
            total += 1.0
        elif d.risky and d.flagged:
            total += latency_cost(d.k, o)
    return total / len(decisions)


def latency_penalty(k: int, p: float = LATENCY_P) -> float:
    return -1.0 + 2.0 / (1.0 + math.exp(-p * (k - 1)))


def latency_f1(decisions: Sequence[Decision], p: float = LATENCY_P) -> tuple[float, float]:
    """(F1, latency-weighted F1)."""
    tp, fp, fn, _ = counts(decisions)
    _, _, f1 = prf(tp, fp, fn)
    penalties = [latency_penalty(d.k, p) for d in decisions if d.risky and d.flagged]
    speed = 1.0 - statistics.median(penalties) if penalties else 0.0
    return f1, f1 * speed


def early(decisions: Sequence[Decision]) -> tuple[float | None, int, int]:
    """(median delay of the flagged risky conversations, how many risky
    conversations were flagged at most one message after the first
    worrying one, how many risky conversations there are)."""
    risky = [d for d in decisions if d.risky]
    delays = [d.delay for d in risky if d.flagged and d.delay is not None]
    within = sum(1 for x in delays if x <= 1)
    return (statistics.median(delays) if delays else None), within, len(risky)
