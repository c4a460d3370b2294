"""Who is online where, across nodes: the writer protocol a node uses to
report its own connections, and its in-process twin of ``RedisPresence``.

Each node reports, through a ``PresenceWriter``, every connection entering
(``join``) or leaving (``leave``) a room; the writer counts connections per
(room, user), so a user with two tabs stays online while one remains. The
shared store keeps, per node, the set of users online in each room; the
reader side (``ports.Presence.room_counts``) counts distinct users over the
live nodes. A node is live until ``ttl`` seconds after its last
``heartbeat``: a node that dies without ``withdraw`` disappears from the
counts after at most ``ttl``. Each ``heartbeat`` also rewrites the node's
whole state, which repairs what the store lost (a Redis restart) or what a
failed write left out. Writers never raise on store failures: they log, and
the next heartbeat repairs.

Call ``heartbeat`` once at start and every ``ttl / 3`` seconds after
(``keep_alive`` does that), and ``withdraw`` at shutdown.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from typing import Protocol

from causerie.adapters.ratelimit_memory import micros
from causerie.ports import Clock


class PresenceWriter(Protocol):
    """The node side of presence (see the module docstring)."""

    node_id: str
    ttl: float

    async def join(self, room_id: str, user_id: str) -> None:
        """One more connection of ``user_id`` in ``room_id`` on this node."""
        ...

    async def leave(self, room_id: str, user_id: str) -> None:
        """One connection fewer (unknown pairs are ignored)."""
        ...

    async def heartbeat(self) -> None:
        """Stay live for ``ttl`` more seconds; rewrite this node's state."""
        ...

    async def withdraw(self) -> None:
        """Shutdown: this node's users leave the counts now."""
        ...


class NodePresence(PresenceWriter, Protocol):
    """Writer and reader together, as each twin implements them."""

    async def room_counts(self, room_ids: Sequence[str]) -> dict[str, int]:
        """Distinct users online in each room, across the live nodes."""
        ...


async def keep_alive(writer: PresenceWriter) -> None:
    """Heartbeat every ``ttl / 3`` seconds until cancelled (run it as a task)."""
    while True:
        await writer.heartbeat()
        await asyncio.sleep(writer.ttl / 3)


class LocalRoster:
    """This node's connections, counted per (room, user)."""

    def __init__(self) -> None:
        self._counts: dict[str, dict[str, int]] = {}

    def add(self, room_id: str, user_id: str) -> bool:
        """Count a connection; True when the user just came online here."""
        users = self._counts.setdefault(room_id, {})
        users[user_id] = users.get(user_id, 0) + 1
        return users[user_id] == 1

    def remove(self, room_id: str, user_id: str) -> bool:
        """Uncount a connection; True when the user just went offline here."""
        users = self._counts.get(room_id)
        if users is None or user_id not in users:
            return False
        users[user_id] -= 1
        if users[user_id] > 0:
            return False
        del users[user_id]
        if not users:
            del self._counts[room_id]
        return True

    def snapshot(self) -> dict[str, list[str]]:
        """Users online here, per room."""
        return {room_id: list(users) for room_id, users in self._counts.items()}

    def clear(self) -> None:
        self._counts.clear()


class PresenceTable:
    """What Redis holds for ``RedisPresence``, for nodes of one process
    (tests, or a single node): node deadlines and per-node room sets."""

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
    """``PresenceWriter`` and ``ports.Presence`` in one process. Nodes built
    on the same ``table`` see each other; by default a node has its own."""

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
