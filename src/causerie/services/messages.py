"""The message path: check, then write in one transaction, then publish.

``send_message`` is shared by public rooms and private conversations. The ack
the caller sends back is only possible once ``do_send_message`` returned, that
is once the commit is durable."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

from causerie.domain.errors import CauserieError, Conflict, Invalid
from causerie.domain.events import MessagePosted, conversation_changed
from causerie.domain.ids import new_id
from causerie.domain.media import ImageRef
from causerie.domain.models import ConversationState, Message, Viewer
from causerie.domain.text import normalise_message
from causerie.domain.trust import promoted_level
from causerie.ports import UnitOfWork
from causerie.safety.pipeline import SenderContext, Verdict
from causerie.services.access import RoomAccess, check_can_act
from causerie.services.batch_uow import BatchUnitOfWork
from causerie.services.deps import Deps
from causerie.services.held import hold_message
from causerie.services.legal_scanning import scans_private

log = logging.getLogger(__name__)

# The filter's decisions made inside a group-commit batch, counted (metrics,
# transparency tally) only if that batch commits: a failed batch is replayed
# send by send, and its sends must not be counted twice.
_BATCH_VERDICTS: ContextVar[list[tuple[Verdict, date]] | None] = ContextVar(
    "batch_verdicts", default=None
)

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
    pending = _BATCH_VERDICTS.get()
    if pending is None:
        deps.message_filter.count(verdict, now.date())
    else:  # a group-commit batch: counted once it commits (a replay counts again)
        pending.append((verdict, now.date()))
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
    access = await deps.door.access_room(uow, viewer, room_id, for_write=True)
    is_private = access.conversation is not None
    if is_private and not scans_private(deps.settings, user.band):
        return viewer, access, text  # the operator turned it off (docs/privacy.md)
    final = check_filter(deps, viewer, text, is_private=is_private)
    return viewer, access, final


async def do_send_message(
    deps: Deps,
    uow: UnitOfWork,
    viewer: Viewer,
    access: RoomAccess,
    text: str,
    client_id: str,
    image: ImageRef | None = None,
    reply_to: int | None = None,
) -> Message:
    """Inside the caller's write transaction: take the next seq, insert, and
    arrange the fan-out for after the commit. ``image``: the photo a message
    carries (services/media.py checked it)."""
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
    if members and deps.watcher is not None and scans_private(deps.settings, viewer.user.band):
        watcher = deps.watcher

        async def watch() -> None:
            watcher.observe_later(deps, message, members)

        uow.after_commit(watch)
    return message


async def admit_message(
    deps: Deps,
    uow: UnitOfWork,
    viewer: Viewer,
    room_id: str,
    client_id: str,
    text: str,
    reply_to: int | None = None,
) -> Message | tuple[Viewer, RoomAccess, str]:
    """Inside a write transaction, before any write: the original message
    when this author already used ``client_id`` (whatever the text now),
    else the checked (viewer, access, text) to store. Refusals raise here."""
    existing = await uow.messages.by_client_id(viewer.id, client_id)
    if existing is not None:
        return existing
    checked = await check_send_message(deps, uow, viewer, room_id, normalise_message(text))
    if reply_to is not None:
        await check_reply_to(uow, checked[0], checked[1], reply_to)
    return checked


async def check_reply_to(uow: UnitOfWork, viewer: Viewer, access: RoomAccess, seq: int) -> None:
    """A reply answers a message of the same room that its author can see:
    stored, not removed, not by someone blocked either way. Anything else is
    the same ``invalid`` (what one may not see is not told apart)."""
    found = await uow.messages.after(access.room.id, seq - 1, seq, 1) if seq >= 1 else []
    target = found[0] if found else None
    if target is None or target.seq != seq or target.deleted or target.author_id in viewer.hidden:
        raise Invalid(field="reply_to")


async def store_message(
    deps: Deps,
    uow: UnitOfWork,
    viewer: Viewer,
    room_id: str,
    client_id: str,
    text: str,
    reply_to: int | None = None,
) -> tuple[Message, bool]:
    """Inside a write transaction: ``admit_message`` then store. Returns the
    message and whether it is a duplicate."""
    admitted = await admit_message(deps, uow, viewer, room_id, client_id, text, reply_to)
    if isinstance(admitted, Message):
        return admitted, True
    viewer, access, final = admitted
    message = await do_send_message(deps, uow, viewer, access, final, client_id, reply_to=reply_to)
    return message, False


async def write_message(
    deps: Deps,
    viewer: Viewer,
    room_id: str,
    client_id: str,
    text: str,
    reply_to: int | None = None,
) -> tuple[Message, bool]:
    """Store one message in its own transaction (no group commit)."""
    async with deps.uow(write=True) as uow:
        result = await store_message(deps, uow, viewer, room_id, client_id, text, reply_to)
        await uow.commit()
    return result


async def send_message(deps: Deps, viewer: Viewer, room_id: str, client_id: str, text: str) -> Sent:
    """Idempotent per (author, client_id): a retry gets the original message,
    whatever its text. The check runs in the write transaction itself, so a
    send costs one transaction (shared with others under group commit)."""
    return await (await submit_message(deps, viewer, room_id, client_id, text))


async def submit_message(
    deps: Deps,
    viewer: Viewer,
    room_id: str,
    client_id: str,
    text: str,
    reply_to: int | None = None,
) -> Awaitable[Sent]:
    """Admit a send (client id, rate limit) and queue it for writing; the
    result resolves once its commit is durable (or it was refused).

    Returns as soon as the send is queued, so one connection may have many
    sends in flight — they share group commits — while successive calls keep
    their order: a connection's messages take seqs in the order it sent them."""
    client_id = check_client_id(client_id)
    rule = deps.settings.send_per_user
    if viewer.user.trust_level >= 2:
        rule = deps.settings.send_per_user_trusted
    await deps.rate_limit(f"send:user:{viewer.id}", rule)
    await deps.message_filter.ready()
    if deps.writer is not None:
        written = deps.writer.submit(deps, viewer, room_id, client_id, text, reply_to)
    else:
        written = asyncio.ensure_future(
            write_message(deps, viewer, room_id, client_id, text, reply_to)
        )
    return _finish(deps, viewer, room_id, client_id, text, written)


async def _finish(
    deps: Deps,
    viewer: Viewer,
    room_id: str,
    client_id: str,
    text: str,
    written: Awaitable[tuple[Message, bool]],
) -> Sent:
    try:
        message, duplicate = await written
    except Conflict as exc:
        if exc.code != "duplicate_client_id":
            raise
        async with deps.uow() as uow:
            again = await uow.messages.by_client_id(viewer.id, client_id)
        if again is None:
            raise
        await republish_duplicate(deps, again)
        return Sent(again, duplicate=True)
    except CauserieError as exc:
        if exc.code == "held_for_review":
            # Kept for a moderator (it takes a seq only if released); the
            # sender still gets the same error frame.
            reasons = [str(r) for r in exc.params.get("reasons", [])]
            held_text = normalise_message(text)
            await hold_message(deps, viewer, room_id, client_id, held_text, reasons)
        raise
    if duplicate:
        await republish_duplicate(deps, message)
    return Sent(message, duplicate=duplicate)


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


Outcome = tuple[Message, bool] | CauserieError


@dataclass(eq=False, slots=True)
class _Pending:
    viewer: Viewer
    room_id: str
    client_id: str
    text: str
    future: asyncio.Future[tuple[Message, bool]]
    reply_to: int | None = None


class GroupCommit:
    """Group commit: sends that arrive while a transaction is committing
    share the next one, so many messages cost one fsync, and every ack still
    follows the durable commit of its message.

    A batch first runs on a ``BatchUnitOfWork`` (reads once per batch, writes
    kept and made once at commit). Should that fail for any reason other
    than a send's own refusal — a constraint hit by a send on another node,
    a deadlock on PostgreSQL — nothing of it was committed, and the batch is
    replayed send by send, each in its own savepoint, so that one bad send
    sinks only itself.

    One per process and database; under a single sender it adds one queue
    hop and nothing else."""

    def __init__(self, max_batch: int = 256) -> None:
        self._max_batch = max_batch
        self._pending: deque[_Pending] = deque()
        self._wakeup = asyncio.Event()
        self._worker: asyncio.Task[None] | None = None
        self.batches = 0
        self.replayed_batches = 0

    @property
    def pending(self) -> int:
        """Sends queued for the next batch (read by /metrics)."""
        return len(self._pending)

    def submit(
        self,
        deps: Deps,
        viewer: Viewer,
        room_id: str,
        client_id: str,
        text: str,
        reply_to: int | None = None,
    ) -> asyncio.Future[tuple[Message, bool]]:
        """Queue a send (in call order); the future resolves after its commit."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[tuple[Message, bool]] = loop.create_future()
        self._pending.append(_Pending(viewer, room_id, client_id, text, future, reply_to))
        self._wakeup.set()
        if self._worker is None or self._worker.done():
            self._worker = loop.create_task(self._run(deps))
        return future

    async def close(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
        for item in self._pending:
            if not item.future.done():
                item.future.set_exception(CauserieError("internal"))
        self._pending.clear()

    async def _run(self, deps: Deps) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            while self._pending:
                count = min(len(self._pending), self._max_batch)
                batch = [self._pending.popleft() for _ in range(count)]
                await self._commit(deps, batch)

    async def _commit(self, deps: Deps, batch: list[_Pending]) -> None:
        self.batches += 1
        try:
            outcomes = await self._commit_batch(deps, batch)
        except Exception as failure:
            if isinstance(failure, CauserieError) and failure.code == "unavailable":
                # The database did not answer in time: a replay send by send
                # would only wait as long again. Every sender gets the error.
                for item in batch:
                    if not item.future.done():
                        item.future.set_exception(failure)
                return
            log.warning("batch of %d sends failed; replaying one by one", len(batch), exc_info=True)
            self.replayed_batches += 1
            try:
                outcomes = await self._commit_each(deps, batch)
            except Exception as failure:
                log.exception("group commit of %d messages failed", len(batch))
                for item in batch:
                    if not item.future.done():
                        item.future.set_exception(failure)
                return
        for item, outcome in zip(batch, outcomes, strict=True):
            if item.future.done():  # the sender went away; the message stays
                continue
            if isinstance(outcome, CauserieError):
                item.future.set_exception(outcome)
            else:
                item.future.set_result(outcome)

    @staticmethod
    async def _commit_batch(deps: Deps, batch: list[_Pending]) -> list[Outcome]:
        verdicts: list[tuple[Verdict, date]] = []
        token = _BATCH_VERDICTS.set(verdicts)
        try:
            outcomes = await GroupCommit._write_batch(deps, batch)
        finally:
            _BATCH_VERDICTS.reset(token)
        for verdict, day in verdicts:  # the batch committed: its decisions stand
            deps.message_filter.count(verdict, day)
        return outcomes

    @staticmethod
    async def _write_batch(deps: Deps, batch: list[_Pending]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        async with BatchUnitOfWork(deps.uow(write=True)) as uow:
            await uow.prefetch(
                {item.viewer.id for item in batch},
                {item.room_id for item in batch},
                {(item.viewer.id, item.client_id) for item in batch},
            )
            for item in batch:
                try:
                    admitted = await admit_message(
                        deps,
                        uow,
                        item.viewer,
                        item.room_id,
                        item.client_id,
                        item.text,
                        item.reply_to,
                    )
                except CauserieError as refused:  # nothing written yet: only this send
                    outcomes.append(refused)
                    continue
                if isinstance(admitted, Message):
                    outcomes.append((admitted, True))
                    continue
                viewer, access, final = admitted
                # Past this point an error spoils the batch: replayed one by one.
                message = await do_send_message(
                    deps, uow, viewer, access, final, item.client_id, reply_to=item.reply_to
                )
                outcomes.append((message, False))
            await uow.commit()
        return outcomes

    @staticmethod
    async def _commit_each(deps: Deps, batch: list[_Pending]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        async with deps.uow(write=True) as uow:
            for item in batch:
                try:
                    async with uow.savepoint():
                        stored = await store_message(
                            deps,
                            uow,
                            item.viewer,
                            item.room_id,
                            item.client_id,
                            item.text,
                            item.reply_to,
                        )
                    outcomes.append(stored)
                except CauserieError as refused:
                    outcomes.append(refused)
            await uow.commit()
        return outcomes
