"""Justice and the DSA outside the service (docs/legal.md): notices from
anyone, the mail outbox, requisitions, preservation holds, judicial bans,
art. 18 packages, trusted flaggers, notifier standing, daily active counts.

Rows become the records of ``causerie.domain.legal`` and back: enums by
value, a requisition's scope as JSON text, a ban's device hashes joined by
commas."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Unpack

import orjson
from sqlalchemy import Row, Table, delete, func, select, update

from causerie.domain.errors import NotFound
from causerie.domain.legal import (
    Decision,
    DsaNotice,
    HoldSubject,
    IdentificationRecord,
    JudicialBan,
    LegalHold,
    Mail,
    NoticeOutcome,
    NotifierStanding,
    PackageStatus,
    Requisition,
    RequisitionStatus,
    Scope,
    ThreatPackage,
    TrustedFlagger,
)
from causerie.domain.moderation import Action, CaseKind, TargetType
from causerie.ports import (
    DsaNoticePatch,
    JudicialBanPatch,
    MailPatch,
    RequisitionPatch,
    ThreatPackagePatch,
    TrustedFlaggerPatch,
)
from causerie.storage.repos._base import Repo
from causerie.storage.repos.cases import action_of
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

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# --- rows to records and back ---------------------------------------------------


def _column(value: object) -> object:
    """A record's value as its column holds it."""
    if isinstance(value, Scope):
        return value.dumps()
    if isinstance(value, tuple):  # a ban's device hashes
        return ",".join(value)
    return value  # a StrEnum is a str: stored as its value


def _values(record: DataclassInstance) -> dict[str, object]:
    return {f.name: _column(getattr(record, f.name)) for f in fields(record)}


def _notice(row: Row[Any]) -> DsaNotice:
    v = dict(row._mapping)
    v["outcome"] = NoticeOutcome(v["outcome"]) if v["outcome"] is not None else None
    return DsaNotice(**v)


def _mail(row: Row[Any]) -> Mail:
    return Mail(**row._mapping)


def _requisition(row: Row[Any]) -> Requisition:
    v = dict(row._mapping)
    v["scope"] = Scope.loads(v["scope"])
    v["status"] = RequisitionStatus(v["status"])
    return Requisition(**v)


def _hold(row: Row[Any]) -> LegalHold:
    v = dict(row._mapping)
    v["subject_type"] = HoldSubject(v["subject_type"])
    return LegalHold(**v)


def _identification(row: Row[Any]) -> IdentificationRecord:
    return IdentificationRecord(**row._mapping)


def _ban(row: Row[Any]) -> JudicialBan:
    v = dict(row._mapping)
    v["device_hashes"] = tuple(h for h in v["device_hashes"].split(",") if h)
    return JudicialBan(**v)


def _package(row: Row[Any]) -> ThreatPackage:
    v = dict(row._mapping)
    v["status"] = PackageStatus(v["status"])
    return ThreatPackage(**v)


def _flagger(row: Row[Any]) -> TrustedFlagger:
    return TrustedFlagger(**row._mapping)


def _standing(row: Row[Any]) -> NotifierStanding:
    return NotifierStanding(**row._mapping)


def _patch(table: Table, allowed: type[Any], given: Mapping[str, object]) -> dict[str, object]:
    """The column values of an ``update_*`` patch; a key its TypedDict does
    not name is refused at run time too (mypy refuses it first)."""
    unknown = set(given) - set(allowed.__annotations__)
    if unknown:
        raise TypeError(f"{table.name} field(s) not updatable: {sorted(unknown)}")
    return {k: _column(v) for k, v in given.items()}


class SqlLegalRepo(Repo):
    # --- generic helpers ------------------------------------------------------
    async def _add(self, table: Table, record: DataclassInstance) -> None:
        await self._conn.execute(table.insert().values(_values(record)))

    async def _get(self, table: Table, key: str, value: object) -> Row[Any] | None:
        return (await self._conn.execute(select(table).where(table.c[key] == value))).first()

    async def _update(
        self, table: Table, key: str, value: str, values: dict[str, object]
    ) -> Row[Any]:
        if values:
            statement = (
                update(table).where(table.c[key] == value).values(values).returning(*table.c)
            )
            row = (await self._conn.execute(statement)).first()
        else:  # an empty patch changes nothing: the record as it is
            row = await self._get(table, key, value)
        if row is None:
            raise NotFound()
        return row

    # --- notices from anyone (DSA art. 16) -------------------------------------
    async def add_notice(self, notice: DsaNotice) -> None:
        await self._add(dsa_notices, notice)

    async def get_notice(self, notice_id: str) -> DsaNotice | None:
        row = await self._get(dsa_notices, "id", notice_id)
        return _notice(row) if row is not None else None

    async def notices_of_case(self, case_id: str) -> list[DsaNotice]:
        statement = (
            select(dsa_notices)
            .where(dsa_notices.c.case_id == case_id)
            .order_by(dsa_notices.c.created_at, dsa_notices.c.id)
        )
        return [_notice(r) for r in await self._conn.execute(statement)]

    async def notice_counts(
        self, start: datetime, end: datetime
    ) -> list[tuple[str, bool, NoticeOutcome | None]]:
        """(reason, from a trusted flagger, outcome) of each notice received in [start, end)."""
        statement = select(
            dsa_notices.c.reason, dsa_notices.c.flagger_id.is_not(None), dsa_notices.c.outcome
        ).where(dsa_notices.c.created_at >= start, dsa_notices.c.created_at < end)
        return [
            (r[0], bool(r[1]), NoticeOutcome(r[2]) if r[2] is not None else None)
            for r in await self._conn.execute(statement)
        ]

    async def update_notice(self, notice_id: str, **fields: Unpack[DsaNoticePatch]) -> DsaNotice:
        values = _patch(dsa_notices, DsaNoticePatch, fields)
        return _notice(await self._update(dsa_notices, "id", notice_id, values))

    async def outcomes_of(
        self, *, email: str | None, flagger_id: str | None
    ) -> list[NoticeOutcome]:
        """Decided outcomes of one notifier's notices, newest first."""
        statement = select(dsa_notices.c.outcome).where(dsa_notices.c.outcome.is_not(None))
        if flagger_id is not None:
            statement = statement.where(dsa_notices.c.flagger_id == flagger_id)
        else:
            statement = statement.where(dsa_notices.c.email == email)
        statement = statement.order_by(dsa_notices.c.decided_at.desc())
        return [NoticeOutcome(r[0]) for r in await self._conn.execute(statement)]

    # --- mail outbox -----------------------------------------------------------
    async def add_mail(self, mail: Mail) -> None:
        await self._add(mail_outbox, mail)

    async def due_mail(self, now: datetime, limit: int) -> list[Mail]:
        statement = (
            select(mail_outbox)
            .where(mail_outbox.c.sent_at.is_(None), mail_outbox.c.next_attempt_at <= now)
            .order_by(mail_outbox.c.next_attempt_at, mail_outbox.c.id)
            .limit(limit)
        )
        return [_mail(r) for r in await self._conn.execute(statement)]

    async def mail(self, *, unsent_only: bool, limit: int) -> list[Mail]:
        statement = select(mail_outbox)
        if unsent_only:
            statement = statement.where(mail_outbox.c.sent_at.is_(None))
        statement = statement.order_by(mail_outbox.c.created_at, mail_outbox.c.id).limit(limit)
        return [_mail(r) for r in await self._conn.execute(statement)]

    async def mail_for_ref(self, ref: str) -> list[Mail]:
        statement = (
            select(mail_outbox)
            .where(mail_outbox.c.ref == ref)
            .order_by(mail_outbox.c.created_at, mail_outbox.c.id)
        )
        return [_mail(r) for r in await self._conn.execute(statement)]

    async def update_mail(self, mail_id: str, **fields: Unpack[MailPatch]) -> Mail:
        values = _patch(mail_outbox, MailPatch, fields)
        return _mail(await self._update(mail_outbox, "id", mail_id, values))

    # --- requisitions ----------------------------------------------------------
    async def add_requisition(self, requisition: Requisition) -> None:
        await self._add(legal_requisitions, requisition)

    async def get_requisition(self, requisition_id: str) -> Requisition | None:
        row = await self._get(legal_requisitions, "id", requisition_id)
        return _requisition(row) if row is not None else None

    async def update_requisition(
        self, requisition_id: str, **fields: Unpack[RequisitionPatch]
    ) -> Requisition:
        values = _patch(legal_requisitions, RequisitionPatch, fields)
        return _requisition(await self._update(legal_requisitions, "id", requisition_id, values))

    async def requisitions(self, limit: int) -> list[Requisition]:
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
        return [_requisition(r) for r in await self._conn.execute(statement)]

    # --- preservation holds ------------------------------------------------------
    async def add_hold(self, hold: LegalHold) -> None:
        await self._add(legal_holds, hold)

    async def holds_of_order(self, order_id: str) -> list[LegalHold]:
        statement = (
            select(legal_holds)
            .where(legal_holds.c.order_id == order_id)
            .order_by(legal_holds.c.subject_type, legal_holds.c.subject_id)
        )
        return [_hold(r) for r in await self._conn.execute(statement)]

    async def extend_order(self, order_id: str, until: datetime) -> int:
        statement = (
            update(legal_holds).where(legal_holds.c.order_id == order_id).values(until=until)
        )
        return int((await self._conn.execute(statement)).rowcount)

    async def held(self, subject_type: HoldSubject, now: datetime) -> set[str]:
        """Ids of every ``subject_type`` under a hold still in force at ``now``."""
        statement = select(legal_holds.c.subject_id).where(
            legal_holds.c.subject_type == subject_type.value, legal_holds.c.until > now
        )
        return {r[0] for r in await self._conn.execute(statement)}

    async def identification_record(self, user_id: str) -> IdentificationRecord | None:
        """The sealed record of an erased account (decree 2021-1362)."""
        row = await self._get(identification_records, "user_id", user_id)
        return _identification(row) if row is not None else None

    # --- judicial bans -----------------------------------------------------------
    async def add_ban(self, ban: JudicialBan) -> None:
        await self._add(judicial_bans, ban)

    async def get_ban(self, ban_id: str) -> JudicialBan | None:
        row = await self._get(judicial_bans, "id", ban_id)
        return _ban(row) if row is not None else None

    async def update_ban(self, ban_id: str, **fields: Unpack[JudicialBanPatch]) -> JudicialBan:
        values = _patch(judicial_bans, JudicialBanPatch, fields)
        return _ban(await self._update(judicial_bans, "id", ban_id, values))

    async def bans(self, limit: int) -> list[JudicialBan]:
        statement = select(judicial_bans).order_by(judicial_bans.c.received_at.desc()).limit(limit)
        return [_ban(r) for r in await self._conn.execute(statement)]

    async def unexecuted_bans(self, received_before: datetime) -> list[JudicialBan]:
        statement = (
            select(judicial_bans)
            .where(
                judicial_bans.c.executed_at.is_(None),
                judicial_bans.c.received_at < received_before,
            )
            .order_by(judicial_bans.c.received_at)
        )
        return [_ban(r) for r in await self._conn.execute(statement)]

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
    async def add_package(self, package: ThreatPackage) -> None:
        await self._add(threat_packages, package)

    async def get_package(self, package_id: str) -> ThreatPackage | None:
        row = await self._get(threat_packages, "id", package_id)
        return _package(row) if row is not None else None

    async def package_of_case(self, case_id: str) -> ThreatPackage | None:
        row = await self._get(threat_packages, "case_id", case_id)
        return _package(row) if row is not None else None

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

    async def update_package(
        self, package_id: str, **fields: Unpack[ThreatPackagePatch]
    ) -> ThreatPackage:
        values = _patch(threat_packages, ThreatPackagePatch, fields)
        return _package(await self._update(threat_packages, "id", package_id, values))

    async def packages(self, limit: int) -> list[ThreatPackage]:
        statement = (
            select(threat_packages).order_by(threat_packages.c.created_at.desc()).limit(limit)
        )
        return [_package(r) for r in await self._conn.execute(statement)]

    # --- trusted flaggers ----------------------------------------------------------
    async def add_flagger(self, flagger: TrustedFlagger) -> None:
        await self._add(trusted_flaggers, flagger)

    async def flagger_by_token(self, token_hash: str) -> TrustedFlagger | None:
        row = await self._get(trusted_flaggers, "token_hash", token_hash)
        return _flagger(row) if row is not None else None

    async def flagger_by_name(self, name: str) -> TrustedFlagger | None:
        row = await self._get(trusted_flaggers, "name", name)
        return _flagger(row) if row is not None else None

    async def update_flagger(
        self, flagger_id: str, **fields: Unpack[TrustedFlaggerPatch]
    ) -> TrustedFlagger:
        values = _patch(trusted_flaggers, TrustedFlaggerPatch, fields)
        return _flagger(await self._update(trusted_flaggers, "id", flagger_id, values))

    async def flaggers(self) -> list[TrustedFlagger]:
        statement = select(trusted_flaggers).order_by(trusted_flaggers.c.name)
        return [_flagger(r) for r in await self._conn.execute(statement)]

    # --- notifier standing (art. 23) -------------------------------------------------
    async def standing(self, notifier: str) -> NotifierStanding | None:
        row = await self._get(notifier_standing, "notifier", notifier)
        return _standing(row) if row is not None else None

    async def set_standing(self, standing: NotifierStanding) -> None:
        await self._conn.execute(
            delete(notifier_standing).where(notifier_standing.c.notifier == standing.notifier)
        )
        await self._add(notifier_standing, standing)

    # --- statements of reasons (art. 24(5)) ---------------------------------------------
    async def decisions(
        self, start: datetime, end: datetime, actions: Collection[Action]
    ) -> list[Decision]:
        """Case actions in [start, end) with their case's kind, reasons and
        target, and the trusted flagger behind a notice case, if any."""
        statement = (
            select(
                case_actions,
                cases.c.kind.label("case_kind"),
                cases.c.reasons.label("case_reasons"),
                cases.c.target_type.label("case_target_type"),
                cases.c.created_at.label("case_created_at"),
            )
            .join(cases, cases.c.id == case_actions.c.case_id)
            .where(
                case_actions.c.created_at >= start,
                case_actions.c.created_at < end,
                case_actions.c.action.in_([a.value for a in actions]),
            )
            .order_by(case_actions.c.created_at, case_actions.c.id)
        )
        rows = list(await self._conn.execute(statement))
        notice_cases = [r.case_id for r in rows if r.case_kind == CaseKind.NOTICE.value]
        flaggers: dict[str, str] = {}
        if notice_cases:
            joined = (
                select(dsa_notices.c.case_id, trusted_flaggers.c.name)
                .join(trusted_flaggers, trusted_flaggers.c.id == dsa_notices.c.flagger_id)
                .where(dsa_notices.c.case_id.in_(notice_cases))
            )
            flaggers = {case_id: name for case_id, name in await self._conn.execute(joined)}
        return [
            Decision(
                action=action_of(r),
                case_kind=CaseKind(r.case_kind),
                case_reasons=tuple(orjson.loads(r.case_reasons)),
                target_type=TargetType(r.case_target_type),
                case_created_at=r.case_created_at,
                flagger=flaggers.get(r.case_id),
            )
            for r in rows
        ]

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
