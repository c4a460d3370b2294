"""Aggregates for the DSA transparency report (docs/transparency.md).

Counts are GROUP BY queries and medians a window-function query, on SQLite
and PostgreSQL alike: a year of moderation costs a few rows to read, never
one per report. Periods are ``[start, end)``. Evidence, notices and the
audit log are only read; the one write is the filter tally's upsert."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Select, and_, extract, func, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from causerie.domain.moderation import CaseKind
from causerie.storage.repos._base import Repo
from causerie.storage.tables import (
    case_actions,
    cases,
    filter_tally,
    held_messages,
    notices,
    reports,
)


def _within(column: ColumnElement[Any], start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(column >= start, column < end)


def _open_at(end: datetime) -> ColumnElement[bool]:
    """The case was not closed yet at ``end`` (closed later, or still open)."""
    return or_(cases.c.closed_at.is_(None), cases.c.closed_at >= end)


def _reasons(text: str) -> tuple[str, ...]:
    return tuple(orjson.loads(text))


class SqlTransparencyRepo(Repo):
    async def add_filter_decisions(self, counts: Mapping[tuple[date, str, str], int]) -> None:
        if not counts:
            return
        dialect = self._conn.dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(filter_tally)
        statement = statement.on_conflict_do_update(
            index_elements=[filter_tally.c.day, filter_tally.c.decision, filter_tally.c.reason],
            set_={"count": filter_tally.c.count + statement.excluded.count},
        )
        rows = [
            {"day": day, "decision": decision, "reason": reason, "count": n}
            for (day, decision, reason), n in sorted(counts.items())
        ]
        await self._conn.execute(statement, rows)

    async def filter_decisions(self, start: date, end: date) -> dict[tuple[str, str], int]:
        statement = (
            select(filter_tally.c.decision, filter_tally.c.reason, func.sum(filter_tally.c.count))
            .where(filter_tally.c.day >= start, filter_tally.c.day < end)
            .group_by(filter_tally.c.decision, filter_tally.c.reason)
        )
        return {
            (decision, reason): int(n)
            for decision, reason, n in await self._conn.execute(statement)
        }

    def _seconds(
        self, later: ColumnElement[Any], earlier: ColumnElement[Any]
    ) -> ColumnElement[Any]:
        """``later - earlier`` in seconds. SQLite keeps times as text, which
        ``julianday`` reads (to the millisecond); PostgreSQL as timestamptz."""
        if self._conn.dialect.name == "sqlite":
            return (func.julianday(later) - func.julianday(earlier)) * 86400.0
        return extract("epoch", later) - extract("epoch", earlier)

    async def _count_and_median(self, durations: Select[Any]) -> tuple[int, float | None]:
        """How many durations ``durations`` selects (one column, ``seconds``)
        and their median, in one query: rank them, keep the middle one (odd
        count) or two (even count, averaged). No division, so no engine's
        integer-division rules to mind: ``n <= 2 * position <= n + 2``."""
        given = durations.subquery()
        ranked = select(
            given.c.seconds,
            func.row_number().over(order_by=given.c.seconds).label("position"),
            func.count().over().label("n"),
        ).subquery()
        middle = and_(2 * ranked.c.position >= ranked.c.n, 2 * ranked.c.position <= ranked.c.n + 2)
        statement = select(func.max(ranked.c.n), func.avg(ranked.c.seconds)).where(middle)
        count, median = (await self._conn.execute(statement)).one()
        return int(count or 0), None if median is None else float(median)

    async def _scalar_count(self, statement: Select[Any]) -> int:
        return int((await self._conn.execute(statement)).scalar_one())

    # --- notices (reports) -----------------------------------------------------

    async def reports_received(self, start: datetime, end: datetime) -> dict[tuple[str, str], int]:
        statement = (
            select(reports.c.reason, reports.c.target_type, func.count())
            .where(_within(reports.c.created_at, start, end))
            .group_by(reports.c.reason, reports.c.target_type)
        )
        rows = await self._conn.execute(statement)
        return {(reason, target): int(n) for reason, target, n in rows}

    async def reports_decided(self, start: datetime, end: datetime) -> tuple[int, float | None]:
        durations = (
            select(self._seconds(cases.c.closed_at, reports.c.created_at).label("seconds"))
            .select_from(reports.join(cases, reports.c.case_id == cases.c.id))
            .where(_within(cases.c.closed_at, start, end))
        )
        return await self._count_and_median(durations)

    async def reports_pending(self, start: datetime, end: datetime) -> int:
        statement = (
            select(func.count())
            .select_from(reports.join(cases, reports.c.case_id == cases.c.id))
            .where(_within(reports.c.created_at, start, end), _open_at(end))
        )
        return await self._scalar_count(statement)

    # --- cases of any kind -----------------------------------------------------

    async def cases_opened(
        self, kind: CaseKind, start: datetime, end: datetime
    ) -> dict[tuple[str, ...], int]:
        # Reasons are a JSON list: grouped as stored, decoded per group.
        statement = (
            select(cases.c.reasons, func.count())
            .where(cases.c.kind == kind.value, _within(cases.c.created_at, start, end))
            .group_by(cases.c.reasons)
        )
        found: dict[tuple[str, ...], int] = {}
        for text, n in await self._conn.execute(statement):
            key = _reasons(text)
            found[key] = found.get(key, 0) + int(n)
        return found

    async def cases_decided(
        self, kind: CaseKind, start: datetime, end: datetime
    ) -> tuple[int, float | None]:
        durations = select(
            self._seconds(cases.c.closed_at, cases.c.created_at).label("seconds")
        ).where(cases.c.kind == kind.value, _within(cases.c.closed_at, start, end))
        return await self._count_and_median(durations)

    async def cases_pending(self, kind: CaseKind, start: datetime, end: datetime) -> int:
        statement = (
            select(func.count())
            .select_from(cases)
            .where(
                cases.c.kind == kind.value,
                _within(cases.c.created_at, start, end),
                _open_at(end),
            )
        )
        return await self._scalar_count(statement)

    async def actions_taken(self, start: datetime, end: datetime) -> dict[tuple[str, str], int]:
        statement = (
            select(cases.c.kind, case_actions.c.action, func.count())
            .select_from(case_actions.join(cases, case_actions.c.case_id == cases.c.id))
            .where(_within(case_actions.c.created_at, start, end))
            .group_by(cases.c.kind, case_actions.c.action)
        )
        rows = await self._conn.execute(statement)
        return {(kind, action): int(n) for kind, action, n in rows}

    async def accounts_restricted(self, start: datetime, end: datetime) -> dict[str, int]:
        statement = (
            select(case_actions.c.action, func.count(case_actions.c.subject_id.distinct()))
            .where(
                _within(case_actions.c.created_at, start, end),
                case_actions.c.subject_id.is_not(None),
            )
            .group_by(case_actions.c.action)
        )
        return {action: int(n) for action, n in await self._conn.execute(statement)}

    # --- the filter and appeals -------------------------------------------------

    async def held_messages(
        self, start: datetime, end: datetime
    ) -> dict[tuple[tuple[str, ...], str], int]:
        statement = (
            select(held_messages.c.reasons, held_messages.c.state, func.count())
            .where(_within(held_messages.c.created_at, start, end))
            .group_by(held_messages.c.reasons, held_messages.c.state)
        )
        found: dict[tuple[tuple[str, ...], str], int] = {}
        for text, state, n in await self._conn.execute(statement):
            key = (_reasons(text), state)
            found[key] = found.get(key, 0) + int(n)
        return found

    async def appeals_by_action(self, start: datetime, end: datetime) -> dict[str | None, int]:
        statement = (
            select(notices.c.action, func.count())
            .select_from(cases.outerjoin(notices, cases.c.notice_id == notices.c.id))
            .where(cases.c.kind == CaseKind.APPEAL.value, _within(cases.c.created_at, start, end))
            .group_by(notices.c.action)
        )
        return {action: int(n) for action, n in await self._conn.execute(statement)}
