"""The typing indicator: an ephemeral signal, never stored.

Only in private conversations: in a public room every keystroke of every
member would be fanned out to everyone (an amplifier, and noise), while in a
conversation it tells the one other person something useful. The signal goes
to the other member's connections as a ``UserFrame`` (every node gets it
through the broker), after the one door: blocks either way, a declined
conversation or a request still awaiting its answer, a mute or a suspension
all silence it, exactly as they would a message."""

from __future__ import annotations

from causerie.domain.errors import CauserieError, NotAllowed
from causerie.domain.events import UserFrame
from causerie.domain.models import Viewer
from causerie.services.access import load_viewer
from causerie.services.deps import Deps

# How long a client shows "typing…" after the last signal; a client repeats
# the signal at most every TYPING_INTERVAL seconds while it types, and the
# server forwards no more than that (per connection and conversation).
TYPING_INTERVAL = 3.0
TYPING_SHOWN = 6.0


async def signal_typing(deps: Deps, viewer: Viewer, room_id: str) -> None:
    """Tell the other member of ``room_id`` that ``viewer`` is typing."""
    async with deps.uow() as uow:
        # Re-read the author and its blocks: a mute, a suspension or a block
        # since the connection opened must count at once, as for a send.
        user = await uow.users.get(viewer.id)
        if user is None:
            raise CauserieError("unauthenticated")
        fresh = await load_viewer(uow, user)
        deps.door.check_can_act(user, deps.clock.now())
        access = await deps.door.access_room(uow, fresh, room_id, for_write=True)
    if access.conversation is None or access.other is None:
        raise NotAllowed(reason="typing_private_only")
    frame = {
        "type": "typing",
        "room": room_id,
        "user": {"id": user.id, "pseudo": user.pseudo},
    }
    await deps.events.publish(UserFrame(access.other.id, frame))
