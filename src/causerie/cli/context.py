"""Operator commands act on the database directly (they work while a server
runs). This builds the same ``Deps`` the server uses, minus the realtime
node: their events go through the event outbox (cli/database.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from causerie.adapters.clock import SystemClock
from causerie.adapters.gazetteer import Gazetteer
from causerie.adapters.passwords import Argon2Hasher
from causerie.adapters.ratelimit_memory import MemoryRateLimiter
from causerie.adapters.signal_key import load_signal_key
from causerie.cli.database import ViaOutbox, operator_database
from causerie.config import Settings
from causerie.services.deps import Deps
from causerie.services.filtering import WarmingFilter


class _NoPresence:
    async def room_counts(self, room_ids: Sequence[str]) -> dict[str, int]:
        return dict.fromkeys(room_ids, 0)


@asynccontextmanager
async def operator_deps(settings: Settings) -> AsyncIterator[Deps]:
    clock = SystemClock()
    async with operator_database(settings) as uow:
        yield Deps(
            uow=uow,
            clock=clock,
            events=ViaOutbox(uow),
            limiter=MemoryRateLimiter(clock),
            presence=_NoPresence(),
            gazetteer=Gazetteer(),
            passwords=Argon2Hasher(settings.argon2_time_cost, settings.argon2_memory_kib),
            message_filter=WarmingFilter(settings.link_min_trust),
            settings=settings,
            signal_key=load_signal_key(
                settings.signal_key, settings.data_dir, shared=settings.redis_url is not None
            ),
        )
