"""Reactions on messages (docs/protocol.md, "Reactions").

A reaction is one of a small fixed set (``domain.chat.REACTIONS``): nothing
to filter, nothing to hide words in. Reacting is saying something others
see, so it takes the door a send takes (account open and not muted, room
visible, the private conversation writable — a request not yet accepted is
not a way round "strangers knock first": neither side reacts before it is
accepted) and a message the member can see. Taking one's own reaction back
is always allowed — after a decline, a block or a sanction too: it only
withdraws what the member said. Counts are per reader: the reactions of
people hidden from them (blocked either way) are not counted."""

from __future__ import annotations

from dataclasses import dataclass

from causerie.domain.chat import ReactionCount, canonical_reaction, reaction_counts
from causerie.domain.errors import CauserieError, Invalid, NotAllowed, NotFound
from causerie.domain.events import ReactionsChanged
from causerie.domain.models import ConversationState, Message, Viewer
from causerie.ports import ChatUnitOfWork
from causerie.services.access import check_account_open, check_can_act, load_viewer
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
    """The canonical form of one of the fixed set (a bare ❤ is ❤️)."""
    canonical = canonical_reaction(emoji) if isinstance(emoji, str) else None
    if canonical is None:
        raise Invalid(field="emoji")
    return canonical


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
        fresh = await load_viewer(uow, user)
        if on:
            check_can_act(user, deps.clock.now())
            message = await _reactable(deps, uow, fresh, room_id, seq)
            changed = await uow.reactions.add(message, user.id, emoji, deps.clock.now())
        else:
            check_account_open(user, deps.clock.now())
            message, changed = await _take_back(deps, uow, fresh, room_id, seq, emoji)
        pairs = tuple(await uow.reactions.for_message(message.id))
        if changed:  # a repeat tells nobody anything
            event = ReactionsChanged(message.room_id, message.seq, message.author_id, pairs)
            uow.publish(event)
        await uow.commit()
    return Reactions(message.room_id, message.seq, reaction_counts(pairs, user.id, fresh.hidden))


async def _reactable(
    deps: Deps, uow: ChatUnitOfWork, viewer: Viewer, room_id: str, seq: int
) -> Message:
    """The message, if ``viewer`` may react to it now: the door of a send,
    and in a private conversation an accepted one — the recipient of a
    request answers it (accept, or reply) before anything else, or a
    reaction would be a signal sent round "strangers knock first"."""
    access = await deps.door.access_room(uow, viewer, room_id, for_write=True)
    conversation = access.conversation
    if conversation is not None and conversation.state is ConversationState.REQUESTED:
        raise NotAllowed(reason="accept_first")
    return await message_at(uow, viewer, access.room.id, seq)


async def _take_back(
    deps: Deps, uow: ChatUnitOfWork, viewer: Viewer, room_id: str, seq: int, emoji: str
) -> tuple[Message, bool]:
    """Remove the member's own reaction, whatever became of the conversation
    or of the author since (declined, blocked). Where they had none, the
    door decides as for reading, so that an invisible message stays unknown."""
    found = await uow.messages.after(room_id, seq - 1, seq, 1) if seq >= 1 else []
    message = found[0] if found and found[0].seq == seq else None
    if message is not None and await uow.reactions.remove(message.id, viewer.id, emoji):
        return message, True
    access = await deps.door.access_room(uow, viewer, room_id)
    return await message_at(uow, viewer, access.room.id, seq), False


async def message_room(deps: Deps, message_id: str) -> tuple[str, int]:
    """(room, seq) of a message id, for the HTTP routes that name messages by
    id; the door is passed afterwards, by room (unknown: ``NotFound``)."""
    async with deps.uow() as uow:
        message = await uow.messages.get(message_id)
    if message is None:
        raise NotFound()
    return message.room_id, message.seq
