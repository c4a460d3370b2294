"""Judicial bans (loi SREN of 21 May 2024: a court may forbid a person to use
an online service for a term, as a sentence). See docs/legal.md.

A ban is recorded when the decision is received, and executed — the account
banned until the term, its sockets closed, a statement of reasons naming the
court decision sent to it, its device hashes copied — within
``judicial_ban_hours`` (24). ``check_overdue`` alerts when one is still
pending after that: a log line, an audit entry and a case at the top of the
moderation queue (and the count on /metrics through ``overdue``).

For the term, a sign-up from a device the banned account used is refused.
Proportionality: only the *device* hash counts (the browser's long-lived
random cookie), never the network address alone — French mobile carriers
and schools share one address among thousands, and a court's sentence on
one person must not lock out the people who happen to share their network.
A person who changes browser is not caught: the law asks for reasonable
means, not surveillance."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from causerie.domain.errors import CauserieError, Invalid, NotAllowed, NotFound
from causerie.domain.events import CLOSE_SUSPENDED, CloseUser
from causerie.domain.ids import new_id
from causerie.domain.legal import JudicialBan
from causerie.domain.models import AccountStatus, Role, User
from causerie.domain.moderation import Action, CaseKind, NoticeKind, TargetType
from causerie.domain.times import rfc3339
from causerie.i18n import message
from causerie.periodic import Periodic
from causerie.ports import StorageUnitOfWork
from causerie.safety.names import pseudo_key
from causerie.services import audit, legal_amar, notices
from causerie.services.cases import open_case
from causerie.services.deps import Deps
from causerie.services.legal import (
    audit_refusal,
    record_desk,
    recorded_by_this_operator,
    require_desk,
)
from causerie.services.legal_threats import sweep
from causerie.services.mail import legal_repo
from causerie.services.privacy import privacy_repo

log = logging.getLogger(__name__)

MAX_TERM_DAYS = 5 * 366  # the SREN law's longest term (récidive) is three years
OVERDUE_REASON = "judicial_ban_overdue"


def present(ban: JudicialBan) -> dict[str, Any]:
    """The desk's JSON: moments in RFC 3339, the device hashes only counted."""
    out = {k: rfc3339(v) if isinstance(v, datetime) else v for k, v in asdict(ban).items()}
    out["device_hashes"] = len(ban.device_hashes)
    return out


# The keys of a ban as ``record`` has always answered them, in that order.
_RECEIVED_ORDER = (
    "id",
    "user_id",
    "court",
    "court_reference",
    "received_at",
    "until",
    "device_hashes",
    "created_by",
    "executed_at",
    "alerted_at",
)


async def record(
    deps: Deps,
    clerk: User,
    *,
    account: str,
    court: str,
    court_reference: str,
    term_days: int,
) -> dict[str, Any]:
    """Receive a court's ban. It waits for a second desk member's approval,
    which executes it (four eyes, as for requisitions: one rogue or
    compromised account must not ban anyone it likes); the overdue watch
    alerts if that takes longer than ``judicial_ban_hours``."""
    now = deps.clock.now()
    require_desk(clerk, now)
    court, court_reference = court.strip(), court_reference.strip()
    if not court or len(court) > 500:
        raise Invalid(field="court")
    if not court_reference or len(court_reference) > 200:
        raise Invalid(field="court_reference")
    if not 1 <= term_days <= MAX_TERM_DAYS:
        raise Invalid(field="term_days", max=MAX_TERM_DAYS)
    ban_id = new_id()
    async with deps.uow(write=True) as uow:
        user = await uow.users.get(account) or await uow.users.by_pseudo_key(pseudo_key(account))
        if user is None:
            raise Invalid(field="account", reason="unknown")
        until = now + timedelta(days=term_days)
        ban = JudicialBan(
            id=ban_id,
            user_id=user.id,
            court=court,
            court_reference=court_reference,
            received_at=now,
            until=until,
            executed_at=None,
            device_hashes=(),
            created_by=clerk.id,
        )
        await legal_repo(uow).add_ban(ban)
        await record_desk(
            uow,
            now,
            clerk,
            "legal.judicial_ban_received",
            f"user:{user.id}",
            {
                "ban": ban_id,
                "court": court,
                "court_reference": court_reference,
                "until": rfc3339(ban.until),
            },
        )
        await uow.commit()
    shown = present(ban)
    return {k: shown[k] for k in _RECEIVED_ORDER}


def _refusal(ban: JudicialBan, approver: User, target: User | None) -> str | None:
    if ban.created_by == approver.id:
        return "four_eyes"
    if ban.user_id == approver.id:
        return "own_ban"
    # Banning staff also removes a pair of eyes from the desk: only an admin
    # may approve that.
    if target is not None and target.role is not Role.USER and approver.role is not Role.ADMIN:
        return "staff_needs_admin"
    return None


async def execute(deps: Deps, approver: User, ban_id: str) -> dict[str, Any]:
    """The second pair of eyes: another legal or admin member than the one
    who recorded it approves, which executes the ban."""
    now = deps.clock.now()
    require_desk(approver, now)
    async with deps.uow() as uow:
        ban = await legal_repo(uow).get_ban(ban_id)
        if ban is None:
            raise NotFound()
        reason = _refusal(ban, approver, await uow.users.get(ban.user_id))
        if reason is None and await recorded_by_this_operator(
            uow, "legal.judicial_ban_received", ban_id
        ):
            reason = "four_eyes"
    if reason is not None:
        exc = NotAllowed(reason=reason)
        await audit_refusal(
            deps, approver, "legal.judicial_ban_execute_refused", f"ban:{ban_id}", exc
        )
        raise exc
    async with deps.uow(write=True) as uow:
        ban = await legal_repo(uow).get_ban(ban_id)
        if ban is None:
            raise NotFound()
        if ban.executed_at is not None:
            raise CauserieError("conflict", reason="already_executed")
        ban = await _execute(deps, uow, approver, ban)
        await uow.commit()
    return present(ban)


async def _execute(
    deps: Deps, uow: StorageUnitOfWork, approver: User, ban: JudicialBan
) -> JudicialBan:
    now = deps.clock.now()
    user = await uow.users.get(ban.user_id)
    if user is None:
        raise NotFound()
    devices = sorted({d.device_hash for d in await privacy_repo(uow).device_signals_of(user.id)})
    if user.status is not AccountStatus.ERASED:
        await uow.users.update(
            user.id,
            status=AccountStatus.BANNED,
            status_until=ban.until,
            trust_level=0,
            trust_locked_until=ban.until,
        )
        event = CloseUser(user.id, CLOSE_SUSPENDED, "judicial_ban")
        uow.publish(event)
        rule = message("statement.rule.court_ban", user.language)
        facts = f"{ban.court}, {ban.court_reference}"
        await notices.send_notice(
            deps,
            uow,
            user,
            NoticeKind.SANCTION,
            notices.sanction_text(user, Action.BAN, rule, facts, ban.until),
            rule=rule,
            facts=facts,
            # Contested before the court that ordered it, not through us.
            appealable=False,
            action=Action.BAN.value,
        )
    ban = await legal_repo(uow).update_ban(ban.id, executed_at=now, device_hashes=tuple(devices))
    await record_desk(
        uow,
        now,
        approver,
        "legal.judicial_ban_executed",
        f"user:{user.id}",
        {
            "ban": ban.id,
            "recorded_by": ban.created_by,
            "devices": len(devices),
            "hours_after_receipt": round((now - ban.received_at).total_seconds() / 3600, 2),
        },
        approval=True,
    )
    return ban


async def check_signup(uow: StorageUnitOfWork, now: datetime, device_hash: str) -> None:
    """Refuse a sign-up from a device of an account under a judicial ban."""
    if device_hash in await legal_repo(uow).banned_devices(now):
        raise NotAllowed(reason="judicial_ban")


async def check_overdue(deps: Deps) -> list[dict[str, Any]]:
    """Bans received more than ``judicial_ban_hours`` ago and not executed:
    each is logged, audited and put at the top of the moderation queue once."""
    now = deps.clock.now()
    limit = now - timedelta(hours=deps.settings.judicial_ban_hours)
    async with deps.uow(write=True) as uow:
        repo = legal_repo(uow)
        overdue = await repo.unexecuted_bans(limit)
        for ban in overdue:
            if ban.alerted_at is not None:
                continue
            log.error(
                "judicial ban %s (user %s, %s) not executed %d h after receipt",
                ban.id,
                ban.user_id,
                ban.court_reference,
                deps.settings.judicial_ban_hours,
            )
            await open_case(
                deps,
                uow,
                kind=CaseKind.AUTOMATIC,
                target_type=TargetType.USER,
                target_id=ban.user_id,
                subject_id=ban.user_id,
                reason=OVERDUE_REASON,
                signals=[{"name": OVERDUE_REASON, "ban": ban.id}],
            )
            await repo.update_ban(ban.id, alerted_at=now)
            await audit.record(
                uow,
                now,
                actor="system",
                action="legal.judicial_ban_overdue",
                subject=f"user:{ban.user_id}",
                payload={"ban": ban.id, "received_at": rfc3339(ban.received_at)},
            )
        await uow.commit()
    return [present(r) for r in overdue]


async def list_bans(deps: Deps, clerk: User | None) -> list[dict[str, Any]]:
    if clerk is not None:
        require_desk(clerk, deps.clock.now())
    async with deps.uow() as uow:
        return [present(r) for r in await legal_repo(uow).bans(500)]


class OverdueWatch:
    """``check_overdue`` (and the art. 18 package sweep) inside the server,
    every ``every`` seconds; ``report`` gets the number overdue (/metrics)."""

    def __init__(self, deps: Deps, every: float, report: Callable[[int], None]) -> None:
        self._deps = deps
        self._report = report
        self._job = Periodic("judicial bans", every, self.run_once)

    def start(self) -> None:
        self._job.start()

    async def stop(self) -> None:
        await self._job.stop()

    async def run_once(self) -> int:
        # The same watch packages cases the safety layer marked a threat to life.
        await sweep(self._deps)
        await legal_amar.record(self._deps.uow, self._deps.clock)  # DSA art. 24(2)
        overdue = len(await check_overdue(self._deps))
        self._report(overdue)
        return overdue
