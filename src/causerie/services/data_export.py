"""``GET /api/v1/me/export``: the right of access and to portability (GDPR
art. 15 and 20) — everything the service keeps about the caller, as one JSON
document (docs/privacy.md).

Other people appear by pseudo only: never their data, never who reported
the caller, never which moderator decided. The messages come last, in pages
of ``EXPORT_PAGE`` each read in its own short transaction, so a member with
100,000 messages is streamed, never held in memory; they follow the storage
index (each has its room, seq and time: sort on those), because keeping
them in time order would cost a sort of all of them for every page."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from causerie.domain.errors import Unauthenticated
from causerie.domain.models import AccountStatus, Message, RoomKind, User, Viewer
from causerie.domain.moderation import SANCTIONS, Action, CaseKind, HeldState, NoticeKind
from causerie.domain.times import rfc3339
from causerie.ports import UnitOfWork
from causerie.services import media, push
from causerie.services.access import Door, load_viewer
from causerie.services.accounts import Authenticated
from causerie.services.conversations import state_for
from causerie.services.deps import Deps
from causerie.services.privacy import privacy_repo, shown_pseudo

FORMAT = "causerie-export/1"
EXPORT_PAGE = 2000
# Far above what anyone receives (reports and sanctions are rate-limited).
NOTICES_MAX = 10_000

_HELD_OUTCOME = {
    HeldState.HELD: "pending_review",
    HeldState.RELEASED: "released",
    HeldState.DELETED: "deleted",
    # Refused at once, kept for the case it opened (services/held.py).
    HeldState.BLOCKED: "refused",
}


@dataclass(frozen=True, slots=True)
class Export:
    user: User
    generated_at: datetime
    sections: dict[str, Any]  # every section but the messages, in document order
    messages: AsyncIterator[list[dict[str, Any]]]  # the messages, page by page


def _time(moment: datetime | None) -> str | None:
    return rfc3339(moment) if moment is not None else None


class _Rooms:
    """Room names as the member sees them, read once per room."""

    def __init__(self, door: Door, viewer: Viewer) -> None:
        self._door = door
        self._viewer = viewer
        self._user = viewer.user
        self._names: dict[str, str] = {}

    async def name(self, uow: UnitOfWork, room_id: str) -> str:
        if room_id not in self._names:
            self._names[room_id] = await self._read(uow, room_id)
        return self._names[room_id]

    async def _read(self, uow: UnitOfWork, room_id: str) -> str:
        english = self._user.language == "en"
        room = await uow.rooms.get(room_id)
        if room is None or room.kind is RoomKind.PUBLIC:
            return room.name if room is not None else ""
        conversation = await uow.conversations.get(room_id)
        other = await uow.users.get(conversation.other(self._user.id)) if conversation else None
        pseudo = _other_pseudo(self._door, self._viewer, other)
        if pseudo is None:
            return "private conversation" if english else "conversation privée"
        if english:
            return f"private conversation with {pseudo}"
        return f"conversation privée avec {pseudo}"

    async def message(self, uow: UnitOfWork, message: Message) -> dict[str, Any]:
        return {
            "id": message.id,
            "room": message.room_id,
            "room_name": await self.name(uow, message.room_id),
            "seq": message.seq,
            "text": message.text,
            "ts": rfc3339(message.created_at),
            "deleted": message.deleted,
        }


def _other_pseudo(door: Door, viewer: Viewer, other: User | None) -> str | None:
    """Another member as the export may name them: through the one door
    (``may_see_user``: a block either way hides them here as everywhere),
    an erased member as the tombstone, else nobody."""
    if other is None:
        return None
    if other.status is AccountStatus.ERASED:
        return shown_pseudo(other, viewer.user.language)
    return other.pseudo if door.may_see_user(viewer, other) else None


def _profile(deps: Deps, user: User) -> dict[str, Any]:
    city = deps.gazetteer.get(user.city_id)
    return {
        "id": user.id,
        "pseudo": user.pseudo,
        "gender": user.gender.value,
        "age": user.age,
        "band": user.band.value,
        "city": {"id": user.city_id, "name": city.name if city else ""},
        "created_at": rfc3339(user.created_at),
        "trust_level": user.trust_level,
        "role": user.role.value,
        "status": user.status.value,
        "status_until": _time(user.status_until),
        "muted_until": _time(user.muted_until),
        "language": user.language,
        "bio": user.bio,
        "nearby_visible": user.nearby_visible,
        "dm_requests": user.dm_requests.value,
        "age_attested": user.age_attested,
        "email": user.email,
        "has_password": user.has_password,
        "message_count": user.message_count,
        "last_seen_at": _time(user.last_seen_at),
    }


async def export_data(deps: Deps, auth: Authenticated) -> Export:
    """The caller's data; ``rate_limited`` beyond ``export_per_user``."""
    user_id = auth.user.id
    await deps.rate_limit(f"export:user:{user_id}", deps.settings.export_per_user)
    now = deps.clock.now()
    async with deps.uow() as uow:
        privacy = privacy_repo(uow)
        user = await uow.users.get(user_id)
        if user is None or user.status is AccountStatus.ERASED:
            raise Unauthenticated()  # erased since the request was authenticated
        viewer = await load_viewer(uow, user)
        rooms = _Rooms(deps.door, viewer)
        notices = await uow.notices.for_user(user_id, NOTICES_MAX)
        notices.reverse()  # oldest first, like every other section
        sessions = [
            {
                "created_at": rfc3339(s.created_at),
                "expires_at": rfc3339(s.expires_at),
                "revoked_at": _time(s.revoked_at),
                "current": s.id == auth.session.id,
            }
            for s in await privacy.sessions_of(user_id)
        ]
        devices = [
            {
                "seen_at": rfc3339(d.seen_at),
                "device_hash": d.device_hash,
                "network_hash": d.ip_hash,
            }
            for d in await privacy.device_signals_of(user_id)
        ]
        conversations = []
        listed = await uow.conversations.for_user(user_id)
        others = await uow.users.get_many([c.other(user_id) for c in listed])
        for c in reversed(listed):
            other = others.get(c.other(user_id))
            conversations.append(
                {
                    "room": c.room_id,
                    "with": _other_pseudo(deps.door, viewer, other),
                    "state": state_for(c, user_id),
                    "created_at": rfc3339(c.created_at),
                    "decided_at": _time(c.decided_at),
                }
            )
        blocks = [
            {"pseudo": b.blocked_pseudo, "created_at": rfc3339(b.created_at)}
            for b in reversed(await uow.blocks.list_by(user_id))
        ]
        reports = []
        for report in await privacy.reports_by(user_id):
            case = await uow.cases.get(report.case_id)
            answer = next(
                (
                    n
                    for n in notices
                    if n.kind is NoticeKind.REPORT_OUTCOME and n.case_id == report.case_id
                ),
                None,
            )
            reports.append(
                {
                    "created_at": rfc3339(report.created_at),
                    "target": report.target_type.value,
                    "reason": report.reason,
                    "details": report.details,
                    "status": case.status.value if case else "closed",
                    "answer": answer.text if answer else None,
                    "answered_at": _time(answer.created_at) if answer else None,
                }
            )
        sanctions = []
        for action in await privacy.actions_about(user_id):
            if action.action not in SANCTIONS and action.action not in (Action.LIFT, Action.REDUCE):
                continue
            statement = next(
                (
                    n
                    for n in notices
                    if n.kind is NoticeKind.SANCTION
                    and n.case_id == action.case_id
                    and n.action == action.action.value
                ),
                None,
            )
            # Never the moderator (moderator_id) nor who reported.
            sanctions.append(
                {
                    "action": action.action.value,
                    "decided_at": rfc3339(action.created_at),
                    "rule": action.rule,
                    "facts": action.facts,
                    "duration_hours": action.duration_hours,
                    "statement_of_reasons": statement.text if statement else None,
                }
            )
        appeals = [
            {
                "created_at": rfc3339(c.created_at),
                "text": c.appeal_text,
                "status": c.status.value,
            }
            for c in reversed(await uow.cases.for_subject(user_id))
            if c.kind is CaseKind.APPEAL
        ]
        images = await media.export_images(uow, user_id)
        # Earlier versions of one's own messages, and one's reactions.
        edits = [
            {
                "room": e.room_id,
                "room_name": await rooms.name(uow, e.room_id),
                "seq": e.seq,
                "previous_text": e.previous_text,
                "text": e.text,
                "edited_at": rfc3339(e.edited_at),
            }
            for e in await uow.edits.by_author(user_id)
        ]
        reactions = [
            {
                "room": room_id,
                "room_name": await rooms.name(uow, room_id),
                "seq": seq,
                "emoji": emoji,
                "created_at": rfc3339(at),
            }
            for room_id, seq, emoji, at in await uow.reactions.by_user(user_id)
        ]
        # Where notifications go, not how: the push service's address and
        # the endpoint's hash name the device; the encryption keys stay here
        # (they decrypt the member's notifications, and an export is a file
        # that gets mailed around).
        notification_devices = [
            {
                "push_service": urlsplit(s.endpoint).hostname or "",
                "endpoint_sha256": hashlib.sha256(s.endpoint.encode()).hexdigest(),
                "language": s.lang,
                "at_night": s.at_night,
                "created_at": rfc3339(s.created_at),
                "this_session": s.session_id == auth.session.id,
            }
            for s in await push.devices(uow).for_user(user_id)
        ]
        held = [
            {
                "room": h.room_id,
                "room_name": await rooms.name(uow, h.room_id),
                "text": h.text,
                "reasons": list(h.reasons),
                "created_at": rfc3339(h.created_at),
                "outcome": _HELD_OUTCOME[h.state],
            }
            for h in await privacy.held_by(user_id)
        ]
    sections = {
        "format": FORMAT,
        "generated_at": rfc3339(now),
        "profile": _profile(deps, user),
        "sessions": sessions,
        "connection_data": devices,
        "conversations": conversations,
        "blocks": blocks,
        "reports": reports,
        "notices": [
            {
                "kind": n.kind.value,
                "created_at": rfc3339(n.created_at),
                "text": n.text,
                "rule": n.rule,
                "facts": n.facts,
                "appealable": n.appealable,
            }
            for n in notices
        ],
        "sanctions": sanctions,
        "appeals": appeals,
        "held_messages": held,
        "images": images,
        "message_edits": edits,
        "reactions": reactions,
        "notification_devices": notification_devices,
    }
    return Export(user, now, sections, _message_pages(deps, user, rooms))


async def _message_pages(
    deps: Deps, user: User, rooms: _Rooms
) -> AsyncIterator[list[dict[str, Any]]]:
    after: str | None = None
    while True:
        async with deps.uow() as uow:
            page = await privacy_repo(uow).messages_by(user.id, after, EXPORT_PAGE)
            items = [await rooms.message(uow, m) for m in page]
        if items:
            yield items
        if len(page) < EXPORT_PAGE:
            return
        after = page[-1].client_id
