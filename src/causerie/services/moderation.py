"""The moderation door: the queue, a case with everything needed to decide,
and the actions. Only staff under no sanction get past ``require_staff``;
everyone else gets ``NotFound``, so the section does not even exist for them.
Separation of duties (``services/duties.py``) is checked on every read and
action: nobody handles a case they are a party to, cases about staff are for
admins. Every action is written to the audit log in the same transaction as
its effect."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from causerie.domain.errors import CauserieError, Invalid, NotFound
from causerie.domain.events import MessageDeleted
from causerie.domain.ids import new_id
from causerie.domain.incidents import merged_targets
from causerie.domain.models import User
from causerie.domain.moderation import (
    CLOSING,
    SANCTIONS,
    Action,
    Case,
    CaseAction,
    CaseKind,
    CaseStatus,
    Evidence,
    HeldState,
    Notice,
    NoticeKind,
    Report,
    TargetType,
)
from causerie.domain.times import rfc3339
from causerie.ports import StorageUnitOfWork, UnitOfWork
from causerie.services import audit, duties, held, notices
from causerie.services.appeals import decide_appeal
from causerie.services.case_sources import case_sources, conversation_of
from causerie.services.deps import Deps
from causerie.services.dsa_notices import tell_notifiers
from causerie.services.legal_misuse import weigh
from causerie.services.restrictions import Term, case_terms, lift_term
from causerie.services.sanctions import Decision, sanction_account

QUEUE_MAX = 500


def require_staff(user: User, now: datetime) -> None:
    duties.require_staff(user, now)


@dataclass(frozen=True, slots=True)
class QueueRow:
    """A queue row: the case, and the pseudo of the account it is about."""

    case: Case
    subject_pseudo: str | None


async def queue_rows(deps: Deps, staff: User, status: str, kind: str | None) -> list[QueueRow]:
    """``list_cases`` with each subject's pseudo (read in one query)."""
    cases = await list_cases(deps, staff, status, kind)
    async with deps.uow() as uow:
        users = await uow.users.get_many({c.subject_id for c in cases if c.subject_id})
    return [
        QueueRow(c, users[c.subject_id].pseudo if c.subject_id in users else None) for c in cases
    ]


async def list_cases(deps: Deps, staff: User, status: str, kind: str | None) -> list[Case]:
    """The queue as ``staff`` may see it: without the cases they are a party
    to, and without cases about staff unless they are an admin."""
    require_staff(staff, deps.clock.now())
    try:
        wanted = CaseStatus(status)
        wanted_kind = CaseKind(kind) if kind else None
    except ValueError:
        raise Invalid(field="status" if kind is None else "kind") from None
    async with deps.uow() as uow:
        queue = await uow.cases.queue(wanted, wanted_kind, QUEUE_MAX)
        found = await duties.parties_of(uow, queue)
        return [c for c in queue if duties.may_list(staff, found[c.id])]


@dataclass(frozen=True, slots=True)
class AccountHistory:
    user: User
    account_age_days: float
    previous_cases: list[Case]
    sanctions: list[Notice]


@dataclass(frozen=True, slots=True)
class CaseDetail:
    case: Case
    evidence: list[Evidence]
    reports: list[dict[str, Any]]
    actions: list[CaseAction]
    accounts: list[AccountHistory] = field(default_factory=list)
    held: dict[str, Any] | None = None
    # Everything that fed the case (reports and automatic alerts), oldest
    # first, and the conversation around it with the flagged messages marked.
    sources: list[dict[str, Any]] = field(default_factory=list)
    conversation: list[dict[str, Any]] = field(default_factory=list)
    subject_pseudo: str | None = None


async def _history(deps: Deps, uow: UnitOfWork, user: User, case_id: str) -> AccountHistory:
    cases = [c for c in await uow.cases.for_subject(user.id) if c.id != case_id]
    sanctions = [
        n for n in await uow.notices.for_user(user.id, 200) if n.kind is NoticeKind.SANCTION
    ]
    age = (deps.clock.now() - user.created_at).total_seconds() / 86400
    return AccountHistory(user, round(age, 2), cases, sanctions)


async def case_detail(deps: Deps, staff: User, case_id: str) -> CaseDetail:
    require_staff(staff, deps.clock.now())
    async with deps.uow() as uow:
        case = await uow.cases.get(case_id)
        if case is None:
            raise NotFound()
        duties.check_may_handle(staff, await duties.parties(uow, case))
        reports = await uow.cases.reports(case.id)
        ids = {r.reporter_id for r in reports}
        if case.subject_id:
            ids.add(case.subject_id)
        users = await uow.users.get_many(ids)
        accounts = []
        if case.subject_id and case.subject_id in users:
            accounts.append(await _history(deps, uow, users[case.subject_id], case.id))
        held_info: dict[str, Any] | None = None
        if case.kind is CaseKind.AUTOMATIC and case.target_type is TargetType.MESSAGE:
            item = await uow.held.get(case.target_id)
            if item is not None:
                held_info = {"id": item.id, "state": item.state.value}
        evidence = await uow.cases.evidence(case.id)
        if not duties.sees_reporters(staff):
            hidden = {r.reporter_id for r in reports}
            evidence = [_without_reporters(e, hidden) for e in evidence]
        labels = {rid: n for n, rid in enumerate(dict.fromkeys(r.reporter_id for r in reports), 1)}
        presented = [
            _present_report(r, users, labels[r.reporter_id], duties.sees_reporters(staff))
            for r in reports
        ]
        subject = users.get(case.subject_id) if case.subject_id else None
        return CaseDetail(
            case=case,
            evidence=evidence,
            reports=presented,
            actions=await uow.cases.actions(case.id),
            accounts=accounts,
            held=held_info,
            sources=await case_sources(uow, case, reports, presented),
            conversation=conversation_of(case, evidence),
            subject_pseudo=subject.pseudo if subject else None,
        )


def _present_report(
    report: Report, users: dict[str, User], label: int, identified: bool
) -> dict[str, Any]:
    """A report; the reporter named only to those who may see who reported
    (``duties.sees_reporters``), else only numbered within the case."""
    reporter = users.get(report.reporter_id)
    who: dict[str, Any] = {"label": label, "id": None, "pseudo": None}
    if identified:
        who.update(id=report.reporter_id, pseudo=reporter.pseudo if reporter else None)
    return {
        "id": report.id,
        "reporter": who,
        "reason": report.reason,
        "details": report.details,
        "created_at": rfc3339(report.created_at),
    }


def _without_reporters(item: Evidence, reporters: set[str]) -> Evidence:
    """Evidence as a moderator sees it: the reporters' account snapshots are
    left out unless the content or its context shows them anyway (a party to
    the reported conversation is visible in it, and needed to decide). An
    escalation bundle carries the snapshots again: the same rule inside."""
    return replace(item, content=_snapshot_without(item.content, reporters))


def _snapshot_without(content: dict[str, Any], reporters: set[str]) -> dict[str, Any]:
    bundled = content.get("evidence")
    if isinstance(bundled, list):
        content = {
            **content,
            "evidence": [
                {**e, "content": _snapshot_without(e["content"], reporters)}
                if isinstance(e, dict) and isinstance(e.get("content"), dict)
                else e
                for e in bundled
            ],
        }
    audit_entries = content.get("audit")
    if isinstance(audit_entries, list):
        # The legal holds a report made name its reporter as their actor.
        actors = {f"user:{r}" for r in reporters}
        content = {
            **content,
            "audit": [
                {**e, "actor": "user:reporter"}
                if isinstance(e, dict) and e.get("actor") in actors
                else e
                for e in audit_entries
            ],
        }
    users = content.get("users")
    if not isinstance(users, list):
        return content
    shown: set[str] = set()
    for message in content.get("context") or []:
        if isinstance(message, dict):
            shown.add(str(message.get("author_id")))
    inner = content.get("content")
    if isinstance(inner, dict):
        shown.update(str(inner.get(k)) for k in ("author_id", "id") if inner.get(k))
    hidden = reporters - shown
    kept = [u for u in users if not (isinstance(u, dict) and u.get("id") in hidden)]
    return {**content, "users": kept}


async def act(deps: Deps, staff: User, case_id: str, decision: Decision) -> Case:
    """Apply one action to a case (see docs/moderation.md for each effect)."""
    require_staff(staff, deps.clock.now())
    async with deps.uow(write=True) as uow:
        case = await uow.cases.get(case_id)
        if case is None:
            raise NotFound()
        # Every action, the appeal decisions and a lift on a closed case alike.
        duties.check_may_handle(staff, await duties.parties(uow, case))
        if case.status is CaseStatus.CLOSED and decision.action is not Action.LIFT:
            raise CauserieError("case_closed")
        if case.kind is CaseKind.APPEAL:
            case = await decide_appeal(deps, uow, staff, case, decision)
        else:
            case = await _apply(deps, uow, staff, case, decision)
        await uow.commit()
    return case


async def _subject(uow: UnitOfWork, case: Case) -> User:
    if case.subject_id is None:
        raise Invalid(field="action", reason="no_account")
    user = await uow.users.get(case.subject_id)
    if user is None:
        raise NotFound()
    return user


async def _lift_case(uow: StorageUnitOfWork, subject: User, case: Case, now: datetime) -> None:
    """Undo this case's restriction only; other cases' sanctions stay."""
    term = (await case_terms(uow, subject.id)).get(case.id)
    if term is None and subject.muted_until and any(s.get("held") for s in case.signals):
        # A ban-evasion hold made before holds were recorded on their case
        # (services/restrictions.py, record_system_term): read from the account.
        term = Term(Action.MUTE, subject.muted_until)
    await lift_term(uow, subject, term, case.id, now)


async def _apply(
    deps: Deps, uow: StorageUnitOfWork, staff: User, case: Case, decision: Decision
) -> Case:
    now = deps.clock.now()
    action = decision.action
    if action is Action.REDUCE:
        raise Invalid(field="action", reason="appeal_actions")  # appeals only
    subject: User | None = None
    until: datetime | None = None
    if decision.duration_hours is not None:
        until = now + timedelta(hours=decision.duration_hours)
    if action is Action.DELETE_MESSAGE:
        subject = await _subject(uow, case)
        await _delete_target(uow, case)
    elif action is Action.RELEASE:
        if not (case.kind is CaseKind.AUTOMATIC and case.target_type is TargetType.MESSAGE):
            raise Invalid(field="action")
        await held.release(deps, uow, case.target_id)
    elif action in (Action.WARN, Action.MUTE, Action.SUSPEND, Action.BAN):
        subject = await _subject(uow, case)
        await sanction_account(deps, uow, subject, action, until)
    elif action is Action.LIFT:
        subject = await _subject(uow, case)
        await _lift_case(uow, subject, case, now)
    elif action is Action.ESCALATE:
        await _prepare_bundle(deps, uow, case, staff)
    # The rule in the words the member reads (a catalogue rule is cited in
    # their language); the case records the same words.
    rule = decision.rule_for(subject.language) if subject is not None else decision.rule
    record = CaseAction(
        id=new_id(),
        case_id=case.id,
        moderator_id=staff.id,
        action=action,
        rule=rule,
        facts=decision.facts,
        created_at=now,
        duration_hours=decision.duration_hours,
        subject_id=subject.id if subject else case.subject_id,
    )
    await uow.cases.add_action(record)
    await audit.record(
        uow,
        now,
        actor=f"moderator:{staff.id}",
        action=f"case.{action.value}",
        subject=f"case:{case.id}",
        payload={
            "rule": rule,
            **({"rule_id": decision.rule_id} if decision.rule_id else {}),
            "facts": decision.facts,
            "duration_hours": decision.duration_hours,
            "account": subject.id if subject else case.subject_id,
            "target": f"{case.target_type.value}:{case.target_id}",
        },
    )
    if subject is not None and action in SANCTIONS:
        await notices.send_notice(
            deps,
            uow,
            subject,
            NoticeKind.SANCTION,
            notices.sanction_text(subject, action, rule, decision.facts, until),
            rule=rule,
            facts=decision.facts,
            appealable=True,
            case_id=case.id,
            action=action.value,
            acted_by=staff.id,
        )
    if action is Action.DELETE_MESSAGE and subject is not None:  # DSA art. 23(1)
        await weigh(deps, uow, subject, case)
    changes: dict[str, Any] = {}
    if action is Action.ESCALATE:
        changes["escalated"] = True
    if action in CLOSING and case.status is CaseStatus.OPEN:
        changes.update(status=CaseStatus.CLOSED, closed_at=now)
        if case.kind in (CaseKind.REPORT, CaseKind.AUTOMATIC):
            # A report may have joined an automatic case (one per incident):
            # its reporters are told all the same.
            await _tell_reporters(deps, uow, case, acted=action is not Action.DISMISS)
        elif case.kind is CaseKind.NOTICE:  # DSA art. 16(5): by e-mail (docs/legal.md)
            await tell_notifiers(deps, uow, case, action, rule, decision.facts)
    if changes:
        case = await uow.cases.update(case.id, **changes)
    return case


async def _delete_target(uow: UnitOfWork, case: Case) -> None:
    """Delete the case's message, and the messages of the sources that
    joined it (one case per incident): reported ones are marked deleted,
    held ones discarded."""
    targets = [(case.target_type.value, case.target_id), *merged_targets(case)]
    ids = [target_id for kind, target_id in targets if kind == TargetType.MESSAGE.value]
    if not ids:
        raise Invalid(field="action", reason="not_a_message")
    for target_id in ids:
        message_id = target_id
        item = await uow.held.get(target_id)
        if item is not None:
            if item.state is HeldState.BLOCKED:
                continue  # refused by the filter: never delivered, kept as it is
            if item.state is HeldState.HELD or item.message_id is None:
                await held.discard(uow, target_id)
                continue
            message_id = item.message_id  # released since: delete what was delivered
        deleted = await uow.cases.delete_message(message_id)
        if deleted is None:
            if target_id == case.target_id:
                raise NotFound()
            continue
        uow.publish(MessageDeleted(deleted.room_id, deleted.seq))


async def _tell_reporters(deps: Deps, uow: UnitOfWork, case: Case, *, acted: bool) -> None:
    reporters = {r.reporter_id for r in await uow.cases.reports(case.id)}
    users = await uow.users.get_many(reporters)
    for user in users.values():
        await notices.send_notice(
            deps,
            uow,
            user,
            NoticeKind.REPORT_OUTCOME,
            notices.report_outcome_text(user, acted),
            case_id=case.id,
        )


async def _prepare_bundle(deps: Deps, uow: UnitOfWork, case: Case, staff: User) -> None:
    """The evidence bundle for authorities: the case, every evidence record
    and the audit entries about the case, stored as one more evidence row
    (``kind = "bundle"``) so that any node or operator can export it."""
    subject = f"case:{case.id}"
    entries = await uow.audit.about(subject)
    bundle = {
        "case": {
            "id": case.id,
            "kind": case.kind.value,
            "severity": case.severity.value,
            "target": {"type": case.target_type.value, "id": case.target_id},
            "reasons": list(case.reasons),
            "subject_id": case.subject_id,
            "created_at": rfc3339(case.created_at),
        },
        "evidence": [
            {"id": e.id, "created_at": rfc3339(e.created_at), "content": e.content}
            for e in await uow.cases.evidence(case.id)
            if e.kind == "snapshot"
        ],
        "audit": [
            {"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "hash": e.hash}
            for e in entries
        ],
        "prepared_by": staff.id,
        "prepared_at": rfc3339(deps.clock.now()),
    }
    item = Evidence(
        id=new_id(), case_id=case.id, kind="bundle", created_at=deps.clock.now(), content=bundle
    )
    await uow.cases.add_evidence(item)
