"""Presence across nodes over Redis (the protocol and its semantics are
``ports.PresenceWriter``; a single node reads its hub's counts instead).

Keys, under ``prefix``:

- ``{prefix}:nodes``: sorted set, node id -> live-until (µs since the epoch);
- ``{prefix}:r:{room}:{node}``: set of the users online in a room on a node;
- ``{prefix}:n:{node}``: set of the rooms a node wrote, to wipe them.

Every operation is one Lua script, so readers never see half a heartbeat.
Scripts build key names from ``prefix``, so this needs a single Redis (not a
Redis Cluster). Liveness is judged by the injected clock (tests) or, without
one, by the server's ``TIME``; keys also expire after ``2 * ttl`` of real
time, so a dead node's state never outlives it long even if nobody reads.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Sequence

import orjson
from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from causerie.adapters.presence_roster import LocalRoster
from causerie.adapters.ratelimit_memory import micros
from causerie.ports import Clock

_log = logging.getLogger(__name__)

# ARGV[1..4] of every script: prefix, node id, now in µs ("" for server
# time), ttl in µs.
_PRELUDE = """
local prefix, node = ARGV[1], ARGV[2]
local now = tonumber(ARGV[3])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local ttl_us = tonumber(ARGV[4])
local key_ttl_ms = math.ceil(ttl_us / 500)
local nodes_key = prefix .. ':nodes'
local function room_key(room, of_node) return prefix .. ':r:' .. room .. ':' .. of_node end
local function wipe(of_node)
  local index = prefix .. ':n:' .. of_node
  for _, room in ipairs(redis.call('SMEMBERS', index)) do
    redis.call('DEL', room_key(room, of_node))
  end
  redis.call('DEL', index)
end
"""

# ARGV[5], ARGV[6]: room, user.
_JOIN = (
    _PRELUDE
    + """
local key, index = room_key(ARGV[5], node), prefix .. ':n:' .. node
redis.call('SADD', key, ARGV[6])
redis.call('PEXPIRE', key, key_ttl_ms)
redis.call('SADD', index, ARGV[5])
redis.call('PEXPIRE', index, key_ttl_ms)
-- Registers a node that never beat yet; never extends a lease.
redis.call('ZADD', nodes_key, 'NX', now + ttl_us, node)
"""
)

_LEAVE = (
    _PRELUDE
    + """
redis.call('SREM', room_key(ARGV[5], node), ARGV[6])
"""
)

# ARGV[5]: JSON object, room -> [users].
_HEARTBEAT = (
    _PRELUDE
    + """
wipe(node)
local index = prefix .. ':n:' .. node
for room, users in pairs(cjson.decode(ARGV[5])) do
  local key = room_key(room, node)
  for i = 1, #users, 1000 do
    redis.call('SADD', key, unpack(users, i, math.min(i + 999, #users)))
  end
  redis.call('PEXPIRE', key, key_ttl_ms)
  redis.call('SADD', index, room)
  redis.call('PEXPIRE', index, key_ttl_ms)
end
redis.call('ZADD', nodes_key, now + ttl_us, node)
"""
)

_WITHDRAW = (
    _PRELUDE
    + """
wipe(node)
redis.call('ZREM', nodes_key, node)
"""
)

# ARGV[5..]: room ids. Returns one count per room, in order.
_COUNTS = (
    _PRELUDE
    + """
for _, dead in ipairs(redis.call('ZRANGEBYSCORE', nodes_key, '-inf', now)) do
  wipe(dead)
  redis.call('ZREM', nodes_key, dead)
end
local live = redis.call('ZRANGE', nodes_key, 0, -1)
local counts = {}
for i = 5, #ARGV do
  local keys = {}
  for _, of_node in ipairs(live) do keys[#keys + 1] = room_key(ARGV[i], of_node) end
  if #keys == 0 then
    counts[#counts + 1] = 0
  elseif #keys == 1 then
    counts[#counts + 1] = redis.call('SCARD', keys[1])
  else
    counts[#counts + 1] = #redis.call('SUNION', unpack(keys))
  end
end
return counts
"""
)


class RedisPresence:
    """``PresenceWriter`` and ``ports.Presence`` on Redis. Give it a URL (it
    owns the client: call ``aclose``) or a shared ``redis.asyncio.Redis``."""

    def __init__(
        self,
        redis: str | Redis,
        clock: Clock | None = None,
        *,
        node_id: str | None = None,
        ttl: float = 30.0,
        prefix: str = "causerie:presence",
    ) -> None:
        self.node_id = node_id or uuid.uuid4().hex
        self.ttl = ttl
        self._owns_client = isinstance(redis, str)
        self._redis = (
            Redis.from_url(redis, socket_timeout=5.0, socket_connect_timeout=2.0)
            if isinstance(redis, str)
            else redis
        )
        self._clock = clock
        self._prefix = prefix
        self._roster = LocalRoster()
        # One write at a time: a leave must never overtake its join.
        self._write_lock = asyncio.Lock()
        self._join = self._redis.register_script(_JOIN)
        self._leave = self._redis.register_script(_LEAVE)
        self._heartbeat = self._redis.register_script(_HEARTBEAT)
        self._withdraw = self._redis.register_script(_WITHDRAW)
        self._counts = self._redis.register_script(_COUNTS)

    async def join(self, room_id: str, user_id: str) -> None:
        if self._roster.add(room_id, user_id):
            await self._write("join", self._join, room_id, user_id)

    async def leave(self, room_id: str, user_id: str) -> None:
        if self._roster.remove(room_id, user_id):
            await self._write("leave", self._leave, room_id, user_id)

    async def heartbeat(self) -> None:
        snapshot = orjson.dumps(self._roster.snapshot())
        await self._write("heartbeat", self._heartbeat, snapshot)

    async def withdraw(self) -> None:
        self._roster.clear()
        await self._write("withdraw", self._withdraw)

    async def room_counts(self, room_ids: Sequence[str]) -> dict[str, int]:
        """Distinct users online per room across live nodes (raises
        ``redis.exceptions.RedisError`` when Redis is unreachable)."""
        if not room_ids:
            return {}
        counts = await self._counts(args=[*self._common_args(), *room_ids])
        return {room_id: int(n) for room_id, n in zip(room_ids, counts, strict=True)}

    async def aclose(self) -> None:
        """Close the client if this object created it (``withdraw`` first)."""
        if self._owns_client:
            await self._redis.aclose()

    def _common_args(self) -> list[str | int]:
        now = "" if self._clock is None else str(micros(self._clock.now()))
        return [self._prefix, self.node_id, now, round(self.ttl * 1_000_000)]

    async def _write(self, what: str, script: AsyncScript, *args: str | bytes) -> None:
        async with self._write_lock:
            try:
                await script(args=[*self._common_args(), *args])
            except (RedisError, OSError) as exc:
                # Presence is best effort: the next heartbeat rewrites it all.
                _log.warning("presence %s failed on node %s: %s", what, self.node_id, exc)
