"""Private conversations: a stranger knocks first (request → accept/decline),
within one band, never across a block."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from causerie.domain.errors import CauserieError, Conflict, Invalid, NotAllowed, TrustRequired
from causerie.domain.events import conversation_changed
from causerie.domain.ids import new_id
from causerie.domain.models import (
    Conversation,
    ConversationState,
    DmPolicy,
    Room,
    RoomKind,
    User,
    Viewer,
)
from causerie.domain.text import normalise_message
from causerie.ports import UnitOfWork
from causerie.services import held
from causerie.services.access import check_account_open, check_can_act
from causerie.services.deps import Deps
from causerie.services.messages import (
    RefusedWithCase,
    accepted,
    check_client_id,
    filter_now,
    store,
)
from causerie.services.rooms import RoomView

DECLINE_COOLDOWN = timedelta(days=30)


def state_for(conversation: Conversation, viewer_id: str) -> str:
    """The state as the contract names it, from the viewer's side."""
    if conversation.state is ConversationState.REQUESTED:
        return "requested" if viewer_id == conversation.requester_id else "pending_my_answer"
    return conversation.state.value


def view_of(room: Room, conversation: Conversation, viewer_id: str, other: User) -> RoomView:
    return RoomView(
        room=room,
        members_online=0,
        state=state_for(conversation, viewer_id),
        name=other.pseudo,
        other=other,
    )


def publish_conversation_change(uow: UnitOfWork, room_id: str, members: Sequence[str]) -> None:
    """After commit, tell both members' live connections to refresh the room
    (each computes its own view: name and state differ per side)."""
    for event in conversation_changed(room_id, members):
        uow.publish(event)


async def request_conversation(
    deps: Deps, viewer: Viewer, *, user_id: str, text: str, client_id: str | None = None
) -> RoomView:
    """Open a private conversation whose first message is a request."""
    now = deps.clock.now()
    check_can_act(viewer.user, now)
    if viewer.user.trust_level < deps.settings.dm_min_trust:
        raise TrustRequired(level=deps.settings.dm_min_trust)
    if user_id == viewer.id:
        raise Invalid(field="user_id")
    text = normalise_message(text)
    client_id = check_client_id(client_id or new_id())
    await deps.rate_limit(f"dm_request:user:{viewer.id}", deps.settings.dm_requests_per_user)
    await deps.message_filter.ready()
    try:
        return await _request(deps, viewer, user_id, text, client_id)
    except RefusedWithCase as refused:
        # The request's transaction rolled back: nothing reached the
        # recipient; the text goes to moderators, then the sender is told.
        async with deps.uow() as uow:
            recipient = await uow.users.get(user_id)
        if recipient is not None:
            await held.refused_request(deps, viewer, recipient, text, refused.reasons)
        raise


async def _request(deps: Deps, viewer: Viewer, user_id: str, text: str, client_id: str) -> RoomView:
    now = deps.clock.now()
    async with deps.uow(write=True) as uow:
        other = await deps.door.access_user(uow, viewer, user_id)
        if other.dm_requests is DmPolicy.NOBODY:
            raise NotAllowed(reason="recipient_settings")
        existing = await uow.conversations.between(viewer.id, other.id)
        if existing is not None:
            if existing.state is not ConversationState.DECLINED:
                raise Conflict("conversation_exists", room_id=existing.room_id)
            if existing.decided_at is not None and now - existing.decided_at < DECLINE_COOLDOWN:
                raise NotAllowed(reason="declined_recently")
            conversation = await uow.conversations.update(
                existing.room_id,
                state=ConversationState.REQUESTED,
                decided_at=None,
                requester_id=viewer.id,
                recipient_id=other.id,
            )
            room = await uow.rooms.get(existing.room_id)
            assert room is not None
        else:
            room = Room(
                id=new_id(),
                kind=RoomKind.DM,
                name="",
                theme=None,
                bands=frozenset({viewer.band}),
                created_at=now,
            )
            conversation = Conversation(
                room_id=room.id,
                requester_id=viewer.id,
                recipient_id=other.id,
                state=ConversationState.REQUESTED,
                created_at=now,
            )
            await uow.rooms.add(room)
            await uow.conversations.add(conversation)
        screened = filter_now(deps, viewer, text, is_private=True)
        if not screened.deliverable:
            raise screened.refusal()  # rolls the request back
        final = screened.text
        access = await deps.door.access_room(uow, viewer, room.id)
        await store(deps, uow, accepted(viewer, access, final), client_id)
        publish_conversation_change(uow, room.id, conversation.members())
        await uow.commit()
    return view_of(room, conversation, viewer.id, other)


async def list_conversations(deps: Deps, viewer: Viewer) -> list[RoomView]:
    async with deps.uow() as uow:
        conversations = await uow.conversations.for_user(viewer.id)
        others = await uow.users.get_many([c.other(viewer.id) for c in conversations])
        # Each conversation's newest message, all in one query.
        latest = await uow.messages.latest([c.room_id for c in conversations])
        rooms = await uow.rooms.get_many([c.room_id for c in conversations])
        views = []
        for c in conversations:
            other = others.get(c.other(viewer.id))
            if other is None or not deps.door.may_see_user(viewer, other):
                continue
            room = rooms.get(c.room_id)
            if room is not None:
                view = view_of(room, c, viewer.id, other)
                views.append(replace(view, last_message=latest.get(c.room_id)))
    return views


async def get_conversation(deps: Deps, viewer: Viewer, room_id: str) -> RoomView:
    async with deps.uow() as uow:
        access = await deps.door.access_room(uow, viewer, room_id)
    if access.conversation is None or access.other is None:
        raise CauserieError("not_found")
    return view_of(access.room, access.conversation, viewer.id, access.other)


async def answer_conversation(
    deps: Deps, viewer: Viewer, room_id: str, *, accept: bool
) -> RoomView:
    """The recipient accepts or declines; answering twice the same way is a no-op."""
    now = deps.clock.now()
    # Accepting or declining needs an open account; a mute does not stop it
    # (declining is a safety control).
    check_account_open(viewer.user, now)
    async with deps.uow(write=True) as uow:
        access = await deps.door.access_room(uow, viewer, room_id)
        conversation, other = access.conversation, access.other
        if conversation is None or other is None:
            raise CauserieError("not_found")
        wanted = ConversationState.OPEN if accept else ConversationState.DECLINED
        if conversation.state is not wanted:
            if conversation.recipient_id != viewer.id:
                raise NotAllowed(reason="not_recipient")
            if conversation.state is not ConversationState.REQUESTED and not (
                conversation.state is ConversationState.OPEN and not accept
            ):
                raise NotAllowed(reason="already_answered")
            conversation = await uow.conversations.update(room_id, state=wanted, decided_at=now)
            publish_conversation_change(uow, room_id, conversation.members())
        await uow.commit()
    return view_of(access.room, conversation, viewer.id, other)
