"""An in-process model of cross-node presence (``ports.PresenceWriter`` and
``ports.Presence``): what ``RedisPresence`` keeps in Redis, kept in a dict.

No production code uses it. A single node reads its hub's own counts
(``realtime.node.LocalPresence``); several nodes use ``RedisPresence``. This
model runs the presence contract without Redis (tests/contract), so the
contract's semantics stay checked, and pinned, where Redis is absent."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from causerie.adapters.presence_roster import LocalRoster
from causerie.adapters.ratelimit_memory import micros
from causerie.ports import Clock, Presence, PresenceWriter


class NodePresence(PresenceWriter, Presence, Protocol):
    """Writer and reader together, as ``RedisPresence`` and this model are."""


class PresenceTable:
    """What Redis holds for ``RedisPresence``, for "nodes" of one test:
    node deadlines and per-node room sets."""

    def __init__(self) -> None:
        self.live_until: dict[str, int] = {}  # node -> microseconds
        self.rooms: dict[str, dict[str, set[str]]] = {}  # room -> node -> users

    def drop_node(self, node_id: str) -> None:
        self.live_until.pop(node_id, None)
        for room_id in list(self.rooms):
            nodes = self.rooms[room_id]
            nodes.pop(node_id, None)
            if not nodes:
                del self.rooms[room_id]

    def clear(self) -> None:
        self.live_until.clear()
        self.rooms.clear()


class MemoryPresence:
    """``PresenceWriter`` and ``Presence`` in one process. Nodes built on the
    same ``table`` see each other; by default a node has its own."""

    def __init__(
        self,
        clock: Clock,
        *,
        table: PresenceTable | None = None,
        node_id: str | None = None,
        ttl: float = 30.0,
    ) -> None:
        self.node_id = node_id or uuid.uuid4().hex
        self.ttl = ttl
        self._clock = clock
        self._table = table if table is not None else PresenceTable()
        self._roster = LocalRoster()

    async def join(self, room_id: str, user_id: str) -> None:
        if self._roster.add(room_id, user_id):
            now = micros(self._clock.now())
            # Registers a node that never beat yet; never extends a lease.
            self._table.live_until.setdefault(self.node_id, now + self._ttl_us)
            self._table.rooms.setdefault(room_id, {}).setdefault(self.node_id, set()).add(user_id)

    async def leave(self, room_id: str, user_id: str) -> None:
        if self._roster.remove(room_id, user_id):
            nodes = self._table.rooms.get(room_id, {})
            nodes.get(self.node_id, set()).discard(user_id)

    async def heartbeat(self) -> None:
        now = micros(self._clock.now())
        self._table.drop_node(self.node_id)
        self._table.live_until[self.node_id] = now + self._ttl_us
        for room_id, users in self._roster.snapshot().items():
            self._table.rooms.setdefault(room_id, {})[self.node_id] = set(users)

    async def withdraw(self) -> None:
        self._roster.clear()
        self._table.drop_node(self.node_id)

    async def room_counts(self, room_ids: Sequence[str]) -> dict[str, int]:
        now = micros(self._clock.now())
        for node_id, until in list(self._table.live_until.items()):
            if until <= now:
                self._table.drop_node(node_id)
        live = self._table.live_until
        counts: dict[str, int] = {}
        for room_id in room_ids:
            nodes = self._table.rooms.get(room_id, {})
            online: set[str] = set()
            for node_id, users in nodes.items():
                if node_id in live:
                    online |= users
            counts[room_id] = len(online)
        return counts

    @property
    def _ttl_us(self) -> int:
        return round(self.ttl * 1_000_000)
