"""Each node's cache of members' Causerie+ entitlements."""

from __future__ import annotations

import time

from causerie.domain.premium import Entitlement


class EntitlementCache:
    """Per-node cache of each member's status. Every change publishes a
    ``premium`` frame to the member; every node's broker tap calls ``forget``
    on it (app.py), so a change made on one node is seen on all of them. The
    time limit bounds staleness should a frame be lost, and makes a period's
    end take effect without any event."""

    def __init__(self, ttl_seconds: float = 300.0) -> None:
        self._ttl = ttl_seconds
        self._entries: dict[str, tuple[float, list[Entitlement]]] = {}

    def get(self, user_id: str) -> list[Entitlement] | None:
        hit = self._entries.get(user_id)
        if hit is None or time.monotonic() - hit[0] > self._ttl:
            return None
        return hit[1]

    def put(self, user_id: str, entitlements: list[Entitlement]) -> None:
        if len(self._entries) > 100_000:
            self._entries.clear()
        self._entries[user_id] = (time.monotonic(), entitlements)

    def forget(self, user_id: str) -> None:
        self._entries.pop(user_id, None)

    def clear(self) -> None:
        self._entries.clear()
