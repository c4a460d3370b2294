"""A member removes a message of their own (docs/protocol.md, "Deleting
one's own message").

The removal is the one moderators make (``cases.delete_message``): the row
is marked deleted, live screens drop it (``MessageDeleted``, the ``deleted``
frame) and history and replay give ``withheld`` for it. Nothing is erased
here: a report already sealed the reported text as evidence under legal
hold, a held message never had a seq to remove, and the row's text goes
only when retention or erasure says so — never under a hold."""

from __future__ import annotations

from causerie.domain.errors import CauserieError, NotAllowed, NotFound
from causerie.domain.events import MessageDeleted
from causerie.domain.models import Viewer
from causerie.services.access import check_account_open, load_viewer
from causerie.services.deps import Deps


async def delete_own_message(deps: Deps, viewer: Viewer, room_id: str, seq: int) -> None:
    """Through the door: a room the member may read, a message they can see;
    only its author may remove it (a mute does not withdraw this)."""
    async with deps.uow(write=True) as uow:
        user = await uow.users.get(viewer.id)
        if user is None:
            raise CauserieError("unauthenticated")
        check_account_open(user, deps.clock.now())
        fresh = await load_viewer(uow, user)
        access = await deps.door.access_room(uow, fresh, room_id)
        found = await uow.messages.after(access.room.id, seq - 1, seq, 1) if seq >= 1 else []
        message = found[0] if found and found[0].seq == seq else None
        if message is None or message.deleted or message.author_id in fresh.hidden:
            raise NotFound()
        if message.author_id != user.id:
            raise NotAllowed(reason="not_your_message")
        deleted = await uow.cases.delete_message(message.id)
        if deleted is None:  # pragma: no cover - read in this same transaction
            raise NotFound()
        event = MessageDeleted(deleted.room_id, deleted.seq)
        uow.publish(event)
        await uow.commit()
