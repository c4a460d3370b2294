"""Per-connection budgets (docs/security.md, "Flood budgets").

A token bucket per connection and per kind of work (frames, joins and
leaves, replayed messages). They live in the connection, not in Redis:
checking one costs a few float operations on the reader's path, needs no
I/O, and keeps working while Redis is away; the number of sockets an
account or an address may open (``SocketCounts``) bounds how far opening
more connections multiplies them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(slots=True)
class TokenBucket:
    """``capacity`` tokens, refilled at ``capacity / window`` per second; a
    fresh bucket is full. ``now`` is a monotonic time in seconds."""

    capacity: float
    window: float
    tokens: float = field(init=False)
    stamp: float | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.capacity <= 0 or self.window <= 0:
            raise ValueError("a budget needs a positive capacity and window")
        self.tokens = self.capacity

    @property
    def rate(self) -> float:
        return self.capacity / self.window

    def _refill(self, now: float) -> None:
        if self.stamp is not None:
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def take(self, now: float, cost: float = 1.0) -> float:
        """0.0 and the tokens taken when ``cost`` is available; otherwise
        nothing is taken and the seconds to wait until it would be."""
        self._refill(now)
        if self.tokens >= cost:
            self.tokens -= cost
            return 0.0
        return (cost - self.tokens) / self.rate

    def charge(self, now: float, cost: float) -> float:
        """Take ``cost`` whatever the balance (it may go negative: a debt);
        returns the seconds until the balance is back to zero."""
        self._refill(now)
        self.tokens -= cost
        return max(0.0, -self.tokens / self.rate)


class SocketCounts:
    """Open sockets per key (an account, an address) on this node."""

    __slots__ = ("_counts",)

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def acquire(self, key: str, limit: int | None) -> bool:
        """Count one more socket for ``key``; False (not counted) at ``limit``."""
        if limit is not None and self._counts[key] >= limit:
            return False
        self._counts[key] += 1
        return True

    def release(self, key: str) -> None:
        left = self._counts[key] - 1
        if left > 0:
            self._counts[key] = left
        else:
            del self._counts[key]

    def __getitem__(self, key: str) -> int:
        return self._counts.get(key, 0)
