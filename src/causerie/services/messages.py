"""The message path, in the order a send takes it (docs/architecture.md):

1. ``submit`` — the entry (the WebSocket's ``send``): the client id, the rate
   limit, then the send is queued on the group commit (the ``GroupCommit``
   port, storage/group_commit.py), which runs it in a write transaction
   shared with the other sends queued meanwhile.
2. ``admit`` — inside that transaction, before any write: the author re-read,
   the one door, the message replied to, then the safety filter. Refusals
   raise; what the filter decides is an explicit ``Admission``: accepted,
   masked, held, blocked, or blocked with a case (``decide``).
3. ``store`` — an accepted or masked message takes the room's next seq and
   is written; its publication (the fan-out on every node) is arranged for
   after the commit.

Once the commit is durable ``submit``'s result resolves — ``Sent`` (the ack)
or ``Held`` (kept for a moderator, told to the sender as
``held_for_review``), or raises the refusal (``blocked_by_filter``; for a
refusal with a case, once the case is open with the text as evidence) —
and then its events are published (the fan-out). Nothing is acknowledged
before the commit, and a filter decision is counted only once its send's
outcome stands (a replayed batch decides again)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

from causerie.domain.errors import CauserieError, Conflict, Invalid
from causerie.domain.events import MessagePosted, conversation_changed
from causerie.domain.ids import new_id
from causerie.domain.media import ImageRef
from causerie.domain.models import ConversationState, Message, Viewer
from causerie.domain.moderation import HeldMessage, refusal_opens_case
from causerie.domain.text import normalise_message
from causerie.domain.trust import promoted_level
from causerie.ports import SendKey, UnitOfWork
from causerie.safety.pipeline import SenderContext, Verdict
from causerie.safety.verdict import HOLD
from causerie.services.access import RoomAccess, check_can_act
from causerie.services.deps import Deps
from causerie.services.held import hold_message
from causerie.services.legal_scanning import scans_private

log = logging.getLogger(__name__)

MAX_CLIENT_ID = 64


class Decision(StrEnum):
    ACCEPTED = "accepted"
    MASKED = "masked"  # delivered with the filter's masked text
    HELD = "held"  # kept for a moderator: no seq, no delivery until released
    BLOCKED = "blocked"  # refused, the sender sees the reasons
    # Refused like BLOCKED (the sender sees the same refusal, nobody else
    # anything), and kept for a moderator like HELD: the text is stored as
    # evidence (never released) and a case opens on it. For the reasons of
    # ``refusal_opens_case`` (a minor sexualised: the guide blocks it, and a
    # minor at risk needs a human).
    BLOCKED_WITH_CASE = "blocked_with_case"


_DECISIONS = {
    "allow": Decision.ACCEPTED,
    "mask": Decision.MASKED,
    "hold": Decision.HELD,
    "block": Decision.BLOCKED,
}


# Decisions that deliver the message: the conversation scorer may still hold it.
DELIVERED = frozenset({Decision.ACCEPTED, Decision.MASKED})


def decide(verdict: Verdict) -> Decision:
    """What the message path does with a filter's verdict: the one place a
    decision becomes an outcome (sends, edits, photos' captions and private
    requests all come here)."""
    decision = _DECISIONS[verdict.decision]
    if decision is Decision.BLOCKED and refusal_opens_case(verdict.reasons):
        return Decision.BLOCKED_WITH_CASE
    return decision


@dataclass(frozen=True, slots=True)
class Admission:
    """What ``admit`` decided for one send. ``text`` is what to store (the
    masked text when masked); ``verdict`` is None when the filter did not run
    (private messages, scanning turned off by the operator)."""

    decision: Decision
    viewer: Viewer
    access: RoomAccess
    text: str
    verdict: Verdict | None = None

    @property
    def deliverable(self) -> bool:
        return self.decision in (Decision.ACCEPTED, Decision.MASKED)


@dataclass(frozen=True, slots=True)
class Sent:
    """A stored message (the ack), or the original of a resent ``client_id``."""

    message: Message
    duplicate: bool = False


@dataclass(frozen=True, slots=True)
class Held:
    """A send the filter kept for a moderator (services/held.py)."""

    held: HeldMessage
    reasons: list[str]


def check_client_id(client_id: object) -> str:
    if not isinstance(client_id, str) or not 1 <= len(client_id) <= MAX_CLIENT_ID:
        raise Invalid(field="client_id")
    return client_id


# --- 1. submit ---------------------------------------------------------------


async def submit(
    deps: Deps,
    viewer: Viewer,
    room_id: str,
    client_id: str,
    text: str,
    reply_to: int | None = None,
) -> Awaitable[Sent | Held]:
    """Check a send (client id, rate limit) and queue it for writing; the
    result resolves once its commit is durable, or raises its refusal.

    Returns as soon as the send is queued, so one connection may have many
    sends in flight — they share group commits — while successive calls keep
    their order: a connection's messages take seqs in the order it sent them.
    Idempotent per (author, client_id): a retry gets the original message,
    whatever its text."""
    client_id = check_client_id(client_id)
    rule = deps.settings.send_per_user
    if viewer.user.trust_level >= 2:
        rule = deps.settings.send_per_user_trusted
    await deps.rate_limit(f"send:user:{viewer.id}", rule)
    await deps.message_filter.ready()
    write = partial(_write, deps, viewer, room_id, client_id, normalise_message(text), reply_to)
    if deps.writer is not None:
        written = deps.writer.submit(write, SendKey(viewer.id, room_id, client_id))
    else:
        written = asyncio.ensure_future(_write_alone(deps, write))
    return _outcome(deps, viewer, client_id, written)


@dataclass(frozen=True, slots=True)
class _Written:
    """What one send's write left in the transaction: the stored message (or
    the original of a duplicate), the admission, or the door's refusal."""

    message: Message | None = None
    duplicate: bool = False
    admission: Admission | None = None
    refusal: CauserieError | None = None


async def _write(
    deps: Deps,
    viewer: Viewer,
    room_id: str,
    client_id: str,
    text: str,
    reply_to: int | None,
    uow: UnitOfWork,
) -> _Written:
    """One send inside the (shared) write transaction. Refuses by returning,
    before any write: in a batch, an exception spoils every send's writes."""
    existing = await uow.messages.by_client_id(viewer.id, client_id)
    if existing is not None:
        return _Written(existing, duplicate=True)
    try:
        admission = await admit(deps, uow, viewer, room_id, text, reply_to)
    except CauserieError as refused:
        return _Written(refusal=refused)
    if not admission.deliverable:
        return _Written(admission=admission)
    message = await store(deps, uow, admission, client_id, reply_to=reply_to)
    return _Written(message, admission=admission)


async def _write_alone(deps: Deps, write: Callable[[UnitOfWork], Awaitable[_Written]]) -> _Written:
    """Without a group commit (tests, tools): one transaction for one send."""
    async with deps.uow(write=True) as uow:
        written = await write(uow)
        await uow.commit()
    return written


async def _outcome(
    deps: Deps, viewer: Viewer, client_id: str, pending: Awaitable[_Written]
) -> Sent | Held:
    """After the commit: count the filter's decision, keep a held message,
    answer a duplicate with its original (published again)."""
    try:
        written = await pending
    except Conflict as exc:
        if exc.code != "duplicate_client_id":
            raise
        # The same client id committed by another node meanwhile.
        async with deps.uow() as uow:
            again = await uow.messages.by_client_id(viewer.id, client_id)
        if again is None:
            raise
        await republish_duplicate(deps, again)
        return Sent(again, duplicate=True)
    if written.refusal is not None:
        raise written.refusal
    admission = written.admission
    if admission is not None and admission.verdict is not None:
        deps.message_filter.count(admission.verdict, deps.clock.now().date())
    if written.message is not None:
        if written.duplicate:
            await republish_duplicate(deps, written.message)
        return Sent(written.message, duplicate=written.duplicate)
    assert admission is not None and admission.verdict is not None
    reasons = [str(r) for r in admission.verdict.reasons]
    if admission.decision is Decision.BLOCKED:
        raise CauserieError("blocked_by_filter", reasons=reasons)
    refused = admission.decision is Decision.BLOCKED_WITH_CASE
    held = await hold_message(
        deps,
        admission.viewer,
        admission.access.room.id,
        client_id,
        admission.text,
        reasons,
        refused=refused,
    )
    if refused:
        raise CauserieError("blocked_by_filter", reasons=reasons)
    return Held(held, reasons)


# --- 2. admit ----------------------------------------------------------------


async def admit(
    deps: Deps,
    uow: UnitOfWork,
    viewer: Viewer,
    room_id: str,
    text: str,
    reply_to: int | None = None,
) -> Admission:
    """Inside the write transaction, before any write. Re-reads the author
    (status, mute, trust may have changed since the connection opened), then
    the one door and the message replied to, then the safety filter on the
    normalised ``text``. The door's refusals raise; the filter's decision is
    the admission's."""
    user = await uow.users.get(viewer.id)
    if user is None:
        raise CauserieError("unauthenticated")
    viewer = Viewer(user=user, hidden=viewer.hidden)
    check_can_act(user, deps.clock.now())
    access = await deps.door.access_room(uow, viewer, room_id, for_write=True)
    if reply_to is not None:
        await check_reply_to(uow, viewer, access, reply_to)
    is_private = access.conversation is not None
    if is_private and not scans_private(deps.settings, user.band):
        # The operator turned it off (docs/privacy.md).
        return Admission(Decision.ACCEPTED, viewer, access, text)
    verdict = moderate(deps, viewer, text, is_private=is_private)
    decision = decide(verdict)
    if access.conversation is not None and deps.watcher is not None and decision in DELIVERED:
        # The conversation scorer, before delivery: the message that takes a
        # conversation to high for recruitment or sextortion is held, not
        # delivered (services/risk.py, ``held_reasons``).
        held = await deps.watcher.held_reasons(
            deps, uow, access.room.id, viewer.id, text, access.conversation.members()
        )
        if held:
            verdict = Verdict(HOLD, [*verdict.reasons, *held], text)
            decision = Decision.HELD
    stored = verdict.text if decision is Decision.MASKED else text
    return Admission(decision, viewer, access, stored, verdict)


async def check_reply_to(uow: UnitOfWork, viewer: Viewer, access: RoomAccess, seq: int) -> None:
    """A reply answers a message of the same room that its author can see:
    stored, not removed, not by someone blocked either way. Anything else is
    the same ``invalid`` (what one may not see is not told apart)."""
    found = await uow.messages.after(access.room.id, seq - 1, seq, 1) if seq >= 1 else []
    target = found[0] if found else None
    if target is None or target.seq != seq or target.deleted or target.author_id in viewer.hidden:
        raise Invalid(field="reply_to")


def moderate(deps: Deps, viewer: Viewer, text: str, *, is_private: bool) -> Verdict:
    """The safety filter's verdict on ``text`` from this author (automated
    moderation before delivery). Not counted here: the caller counts it once
    the outcome stands."""
    user = viewer.user
    now = deps.clock.now()
    return deps.message_filter.check(
        text,
        SenderContext(
            band=user.band.value,
            trust_level=user.trust_level,
            account_age_days=(now - user.created_at).total_seconds() / 86400,
            is_private=is_private,
        ),
    )


class RefusedWithCase(CauserieError):
    """``blocked_by_filter`` for a refusal that opens a case
    (``Decision.BLOCKED_WITH_CASE``), raised by a caller of ``filter_now``
    (``Screened.refusal``) so that its transaction rolls back; it then keeps
    the text for moderators (``held.hold_message``, ``refused=True``, or
    ``held.refused_request``) before telling the sender. The sender sees the
    same refusal as any block."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("blocked_by_filter", reasons=reasons)
        self.reasons = reasons


@dataclass(frozen=True, slots=True)
class Screened:
    """``filter_now``'s outcome: the decision, the text to store (the masked
    text when masked) and the filter's reasons. A held text is an outcome
    like any other; each caller says what holding means for it."""

    decision: Decision
    text: str
    reasons: list[str]

    @property
    def deliverable(self) -> bool:
        return self.decision in (Decision.ACCEPTED, Decision.MASKED)

    def refusal(self) -> CauserieError:
        """What the sender of a text that is not deliverable is told, for a
        write that cannot wait for a moderator: ``held_for_review`` when
        held, ``blocked_by_filter`` when blocked (``RefusedWithCase`` when
        the refusal opens a case)."""
        if self.decision is Decision.BLOCKED_WITH_CASE:
            return RefusedWithCase(self.reasons)
        if self.decision is Decision.BLOCKED:
            return CauserieError("blocked_by_filter", reasons=self.reasons)
        if self.decision is Decision.HELD:
            return CauserieError("held_for_review", reasons=self.reasons)
        raise ValueError(f"a {self.decision} text is not refused")


def filter_now(deps: Deps, viewer: Viewer, text: str, *, is_private: bool) -> Screened:
    """For the writes outside the group commit (a bio, the first message of
    a private request, a photo's caption, an edit): the filter's decision,
    counted at once, and the text to store when it may be stored."""
    verdict = moderate(deps, viewer, text, is_private=is_private)
    deps.message_filter.count(verdict, deps.clock.now().date())
    decision = decide(verdict)
    stored = verdict.text if decision is Decision.MASKED else text
    return Screened(decision, stored, [str(r) for r in verdict.reasons])


# --- 3. store ----------------------------------------------------------------


async def store(
    deps: Deps,
    uow: UnitOfWork,
    admission: Admission,
    client_id: str,
    *,
    image: ImageRef | None = None,
    reply_to: int | None = None,
) -> Message:
    """Inside the admitting write transaction: take the next seq, insert,
    count it towards the author's trust, and arrange the fan-out for after
    the commit. ``image``: the photo a message carries (services/media.py
    checked it)."""
    if not admission.deliverable:
        raise ValueError(f"a {admission.decision} message is not stored")
    viewer, access = admission.viewer, admission.access
    seq = await uow.rooms.next_seq(access.room.id)
    message = Message(
        id=new_id(),
        room_id=access.room.id,
        seq=seq,
        author_id=viewer.id,
        author_pseudo=viewer.user.pseudo,
        text=admission.text,
        created_at=deps.clock.now(),
        client_id=client_id,
        image=image,
        reply_to=reply_to,
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
        if conversation.accepted_by_reply(viewer.id):
            await uow.conversations.update(
                conversation.room_id, state=ConversationState.OPEN, decided_at=message.created_at
            )
            for changed in conversation_changed(conversation.room_id, members):
                uow.publish(changed)
    uow.publish(MessagePosted(message, members))
    if conversation is not None and deps.push is not None:
        # Still a request unless this message was the recipient's answer.
        request = conversation.state is ConversationState.REQUESTED and not (
            conversation.accepted_by_reply(viewer.id)
        )
        push, recipients = deps.push, tuple(m for m in members if m != viewer.id)

        async def notify() -> None:
            push.private_message(deps, message, recipients, request=request)

        uow.after_commit(notify)
    if members and deps.watcher is not None and scans_private(deps.settings, viewer.user.band):
        watcher = deps.watcher

        async def watch() -> None:
            watcher.observe_later(deps, message, members)

        uow.after_commit(watch)
    return message


def accepted(viewer: Viewer, access: RoomAccess, text: str) -> Admission:
    """An admission decided elsewhere (``filter_now`` already ran), for
    ``store`` outside the group commit."""
    return Admission(Decision.ACCEPTED, viewer, access, text)


async def republish_duplicate(deps: Deps, message: Message) -> None:
    """A resend answered as a duplicate publishes the original again.

    The first publish may never have happened (its node died between the
    commit and the publish) or may have been lost on the way; a resend is
    exactly the client saying it did not see the outcome. Hubs drop a seq
    they already delivered, so this costs a connected room nothing."""
    if message.deleted:  # removed by a moderator since: nothing to show again
        return
    try:
        await deps.events.publish(MessagePosted(message))
    except Exception:  # the ack stands; the gap sweep will deliver it
        log.exception("republishing message %s failed", message.id)
