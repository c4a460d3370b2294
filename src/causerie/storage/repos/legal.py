"""Justice and the DSA outside the service (docs/legal.md): notices from
anyone, the mail outbox, requisitions, preservation holds, judicial bans,
art. 18 packages, trusted flaggers, notifier standing, daily active counts.

Rows travel as plain dicts keyed by column name: these records are
operator paperwork, read back whole, never on a hot path."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, Table, delete, func, select, update

from causerie.domain.errors import NotFound
from causerie.storage.repos._base import Repo
from causerie.storage.tables import (
    active_daily,
    case_actions,
    cases,
    dsa_notices,
    identification_records,
    judicial_bans,
    legal_holds,
    legal_requisitions,
    mail_outbox,
    notifier_standing,
    threat_packages,
    trusted_flaggers,
    users,
)

Record = dict[str, Any]


def _row(row: Row[Any]) -> Record:
    return dict(row._mapping)


def _only_columns(table: Table, values: Mapping[str, Any]) -> Record:
    unknown = set(values) - set(table.c.keys())
    if unknown:
        raise TypeError(f"unknown {table.name} column(s): {sorted(unknown)}")
    return dict(values)


class SqlLegalRepo(Repo):
    # --- generic helpers ------------------------------------------------------
    async def _add(self, table: Table, values: Mapping[str, Any]) -> None:
        await self._conn.execute(table.insert().values(_only_columns(table, values)))

    async def _get(self, table: Table, key: str, value: Any) -> Record | None:
        row = (await self._conn.execute(select(table).where(table.c[key] == value))).first()
        return _row(row) if row is not None else None

    async def _update(
        self, table: Table, key: str, value: Any, fields: Mapping[str, Any]
    ) -> Record:
        statement = (
            update(table)
            .where(table.c[key] == value)
            .values(_only_columns(table, fields))
            .returning(*table.c)
        )
        row = (await self._conn.execute(statement)).first()
        if row is None:
            raise NotFound()
        return _row(row)

    # --- notices from anyone (DSA art. 16) -------------------------------------
    async def add_notice(self, values: Mapping[str, Any]) -> None:
        await self._add(dsa_notices, values)

    async def get_notice(self, notice_id: str) -> Record | None:
        return await self._get(dsa_notices, "id", notice_id)

    async def notices_of_case(self, case_id: str) -> list[Record]:
        statement = (
            select(dsa_notices)
            .where(dsa_notices.c.case_id == case_id)
            .order_by(dsa_notices.c.created_at, dsa_notices.c.id)
        )
        return [_row(r) for r in await self._conn.execute(statement)]

    async def notice_counts(
        self, start: datetime, end: datetime
    ) -> list[tuple[str, bool, str | None]]:
        """(reason, from a trusted flagger, outcome) of each notice received in [start, end)."""
        statement = select(
            dsa_notices.c.reason, dsa_notices.c.flagger_id.is_not(None), dsa_notices.c.outcome
        ).where(dsa_notices.c.created_at >= start, dsa_notices.c.created_at < end)
        return [(r[0], bool(r[1]), r[2]) for r in await self._conn.execute(statement)]

    async def update_notice(self, notice_id: str, fields: Mapping[str, Any]) -> Record:
        return await self._update(dsa_notices, "id", notice_id, fields)

    async def outcomes_of(self, *, email: str | None, flagger_id: str | None) -> list[str]:
        """Decided outcomes of one notifier's notices, newest first."""
        statement = select(dsa_notices.c.outcome).where(dsa_notices.c.outcome.is_not(None))
        if flagger_id is not None:
            statement = statement.where(dsa_notices.c.flagger_id == flagger_id)
        else:
            statement = statement.where(dsa_notices.c.email == email)
        statement = statement.order_by(dsa_notices.c.decided_at.desc())
        return [r[0] for r in await self._conn.execute(statement)]

    # --- mail outbox -----------------------------------------------------------
    async def add_mail(self, values: Mapping[str, Any]) -> None:
        await self._add(mail_outbox, values)

    async def due_mail(self, now: datetime, limit: int) -> list[Record]:
        statement = (
            select(mail_outbox)
            .where(mail_outbox.c.sent_at.is_(None), mail_outbox.c.next_attempt_at <= now)
            .order_by(mail_outbox.c.next_attempt_at, mail_outbox.c.id)
            .limit(limit)
        )
        return [_row(r) for r in await self._conn.execute(statement)]

    async def mail(self, *, unsent_only: bool, limit: int) -> list[Record]:
        statement = select(mail_outbox)
        if unsent_only:
            statement = statement.where(mail_outbox.c.sent_at.is_(None))
        statement = statement.order_by(mail_outbox.c.created_at, mail_outbox.c.id).limit(limit)
        return [_row(r) for r in await self._conn.execute(statement)]

    async def mail_for_ref(self, ref: str) -> list[Record]:
        statement = (
            select(mail_outbox)
            .where(mail_outbox.c.ref == ref)
            .order_by(mail_outbox.c.created_at, mail_outbox.c.id)
        )
        return [_row(r) for r in await self._conn.execute(statement)]

    async def update_mail(self, mail_id: str, fields: Mapping[str, Any]) -> Record:
        return await self._update(mail_outbox, "id", mail_id, fields)

    # --- requisitions ----------------------------------------------------------
    async def add_requisition(self, values: Mapping[str, Any]) -> None:
        await self._add(legal_requisitions, values)

    async def get_requisition(self, requisition_id: str) -> Record | None:
        return await self._get(legal_requisitions, "id", requisition_id)

    async def update_requisition(self, requisition_id: str, fields: Mapping[str, Any]) -> Record:
        return await self._update(legal_requisitions, "id", requisition_id, fields)

    async def requisitions(self, limit: int) -> list[Record]:
        """Emergencies first, then by deadline."""
        statement = (
            select(legal_requisitions)
            .order_by(
                legal_requisitions.c.emergency.desc(),
                legal_requisitions.c.deadline,
                legal_requisitions.c.id,
            )
            .limit(limit)
        )
        return [_row(r) for r in await self._conn.execute(statement)]

    # --- preservation holds ------------------------------------------------------
    async def add_hold(self, values: Mapping[str, Any]) -> None:
        await self._add(legal_holds, values)

    async def holds_of_order(self, order_id: str) -> list[Record]:
        statement = (
            select(legal_holds)
            .where(legal_holds.c.order_id == order_id)
            .order_by(legal_holds.c.subject_type, legal_holds.c.subject_id)
        )
        return [_row(r) for r in await self._conn.execute(statement)]

    async def extend_order(self, order_id: str, until: datetime) -> int:
        statement = (
            update(legal_holds).where(legal_holds.c.order_id == order_id).values(until=until)
        )
        return int((await self._conn.execute(statement)).rowcount)

    async def held(self, subject_type: str, now: datetime) -> set[str]:
        """Ids of every ``subject_type`` under a hold still in force at ``now``."""
        statement = select(legal_holds.c.subject_id).where(
            legal_holds.c.subject_type == subject_type, legal_holds.c.until > now
        )
        return {r[0] for r in await self._conn.execute(statement)}

    async def identification_record(self, user_id: str) -> Record | None:
        """The sealed record of an erased account (decree 2021-1362)."""
        return await self._get(identification_records, "user_id", user_id)

    # --- judicial bans -----------------------------------------------------------
    async def add_ban(self, values: Mapping[str, Any]) -> None:
        await self._add(judicial_bans, values)

    async def get_ban(self, ban_id: str) -> Record | None:
        return await self._get(judicial_bans, "id", ban_id)

    async def update_ban(self, ban_id: str, fields: Mapping[str, Any]) -> Record:
        return await self._update(judicial_bans, "id", ban_id, fields)

    async def bans(self, limit: int) -> list[Record]:
        statement = select(judicial_bans).order_by(judicial_bans.c.received_at.desc()).limit(limit)
        return [_row(r) for r in await self._conn.execute(statement)]

    async def unexecuted_bans(self, received_before: datetime) -> list[Record]:
        statement = (
            select(judicial_bans)
            .where(
                judicial_bans.c.executed_at.is_(None),
                judicial_bans.c.received_at < received_before,
            )
            .order_by(judicial_bans.c.received_at)
        )
        return [_row(r) for r in await self._conn.execute(statement)]

    async def ban_ends(self, user_id: str, now: datetime) -> list[datetime]:
        """When each executed judicial ban of ``user_id`` still in force ends."""
        statement = select(judicial_bans.c.until).where(
            judicial_bans.c.user_id == user_id,
            judicial_bans.c.executed_at.is_not(None),
            judicial_bans.c.until > now,
        )
        return [until for (until,) in await self._conn.execute(statement)]

    async def banned_devices(self, now: datetime) -> set[str]:
        """Device hashes of every executed judicial ban still in force."""
        statement = select(judicial_bans.c.device_hashes).where(
            judicial_bans.c.executed_at.is_not(None), judicial_bans.c.until > now
        )
        found: set[str] = set()
        for (text,) in await self._conn.execute(statement):
            found.update(h for h in text.split(",") if h)
        return found

    # --- art. 18 packages --------------------------------------------------------
    async def add_package(self, values: Mapping[str, Any]) -> None:
        await self._add(threat_packages, values)

    async def get_package(self, package_id: str) -> Record | None:
        return await self._get(threat_packages, "id", package_id)

    async def package_of_case(self, case_id: str) -> Record | None:
        return await self._get(threat_packages, "case_id", case_id)

    async def threat_cases_without_package(self, limit: int) -> list[str]:
        """Ids of cases marked a threat to life that have no package yet."""
        statement = (
            select(cases.c.id)
            .where(
                cases.c.threat_to_life.is_(True),
                cases.c.id.not_in(select(threat_packages.c.case_id)),
            )
            .order_by(cases.c.created_at)
            .limit(limit)
        )
        return [r[0] for r in await self._conn.execute(statement)]

    async def update_package(self, package_id: str, fields: Mapping[str, Any]) -> Record:
        return await self._update(threat_packages, "id", package_id, fields)

    async def packages(self, limit: int) -> list[Record]:
        statement = (
            select(threat_packages).order_by(threat_packages.c.created_at.desc()).limit(limit)
        )
        return [_row(r) for r in await self._conn.execute(statement)]

    # --- trusted flaggers ----------------------------------------------------------
    async def add_flagger(self, values: Mapping[str, Any]) -> None:
        await self._add(trusted_flaggers, values)

    async def flagger_by_token(self, token_hash: str) -> Record | None:
        return await self._get(trusted_flaggers, "token_hash", token_hash)

    async def flagger_by_name(self, name: str) -> Record | None:
        return await self._get(trusted_flaggers, "name", name)

    async def update_flagger(self, flagger_id: str, fields: Mapping[str, Any]) -> Record:
        return await self._update(trusted_flaggers, "id", flagger_id, fields)

    async def flaggers(self) -> list[Record]:
        statement = select(trusted_flaggers).order_by(trusted_flaggers.c.name)
        return [_row(r) for r in await self._conn.execute(statement)]

    # --- notifier standing (art. 23) -------------------------------------------------
    async def standing(self, notifier: str) -> Record | None:
        return await self._get(notifier_standing, "notifier", notifier)

    async def set_standing(self, notifier: str, fields: Mapping[str, Any]) -> None:
        await self._conn.execute(
            delete(notifier_standing).where(notifier_standing.c.notifier == notifier)
        )
        await self._add(notifier_standing, {"notifier": notifier, **fields})

    # --- statements of reasons (art. 24(5)) ---------------------------------------------
    async def decisions(self, start: datetime, end: datetime, actions: list[str]) -> list[Record]:
        """Case actions in [start, end) with their case's kind, reasons and
        target, and the trusted flagger behind a notice case, if any."""
        statement = (
            select(
                case_actions,
                cases.c.kind.label("case_kind"),
                cases.c.reasons.label("case_reasons"),
                cases.c.target_type.label("target_type"),
                cases.c.created_at.label("case_created_at"),
            )
            .join(cases, cases.c.id == case_actions.c.case_id)
            .where(
                case_actions.c.created_at >= start,
                case_actions.c.created_at < end,
                case_actions.c.action.in_(actions),
            )
            .order_by(case_actions.c.created_at, case_actions.c.id)
        )
        rows = [_row(r) for r in await self._conn.execute(statement)]
        notice_cases = [r["case_id"] for r in rows if r["case_kind"] == "notice"]
        flaggers: dict[str, str] = {}
        if notice_cases:
            joined = (
                select(dsa_notices.c.case_id, trusted_flaggers.c.name)
                .join(trusted_flaggers, trusted_flaggers.c.id == dsa_notices.c.flagger_id)
                .where(dsa_notices.c.case_id.in_(notice_cases))
            )
            flaggers = {case_id: name for case_id, name in await self._conn.execute(joined)}
        for row in rows:
            row["case_reasons"] = json.loads(row["case_reasons"])
            row["flagger"] = flaggers.get(row["case_id"])
        return rows

    # --- average monthly active recipients (art. 24(2)) ---------------------------------
    async def count_active(self, since: datetime, until: datetime) -> int:
        """Distinct accounts whose last_seen_at falls in [since, until)."""
        statement = select(func.count()).where(
            users.c.last_seen_at >= since, users.c.last_seen_at < until
        )
        return int((await self._conn.execute(statement)).scalar_one())

    async def set_active_day(self, day: date, count: int) -> None:
        await self._conn.execute(delete(active_daily).where(active_daily.c.day == day))
        await self._conn.execute(active_daily.insert().values(day=day, count=count))

    async def active_days(self, first: date, last: date) -> dict[date, int]:
        statement = select(active_daily.c.day, active_daily.c.count).where(
            active_daily.c.day >= first, active_daily.c.day <= last
        )
        return {r[0]: int(r[1]) for r in await self._conn.execute(statement)}
