"""The RateLimiter port in one process, with GCRA (the generic cell rate
algorithm), the same arithmetic as ``ratelimit_redis`` runs in Lua.

Semantics, shared by both twins: ``limit`` hits per ``window_seconds`` is a
bucket of ``limit`` hits that refills continuously, one hit every
``window / limit`` seconds. A fresh key takes ``limit`` hits at once; after
that one more each ``window / limit``; idle for ``window`` and the bucket is
full again. (So a burst then a steady trickle may reach ``2 * limit - 1`` hits
within one window: GCRA smooths, it does not count calendar windows.) A
refused hit changes nothing, and the wait it returns is exact: a hit of the
same cost made that much later succeeds, unless others came in between.

Per key the only state is the "theoretical arrival time" (TAT): when the
bucket will be full again. A key whose TAT has passed is the same as an absent
key, so it is dropped. Times are integer microseconds, so the two twins agree
to the microsecond and a burst of exactly ``limit`` hits is never refused for
a rounding error.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from causerie.ports import Clock

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def micros(moment: datetime) -> int:
    """``moment`` as integer microseconds since the Unix epoch (exact)."""
    return (moment - _EPOCH) // _MICROSECOND


def check_args(limit: int, window_seconds: float, cost: int) -> int:
    """Validate a ``hit``; returns the window in microseconds."""
    window_us = round(window_seconds * 1_000_000)
    if limit < 1 or window_us < 1:
        raise ValueError("limit and window_seconds must be positive")
    if not 1 <= cost <= limit:
        # A cost above the limit could never pass: a caller bug, not a wait.
        raise ValueError(f"cost must be between 1 and limit ({limit}), not {cost}")
    return window_us


def gcra(tat: int | None, now: int, limit: int, window_us: int, cost: int) -> tuple[int, int]:
    """One GCRA step in microseconds: ``(new_tat, 0)`` when allowed, else
    ``(tat, wait)``. Mirrored line by line by the Lua script of ``ratelimit_redis``."""
    start = now if tat is None or tat < now else tat
    # Rounding the increment down keeps a burst of exactly `limit` hits allowed.
    new_tat = start + cost * window_us // limit
    allow_at = new_tat - window_us
    if allow_at > now:
        return start, allow_at - now
    return new_tat, 0


class MemoryRateLimiter:
    """``RateLimiter`` for one process (GCRA, see the module docstring).

    Memory stays bounded: keys whose bucket is full again are swept every
    ``sweep_every`` seconds of the clock, or when the table doubled since the
    last sweep."""

    def __init__(self, clock: Clock, *, sweep_every: float = 60.0) -> None:
        self._clock = clock
        self._tat: dict[str, int] = {}
        self._sweep_every_us = round(sweep_every * 1_000_000)
        self._next_sweep = 0
        self._sweep_size = 1024

    def __len__(self) -> int:
        """Keys currently held (expired ones may linger until the next sweep)."""
        return len(self._tat)

    async def hit(self, key: str, limit: int, window_seconds: float, cost: int = 1) -> float:
        """0.0 when allowed, else the seconds until such a hit could pass."""
        window_us = check_args(limit, window_seconds, cost)
        now = micros(self._clock.now())
        if now >= self._next_sweep or len(self._tat) >= self._sweep_size:
            self._sweep(now)
        tat, wait = gcra(self._tat.get(key), now, limit, window_us, cost)
        if wait:
            return wait / 1_000_000
        self._tat[key] = tat
        return 0.0

    def _sweep(self, now: int) -> None:
        self._tat = {key: tat for key, tat in self._tat.items() if tat > now}
        self._next_sweep = now + self._sweep_every_us
        self._sweep_size = max(1024, 2 * len(self._tat))
