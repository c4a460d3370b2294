"""Messages held for review by the safety filter: stored with their reasons
and an ``automatic`` case, taking no seq until a moderator releases them.

A refusal that opens a case (``refusal_opens_case``: a minor sexualised) is
kept the same way — the same row, case, evidence under legal hold, reason
and severity — in state ``blocked``: the sender was refused, and no
moderator can release it (the guide blocks it; a moderator reads it, and
may sanction the sender)."""

from __future__ import annotations

from causerie.domain.errors import CauserieError, Invalid, NotFound
from causerie.domain.events import MessagePosted
from causerie.domain.ids import new_id
from causerie.domain.incidents import source_signal
from causerie.domain.models import Message, User, Viewer
from causerie.domain.moderation import (
    THREAT_TO_LIFE_REASONS,
    CaseKind,
    CaseSignal,
    HeldMessage,
    HeldState,
    TargetType,
    held_case_reason,
)
from causerie.domain.times import rfc3339
from causerie.ports import UnitOfWork
from causerie.services import help_cards
from causerie.services.cases import open_case, user_snapshot
from causerie.services.deps import Deps


async def hold_message(
    deps: Deps,
    viewer: Viewer,
    room_id: str,
    client_id: str,
    text: str,
    reasons: list[str],
    *,
    refused: bool = False,
) -> HeldMessage:
    """Keep a held message and open its case (idempotent per client_id).
    ``refused``: the filter refused it (``Decision.BLOCKED_WITH_CASE``); it
    is kept as evidence for the case only, in state ``blocked``."""
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
        state=HeldState.BLOCKED if refused else HeldState.HELD,
    )
    # Said in the source and the evidence too: they outlive the row (erasure).
    refusal = {"refused": True} if refused else {}
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
                refused=refused,
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
                    **refusal,
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
    if item.state is HeldState.BLOCKED:
        # Refused to its sender: a moderator reads it, nobody receives it.
        raise Invalid(field="action", reason="refused_message")
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


async def refused_request(
    deps: Deps, viewer: Viewer, recipient: User, text: str, reasons: list[str]
) -> None:
    """The first message of a private request refused with a case
    (``refusal_opens_case``): no conversation was opened, so the case is on
    the sender, with the text, the recipient and both accounts as evidence
    under legal hold — what a held message's case gives, without a room."""
    await _open_refusal_case(
        deps,
        viewer,
        text,
        reasons,
        signals=[
            {"name": r, "source": "filter", "to": recipient.id, "request": True} for r in reasons
        ],
        content={"type": "dm_request", "to": recipient.id, "to_pseudo": recipient.pseudo},
        users=[user_snapshot(viewer.user), user_snapshot(recipient)],
        # A teen on either side, as a refused bio's case says of its author
        # (issue 12, s8fix: the request's case said nothing of it).
        involves_teen="teen" in (viewer.user.band.value, recipient.band.value),
    )


async def refused_bio(deps: Deps, viewer: Viewer, text: str, reasons: list[str]) -> None:
    """A bio refused for a reason that opens a case (``refusal_opens_case``:
    a minor sexualised, by the name policy or by the message filter). A bio
    is read by everyone who opens the profile, so it is refused at once, not
    held; but a moderator must read it as they would a message refused with
    a case (session 7: it opened none). The case is on the author, with the
    text and the account as evidence under legal hold."""
    await _open_refusal_case(
        deps,
        viewer,
        text,
        reasons,
        signals=[{"name": r, "source": "filter", "bio": True} for r in reasons],
        content={"type": "bio"},
        users=[user_snapshot(viewer.user)],
        involves_teen=viewer.user.band.value == "teen",
    )


async def _open_refusal_case(
    deps: Deps,
    viewer: Viewer,
    text: str,
    reasons: list[str],
    *,
    signals: list[CaseSignal],
    content: dict[str, object],
    users: list[dict[str, object]],
    involves_teen: bool = False,
) -> None:
    """A text refused with a case (``refusal_opens_case``) when no room holds
    it: the case is on its author, with the text and the accounts as evidence
    under legal hold — what a held message's case gives, without a room."""
    now = deps.clock.now()
    reason = held_case_reason(reasons)
    async with deps.uow(write=True) as uow:
        await open_case(
            deps,
            uow,
            kind=CaseKind.AUTOMATIC,
            target_type=TargetType.USER,
            target_id=viewer.id,
            subject_id=viewer.id,
            reason=reason,
            involves_teen=involves_teen,
            threat_to_life=bool(THREAT_TO_LIFE_REASONS.intersection(reasons)),
            signals=signals,
            source=source_signal(
                "held_message",
                reason=reason,
                target_type=TargetType.USER.value,
                target_id=viewer.id,
                at=rfc3339(now),
                text=text,
                refused=True,
            ),
            evidence={
                "content": {
                    **content,
                    "author_id": viewer.id,
                    "author_pseudo": viewer.user.pseudo,
                    "text": text,
                    "ts": rfc3339(now),
                    "reasons": reasons,
                    "refused": True,
                    # What the case was opened with, shown to the moderator
                    # (it also sets the severity of a teen's sexual content).
                    "involves_teen": involves_teen,
                },
                "context": [],
                "users": users,
            },
        )
        await uow.commit()
