"""A shared rate limiter (Redis) with this node's own as a stand-in while
the shared one fails.

Sends pass the per-account limit before anything else: with Redis on that
path, a Redis restart stopped every send on every node, although nothing
else of a send needs Redis (the database orders and stores it, the node
delivers it to its own members). While Redis fails, the same limits are
counted per node: an account spread over several nodes gets that much more
for the few seconds of the outage, which is better than nobody sending."""

from __future__ import annotations

import asyncio
import logging

from redis.exceptions import RedisError

from causerie.ports import RateLimiter

log = logging.getLogger(__name__)


class FallbackRateLimiter:
    def __init__(
        self, primary: RateLimiter, fallback: RateLimiter, *, timeout: float = 1.0
    ) -> None:
        self._primary = primary
        self._fallback = fallback
        # A frozen Redis (half-open connection) must not hold sends either.
        self._timeout = timeout
        self.degraded = False

    async def hit(self, key: str, limit: int, window_seconds: float, cost: int = 1) -> float:
        try:
            async with asyncio.timeout(self._timeout):
                wait = await self._primary.hit(key, limit, window_seconds, cost)
        except (RedisError, OSError, TimeoutError) as error:
            if not self.degraded:
                self.degraded = True
                log.warning("shared rate limiter failing (%r): counting on this node", error)
            return await self._fallback.hit(key, limit, window_seconds, cost)
        if self.degraded:
            self.degraded = False
            log.warning("shared rate limiter back")
        return wait

    async def aclose(self) -> None:
        close = getattr(self._primary, "aclose", None)
        if close is not None:
            await close()
