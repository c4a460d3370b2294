"""eval/metrics.py on tiny cases computed by hand, and the corpus reader on
malformed lines."""

from __future__ import annotations

import math

import pytest
from eval.corpus import parse_conversation, parse_message
from eval.metrics import (
    LATENCY_P,
    Decision,
    counts,
    early,
    erde,
    latency_cost,
    latency_f1,
    latency_penalty,
    prf,
)

# One of each outcome: a risky conversation flagged on its first worrying
# message (k = 1), a risky one missed, a benign one flagged, a benign one left.
FOUR = [
    Decision(risky=True, flagged=True, delay=0),
    Decision(risky=True, flagged=False),
    Decision(risky=False, flagged=True),
    Decision(risky=False, flagged=False),
]


def test_prf_and_counts() -> None:
    assert counts(FOUR) == (1, 1, 1, 1)
    assert prf(1, 1, 1) == pytest.approx((0.5, 0.5, 0.5))
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)  # nothing to find, nothing found
    assert prf(0, 2, 0)[0] == 0.0


def test_k_counts_from_the_first_worrying_message() -> None:
    assert Decision(True, True, delay=-2).k == 1  # early flags are not rewarded twice
    assert Decision(True, True, delay=0).k == 1
    assert Decision(True, True, delay=3).k == 4


def test_erde_by_hand() -> None:
    # c_fp = 2 risky / 4 = 0.5; TP at k=1 with o=5 costs 1 - 1/(1 + e^-4) = 0.0179862
    tp_cost = 1 - 1 / (1 + math.exp(-4))
    assert latency_cost(1, 5) == pytest.approx(tp_cost)
    assert erde(FOUR, 5) == pytest.approx((tp_cost + 1 + 0.5 + 0) / 4)
    # With o = 50 an early true positive costs (almost) nothing.
    assert erde(FOUR, 50) == pytest.approx((1 + 0.5) / 4, abs=1e-12)
    # A late flag costs more than an early one.
    late = [Decision(True, True, delay=9), Decision(False, False)]
    early_flag = [Decision(True, True, delay=0), Decision(False, False)]
    assert erde(late, 5) > erde(early_flag, 5)
    assert erde([], 5) == 0.0


def test_latency_penalty_is_half_four_messages_late() -> None:
    assert latency_penalty(1) == 0.0
    assert latency_penalty(5) == pytest.approx(0.5)
    assert pytest.approx(math.log(3) / 4) == LATENCY_P


def test_latency_f1_by_hand() -> None:
    decisions = [
        Decision(True, True, delay=0),  # penalty 0
        Decision(True, True, delay=4),  # k = 5: penalty 0.5
        Decision(True, False),
        Decision(False, True),
        Decision(False, False),
    ]
    # P = 2/3, R = 2/3, F1 = 2/3; median penalty of the TPs = 0.25
    f1, f_latency = latency_f1(decisions)
    assert f1 == pytest.approx(2 / 3)
    assert f_latency == pytest.approx(2 / 3 * 0.75)
    assert latency_f1([Decision(True, False)]) == (0.0, 0.0)


def test_early_detection_summary() -> None:
    decisions = [
        Decision(True, True, delay=-1),
        Decision(True, True, delay=0),
        Decision(True, True, delay=1),
        Decision(True, True, delay=3),
        Decision(True, False),  # missed: counts against "within one message"
        Decision(False, True),  # benign: not in the summary
    ]
    assert early(decisions) == (0.5, 3, 5)
    assert early([Decision(False, False)]) == (None, 0, 0)


GOOD_MESSAGE = {
    "id": "x-m1",
    "lang": "fr",
    "context": "teen_public",
    "new_account": True,
    "text": "salut",
    "verdict": "allow",
    "categories": [],
}


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"verdict": "warn"}, "verdict"),
        ({"lang": "de"}, "lang"),
        ({"context": "teen"}, "context"),
        ({"categories": ["spam"]}, "unknown categories"),
        ({"text": "  "}, "text"),
    ],
)
def test_malformed_messages_are_refused(change: dict[str, object], error: str) -> None:
    assert parse_message(GOOD_MESSAGE, "x").verdict == "allow"
    with pytest.raises(ValueError, match=error):
        parse_message({**GOOD_MESSAGE, **change}, "x")


def test_conversations_need_a_first_worrying_message_inside_when_risky() -> None:
    conv = {
        "id": "x-c1",
        "lang": "en",
        "room_kind": "dm",
        "label": "risky",
        "category": "grooming",
        "first_worrying": 1,
        "participants": [{"id": "a", "declared_age": 30, "account_age_days": 2, "verified": False}],
        "messages": [{"from": "a", "text": "hi"}, {"from": "a", "text": "our secret"}],
    }
    parsed = parse_conversation(conv, "x")
    assert parsed.first_worrying == 1
    assert parsed.participants[0] == {
        "id": "a",
        "declared_age": 30,
        "account_age_days": 2.0,
        "verified": False,
    }
    with pytest.raises(ValueError, match="first_worrying"):
        parse_conversation({**conv, "first_worrying": 2}, "x")
    benign = parse_conversation({**conv, "label": "benign", "first_worrying": 1}, "x")
    assert benign.first_worrying is None
