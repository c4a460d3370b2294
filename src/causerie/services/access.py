"""The one door. Every object a user may see or reach — users, public rooms,
private conversations, their histories — is fetched through here, and the
band/block policy of ``domain.policy`` is applied here and nowhere else.
Whatever the caller may not see answers ``NotFound``, exactly like an object
that does not exist.

The door also decides "may this account act" (docs/security.md, "The door"):
``check_account_open`` refuses a suspended, banned or erased account every
write and every read a sanction withdraws; ``check_can_act`` adds the mute,
which withdraws only what others would see the account say. The operator's
access policy (the adult-room attestation switch) is given to the ``Door``
once, when it is built (``Deps.door``); callers pass the subject, never a
policy switch."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
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

ADULT_ONLY = "age_attestation"


@dataclass(frozen=True, slots=True)
class RoomAccess:
    room: Room
    conversation: Conversation | None = None
    other: User | None = None


async def load_viewer(uow: UnitOfWork, user: User) -> Viewer:
    return Viewer(user=user, hidden=await uow.blocks.hidden_for(user.id))


def locked_out(user: User, now: datetime) -> bool:
    """Suspended or banned, and not yet expired: a timed suspension that has
    run out no longer keeps the account out."""
    return user.status in (AccountStatus.SUSPENDED, AccountStatus.BANNED) and (
        user.status_until is None or user.status_until > now
    )


def muted(user: User, now: datetime) -> bool:
    return user.muted_until is not None and user.muted_until > now


def sanctioned(user: User, now: datetime) -> bool:
    """A restriction in force: suspended, banned, muted or erased. Staff under
    any of them lose their staff rights for as long as it lasts."""
    return user.status is AccountStatus.ERASED or locked_out(user, now) or muted(user, now)


def check_account_open(user: User, now: datetime) -> None:
    """The door for every write, and every read a sanction withdraws: a
    suspended or banned account keeps only its notices, appeals, export,
    erasure, logout and ``/me`` (the allow-list in ``transport/auth.py``).
    A mute does not close it: reporting and blocking are safety controls and
    are never withdrawn from the victim's side."""
    if user.status is AccountStatus.ERASED:
        # A request already in flight when its author erased the account.
        raise CauserieError("unauthenticated")
    if locked_out(user, now):
        raise CauserieError("account_suspended")


def check_can_act(user: User, now: datetime) -> None:
    """May the account say something others will see (a message, a private
    request, a bio, being listed nearby): the open account, and no mute."""
    check_account_open(user, now)
    if muted(user, now):
        assert user.muted_until is not None
        raise CauserieError("muted", until=user.muted_until.isoformat())


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


@dataclass(frozen=True, slots=True)
class Door:
    """The door with the operator's access policy built in. One per process
    (``Deps.door``): every service that reaches a room, a user or a
    member's own right to act goes through it."""

    # Adult-only rooms (``requires = "age_attestation"``) need an attested
    # age; off, they are open to the adult band like any other room.
    adult_rooms_require_attestation: bool = True

    check_account_open = staticmethod(check_account_open)
    check_can_act = staticmethod(check_can_act)
    access_user = staticmethod(access_user)
    access_reportable_user = staticmethod(access_reportable_user)

    @staticmethod
    def may_see_user(viewer: Viewer, user: User) -> bool:
        return may_see_user(viewer, user)

    def visible_rooms(self, viewer: Viewer, rooms: Iterable[Room]) -> list[Room]:
        """The public rooms ``viewer`` may see, as this policy presents them
        (no attestation requirement shown when the switch is off)."""
        shown = [r for r in rooms if may_see_public_room(viewer, r)]
        if self.adult_rooms_require_attestation:
            return shown
        return [replace(r, requires=None) if r.requires == ADULT_ONLY else r for r in shown]

    async def access_room(
        self, uow: UnitOfWork, viewer: Viewer, room_id: str, *, for_write: bool = False
    ) -> RoomAccess:
        """The room if ``viewer`` may read it (and, with ``for_write``, post in it
        right now). Private rooms: members only, other side still visible."""
        room = await uow.rooms.get(room_id)
        if room is None:
            raise NotFound()
        if room.kind is RoomKind.PUBLIC:
            if not may_see_public_room(viewer, room):
                raise NotFound()
            if (
                self.adult_rooms_require_attestation
                and room.requires == ADULT_ONLY
                and not viewer.user.age_attested
            ):
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
        self, uow: UnitOfWork, viewer: Viewer, room_id: str
    ) -> RoomAccess:
        """A room the viewer may report (or report a message of): the policy of
        ``access_room`` except that blocks do not hide the other side — blocking,
        then reporting, is the usual path."""
        return await self.access_room(uow, Viewer(viewer.user), room_id)


def check_dm_write(conversation: Conversation, author_id: str) -> None:
    """Strangers knock first: until the recipient accepts (or replies), the
    requester cannot add a second message; a declined conversation is shut."""
    if conversation.state is ConversationState.OPEN:
        return
    if conversation.state is ConversationState.DECLINED:
        raise NotAllowed(reason="declined")
    if author_id == conversation.requester_id:
        raise NotAllowed(reason="awaiting_acceptance")
