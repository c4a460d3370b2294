"""Moderation cases with their reports, evidence (legal hold) and actions."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import Any, Unpack

import orjson
from sqlalchemy import Row, func, select, update

from causerie.domain.errors import NotFound
from causerie.domain.models import Message
from causerie.domain.moderation import (
    Action,
    Case,
    CaseAction,
    CaseKind,
    CaseStatus,
    Evidence,
    Report,
    Severity,
    TargetType,
)
from causerie.ports import CasePatch
from causerie.storage.repos._base import Repo, check_fields
from causerie.storage.tables import case_actions, cases, evidence, messages, reports


def _case(row: Row[Any]) -> Case:
    v = row._mapping
    return Case(
        id=v["id"],
        kind=CaseKind(v["kind"]),
        severity=Severity(v["severity"]),
        status=CaseStatus(v["status"]),
        target_type=TargetType(v["target_type"]),
        target_id=v["target_id"],
        reasons=tuple(orjson.loads(v["reasons"])),
        created_at=v["created_at"],
        subject_id=v["subject_id"],
        signals=tuple(orjson.loads(v["signals"])),
        escalated=v["escalated"],
        threat_to_life=v["threat_to_life"],
        closed_at=v["closed_at"],
        notice_id=v["notice_id"],
        acted_by=v["acted_by"],
        appeal_text=v["appeal_text"],
        priority=v["priority"],
    )


def _case_values(fields: Mapping[str, Any]) -> dict[str, Any]:
    values = dict(fields)
    for key in ("reasons", "signals"):
        if key in values:
            values[key] = orjson.dumps(list(values[key])).decode()
    if "severity" in values:
        values["severity_rank"] = Severity(values["severity"]).rank
    return values


def _report(row: Row[Any]) -> Report:
    v = dict(row._mapping)
    v["target_type"] = TargetType(v["target_type"])
    return Report(**v)


def _evidence(row: Row[Any]) -> Evidence:
    v = dict(row._mapping)
    v["content"] = orjson.loads(v["content"])
    return Evidence(**v)


def action_of(row: Row[Any]) -> CaseAction:
    """The case action in ``row``: its ``case_actions`` columns only, so a
    row joined with other tables (the legal desk's decisions) reads too."""
    v = {c.name: row._mapping[c.name] for c in case_actions.c}
    v["action"] = Action(v["action"])
    return CaseAction(**v)


class SqlCaseRepo(Repo):
    async def add(self, case: Case) -> None:
        fields = {c.name: getattr(case, c.name) for c in cases.c if c.name != "severity_rank"}
        await self._conn.execute(cases.insert().values(_case_values(fields)))

    async def get(self, case_id: str) -> Case | None:
        row = (await self._conn.execute(select(cases).where(cases.c.id == case_id))).first()
        return _case(row) if row is not None else None

    async def update(self, case_id: str, **fields: Unpack[CasePatch]) -> Case:
        check_fields(Case, fields, {"id", "kind", "created_at"})
        statement = (
            update(cases)
            .where(cases.c.id == case_id)
            .values(_case_values(fields))
            .returning(*cases.c)
        )
        row = (await self._conn.execute(statement)).first()
        if row is None:
            raise NotFound(case_id=case_id)
        return _case(row)

    async def open_for_target(
        self, kind: CaseKind, target_type: str, target_id: str
    ) -> Case | None:
        statement = (
            select(cases)
            .where(
                cases.c.kind == kind.value,
                cases.c.status == CaseStatus.OPEN.value,
                cases.c.target_type == target_type,
                cases.c.target_id == target_id,
            )
            .order_by(cases.c.created_at)
            .limit(1)
        )
        row = (await self._conn.execute(statement)).first()
        return _case(row) if row is not None else None

    async def queue(self, status: CaseStatus, kind: CaseKind | None, limit: int) -> list[Case]:
        statement = select(cases).where(cases.c.status == status.value)
        if kind is not None:
            statement = statement.where(cases.c.kind == kind.value)
        statement = statement.order_by(
            cases.c.severity_rank, cases.c.priority.desc(), cases.c.created_at, cases.c.id
        ).limit(limit)
        return [_case(row) for row in await self._conn.execute(statement)]

    async def closed_since(self, since: datetime, limit: int) -> list[Case]:
        statement = (
            select(cases)
            .where(cases.c.status == CaseStatus.CLOSED.value, cases.c.closed_at >= since)
            .order_by(cases.c.closed_at, cases.c.id)
            .limit(limit)
        )
        return [_case(row) for row in await self._conn.execute(statement)]

    async def for_subject(self, user_id: str) -> list[Case]:
        statement = (
            select(cases)
            .where(cases.c.subject_id == user_id)
            .order_by(cases.c.created_at.desc(), cases.c.id.desc())
        )
        return [_case(row) for row in await self._conn.execute(statement)]

    async def by_notice(self, notice_id: str) -> Case | None:
        statement = select(cases).where(
            cases.c.kind == CaseKind.APPEAL.value, cases.c.notice_id == notice_id
        )
        row = (await self._conn.execute(statement)).first()
        return _case(row) if row is not None else None

    async def appeals_of(self, notice_ids: Collection[str]) -> dict[str, Case]:
        if not notice_ids:
            return {}
        statement = select(cases).where(
            cases.c.kind == CaseKind.APPEAL.value, cases.c.notice_id.in_(list(notice_ids))
        )
        found = map(_case, await self._conn.execute(statement))
        return {case.notice_id: case for case in found if case.notice_id is not None}

    async def add_report(self, report: Report) -> None:
        values = {c.name: getattr(report, c.name) for c in reports.c}
        await self._conn.execute(reports.insert().values(values))

    async def reports(self, case_id: str) -> list[Report]:
        statement = (
            select(reports).where(reports.c.case_id == case_id).order_by(reports.c.created_at)
        )
        return [_report(row) for row in await self._conn.execute(statement)]

    async def reporters_of(self, case_ids: Collection[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        if not case_ids:
            return found
        statement = select(reports.c.case_id, reports.c.reporter_id).where(
            reports.c.case_id.in_(list(case_ids))
        )
        for case_id, reporter_id in await self._conn.execute(statement):
            found.setdefault(case_id, set()).add(reporter_id)
        return found

    async def add_evidence(self, item: Evidence) -> None:
        values = {c.name: getattr(item, c.name) for c in evidence.c}
        values["content"] = orjson.dumps(item.content).decode()
        await self._conn.execute(evidence.insert().values(values))

    async def evidence(self, case_id: str) -> list[Evidence]:
        statement = (
            select(evidence)
            .where(evidence.c.case_id == case_id)
            .order_by(evidence.c.created_at, evidence.c.id)
        )
        return [_evidence(row) for row in await self._conn.execute(statement)]

    async def add_action(self, action: CaseAction) -> None:
        values = {c.name: getattr(action, c.name) for c in case_actions.c}
        await self._conn.execute(case_actions.insert().values(values))

    async def actions(self, case_id: str) -> list[CaseAction]:
        statement = (
            select(case_actions)
            .where(case_actions.c.case_id == case_id)
            .order_by(case_actions.c.created_at, case_actions.c.id)
        )
        return [action_of(row) for row in await self._conn.execute(statement)]

    async def actions_of(self, case_ids: Collection[str]) -> dict[str, list[CaseAction]]:
        if not case_ids:
            return {}
        statement = (
            select(case_actions)
            .where(case_actions.c.case_id.in_(list(case_ids)))
            .order_by(case_actions.c.created_at, case_actions.c.id)
        )
        found: dict[str, list[CaseAction]] = {}
        for action in map(action_of, await self._conn.execute(statement)):
            found.setdefault(action.case_id, []).append(action)
        return found

    async def last_ban_at(self, user_ids: Collection[str]) -> dict[str, datetime]:
        wanted = list(dict.fromkeys(user_ids))
        if not wanted:
            return {}
        statement = (
            select(case_actions.c.subject_id, func.max(case_actions.c.created_at))
            .where(
                case_actions.c.action == Action.BAN.value,
                case_actions.c.subject_id.in_(wanted),
            )
            .group_by(case_actions.c.subject_id)
        )
        found: dict[str, datetime] = {}
        for subject, at in await self._conn.execute(statement):
            if isinstance(at, datetime):
                found[subject] = at if at.tzinfo else at.replace(tzinfo=UTC)
        return found

    async def delete_message(self, message_id: str) -> Message | None:
        statement = (
            update(messages)
            .where(messages.c.id == message_id)
            .values(deleted=True)
            .returning(*messages.c)
        )
        row = (await self._conn.execute(statement)).first()
        return Message(**row._mapping) if row is not None else None
