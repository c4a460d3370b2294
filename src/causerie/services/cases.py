"""Opening moderation cases (reports, automatic flags, appeals) and keeping
evidence under legal hold. Several reports on one target join its open case;
its severity becomes the most urgent of theirs (domain/moderation.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from causerie.domain.ids import new_id
from causerie.domain.models import Message, User
from causerie.domain.moderation import (
    Case,
    CaseKind,
    CaseStatus,
    Evidence,
    TargetType,
    most_urgent,
    severity_for,
)
from causerie.domain.times import rfc3339
from causerie.ports import UnitOfWork
from causerie.services import audit
from causerie.services.deps import Deps

CONTEXT_AROUND = 10


def user_snapshot(user: User) -> dict[str, Any]:
    """What evidence keeps of an account: enough to identify it in the case."""
    return {
        "id": user.id,
        "pseudo": user.pseudo,
        "age": user.age,
        "band": user.band.value,
        "trust_level": user.trust_level,
        "status": user.status.value,
        "created_at": rfc3339(user.created_at),
    }


def message_snapshot(message: Message) -> dict[str, Any]:
    return {
        "id": message.id,
        "room": message.room_id,
        "seq": message.seq,
        "author_id": message.author_id,
        "author_pseudo": message.author_pseudo,
        "text": message.text,
        "ts": rfc3339(message.created_at),
        "deleted": message.deleted,
    }


async def message_context(uow: UnitOfWork, message: Message) -> list[Message]:
    """The messages around one: ``CONTEXT_AROUND`` before and after."""
    before = await uow.messages.before(message.room_id, message.seq, CONTEXT_AROUND)
    after = await uow.messages.after(
        message.room_id, message.seq, message.seq + CONTEXT_AROUND, CONTEXT_AROUND
    )
    return [*before, *after]


async def snapshot(
    uow: UnitOfWork,
    *,
    content: dict[str, Any],
    context: Iterable[Message],
    user_ids: Iterable[str],
) -> dict[str, Any]:
    """Evidence content: the item, its context, and the accounts involved."""
    context = list(context)
    wanted = set(user_ids) | {m.author_id for m in context}
    users = await uow.users.get_many(wanted)
    return {
        "content": content,
        "context": [message_snapshot(m) for m in context],
        "users": [user_snapshot(u) for u in users.values()],
    }


async def open_case(
    deps: Deps,
    uow: UnitOfWork,
    *,
    kind: CaseKind,
    target_type: TargetType,
    target_id: str,
    subject_id: str | None,
    reason: str,
    involves_teen: bool = False,
    signals: Iterable[dict[str, Any]] = (),
    evidence: dict[str, Any] | None = None,
    actor: str = "system",
    threat_to_life: bool = False,
) -> Case:
    """Open a case, or join the open one of the same kind on the same target.
    The evidence is stored under legal hold, and the hold is audited. The
    severity follows from the reason (``severity_for``); ``threat_to_life``
    marks the case for escalation outside the platform (it is never unset
    by a later join)."""
    severity = severity_for(reason, involves_teen=involves_teen)
    now = deps.clock.now()
    signals = list(signals)
    case = await uow.cases.open_for_target(kind, target_type.value, target_id)
    if case is None:
        case = Case(
            id=new_id(),
            kind=kind,
            severity=severity,
            status=CaseStatus.OPEN,
            target_type=target_type,
            target_id=target_id,
            reasons=(reason,),
            created_at=now,
            subject_id=subject_id,
            signals=tuple(signals),
            threat_to_life=threat_to_life,
        )
        await uow.cases.add(case)
    else:
        reasons = case.reasons if reason in case.reasons else (*case.reasons, reason)
        case = await uow.cases.update(
            case.id,
            severity=most_urgent(case.severity, severity),
            reasons=reasons,
            signals=(*case.signals, *signals),
            threat_to_life=case.threat_to_life or threat_to_life,
        )
    if evidence is not None:
        item = Evidence(
            id=new_id(), case_id=case.id, kind="snapshot", created_at=now, content=evidence
        )
        await uow.cases.add_evidence(item)
        await audit.record(
            uow,
            now,
            actor=actor,
            action="legal_hold",
            subject=f"case:{case.id}",
            payload={"evidence": item.id, "target": f"{target_type.value}:{target_id}"},
        )
    return case
