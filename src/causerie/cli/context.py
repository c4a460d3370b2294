"""Operator commands act on the database directly (they work while a server
runs). This builds the same ``Deps`` the server uses, minus the realtime node."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from causerie.adapters.clock import SystemClock
from causerie.adapters.gazetteer import Gazetteer
from causerie.adapters.passwords import Argon2Hasher
from causerie.adapters.ratelimit_memory import MemoryRateLimiter
from causerie.adapters.signal_key import load_signal_key
from causerie.app import database_url
from causerie.config import Settings
from causerie.domain.events import Event
from causerie.services.deps import Deps
from causerie.services.filtering import WarmingFilter
from causerie.storage.engine import make_engine
from causerie.storage.migrate import upgrade
from causerie.storage.uow import make_uow_factory


class _NoEvents:
    async def publish(self, event: Event) -> None:
        return None


class _NoPresence:
    async def room_counts(self, room_ids: Sequence[str]) -> dict[str, int]:
        return dict.fromkeys(room_ids, 0)


def settings_for(data_dir: Path | None, database: str | None) -> Settings:
    overrides: dict[str, object] = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database is not None:
        overrides["database_url"] = database
    return Settings(**overrides)  # type: ignore[arg-type]


@asynccontextmanager
async def operator_deps(settings: Settings) -> AsyncIterator[Deps]:
    url = database_url(settings)
    await upgrade(url)
    engine = make_engine(url)
    clock = SystemClock()
    try:
        yield Deps(
            uow=make_uow_factory(engine),
            clock=clock,
            events=_NoEvents(),
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
    finally:
        await engine.dispose()
