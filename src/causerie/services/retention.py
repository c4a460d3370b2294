"""Invariant 10: data is kept as the law says, and no longer (docs/privacy.md).

The LCEN has a host keep connection and identification data for one year
(``connection_data_days``) so that a judge can ask for them; after that
they must go. ``purge`` deletes what is older than that — sessions that
stopped working, device signals, attestation nonces, the sealed records of
erased accounts, last-connection times — finishes erasures cut short, and
writes one audit entry with the counts. Evidence under legal hold and the
audit log are never touched. It runs in the server (``RetentionJob``) and on
demand (``causerie retention purge [--dry-run]``); running it twice is
harmless."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from causerie.config import Settings
from causerie.domain.times import rfc3339
from causerie.periodic import Periodic
from causerie.ports import Clock, UnitOfWorkFactory
from causerie.services import audit
from causerie.services.legal import held_accounts
from causerie.services.privacy import blank_messages, privacy_repo

log = logging.getLogger(__name__)

AUDIT_ACTION = "retention.purge"
# Rows deleted per kind and per transaction: a first purge of an old
# database never holds the SQLite write lock for long.
PURGE_CHUNK = 1000
SWEEP_ACCOUNTS = 100


@dataclass(frozen=True, slots=True)
class PurgeReport:
    cutoff: datetime
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def cutoff_for(now: datetime, settings: Settings) -> datetime:
    return now - timedelta(days=settings.connection_data_days)


async def purge(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    settings: Settings,
    *,
    dry_run: bool = False,
) -> PurgeReport:
    """Delete what the retention period no longer covers (``dry_run``: only
    count it). Idempotent; safe to run on several nodes at once."""
    now = clock.now()
    cutoff = cutoff_for(now, settings)
    # Preservation orders (docs/legal.md): their accounts' data stays put.
    async with uow_factory() as uow:
        keep = await held_accounts(uow, now)
    if dry_run:
        async with uow_factory() as uow:
            counts = await privacy_repo(uow).count_expired(cutoff, keep)
        return PurgeReport(cutoff, True, counts)
    totals: dict[str, int] = {}
    while True:
        async with uow_factory(write=True) as uow:
            counts = await privacy_repo(uow).purge_expired(cutoff, PURGE_CHUNK, keep)
            await uow.commit()
        for kind, count in counts.items():
            totals[kind] = totals.get(kind, 0) + count
        if max(counts.values(), default=0) < PURGE_CHUNK:
            break
    totals["erased_messages"] = await _finish_erasures(uow_factory, keep)
    async with uow_factory(write=True) as uow:
        await audit.record(
            uow,
            clock.now(),
            actor="system",
            action=AUDIT_ACTION,
            subject="retention",
            payload={
                "cutoff": rfc3339(cutoff),
                "connection_data_days": settings.connection_data_days,
                "deleted": totals,
                "accounts_on_hold": len(keep),
            },
        )
        await uow.commit()
    return PurgeReport(cutoff, False, totals)


async def _finish_erasures(uow_factory: UnitOfWorkFactory, keep: set[str]) -> int:
    """Blank what erasures left behind: a server stopped half-way, or a send
    already queued when the account was erased."""
    blanked = 0
    while True:
        async with uow_factory() as uow:
            authors = await privacy_repo(uow).unfinished_erasures(SWEEP_ACCOUNTS, keep)
        for author_id in authors:
            blanked += await blank_messages(uow_factory, author_id)
        if len(authors) < SWEEP_ACCOUNTS:
            return blanked


async def purge_due(uow_factory: UnitOfWorkFactory, clock: Clock, settings: Settings) -> bool:
    """Whether the newest purge (on any node) is ``retention_every_hours`` old."""
    async with uow_factory() as uow:
        last = await uow.audit.latest(AUDIT_ACTION)
    if last is None:
        return True
    ran_at = datetime.fromisoformat(last.at.replace("Z", "+00:00"))
    return clock.now() - ran_at >= timedelta(hours=settings.retention_every_hours)


class RetentionJob:
    """The purge inside the server. Every ``retention_check_minutes`` (the
    first time too, so that short-lived test servers never purge) it runs
    ``purge`` if no node did for ``retention_every_hours``. The schedule
    lives in the audit log, so restarts and several nodes share it."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        settings: Settings,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._settings = settings
        self._job = Periodic(
            "retention purge", settings.retention_check_minutes * 60, self.run_once
        )

    def start(self) -> None:
        if self._settings.retention_job:
            self._job.start()

    async def stop(self) -> None:
        await self._job.stop()

    async def run_once(self) -> PurgeReport | None:
        """One check: the purge's report if it was due, else None."""
        if not await purge_due(self._uow, self._clock, self._settings):
            return None
        report = await purge(self._uow, self._clock, self._settings)
        log.info("retention purge: %d rows (%s)", report.total, report.counts)
        return report
