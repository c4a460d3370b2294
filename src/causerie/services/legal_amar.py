"""Average monthly active recipients (DSA art. 24(2)), counted without
keeping more personal data than before (docs/transparency.md).

What it counts: accounts (every recipient has one, a guest's included:
nothing is shown without) whose ``last_seen_at`` falls in the calendar
month, UTC. ``last_seen_at`` only moves forward, so within a month
"accounts seen since the 1st" only grows: a count taken every minute and
kept as the month's maximum is the month's distinct active accounts, with
no list of who. One number per month is stored (``active_daily`` keyed by
the month's first day); accounts erased during the month drop out of later
counts but the kept maximum still includes them. Undercount: accounts seen
only in the last minutes of a month, after the last count."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from causerie.ports import Clock, StorageUnitOfWork, UnitOfWorkFactory
from causerie.services.mail import legal_repo

MONTHS = 6


def month_start(day: date) -> date:
    return day.replace(day=1)


def _previous(month: date) -> date:
    """The first day of the month before ``month``'s."""
    return (month.replace(day=1) - date.resolution).replace(day=1)


async def record(uow_factory: UnitOfWorkFactory, clock: Clock) -> int:
    """Count this month's distinct active accounts so far; keep the maximum."""
    now = clock.now()
    first = month_start(now.date())
    since = datetime.combine(first, time(), UTC)
    async with uow_factory(write=True) as uow:
        repo = legal_repo(uow)
        count = await repo.count_active(since, now + timedelta(days=1))
        known = (await repo.active_days(first, first)).get(first, 0)
        if count > known:
            await repo.set_active_day(first, count)
        await uow.commit()
    return max(count, known)


async def figures(uow: StorageUnitOfWork, end: date) -> dict[str, Any]:
    """The six calendar months before ``end``'s month, and their average."""
    months: list[date] = []
    current = month_start(end)
    for _ in range(MONTHS):
        current = _previous(current)
        months.append(current)
    months.reverse()
    counts = await legal_repo(uow).active_days(months[0], months[-1])
    known = {m.isoformat()[:7]: counts[m] for m in months if m in counts}
    return {
        "months": known,
        "months_counted": len(known),
        "average_monthly_active_recipients": (
            round(sum(known.values()) / len(known)) if known else None
        ),
        "counts": "distinct accounts seen in each calendar month (UTC)",
    }


async def outside_notices(uow: StorageUnitOfWork, start: datetime, end: datetime) -> dict[str, Any]:
    """Art. 15(1)(b): notices from outside the service (and from trusted
    flaggers, art. 22) received in [start, end), by reason and outcome."""
    rows = await legal_repo(uow).notice_counts(start, end)
    by_reason: dict[str, int] = {}
    for reason, _, _ in rows:
        by_reason[reason] = by_reason.get(reason, 0) + 1
    return {
        "received": len(rows),
        "from_trusted_flaggers": sum(1 for _, flagger, _ in rows if flagger),
        "by_reason": dict(sorted(by_reason.items())),
        "founded": sum(1 for *_, outcome in rows if outcome == "founded"),
        "unfounded": sum(1 for *_, outcome in rows if outcome == "unfounded"),
        "pending": sum(1 for *_, outcome in rows if outcome is None),
    }
