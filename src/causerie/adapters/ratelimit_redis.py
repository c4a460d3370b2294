"""The RateLimiter port over Redis: GCRA in one Lua script, so a hit is
atomic across every node. Same semantics, to the microsecond, as
``ratelimit_memory`` (read its docstring): the script mirrors ``gcra``.

Time comes from the injected clock when there is one (tests drive it by hand;
nodes should then have synchronised clocks), else from the Redis server's
``TIME``, one clock for every node. Each key expires when its bucket is full
again, so Redis only holds keys that still matter."""

from __future__ import annotations

from redis.asyncio import Redis

from causerie.adapters.ratelimit_memory import check_args, micros
from causerie.ports import Clock

# KEYS[1] = the key; ARGV = now_us ("" for server time), limit, window_us, cost.
# Returns the wait in microseconds, 0 when the hit was counted.
_GCRA = """
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local tat = tonumber(redis.call('GET', KEYS[1]))
local start = now
if tat and tat >= now then start = tat end
local new_tat = start + math.floor(cost * window / limit)
local allow_at = new_tat - window
if allow_at > now then
  return allow_at - now
end
local ttl_ms = math.ceil((new_tat - now) / 1000)
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.max(ttl_ms, 1))
return 0
"""


class RedisRateLimiter:
    """``RateLimiter`` on Redis (GCRA). Give it a URL (it owns the client:
    call ``aclose``) or a shared ``redis.asyncio.Redis`` client."""

    def __init__(
        self, redis: str | Redis, clock: Clock | None = None, *, prefix: str = "causerie:rl"
    ) -> None:
        self._owns_client = isinstance(redis, str)
        self._redis = Redis.from_url(redis) if isinstance(redis, str) else redis
        self._clock = clock
        self._prefix = prefix
        self._script = self._redis.register_script(_GCRA)

    def key(self, key: str) -> str:
        """The Redis key that holds ``key``'s state."""
        return f"{self._prefix}:{key}"

    async def hit(self, key: str, limit: int, window_seconds: float, cost: int = 1) -> float:
        """0.0 when allowed, else the seconds until such a hit could pass."""
        window_us = check_args(limit, window_seconds, cost)
        now = "" if self._clock is None else str(micros(self._clock.now()))
        wait = await self._script(keys=[self.key(key)], args=[now, limit, window_us, cost])
        return int(wait) / 1_000_000

    async def aclose(self) -> None:
        """Close the client if this limiter created it."""
        if self._owns_client:
            await self._redis.aclose()
