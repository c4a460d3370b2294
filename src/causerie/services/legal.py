"""The requisition desk and preservation orders (docs/legal.md).

A requisition (CPP art. 60-1, 77-1-1, 99-3, or a European production order)
is recorded by a member of the legal desk, approved by a second one (four
eyes: never the same person), then exported as one signed, encrypted archive
(services/legal_archive.py). A preservation order freezes accounts and
conversations for a term, renewable: the retention purge and erasure skip
them until it ends. Every step is written to the audit log (chain of
custody). Only the ``legal`` role and admins, under no sanction, reach any
of it; everyone else gets 404, as for a path that does not exist."""

from __future__ import annotations

import json
from contextvars import ContextVar
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from causerie.domain.errors import CauserieError, Invalid, NotAllowed, NotFound
from causerie.domain.ids import new_id
from causerie.domain.legal import (
    HoldSubject,
    LegalHold,
    Requisition,
    RequisitionStatus,
    Scope,
    parse_moment,
)
from causerie.domain.models import Role, User
from causerie.domain.times import rfc3339
from causerie.ports import StorageUnitOfWork, UnitOfWork
from causerie.safety.names import pseudo_key
from causerie.services import audit, legal_archive
from causerie.services.access import sanctioned
from causerie.services.cases import message_snapshot
from causerie.services.deps import Deps
from causerie.services.mail import legal_repo
from causerie.services.privacy import privacy_repo

LEGAL_BASES = {
    "cpp_60_1": "Code de procédure pénale, art. 60-1 (enquête de flagrance)",
    "cpp_77_1_1": "Code de procédure pénale, art. 77-1-1 (enquête préliminaire)",
    "cpp_99_3": "Code de procédure pénale, art. 99-3 (instruction)",
    "eu_production_order": "European Production Order, Regulation (EU) 2023/1543",
}
# Regulation (EU) 2023/1543 art. 10: 10 days, 8 hours in an emergency. The
# CPP sets no delay; the same defaults apply unless the requisition says.
DEFAULT_DEADLINE = timedelta(days=10)
EMERGENCY_DEADLINE = timedelta(hours=8)
MAX_SCOPE = 50
PAGE = 500
MAX_HOLD_DAYS = 365
DESK = (Role.LEGAL, Role.ADMIN)


def require_desk(user: User, now: datetime) -> None:
    if user.role not in DESK or sanctioned(user, now):
        raise NotFound()


# Set by the command line (cli/legal.py) to the operating-system user who
# typed the command. ``--as`` only names a member; nothing proves that member
# was there, so the audit log must say it was the command line acting, never
# pass it off as the member's own act (chain of custody).
CLI_OPERATOR: ContextVar[str | None] = ContextVar("legal_cli_operator", default=None)


def actor(user: User | None) -> str:
    """Who the audit log names: the member over the API, the OS user on the
    command line."""
    operator = CLI_OPERATOR.get()
    if operator is not None:
        return f"operator:cli:{operator}"
    return f"legal:{user.id}" if user is not None else "operator:cli"


def via(user: User | None, payload: dict[str, Any], *, approval: bool = False) -> dict[str, Any]:
    """``payload`` plus, on the command line, the member named by ``--as``
    (and, for a four-eyes approval, that it was made there, unverified)."""
    if CLI_OPERATOR.get() is None or user is None:
        return payload
    out = {**payload, "as": user.pseudo, "as_id": user.id}
    if approval:
        out["cli_approval"] = True
    return out


async def record_desk(
    uow: UnitOfWork,
    now: datetime,
    who: User | None,
    action: str,
    subject: str,
    payload: dict[str, Any],
    *,
    approval: bool = False,
) -> None:
    """One audit entry of the legal desk: named as :func:`actor` says, with
    :func:`via`'s ``--as`` member on the command line."""
    await audit.record(
        uow,
        now,
        actor=actor(who),
        action=action,
        subject=subject,
        payload=via(who, payload, approval=approval),
    )


async def recorded_by_this_operator(uow: UnitOfWork, action: str, ref: str) -> bool:
    """On the command line: did the same OS user record it (``action``, with
    ``ref`` as its subject or its ``ban``)? Then approving it under another
    member's name is still one person: four eyes refuses it. (Reads the whole
    log; only the command line pays for it, and approvals are rare.)"""
    operator = CLI_OPERATOR.get()
    if operator is None:
        return False
    return any(
        e.action == action
        and e.actor == f"operator:cli:{operator}"
        and ref in (e.subject, e.payload.get("ban"))
        for e in await uow.audit.entries()
    )


async def audit_refusal(
    deps: Deps, user: User | None, action: str, subject: str, exc: CauserieError
) -> None:
    """A refused attempt on the desk (four eyes, export before approval…) is
    part of the chain of custody too: written in its own transaction, since
    the refused one is rolled back."""
    async with deps.uow(write=True) as uow:
        await record_desk(
            uow,
            deps.clock.now(),
            user,
            action,
            subject,
            {"refused": exc.params.get("reason", exc.code)},
        )
        await uow.commit()


async def _resolve_accounts(uow: StorageUnitOfWork, names: list[str]) -> list[str]:
    """Account ids from ids or pseudonyms; an unknown one is refused by name.
    An erased account is found by its id (its identification is sealed)."""
    found: list[str] = []
    for name in names:
        user = await uow.users.get(name) or await uow.users.by_pseudo_key(pseudo_key(name))
        if user is None:
            if await legal_repo(uow).identification_record(name) is None:
                raise Invalid(field="accounts", reason="unknown", value=name[:64])
            found.append(name)
        else:
            found.append(user.id)
    return list(dict.fromkeys(found))


async def _scope(uow: StorageUnitOfWork, raw: dict[str, Any]) -> Scope:
    accounts = [str(a) for a in raw.get("accounts") or []]
    conversations = [str(c) for c in raw.get("conversations") or []]
    if not accounts and not conversations:
        raise Invalid(field="scope")
    if len(accounts) + len(conversations) > MAX_SCOPE:
        raise Invalid(field="scope", max=MAX_SCOPE)
    for room_id in conversations:
        if await uow.rooms.get(room_id) is None:
            raise Invalid(field="conversations", reason="unknown", value=room_id[:64])
    start, end = parse_moment(raw.get("from"), "from"), parse_moment(raw.get("to"), "to")
    if start and end and end <= start:
        raise Invalid(field="to")
    return Scope(tuple(await _resolve_accounts(uow, accounts)), tuple(conversations), start, end)


# --- requisitions -------------------------------------------------------------------


async def record_requisition(
    deps: Deps,
    clerk: User,
    *,
    requester: str,
    legal_basis: str,
    case_reference: str,
    scope: dict[str, Any],
    deadline: str | None = None,
    emergency: bool = False,
    recipient_key: str | None = None,
) -> dict[str, Any]:
    """Intake: the requisition as received. Nothing leaves yet."""
    now = deps.clock.now()
    require_desk(clerk, now)
    if legal_basis not in LEGAL_BASES:
        raise Invalid(field="legal_basis")
    requester, case_reference = requester.strip(), case_reference.strip()
    if not requester or len(requester) > 500:
        raise Invalid(field="requester")
    if not case_reference or len(case_reference) > 200:
        raise Invalid(field="case_reference")
    if recipient_key is not None:
        try:
            if len(legal_archive.unb64(recipient_key)) != 32:
                raise ValueError
        except ValueError:
            raise Invalid(field="recipient_key") from None
    due = parse_moment(deadline, "deadline") or now + (
        EMERGENCY_DEADLINE if emergency else DEFAULT_DEADLINE
    )
    requisition_id = new_id()
    async with deps.uow(write=True) as uow:
        resolved = await _scope(uow, scope)
        requisition = Requisition(
            id=requisition_id,
            requester=requester,
            legal_basis=legal_basis,
            case_reference=case_reference,
            scope=resolved,
            deadline=due,
            emergency=emergency,
            status=RequisitionStatus.RECEIVED,
            recipient_key=recipient_key,
            created_by=clerk.id,
            created_at=now,
        )
        await legal_repo(uow).add_requisition(requisition)
        await record_desk(
            uow,
            now,
            clerk,
            "legal.requisition_received",
            f"requisition:{requisition_id}",
            {
                "legal_basis": legal_basis,
                "case_reference": case_reference,
                "scope": resolved.as_json(),
                "deadline": rfc3339(due),
                "emergency": emergency,
            },
        )
        await uow.commit()
    # As it always answered: the approval and export fields come once set.
    return {k: v for k, v in present(requisition).items() if k not in _NOT_YET}


_NOT_YET = ("approved_by", "approved_at", "exported_at", "export_sha256")


def present(requisition: Requisition) -> dict[str, Any]:
    """The desk's JSON: every field, the scope as JSON, moments in RFC 3339."""
    out = asdict(requisition)
    out["scope"] = requisition.scope.as_json()
    out["status"] = requisition.status.value
    for key in ("deadline", "created_at", "approved_at", "exported_at"):
        if out[key] is not None:
            out[key] = rfc3339(out[key])
    out["legal_basis_text"] = LEGAL_BASES.get(requisition.legal_basis, requisition.legal_basis)
    return out


async def list_requisitions(deps: Deps, clerk: User) -> list[dict[str, Any]]:
    require_desk(clerk, deps.clock.now())
    async with deps.uow() as uow:
        return [present(r) for r in await legal_repo(uow).requisitions(500)]


async def get_requisition(deps: Deps, clerk: User, requisition_id: str) -> dict[str, Any]:
    require_desk(clerk, deps.clock.now())
    async with deps.uow() as uow:
        requisition = await legal_repo(uow).get_requisition(requisition_id)
    if requisition is None:
        raise NotFound()
    return present(requisition)


async def approve(deps: Deps, approver: User, requisition_id: str) -> dict[str, Any]:
    """The second pair of eyes: another legal or admin member than who recorded it."""
    now = deps.clock.now()
    require_desk(approver, now)
    async with deps.uow(write=True) as uow:
        repo = legal_repo(uow)
        row = await repo.get_requisition(requisition_id)
        if row is None:
            raise NotFound()
        if row.status is not RequisitionStatus.RECEIVED:
            raise CauserieError("conflict", reason=f"already_{row.status.value}")
        refused = row.created_by == approver.id or await recorded_by_this_operator(
            uow, "legal.requisition_received", f"requisition:{requisition_id}"
        )
    if refused:
        exc = NotAllowed(reason="four_eyes")
        await audit_refusal(
            deps,
            approver,
            "legal.requisition_approve_refused",
            f"requisition:{requisition_id}",
            exc,
        )
        raise exc
    async with deps.uow(write=True) as uow:
        repo = legal_repo(uow)
        row = await repo.get_requisition(requisition_id)
        if row is None:
            raise NotFound()
        if row.status is not RequisitionStatus.RECEIVED:
            raise CauserieError("conflict", reason=f"already_{row.status.value}")
        row = await repo.update_requisition(
            requisition_id,
            status=RequisitionStatus.APPROVED,
            approved_by=approver.id,
            approved_at=now,
        )
        await record_desk(
            uow,
            now,
            approver,
            "legal.requisition_approved",
            f"requisition:{requisition_id}",
            {"recorded_by": row.created_by},
            approval=True,
        )
        await uow.commit()
    return present(row)


def _dump(value: Any) -> bytes:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str).encode()


async def _collect(uow: StorageUnitOfWork, scope: Scope) -> dict[str, bytes]:
    """Every file of the export: identification data (decree 2021-1362),
    connection records, messages and evidence in scope."""
    files: dict[str, bytes] = {}
    privacy = privacy_repo(uow)
    repo = legal_repo(uow)
    for user_id in scope.accounts:
        user = await uow.users.get(user_id)
        sealed = await repo.identification_record(user_id)
        identification: dict[str, Any] = {"account_id": user_id}
        if user is not None:
            identification["account"] = {
                "pseudo": user.pseudo,
                "email": user.email,
                "gender": user.gender.value,
                "declared_age": user.age,
                "band": user.band.value,
                "city_id": user.city_id,
                "created_at": rfc3339(user.created_at),
                "status": user.status.value,
                "age_attested": user.age_attested,
                "last_seen_at": rfc3339(user.last_seen_at) if user.last_seen_at else None,
            }
        if sealed is not None:
            identification["sealed_record"] = {
                k: rfc3339(v) if isinstance(v, datetime) else v for k, v in asdict(sealed).items()
            }
        files[f"accounts/{user_id}/identification.json"] = _dump(identification)
        connections = {
            "sessions": [
                {
                    "id": s.id,
                    "created_at": rfc3339(s.created_at),
                    "last_seen_at": rfc3339(s.last_seen_at) if s.last_seen_at else None,
                    "expires_at": rfc3339(s.expires_at),
                    "revoked_at": rfc3339(s.revoked_at) if s.revoked_at else None,
                    "user_agent": s.user_agent,
                }
                for s in await privacy.sessions_of(user_id)
                if scope.covers(s.created_at) or scope.covers(s.last_seen_at or s.created_at)
            ],
            # Keyed hashes only: the service never stores addresses in clear
            # (docs/legal.md, "What we can and cannot give").
            "device_signals": [
                {"device_hash": d.device_hash, "ip_hash": d.ip_hash, "seen_at": rfc3339(d.seen_at)}
                for d in await privacy.device_signals_of(user_id)
                if scope.covers(d.seen_at)
            ],
        }
        files[f"accounts/{user_id}/connections.json"] = _dump(connections)
        authored: list[dict[str, Any]] = []
        after: str | None = None
        while True:
            page = await privacy.messages_by(user_id, after, PAGE)
            authored += [message_snapshot(m) for m in page if scope.covers(m.created_at)]
            if len(page) < PAGE:
                break
            after = page[-1].client_id
        authored.sort(key=lambda m: (m["ts"], m["room"], m["seq"]))
        files[f"accounts/{user_id}/messages.json"] = _dump(authored)
        evidence: list[dict[str, Any]] = []
        for case in await uow.cases.for_subject(user_id):
            for item in await uow.cases.evidence(case.id):
                if scope.covers(item.created_at):
                    evidence.append(
                        {
                            "case_id": case.id,
                            "reasons": list(case.reasons),
                            "evidence_id": item.id,
                            "kind": item.kind,
                            "created_at": rfc3339(item.created_at),
                            "content": item.content,
                        }
                    )
        files[f"accounts/{user_id}/evidence.json"] = _dump(evidence)
    for room_id in scope.conversations:
        conversation = await uow.conversations.get(room_id)
        room = await uow.rooms.get(room_id)
        last = room.last_seq if room is not None else 0
        room_messages: list[dict[str, Any]] = []
        seq = 0
        while seq < last:
            page = await uow.messages.after(room_id, seq, last, PAGE)
            room_messages += [message_snapshot(m) for m in page if scope.covers(m.created_at)]
            if not page:
                break
            seq = page[-1].seq
        files[f"conversations/{room_id}.json"] = _dump(
            {
                "room_id": room_id,
                "participants": (
                    [conversation.requester_id, conversation.recipient_id] if conversation else []
                ),
                "messages": room_messages,
            }
        )
    return files


async def export(
    deps: Deps,
    clerk: User,
    requisition_id: str,
    signing_key: Ed25519PrivateKey,
    *,
    passphrase: str | None = None,
) -> bytes:
    """The approved requisition's archive: signed, then encrypted to the
    requester's key, or with ``passphrase`` (given to them out of band)."""
    now = deps.clock.now()
    require_desk(clerk, now)
    async with deps.uow() as uow:
        row = await legal_repo(uow).get_requisition(requisition_id)
        if row is None:
            raise NotFound()
        approved = row.status in (RequisitionStatus.APPROVED, RequisitionStatus.EXPORTED)
    if not approved:
        exc = NotAllowed(reason="not_approved")
        await audit_refusal(
            deps, clerk, "legal.export_refused", f"requisition:{requisition_id}", exc
        )
        raise exc
    async with deps.uow() as uow:
        row = await legal_repo(uow).get_requisition(requisition_id)
        if row is None:
            raise NotFound()
        if row.recipient_key is None and not passphrase:
            raise Invalid(field="passphrase")
        if passphrase is not None and len(passphrase) < 12:
            raise Invalid(field="passphrase", min=12)
        files = await _collect(uow, row.scope)
    files["requisition.json"] = _dump(present(row))
    meta = {
        "format": "causerie-legal-export/1",
        "requisition": requisition_id,
        "legal_basis": row.legal_basis,
        "case_reference": row.case_reference,
        "requester": row.requester,
        "recorded_by": row.created_by,
        "approved_by": row.approved_by,
        "exported_by": clerk.id,
        "exported_at": rfc3339(now),
    }
    plain = legal_archive.build(files, meta, signing_key)
    if row.recipient_key is not None:
        sealed = legal_archive.encrypt_to_key(plain, legal_archive.unb64(row.recipient_key))
        mode = "x25519"
    else:
        assert passphrase is not None
        sealed = legal_archive.encrypt_with_passphrase(plain, passphrase)
        mode = "scrypt"
    digest = legal_archive.sha256(sealed)
    async with deps.uow(write=True) as uow:
        await legal_repo(uow).update_requisition(
            requisition_id,
            status=RequisitionStatus.EXPORTED,
            exported_at=now,
            export_sha256=digest,
        )
        await record_desk(
            uow,
            now,
            clerk,
            "legal.export",
            f"requisition:{requisition_id}",
            {
                "files": len(files),
                "archive_sha256": legal_archive.sha256(plain),
                "sealed_sha256": digest,
                "encryption": mode,
            },
        )
        await uow.commit()
    return sealed


# --- preservation orders ------------------------------------------------------------


async def preserve(
    deps: Deps,
    clerk: User | None,
    *,
    reference: str,
    scope: dict[str, Any],
    days: int,
) -> dict[str, Any]:
    """Freeze accounts and conversations for ``days`` (a legal hold). A
    conversation freezes its two participants too: erasing either would
    otherwise blank their side of it."""
    now = deps.clock.now()
    if clerk is not None:
        require_desk(clerk, now)
    if not 1 <= days <= MAX_HOLD_DAYS:
        raise Invalid(field="days", max=MAX_HOLD_DAYS)
    reference = reference.strip()
    if not reference or len(reference) > 200:
        raise Invalid(field="reference")
    order_id = new_id()
    until = now + timedelta(days=days)
    async with deps.uow(write=True) as uow:
        resolved = await _scope(uow, scope)
        subjects = [(HoldSubject.USER, a) for a in resolved.accounts]
        for room_id in resolved.conversations:
            subjects.append((HoldSubject.ROOM, room_id))
            conversation = await uow.conversations.get(room_id)
            if conversation is not None:
                subjects += [
                    (HoldSubject.USER, conversation.requester_id),
                    (HoldSubject.USER, conversation.recipient_id),
                ]
        repo = legal_repo(uow)
        for subject_type, subject_id in dict.fromkeys(subjects):
            await repo.add_hold(
                LegalHold(
                    id=new_id(),
                    order_id=order_id,
                    subject_type=subject_type,
                    subject_id=subject_id,
                    reference=reference,
                    until=until,
                    created_by=clerk.id if clerk else "operator:cli",
                    created_at=now,
                )
            )
        await record_desk(
            uow,
            now,
            clerk,
            "legal.hold_placed",
            f"hold:{order_id}",
            {"reference": reference, "scope": resolved.as_json(), "until": rfc3339(until)},
        )
        await uow.commit()
    return {"order_id": order_id, "until": rfc3339(until), "subjects": len(dict.fromkeys(subjects))}


async def renew(deps: Deps, clerk: User | None, order_id: str, days: int) -> dict[str, Any]:
    """Extend an order by ``days`` from its current end (or from now, if over)."""
    now = deps.clock.now()
    if clerk is not None:
        require_desk(clerk, now)
    if not 1 <= days <= MAX_HOLD_DAYS:
        raise Invalid(field="days", max=MAX_HOLD_DAYS)
    async with deps.uow(write=True) as uow:
        repo = legal_repo(uow)
        holds = await repo.holds_of_order(order_id)
        if not holds:
            raise NotFound()
        until = max([*(h.until for h in holds), now]) + timedelta(days=days)
        await repo.extend_order(order_id, until)
        await record_desk(
            uow, now, clerk, "legal.hold_renewed", f"hold:{order_id}", {"until": rfc3339(until)}
        )
        await uow.commit()
    return {"order_id": order_id, "until": rfc3339(until), "subjects": len(holds)}


async def held_accounts(uow: StorageUnitOfWork, now: datetime) -> set[str]:
    """Accounts under a preservation order in force (purge and erasure skip them)."""
    return await legal_repo(uow).held(HoldSubject.USER, now)
