"""Public rooms: the curated catalogue and room history."""

from __future__ import annotations

from dataclasses import dataclass, replace

from causerie.domain.errors import Invalid
from causerie.domain.models import Message, Room, User, Viewer
from causerie.domain.policy import may_see_public_room
from causerie.services.access import access_room
from causerie.services.deps import Deps

HISTORY_DEFAULT, HISTORY_MAX = 50, 100


@dataclass(frozen=True, slots=True)
class RoomView:
    room: Room
    members_online: int
    state: str | None = None  # private conversations only
    name: str | None = None  # the other member's pseudo for private rooms
    other: User | None = None  # the other member, for private rooms


@dataclass(frozen=True, slots=True)
class HistoryPage:
    messages: list[Message]
    has_more: bool


async def list_rooms(deps: Deps, viewer: Viewer) -> list[RoomView]:
    async with deps.uow() as uow:
        rooms = [r for r in await uow.rooms.list_public() if may_see_public_room(viewer, r)]
    if not deps.settings.adult_rooms_require_attestation:
        rooms = [replace(r, requires=None) if r.requires == "age_attestation" else r for r in rooms]
    counts = await deps.presence.room_counts([r.id for r in rooms])
    return [RoomView(room=r, members_online=counts.get(r.id, 0)) for r in rooms]


async def room_history(
    deps: Deps, viewer: Viewer, room_id: str, *, before: int | None, limit: int | None
) -> HistoryPage:
    """Newest last. Messages of users hidden from the viewer (blocks) are left out."""
    limit = HISTORY_DEFAULT if limit is None else limit
    if not 1 <= limit <= HISTORY_MAX:
        raise Invalid(field="limit", max=HISTORY_MAX)
    if before is not None and before < 1:
        raise Invalid(field="before")
    async with deps.uow() as uow:
        await access_room(
            uow, viewer, room_id, attestation=deps.settings.adult_rooms_require_attestation
        )
        rows = await uow.messages.before(room_id, before, limit + 1)
    has_more = len(rows) > limit
    rows = rows[-limit:]
    visible = [m for m in rows if m.author_id not in viewer.hidden and not m.deleted]
    return HistoryPage(messages=visible, has_more=has_more)
