"""Two processes seeding the room catalogue of an empty database at once
(`serve --workers 2` on a fresh PostgreSQL) both succeed, and every room
exists once. Each seed has its own engine, as each worker does; both read
the (empty) catalogue before either writes."""

from __future__ import annotations

import asyncio
from collections import Counter
from types import SimpleNamespace
from typing import Any

from causerie.adapters.clock import SystemClock
from causerie.services.catalogue import default_specs, seed_rooms
from causerie.storage import make_engine, make_uow_factory, upgrade


class _AfterRead:
    """A unit-of-work factory whose write units wait at ``barrier`` once
    they have read the catalogue: the two seeds interleave at the worst spot."""

    def __init__(self, inner: Any, barrier: asyncio.Barrier) -> None:
        self._inner, self._barrier = inner, barrier

    def __call__(self, write: bool = False) -> Any:
        outer = self

        class _Unit:
            async def __aenter__(self) -> Any:
                self._cm = outer._inner(write=write)
                unit = await self._cm.__aenter__()
                original = unit.rooms.list_public

                async def list_then_wait(include_archived: bool = False) -> Any:
                    found = await original(include_archived)
                    await asyncio.wait_for(outer._barrier.wait(), 10)
                    return found

                if write:
                    unit.rooms.list_public = list_then_wait
                return unit

            async def __aexit__(self, *exc: Any) -> Any:
                return await self._cm.__aexit__(*exc)

        return _Unit()


async def test_two_concurrent_seeds_add_every_room_once(
    database_url: str, database_kind: str
) -> None:
    await upgrade(database_url)
    engines = [make_engine(database_url) for _ in range(2)]
    barrier = asyncio.Barrier(2)

    def units(engine: Any) -> Any:
        factory = make_uow_factory(engine)
        # SQLite takes its write lock when a write unit begins: the second
        # seed cannot read before the first commits, so there is no race to
        # force (and waiting for it would deadlock).
        return _AfterRead(factory, barrier) if database_kind == "postgres" else factory

    try:
        seeds = [
            seed_rooms(SimpleNamespace(uow=units(e), clock=SystemClock()), default_specs())
            for e in engines
        ]
        added = await asyncio.gather(*seeds)
        uow = make_uow_factory(engines[0])
        async with uow() as unit:
            rooms = await unit.rooms.list_public(include_archived=True)
    finally:
        for engine in engines:
            await engine.dispose()
    specs = default_specs()
    assert sum(added) == len(specs)
    counts = Counter(r.slug for r in rooms)
    assert set(counts) == {s.slug for s in specs}
    assert set(counts.values()) == {1}
