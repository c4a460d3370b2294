"""Messages held for review by the safety filter: stored with their reasons
and an ``automatic`` case, taking no seq until a moderator releases them."""

from __future__ import annotations

from causerie.domain.errors import CauserieError, NotFound
from causerie.domain.events import MessagePosted
from causerie.domain.ids import new_id
from causerie.domain.incidents import source_signal
from causerie.domain.models import Message, Viewer
from causerie.domain.moderation import (
    THREAT_TO_LIFE_REASONS,
    CaseKind,
    HeldMessage,
    HeldState,
    TargetType,
    held_case_reason,
)
from causerie.domain.times import rfc3339
from causerie.ports import UnitOfWork
from causerie.services import help_cards
from causerie.services.cases import open_case
from causerie.services.deps import Deps


async def hold_message(
    deps: Deps, viewer: Viewer, room_id: str, client_id: str, text: str, reasons: list[str]
) -> HeldMessage:
    """Keep a held message and open its case (idempotent per client_id)."""
    now = deps.clock.now()
    item = HeldMessage(
        id=new_id(),
        room_id=room_id,
        author_id=viewer.id,
        author_pseudo=viewer.user.pseudo,
        text=text,
        client_id=client_id,
        reasons=tuple(reasons),
        created_at=now,
    )
    async with deps.uow(write=True) as uow:
        stored = await uow.held.add(item)
        if stored.id != item.id:
            return stored  # a retry of the same send
        recent = await uow.messages.before(room_id, None, 10)
        case = await open_case(
            deps,
            uow,
            kind=CaseKind.AUTOMATIC,
            target_type=TargetType.MESSAGE,
            target_id=item.id,
            subject_id=viewer.id,
            reason=held_case_reason(reasons),
            threat_to_life=bool(THREAT_TO_LIFE_REASONS.intersection(reasons)),
            # Each signal points at the message it fired on (the held one).
            signals=[{"name": r, "source": "filter", "message_id": item.id} for r in reasons],
            room_id=room_id,
            source=source_signal(
                "held_message",
                reason=held_case_reason(reasons),
                target_type=TargetType.MESSAGE.value,
                target_id=item.id,
                at=rfc3339(now),
                text=text,
                room=room_id,
            ),
            evidence={
                "content": {
                    "type": "held_message",
                    "id": item.id,
                    "room": room_id,
                    "author_id": viewer.id,
                    "author_pseudo": viewer.user.pseudo,
                    "text": text,
                    "reasons": reasons,
                },
                "context": [
                    {"seq": m.seq, "author_pseudo": m.author_pseudo, "text": m.text} for m in recent
                ],
                "users": [],
            },
        )
        stored = await uow.held.update(item.id, case_id=case.id)
        await uow.commit()
    if help_cards.SEXTORTION in reasons:
        # The person it is aimed at learns what to do before anything else.
        await help_cards.offer(deps, help_cards.SEXTORTION, room_id, viewer.id, case.id)
    return stored


async def release(deps: Deps, uow: UnitOfWork, held_id: str) -> Message:
    """Deliver a held message now: it takes the room's next seq."""
    item = await uow.held.get(held_id)
    if item is None:
        raise NotFound()
    if item.state is not HeldState.HELD:
        raise CauserieError("case_closed")
    seq = await uow.rooms.next_seq(item.room_id)
    message = Message(
        id=new_id(),
        room_id=item.room_id,
        seq=seq,
        author_id=item.author_id,
        author_pseudo=item.author_pseudo,
        text=item.text,
        created_at=deps.clock.now(),
        client_id=item.client_id,
    )
    await uow.messages.add(message)
    await uow.held.update(item.id, state=HeldState.RELEASED, message_id=message.id)
    members: tuple[str, ...] = ()
    conversation = await uow.conversations.get(item.room_id)
    if conversation is not None:
        members = conversation.members()
    uow.publish(MessagePosted(message, members))
    return message


async def discard(uow: UnitOfWork, held_id: str) -> None:
    await uow.held.update(held_id, state=HeldState.DELETED)
