"""Public rooms: the curated catalogue and room history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from causerie.domain.chat import ReactionCount, reaction_counts
from causerie.domain.errors import Invalid
from causerie.domain.models import Message, Room, User, Viewer
from causerie.services.access import check_account_open
from causerie.services.deps import Deps

HISTORY_DEFAULT, HISTORY_MAX = 50, 100
RECENT_WINDOW = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class RoomView:
    room: Room
    members_online: int
    state: str | None = None  # private conversations only
    name: str | None = None  # the other member's pseudo for private rooms
    other: User | None = None  # the other member, for private rooms
    # Public rooms: messages in the last RECENT_WINDOW and the newest one's
    # time, so a quiet moment does not make a lively room look dead.
    recent_messages: int = 0
    last_message_at: datetime | None = None
    # Private conversations: the newest message not removed (the list shows it).
    last_message: Message | None = None


@dataclass(frozen=True, slots=True)
class HistoryPage:
    messages: list[Message]
    has_more: bool
    # Per seq shown: the reactions as this viewer may see them (none: absent).
    reactions: dict[int, list[ReactionCount]] = field(default_factory=dict)


async def list_rooms(deps: Deps, viewer: Viewer) -> list[RoomView]:
    async with deps.uow() as uow:
        rooms = deps.door.visible_rooms(viewer, await uow.rooms.list_public())
        activity = await uow.messages.activity(
            [r.id for r in rooms], deps.clock.now() - RECENT_WINDOW
        )
    counts = await deps.presence.room_counts([r.id for r in rooms])
    return [
        RoomView(
            room=r,
            members_online=counts.get(r.id, 0),
            recent_messages=activity[r.id][0] if r.id in activity else 0,
            last_message_at=activity[r.id][1] if r.id in activity else None,
        )
        for r in rooms
    ]


async def room_history(
    deps: Deps, viewer: Viewer, room_id: str, *, before: int | None, limit: int | None
) -> HistoryPage:
    """Newest last. Messages of users hidden from the viewer (blocks) are left out."""
    limit = HISTORY_DEFAULT if limit is None else limit
    if not 1 <= limit <= HISTORY_MAX:
        raise Invalid(field="limit", max=HISTORY_MAX)
    if before is not None and before < 1:
        raise Invalid(field="before")
    # Reading history is withdrawn by a suspension or a ban (the door).
    check_account_open(viewer.user, deps.clock.now())
    async with deps.uow() as uow:
        await deps.door.access_room(uow, viewer, room_id)
        rows = await uow.messages.before(room_id, before, limit + 1)
        has_more = len(rows) > limit
        rows = rows[-limit:]
        visible = [m for m in rows if m.author_id not in viewer.hidden and not m.deleted]
        pairs: dict[int, list[tuple[str, str]]] = {}
        if visible:
            pairs = await uow.reactions.for_seqs(room_id, [m.seq for m in visible])
    reactions = {
        seq: counts
        for seq, found in pairs.items()
        if (counts := reaction_counts(found, viewer.id, viewer.hidden))
    }
    return HistoryPage(messages=visible, has_more=has_more, reactions=reactions)
