"""What every presence writer keeps of its own node: the heartbeat loop and
the per-(room, user) connection counts a heartbeat rewrites from. The
protocol and its semantics are ``ports.PresenceWriter``; the engine is
``adapters.presence_redis.RedisPresence``. Imports no Redis client, so the
embedded default may import it."""

from __future__ import annotations

import asyncio

from causerie.ports import PresenceWriter


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
