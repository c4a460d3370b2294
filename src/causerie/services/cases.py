"""Opening moderation cases (reports, automatic flags, appeals) and keeping
evidence under legal hold. Several reports on one target join its open case;
its severity becomes the most urgent of theirs (domain/moderation.py). A
report and an automatic alert about the same author in the same room within
a day are one incident, hence one case (domain/incidents.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from causerie.domain.ids import new_id
from causerie.domain.incidents import MERGEABLE, same_incident, sources
from causerie.domain.models import Message, User
from causerie.domain.moderation import (
    Case,
    CaseKind,
    CaseSignal,
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
    signals: Iterable[CaseSignal] = (),
    evidence: dict[str, Any] | None = None,
    actor: str = "system",
    threat_to_life: bool = False,
    room_id: str | None = None,
    source: CaseSignal | None = None,
) -> Case:
    """Open a case, or join the open one of the same kind on the same target.
    The evidence is stored under legal hold, and the hold is audited. The
    severity follows from the reason (``severity_for``); ``threat_to_life``
    marks the case for escalation outside the platform (it is never unset
    by a later join). ``room_id`` is where it happened: a report or an
    automatic alert about the same subject there, recently, joins that
    case instead (one case per incident); ``source`` is recorded among the
    signals so the case lists everything that fed it."""
    severity = severity_for(reason, involves_teen=involves_teen)
    now = deps.clock.now()
    signals = list(signals)
    if source is not None:
        signals.append(source)
    case = await uow.cases.open_for_target(kind, target_type.value, target_id)
    if case is None and kind in MERGEABLE and subject_id is not None and room_id is not None:
        case = await _open_incident(uow, subject_id, room_id, now)
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


async def _open_incident(
    uow: UnitOfWork, subject_id: str, room_id: str, now: datetime
) -> Case | None:
    """The open report or automatic case about ``subject_id`` in ``room_id``
    opened within the incident window, if any (the oldest)."""
    for candidate in reversed(await uow.cases.for_subject(subject_id)):
        if candidate.status is not CaseStatus.OPEN:
            continue
        rooms = await rooms_of(uow, candidate)
        if same_incident(candidate, rooms, room_id, now):
            return candidate
    return None


async def rooms_of(uow: UnitOfWork, case: Case) -> set[str]:
    """The rooms a case is about: its sources' and its target's."""
    found = {str(s["room"]) for s in sources(case) if s.get("room")}
    if case.target_type is TargetType.ROOM:
        found.add(case.target_id)
    elif case.target_type is TargetType.MESSAGE and not found:
        message = await uow.messages.get(case.target_id)
        if message is not None:
            found.add(message.room_id)
        else:
            item = await uow.held.get(case.target_id)
            if item is not None:
                found.add(item.room_id)
    return found
