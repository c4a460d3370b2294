"""The message path: check, then write in one transaction, then publish.

``send_message`` is shared by public rooms and private conversations. The ack
the caller sends back is only possible once ``do_send_message`` returned, that
is once the commit is durable."""

from __future__ import annotations

from dataclasses import dataclass

from causerie.domain.errors import CauserieError, Conflict, Invalid
from causerie.domain.events import MessagePosted
from causerie.domain.ids import new_id
from causerie.domain.models import ConversationState, Message, Viewer
from causerie.domain.text import normalise_message
from causerie.domain.trust import promoted_level
from causerie.ports import UnitOfWork
from causerie.safety.pipeline import SenderContext, Verdict
from causerie.services.access import RoomAccess, access_room, check_can_act
from causerie.services.deps import Deps

MAX_CLIENT_ID = 64


@dataclass(frozen=True, slots=True)
class Sent:
    message: Message
    duplicate: bool = False


def check_client_id(client_id: object) -> str:
    if not isinstance(client_id, str) or not 1 <= len(client_id) <= MAX_CLIENT_ID:
        raise Invalid(field="client_id")
    return client_id


def check_filter(deps: Deps, viewer: Viewer, text: str, *, is_private: bool) -> str:
    """Automated moderation before delivery: the text to store, or a refusal
    whose reasons the sender sees."""
    user = viewer.user
    now = deps.clock.now()
    verdict: Verdict = deps.message_filter.check(
        text,
        SenderContext(
            band=user.band.value,
            trust_level=user.trust_level,
            account_age_days=(now - user.created_at).total_seconds() / 86400,
            is_private=is_private,
        ),
    )
    if verdict.decision == "block":
        raise CauserieError("blocked_by_filter", reasons=verdict.reasons)
    if verdict.decision == "hold":
        raise CauserieError("held_for_review", reasons=verdict.reasons)
    return verdict.text if verdict.decision == "mask" else text


async def check_send_message(
    deps: Deps, uow: UnitOfWork, viewer: Viewer, room_id: str, text: str
) -> tuple[Viewer, RoomAccess, str]:
    """Re-reads the author (status, mute, trust may have changed since the
    connection opened), then the one door, then the filter."""
    user = await uow.users.get(viewer.id)
    if user is None:
        raise CauserieError("unauthenticated")
    viewer = Viewer(user=user, hidden=viewer.hidden)
    check_can_act(user, deps.clock.now())
    access = await access_room(uow, viewer, room_id, for_write=True)
    final = check_filter(deps, viewer, text, is_private=access.conversation is not None)
    return viewer, access, final


async def do_send_message(
    deps: Deps, uow: UnitOfWork, viewer: Viewer, access: RoomAccess, text: str, client_id: str
) -> Message:
    """Inside the caller's write transaction: take the next seq, insert, and
    arrange the fan-out for after the commit."""
    seq = await uow.rooms.next_seq(access.room.id)
    message = Message(
        id=new_id(),
        room_id=access.room.id,
        seq=seq,
        author_id=viewer.id,
        author_pseudo=viewer.user.pseudo,
        text=text,
        created_at=deps.clock.now(),
        client_id=client_id,
    )
    await uow.messages.add(message)
    await uow.users.count_message(viewer.id)
    promoted = promoted_level(viewer.user, message.created_at, deps.trust)
    if promoted is not None:
        await uow.users.update(viewer.id, trust_level=promoted)
    conversation = access.conversation
    members: tuple[str, ...] = ()
    if conversation is not None:
        members = conversation.members()
        if conversation.state is ConversationState.REQUESTED and viewer.id == (
            conversation.recipient_id
        ):
            # Replying is accepting.
            from causerie.services.conversations import publish_conversation_change

            await uow.conversations.update(
                conversation.room_id, state=ConversationState.OPEN, decided_at=message.created_at
            )
            publish_conversation_change(deps, uow, conversation.room_id, members)
    uow.after_commit(lambda: deps.events.publish(MessagePosted(message, members)))
    if members and deps.watcher is not None:
        watcher = deps.watcher

        async def watch() -> None:
            watcher.observe_later(deps, message, members)

        uow.after_commit(watch)
    return message


async def send_message(deps: Deps, viewer: Viewer, room_id: str, client_id: str, text: str) -> Sent:
    """Idempotent per (author, client_id): a retry gets the original message,
    whatever its text."""
    client_id = check_client_id(client_id)
    async with deps.uow() as uow:
        existing = await uow.messages.by_client_id(viewer.id, client_id)
    if existing is not None:
        return Sent(existing, duplicate=True)
    text = normalise_message(text)
    rule = deps.settings.send_per_user
    if viewer.user.trust_level >= 2:
        rule = deps.settings.send_per_user_trusted
    await deps.rate_limit(f"send:user:{viewer.id}", rule)
    try:
        async with deps.uow(write=True) as uow:
            viewer, access, final = await check_send_message(deps, uow, viewer, room_id, text)
            message = await do_send_message(deps, uow, viewer, access, final, client_id)
            await uow.commit()
    except Conflict as exc:
        if exc.code != "duplicate_client_id":
            raise
        async with deps.uow() as uow:
            again = await uow.messages.by_client_id(viewer.id, client_id)
        if again is None:
            raise
        return Sent(again, duplicate=True)
    return Sent(message)
