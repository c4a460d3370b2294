"""Reactions on messages (docs/protocol.md, "Reactions").

A reaction is one of a small fixed set (``domain.chat.REACTIONS``): nothing
to filter, nothing to hide words in. Reacting is saying something others
see, so it takes the door a send takes (account open and not muted, room
visible, the private conversation writable — a request not yet accepted is
not a way round "strangers knock first") and a message the member can see.
Counts are per reader: the reactions of people hidden from them (blocked
either way) are not counted."""

from __future__ import annotations

from dataclasses import dataclass

from causerie.domain.chat import REACTIONS, ReactionCount, reaction_counts
from causerie.domain.errors import CauserieError, Invalid, NotFound
from causerie.domain.events import ReactionsChanged
from causerie.domain.models import Viewer
from causerie.services.access import check_can_act, load_viewer
from causerie.services.deps import Deps
from causerie.services.edits import chat_uow, message_at

# Per member, across messages: a tap is cheap, a flood of them is noise
# fanned out to a whole room.
REACT_RULE = (30, 60.0)


@dataclass(frozen=True, slots=True)
class Reactions:
    room_id: str
    seq: int
    counts: list[ReactionCount]


def check_emoji(emoji: object) -> str:
    if not isinstance(emoji, str) or emoji not in REACTIONS:
        raise Invalid(field="emoji")
    return emoji


async def react(
    deps: Deps, viewer: Viewer, room_id: str, seq: int, emoji: str, *, on: bool
) -> Reactions:
    """Add (``on``) or take back one's reaction on message ``seq``; the
    counts as this member now sees them. Idempotent both ways."""
    emoji = check_emoji(emoji)
    await deps.rate_limit(f"react:user:{viewer.id}", REACT_RULE)
    async with deps.uow(write=True) as raw_uow:
        uow = chat_uow(raw_uow)
        user = await uow.users.get(viewer.id)
        if user is None:
            raise CauserieError("unauthenticated")
        check_can_act(user, deps.clock.now())
        fresh = await load_viewer(uow, user)
        access = await deps.door.access_room(uow, fresh, room_id, for_write=True)
        message = await message_at(uow, fresh, access.room.id, seq)
        if on:
            changed = await uow.reactions.add(message, user.id, emoji, deps.clock.now())
        else:
            changed = await uow.reactions.remove(message.id, user.id, emoji)
        pairs = tuple(await uow.reactions.for_message(message.id))
        if changed:  # a repeat tells nobody anything
            event = ReactionsChanged(message.room_id, message.seq, message.author_id, pairs)
            uow.publish(event)
        await uow.commit()
    return Reactions(message.room_id, message.seq, reaction_counts(pairs, user.id, fresh.hidden))


async def message_room(deps: Deps, message_id: str) -> tuple[str, int]:
    """(room, seq) of a message id, for the HTTP routes that name messages by
    id; the door is passed afterwards, by room (unknown: ``NotFound``)."""
    async with deps.uow() as uow:
        message = await uow.messages.get(message_id)
    if message is None:
        raise NotFound()
    return message.room_id, message.seq
