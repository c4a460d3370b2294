"""``POST /api/v1/reports``: anyone may report a message, a user or a room
they can see; the content and its context are copied under legal hold and a
case is opened (or joined). The reporter is told the outcome later."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from causerie.domain.bands import Band
from causerie.domain.errors import Invalid, NotFound
from causerie.domain.ids import new_id
from causerie.domain.incidents import source_signal
from causerie.domain.models import Message, RoomKind, Viewer
from causerie.domain.moderation import (
    REASONS,
    CaseKind,
    Report,
    TargetType,
)
from causerie.domain.times import rfc3339
from causerie.ports import StorageUnitOfWork
from causerie.services import media
from causerie.services.access import Door, check_account_open
from causerie.services.cases import message_context, message_snapshot, open_case, snapshot
from causerie.services.deps import Deps
from causerie.services.edits import edit_snapshot

DETAILS_MAX = 2000
USER_CONTEXT = 20


@dataclass(frozen=True, slots=True)
class _Target:
    subject_id: str | None
    involves_teen: bool
    evidence: dict[str, Any]
    # Where it happened and what the queue row quotes (domain/incidents.py).
    room_id: str | None = None
    text: str | None = None


def _last_words(context: list[Message], author_id: str | None) -> str | None:
    """The subject's latest words in the context: what a queue row quotes
    for a report on an account or a room."""
    said = [m.text for m in context if m.author_id == author_id and not m.deleted]
    return said[-1] if said else None


async def _sealed(
    uow: StorageUnitOfWork,
    *,
    content: dict[str, Any],
    context: list[Message],
    user_ids: list[str],
) -> dict[str, Any]:
    """The evidence snapshot, with the earlier versions of every edited
    message of its context: whatever the report names (a message, its
    author, a room), what those messages said before an edit is kept under
    the same legal hold as what they say now (services/edits.py)."""
    evidence = await snapshot(uow, content=content, context=context, user_ids=user_ids)
    for item, message in zip(evidence["context"], context, strict=True):
        if message.edited_at is None:
            continue
        history = await uow.edits.for_message(message.id)
        if history:
            item["edits"] = [edit_snapshot(e) for e in history]
    return evidence


async def _message_target(
    door: Door, uow: StorageUnitOfWork, viewer: Viewer, message_id: str
) -> _Target:
    message = await uow.messages.get(message_id)
    if message is None or message.deleted:
        raise NotFound()
    # The one door decides whether the reporter can see that room at all.
    await door.access_reportable_room(uow, viewer, message.room_id)
    context = await message_context(uow, message)
    content: dict[str, Any] = {"type": "message", **message_snapshot(message)}
    # An edited message is sealed with what it said before (services/edits.py).
    history = await uow.edits.for_message(message.id)
    if history:
        content["edits"] = [edit_snapshot(e) for e in history]
    evidence = await _sealed(
        uow, content=content, context=context, user_ids=[message.author_id, viewer.id]
    )
    author = await uow.users.get(message.author_id)
    teen = viewer.band is Band.TEEN or (author is not None and author.band is Band.TEEN)
    return _Target(message.author_id, teen, evidence, message.room_id, message.text)


async def _user_target(door: Door, uow: StorageUnitOfWork, viewer: Viewer, user_id: str) -> _Target:
    user = await door.access_reportable_user(uow, viewer, user_id)
    context: list[Message] = []
    conversation = await uow.conversations.between(viewer.id, user.id)
    if conversation is not None:
        context = await uow.messages.before(conversation.room_id, None, USER_CONTEXT)
    evidence = await _sealed(
        uow,
        content={"type": "user", "id": user.id, "bio": user.bio, "pseudo": user.pseudo},
        context=context,
        user_ids=[user.id, viewer.id],
    )
    room = conversation.room_id if conversation is not None else None
    text = _last_words(context, user.id) or user.bio
    return _Target(user.id, user.band is Band.TEEN, evidence, room, text)


async def _room_target(door: Door, uow: StorageUnitOfWork, viewer: Viewer, room_id: str) -> _Target:
    access = await door.access_reportable_room(uow, viewer, room_id)
    context = await uow.messages.before(room_id, None, USER_CONTEXT)
    room = access.room
    subject = access.other.id if access.other is not None else None
    evidence = await _sealed(
        uow,
        content={"type": "room", "id": room.id, "name": room.name, "kind": room.kind.value},
        context=context,
        user_ids=[viewer.id] + ([subject] if subject else []),
    )
    teen = Band.TEEN in room.bands or viewer.band is Band.TEEN
    if room.kind is RoomKind.DM:
        teen = viewer.band is Band.TEEN
    return _Target(subject, teen, evidence, room.id, _last_words(context, subject) or room.name)


async def file_report(
    deps: Deps,
    reporter: Viewer,
    *,
    target_type: str,
    target_id: str,
    reason: str,
    details: str | None,
) -> Report:
    if reason not in REASONS:
        raise Invalid(field="reason")
    try:
        kind = TargetType(target_type)
    except ValueError:
        raise Invalid(field="target_type") from None
    details = (details or "").strip()
    if len(details) > DETAILS_MAX:
        raise Invalid(field="details", max=DETAILS_MAX)
    # A suspended or banned account may not report (a mute does not stop it:
    # reporting is a safety control of the victim's side).
    check_account_open(reporter.user, deps.clock.now())
    await deps.rate_limit(f"report:user:{reporter.id}", deps.settings.reports_per_user)
    door = deps.door  # the same door, and policy, as reading and posting
    async with deps.uow(write=True) as uow:
        if kind is TargetType.MESSAGE:
            target = await _message_target(door, uow, reporter, target_id)
        elif kind is TargetType.USER:
            target = await _user_target(door, uow, reporter, target_id)
        elif kind is TargetType.IMAGE:  # a photo (docs/media.md): sealed with its evidence
            target = _Target(*await media.report_target(deps, uow, reporter, target_id))
        else:
            target = await _room_target(door, uow, reporter, target_id)
        target.evidence["report"] = {"reason": reason, "details": details}
        case = await open_case(
            deps,
            uow,
            kind=CaseKind.REPORT,
            target_type=kind,
            target_id=target_id,
            subject_id=target.subject_id,
            reason=reason,
            involves_teen=target.involves_teen,
            evidence=target.evidence,
            actor=f"user:{reporter.id}",
            room_id=target.room_id,
            # Never the reporter: a moderator sees who reported only as
            # "reporter n" (services/duties.sees_reporters).
            source=source_signal(
                "report",
                reason=reason,
                target_type=kind.value,
                target_id=target_id,
                at=rfc3339(deps.clock.now()),
                text=target.text,
                room=target.room_id,
            ),
        )
        report = Report(
            id=new_id(),
            case_id=case.id,
            reporter_id=reporter.id,
            target_type=kind,
            target_id=target_id,
            reason=reason,
            details=details,
            created_at=deps.clock.now(),
        )
        await uow.cases.add_report(report)
        await uow.commit()
    return report
