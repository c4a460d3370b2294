"""The one door. Every object a user may see or reach — users, public rooms,
private conversations, their histories — is fetched through here, and the
band/block policy of ``domain.policy`` is applied here and nowhere else.
Whatever the caller may not see answers ``NotFound``, exactly like an object
that does not exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from causerie.domain.errors import AttestationRequired, CauserieError, NotAllowed, NotFound
from causerie.domain.models import (
    AccountStatus,
    Conversation,
    ConversationState,
    Room,
    RoomKind,
    User,
    Viewer,
)
from causerie.domain.policy import may_see_public_room, may_see_user
from causerie.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class RoomAccess:
    room: Room
    conversation: Conversation | None = None
    other: User | None = None


async def load_viewer(uow: UnitOfWork, user: User) -> Viewer:
    return Viewer(user=user, hidden=await uow.blocks.hidden_for(user.id))


async def access_user(uow: UnitOfWork, viewer: Viewer, user_id: str) -> User:
    user = await uow.users.get(user_id)
    if user is None or not may_see_user(viewer, user):
        raise NotFound()
    return user


async def access_reportable_user(uow: UnitOfWork, viewer: Viewer, user_id: str) -> User:
    """A user the viewer may report: the same policy as ``access_user`` except
    that blocks do not hide them (block-and-report is the usual path)."""
    user = await uow.users.get(user_id)
    if user is None or user.id == viewer.id or not may_see_user(Viewer(viewer.user), user):
        raise NotFound()
    return user


def locked_out(user: User, now: datetime) -> bool:
    """Suspended or banned, and not yet expired: a timed suspension that has
    run out no longer keeps the account out."""
    return user.status in (AccountStatus.SUSPENDED, AccountStatus.BANNED) and (
        user.status_until is None or user.status_until > now
    )


def check_can_act(user: User, now: datetime) -> None:
    """An account must be active (and not muted) to write anything."""
    if user.status is AccountStatus.ERASED:
        # A send already in flight when its author erased the account.
        raise CauserieError("unauthenticated")
    if locked_out(user, now):
        raise CauserieError("account_suspended")
    if user.muted_until is not None and user.muted_until > now:
        raise CauserieError("muted", until=user.muted_until.isoformat())


async def access_room(
    uow: UnitOfWork,
    viewer: Viewer,
    room_id: str,
    *,
    for_write: bool = False,
    attestation: bool = True,
) -> RoomAccess:
    """The room if ``viewer`` may read it (and, with ``for_write``, post in it
    right now). Private rooms: members only, other side still visible."""
    room = await uow.rooms.get(room_id)
    if room is None:
        raise NotFound()
    if room.kind is RoomKind.PUBLIC:
        if not may_see_public_room(viewer, room):
            raise NotFound()
        # ``attestation`` is the operator's switch for adult-only rooms.
        if attestation and room.requires == "age_attestation" and not viewer.user.age_attested:
            raise AttestationRequired()
        return RoomAccess(room=room)
    conversation = await uow.conversations.get(room.id)
    if conversation is None or viewer.id not in conversation.members():
        raise NotFound()
    other = await uow.users.get(conversation.other(viewer.id))
    if other is None or not may_see_user(viewer, other):
        raise NotFound()
    if for_write:
        check_dm_write(conversation, viewer.id)
    return RoomAccess(room=room, conversation=conversation, other=other)


async def access_reportable_room(
    uow: UnitOfWork, viewer: Viewer, room_id: str, *, attestation: bool = True
) -> RoomAccess:
    """A room the viewer may report (or report a message of): the policy of
    ``access_room`` except that blocks do not hide the other side — blocking,
    then reporting, is the usual path."""
    return await access_room(uow, Viewer(viewer.user), room_id, attestation=attestation)


def check_dm_write(conversation: Conversation, author_id: str) -> None:
    """Strangers knock first: until the recipient accepts (or replies), the
    requester cannot add a second message; a declined conversation is shut."""
    if conversation.state is ConversationState.OPEN:
        return
    if conversation.state is ConversationState.DECLINED:
        raise NotAllowed(reason="declined")
    if author_id == conversation.requester_id:
        raise NotAllowed(reason="awaiting_acceptance")
