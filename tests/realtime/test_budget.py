"""The token bucket behind the flood budgets, and the socket counts."""

from __future__ import annotations

import pytest

from causerie.realtime.budget import SocketCounts, TokenBucket


def test_a_fresh_bucket_is_full_then_refills_at_its_rate() -> None:
    bucket = TokenBucket(10, 5.0)  # 2 tokens a second
    assert all(bucket.take(100.0) == 0.0 for _ in range(10))
    assert bucket.take(100.0) == pytest.approx(0.5)  # one token in 0.5 s
    assert bucket.take(100.5) == 0.0
    assert bucket.take(100.5) > 0
    assert all(bucket.take(200.0) == 0.0 for _ in range(10))  # full again, not more
    assert bucket.take(200.0) > 0


def test_a_refused_take_takes_nothing() -> None:
    bucket = TokenBucket(2, 2.0)
    bucket.take(0.0, 2)
    assert bucket.take(0.0) == pytest.approx(1.0)
    assert bucket.take(1.0) == 0.0


def test_a_charge_may_go_into_debt_and_says_how_long_it_lasts() -> None:
    bucket = TokenBucket(100, 1.0)  # 100 a second
    assert bucket.charge(0.0, 60) == 0.0
    assert bucket.charge(0.0, 90) == pytest.approx(0.5)  # 50 owed
    assert bucket.take(0.25) > 0  # still 25 owed
    assert bucket.take(0.51) == 0.0


def test_a_bucket_needs_a_capacity_and_a_window() -> None:
    with pytest.raises(ValueError):
        TokenBucket(0, 1.0)
    with pytest.raises(ValueError):
        TokenBucket(1, 0.0)


def test_socket_counts_refuse_at_the_limit_and_free_on_release() -> None:
    counts = SocketCounts()
    assert counts.acquire("u", 2) and counts.acquire("u", 2)
    assert not counts.acquire("u", 2)
    assert counts["u"] == 2
    counts.release("u")
    assert counts.acquire("u", 2)
    assert counts.acquire("v", None)  # no limit
    counts.release("v")
    assert counts["v"] == 0
