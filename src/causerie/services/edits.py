"""A member corrects a message of their own (docs/protocol.md, "Editing
one's own message").

An edit is a send that replaces a text: it goes through the same door
(account open and not muted, room visible, the private conversation still
writable, nobody blocked either way) and the same filter, with the same
outcomes — refused, held, masked, refused with a case. Only the author, only a text message, and
only for ``EDIT_WINDOW`` after it was sent.

Nothing said is lost: the text before is always kept in the edit history
(moderators read it), and when the message is reported, held or flagged —
any case about it, open or closed — the change is also sealed into that
case's evidence under legal hold. A report made after an edit seals the
history with the message (services/reports.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from causerie.domain.chat import MessageEdit, may_still_edit
from causerie.domain.errors import CauserieError, NotAllowed, NotFound
from causerie.domain.events import MessageEdited
from causerie.domain.ids import new_id
from causerie.domain.incidents import source_signal
from causerie.domain.models import Message, User, Viewer
from causerie.domain.moderation import (
    THREAT_TO_LIFE_REASONS,
    CaseKind,
    Evidence,
    TargetType,
    held_case_reason,
)
from causerie.domain.text import normalise_message
from causerie.domain.times import rfc3339
from causerie.ports import ChatUnitOfWork, StorageUnitOfWork, UnitOfWork
from causerie.services import audit, duties
from causerie.services.access import check_can_act, load_viewer
from causerie.services.cases import message_snapshot, open_case
from causerie.services.deps import Deps
from causerie.services.legal_scanning import scans_private
from causerie.services.messages import Decision, Screened, filter_now


def chat_uow(uow: StorageUnitOfWork) -> ChatUnitOfWork:
    return uow


async def message_at(uow: UnitOfWork, viewer: Viewer, room_id: str, seq: int) -> Message:
    """Message ``seq`` of a room the door already let ``viewer`` into, if they
    may see it: stored, not removed, not by someone hidden from them."""
    found = await uow.messages.after(room_id, seq - 1, seq, 1) if seq >= 1 else []
    message = found[0] if found and found[0].seq == seq else None
    if message is None or message.deleted or message.author_id in viewer.hidden:
        raise NotFound()
    return message


async def edit_own_message(
    deps: Deps, viewer: Viewer, room_id: str, seq: int, text: str
) -> Message:
    """The message as it is now (unchanged when the text is the same)."""
    text = normalise_message(text)
    # An edit costs what a send costs: same budget, shared with sends.
    rule = deps.settings.send_per_user
    if viewer.user.trust_level >= 2:
        rule = deps.settings.send_per_user_trusted
    await deps.rate_limit(f"send:user:{viewer.id}", rule)
    await deps.message_filter.ready()
    edited = await _edit(deps, viewer, room_id, seq, text)
    if isinstance(edited, _HeldEdit):
        # Its transaction rolled back, nothing changed: the text goes to
        # moderators, then the author is told as for such a send.
        await _hold_edit(deps, edited)
        raise edited.screened.refusal()
    return edited


@dataclass(frozen=True, slots=True)
class _HeldEdit:
    """The filter would hold the new text, or refuse it with a case: the
    edit is refused like such a send, and the text goes to moderators
    (after the refusing transaction)."""

    screened: Screened
    viewer: Viewer
    message: Message
    text: str


async def _edit(
    deps: Deps, viewer: Viewer, room_id: str, seq: int, text: str
) -> Message | _HeldEdit:
    now = deps.clock.now()
    async with deps.uow(write=True) as raw_uow:
        uow = chat_uow(raw_uow)
        user = await uow.users.get(viewer.id)
        if user is None:
            raise CauserieError("unauthenticated")
        check_can_act(user, now)
        fresh = await load_viewer(uow, user)
        access = await deps.door.access_room(uow, fresh, room_id, for_write=True)
        message = await message_at(uow, fresh, access.room.id, seq)
        if message.author_id != user.id:
            raise NotAllowed(reason="not_your_message")
        if message.image is not None:
            raise NotAllowed(reason="photo_not_editable")
        if not may_still_edit(message.created_at, now):
            raise NotAllowed(reason="edit_window")
        is_private = access.conversation is not None
        final = text
        if not is_private or scans_private(deps.settings, user.band):
            screened = filter_now(deps, fresh, text, is_private=is_private)
            if screened.decision in (Decision.HELD, Decision.BLOCKED_WITH_CASE):
                return _HeldEdit(screened, fresh, message, text)  # rolled back
            if not screened.deliverable:
                raise screened.refusal()
            final = screened.text
        if final == message.text:
            return message
        cases = await uow.edits.cases_about(message)
        edit = MessageEdit(
            id=new_id(),
            message_id=message.id,
            room_id=message.room_id,
            seq=message.seq,
            author_id=user.id,
            previous_text=message.text,
            text=final,
            edited_at=now,
            evidence=bool(cases),
        )
        edited = await uow.edits.apply(edit)
        for case_id in cases:
            await _seal(uow, case_id, edit, message)
        uow.publish(MessageEdited(edited))
        watcher = deps.watcher
        if (
            access.conversation is not None
            and watcher is not None
            and scans_private(deps.settings, user.band)
        ):
            members = access.conversation.members()

            async def watch() -> None:
                watcher.observe_edit_later(deps, edited, members)

            uow.after_commit(watch)
        await uow.commit()
    return edited


async def _seal(uow: UnitOfWork, case_id: str, edit: MessageEdit, message: Message) -> None:
    """The text before and after, into the case's evidence under legal hold."""
    item = Evidence(
        id=new_id(),
        case_id=case_id,
        kind="edit",
        created_at=edit.edited_at,
        content={
            "content": {"type": "message_edit", **message_snapshot(message)},
            "edit": edit_snapshot(edit),
        },
    )
    await uow.cases.add_evidence(item)
    await audit.record(
        uow,
        edit.edited_at,
        actor=f"user:{edit.author_id}",
        action="legal_hold",
        subject=f"case:{case_id}",
        payload={"evidence": item.id, "target": f"message:{message.id}"},
    )


def edit_snapshot(edit: MessageEdit) -> dict[str, Any]:
    return {
        "id": edit.id,
        "previous_text": edit.previous_text,
        "text": edit.text,
        "edited_at": rfc3339(edit.edited_at),
    }


async def _hold_edit(deps: Deps, held: _HeldEdit) -> None:
    """What a held send gets, for an edit: an automatic case on the message
    with the text proposed, under legal hold. The message keeps its text;
    a moderator who agrees with the author can say so, the author edits
    again."""
    reasons = held.screened.reasons
    message = held.message
    # Refused (not held): the sender was told ``blocked_by_filter``.
    refused = held.screened.decision is Decision.BLOCKED_WITH_CASE
    refusal = {"refused": True} if refused else {}
    async with deps.uow(write=True) as uow:
        await open_case(
            deps,
            uow,
            kind=CaseKind.AUTOMATIC,
            target_type=TargetType.MESSAGE,
            target_id=message.id,
            subject_id=held.viewer.id,
            reason=held_case_reason(reasons),
            threat_to_life=bool(THREAT_TO_LIFE_REASONS.intersection(reasons)),
            signals=[{"name": r, "source": "filter", "message_id": message.id} for r in reasons],
            # One case per incident (domain/incidents.py): a report on the
            # same author in this room joins it.
            room_id=message.room_id,
            source=source_signal(
                "held_edit",
                reason=held_case_reason(reasons),
                target_type=TargetType.MESSAGE.value,
                target_id=message.id,
                at=rfc3339(deps.clock.now()),
                text=held.text,
                room=message.room_id,
                refused=refused,
            ),
            evidence={
                "content": {
                    "type": "held_edit",
                    **message_snapshot(message),
                    "proposed_text": held.text,
                    "reasons": reasons,
                    **refusal,
                },
                "context": [],
                "users": [],
            },
        )
        await uow.commit()


async def edit_history(
    deps: Deps, staff: User, message_id: str
) -> tuple[Message, list[MessageEdit]] | None:
    """For staff: the message and its edits, oldest first; None when there
    is nothing to show. What the staff member may read follows the cases:
    with a case about the message, they must be allowed to handle one of
    them (separation of duties, services/duties.py: not a party; a case
    about staff is for admins); without any, only a public room's message
    (private messages are not browsed by id). Every read is audited: what a
    member wrote and took back in private is sensitive."""
    now = deps.clock.now()
    duties.require_staff(staff, now)
    async with deps.uow(write=True) as raw_uow:
        uow = chat_uow(raw_uow)
        message = await uow.messages.get(message_id)
        if message is None:
            return None
        about = await uow.edits.cases_about(message)
        if about:
            await _check_may_handle_one(uow, staff, about)
        elif await uow.conversations.get(message.room_id) is not None:
            return None
        history = await uow.edits.for_message(message_id)
        await audit.record(
            uow,
            now,
            actor=f"moderator:{staff.id}",
            action="message.edits_read",
            subject=f"message:{message.id}",
            payload={"cases": about, "edits": len(history)},
        )
        await uow.commit()
        return message, history


async def _check_may_handle_one(uow: UnitOfWork, staff: User, case_ids: list[str]) -> None:
    refused: CauserieError | None = None
    for case_id in case_ids:
        case = await uow.cases.get(case_id)
        if case is None:
            continue
        try:
            duties.check_may_handle(staff, await duties.parties(uow, case))
        except CauserieError as exc:
            refused = refused or exc
        else:
            return
    raise refused or NotFound()
