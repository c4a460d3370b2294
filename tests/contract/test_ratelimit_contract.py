"""The RateLimiter contract (ports.RateLimiter, GCRA semantics documented in
adapters/ratelimit_memory.py), checked on the in-memory and Redis twins with
the same hand-driven clock: no sleeping."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis
from tests.contract.conftest_redis import unique_prefix
from tests.support.clock import FakeClock

from causerie.adapters.ratelimit_memory import MemoryRateLimiter
from causerie.adapters.ratelimit_redis import RedisRateLimiter
from causerie.ports import RateLimiter


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["memory", "redis"])
async def limiter(request: pytest.FixtureRequest, clock: FakeClock) -> AsyncIterator[RateLimiter]:
    if request.param == "memory":
        yield MemoryRateLimiter(clock)
        return
    url = request.getfixturevalue("redis_url")
    redis_limiter = RedisRateLimiter(url, clock, prefix=unique_prefix("rl"))
    yield redis_limiter
    await redis_limiter.aclose()


async def burst(limiter: RateLimiter, key: str, n: int, limit: int, window: float) -> list[float]:
    return [await limiter.hit(key, limit, window) for _ in range(n)]


async def test_limit_hits_pass_at_once_then_the_next_waits_one_interval(
    limiter: RateLimiter,
) -> None:
    waits = await burst(limiter, "k", 4, limit=3, window=60)
    assert waits[:3] == [0.0, 0.0, 0.0]
    # The bucket refills one hit every window / limit = 20 s.
    assert waits[3] == pytest.approx(20.0, abs=1e-6)


async def test_the_returned_wait_is_exact(limiter: RateLimiter, clock: FakeClock) -> None:
    await burst(limiter, "k", 5, limit=5, window=10)
    wait = await limiter.hit("k", 5, 10)
    assert wait == pytest.approx(2.0, abs=1e-6)
    clock.advance(wait - 0.01)
    assert await limiter.hit("k", 5, 10) == pytest.approx(0.01, abs=1e-6)
    clock.advance(0.01)
    assert await limiter.hit("k", 5, 10) == 0.0
    # Then refused again: one interval per hit.
    assert await limiter.hit("k", 5, 10) == pytest.approx(2.0, abs=1e-6)


async def test_refused_hits_are_not_counted(limiter: RateLimiter, clock: FakeClock) -> None:
    await burst(limiter, "k", 2, limit=2, window=10)
    refused = await burst(limiter, "k", 50, limit=2, window=10)
    assert all(w == pytest.approx(5.0, abs=1e-6) for w in refused)
    clock.advance(5.0)
    assert await limiter.hit("k", 2, 10) == 0.0


async def test_an_idle_window_refills_the_whole_bucket(
    limiter: RateLimiter, clock: FakeClock
) -> None:
    await burst(limiter, "k", 3, limit=3, window=30)
    clock.advance(29.0)
    waits = await burst(limiter, "k", 3, limit=3, window=30)
    # 29 s refilled two hits (one per 10 s), not three.
    assert waits[:2] == [0.0, 0.0]
    assert waits[2] == pytest.approx(1.0, abs=1e-6)
    clock.advance(1000.0)
    assert await burst(limiter, "k", 3, limit=3, window=30) == [0.0, 0.0, 0.0]


async def test_a_steady_rate_passes_forever(limiter: RateLimiter, clock: FakeClock) -> None:
    # limit / window hits per second, evenly spaced, never wait.
    for _ in range(100):
        assert await limiter.hit("k", 4, 2.0) == 0.0
        clock.advance(0.5)


async def test_keys_are_independent(limiter: RateLimiter) -> None:
    assert await burst(limiter, "alice", 2, limit=2, window=10) == [0.0, 0.0]
    assert await limiter.hit("alice", 2, 10) > 0
    assert await burst(limiter, "bob", 2, limit=2, window=10) == [0.0, 0.0]
    assert await limiter.hit("send:alice", 2, 10) == 0.0


async def test_cost_counts_several_hits(limiter: RateLimiter, clock: FakeClock) -> None:
    assert await limiter.hit("k", 10, 10, cost=7) == 0.0
    assert await limiter.hit("k", 10, 10, cost=4) == pytest.approx(1.0, abs=1e-6)
    assert await limiter.hit("k", 10, 10, cost=3) == 0.0
    assert await limiter.hit("k", 10, 10, cost=1) == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize(
    ("limit", "window", "cost"), [(0, 10, 1), (5, 0, 1), (5, 10, 0), (5, 10, 6)]
)
async def test_impossible_hits_are_refused_loudly(
    limiter: RateLimiter, limit: int, window: float, cost: int
) -> None:
    with pytest.raises(ValueError):
        await limiter.hit("k", limit, window, cost)


async def test_concurrent_hits_never_exceed_the_limit(limiter: RateLimiter) -> None:
    waits = await asyncio.gather(*(limiter.hit("k", 10, 60) for _ in range(60)))
    assert sum(1 for w in waits if w == 0.0) == 10


async def test_sub_second_windows(limiter: RateLimiter, clock: FakeClock) -> None:
    assert await burst(limiter, "k", 3, limit=3, window=0.3) == [0.0, 0.0, 0.0]
    assert await limiter.hit("k", 3, 0.3) == pytest.approx(0.1, abs=1e-6)
    clock.advance(0.1)
    assert await limiter.hit("k", 3, 0.3) == 0.0


# --- memory bound: each twin drops what no longer matters --------------------------


async def test_memory_drops_expired_keys(clock: FakeClock) -> None:
    limiter = MemoryRateLimiter(clock, sweep_every=60)
    for i in range(5000):
        await limiter.hit(f"ip:{i}", 5, 10)
    clock.advance(61)
    await limiter.hit("late", 5, 10)
    assert len(limiter) == 1


async def test_memory_keeps_keys_still_counting(clock: FakeClock) -> None:
    limiter = MemoryRateLimiter(clock, sweep_every=1)
    await burst(limiter, "k", 3, limit=3, window=300)
    clock.advance(100)
    await limiter.hit("other", 3, 300)  # triggers a sweep
    assert await limiter.hit("k", 3, 300) == 0.0  # one refilled in 100 s...
    assert await limiter.hit("k", 3, 300) == pytest.approx(100.0, abs=1e-6)  # ...only one


async def test_redis_keys_expire_when_the_bucket_is_full_again(
    redis_url: str,
    clock: FakeClock,
) -> None:
    limiter = RedisRateLimiter(redis_url, clock, prefix=unique_prefix("rl"))
    admin = aioredis.Redis.from_url(redis_url)
    try:
        await burst(limiter, "k", 2, limit=4, window=10)  # bucket full again in 5 s
        ttl_ms = await admin.pttl(limiter.key("k"))
        assert 4_900 <= ttl_ms <= 5_000
        await limiter.hit("k", 4, 10)
        assert await admin.pttl(limiter.key("k")) > ttl_ms
    finally:
        await admin.aclose()
        await limiter.aclose()


async def test_redis_uses_server_time_without_a_clock(redis_url: str) -> None:
    client = aioredis.Redis.from_url(redis_url)
    limiter = RedisRateLimiter(client, prefix=unique_prefix("rl"))
    try:
        assert await burst(limiter, "k", 2, limit=2, window=10) == [0.0, 0.0]
        wait = await limiter.hit("k", 2, 10)
        assert 4.0 < wait <= 5.0
    finally:
        await limiter.aclose()  # a borrowed client stays open...
        assert await client.ping()
        await client.aclose()
