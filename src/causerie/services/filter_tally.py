"""The safety filter's decisions, stored per day for the DSA transparency
report (docs/transparency.md).

A refused or masked message leaves no row of its own, so the filter counts
its decisions in memory (``WarmingFilter``) and this module adds them to the
``filter_tally`` table once a minute and at shutdown: one small upsert per
minute instead of a write per message. A crash loses at most that minute of
counts, never a message."""

from __future__ import annotations

import logging

from causerie.periodic import Periodic
from causerie.services.deps import Deps
from causerie.services.filtering import WarmingFilter
from causerie.services.transparency import transparency_repo

log = logging.getLogger(__name__)


async def store_tally(deps: Deps, source: WarmingFilter) -> int:
    """Add what ``source`` counted since the last call; returns how many rows."""
    tally = source.take_tally()
    if not tally:
        return 0
    try:
        async with deps.uow(write=True) as uow:
            await transparency_repo(uow).add_filter_decisions(tally)
            await uow.commit()
    except BaseException:
        source.give_back(tally)
        raise
    return len(tally)


class TallyKeeper:
    """Stores the tally every ``every`` seconds while the server runs, and
    once more when it stops."""

    def __init__(self, deps: Deps, source: WarmingFilter, every: float) -> None:
        self._deps = deps
        self._source = source
        self._job = Periodic("storing the filter tally", every, self.store)

    async def store(self) -> int:
        return await store_tally(self._deps, self._source)

    def start(self) -> None:
        self._job.start()

    async def stop(self) -> None:
        await self._job.stop()
        try:
            await self.store()
        except Exception:
            log.exception("storing the filter tally at shutdown failed")
