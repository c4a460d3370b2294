"""The unit of work: one connection, one transaction, the repositories bound
to it, and the events and callbacks to run once the transaction is durable."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction

from causerie.domain.events import Event
from causerie.ports import (
    AttestationNonceRepo,
    AuditRepo,
    BlockRepo,
    CaseRepo,
    ConversationRepo,
    DeviceSignalRepo,
    EditRepo,
    EventPublisher,
    HeldMessageRepo,
    LegalRepo,
    MediaRepo,
    MessageRepo,
    NoticeRepo,
    PremiumRepo,
    PrivacyRepo,
    PushRepo,
    ReactionRepo,
    ReceiptRepo,
    RoomRepo,
    SessionRepo,
    TransparencyRepo,
    UserRepo,
)
from causerie.storage.engine import (
    IMMEDIATE_OPTION,
    READ_ONLY_OPTION,
    is_sqlite,
    is_timeout,
    unavailable,
)
from causerie.storage.repos import (
    SqlAttestationNonceRepo,
    SqlAuditRepo,
    SqlBlockRepo,
    SqlCaseRepo,
    SqlConversationRepo,
    SqlDeviceSignalRepo,
    SqlHeldMessageRepo,
    SqlMessageRepo,
    SqlNoticeRepo,
    SqlPremiumRepo,
    SqlPrivacyRepo,
    SqlRoomRepo,
    SqlSessionRepo,
    SqlTransparencyRepo,
    SqlUserRepo,
)
from causerie.storage.repos.chat import SqlEditRepo, SqlReactionRepo
from causerie.storage.repos.legal import SqlLegalRepo
from causerie.storage.repos.media import SqlMediaRepo
from causerie.storage.repos.outbox import SqlOutboxRepo
from causerie.storage.repos.push import SqlPushRepo
from causerie.storage.repos.receipts import SqlReceiptRepo

log = logging.getLogger(__name__)

AfterCommit = Callable[[], Awaitable[None]]
# An event as the outbox stores it (storage/outbox.py): the broker's envelope.
Encode = Callable[[Event], str]
# (transaction name, write?, seconds from asking for it to its end)
ObserveTransaction = Callable[[str, bool, float], None]


class TransactionTiming:
    """Where units of work report how long they took, by name (shared by a
    factory and its twins; the composition root points it at /metrics)."""

    def __init__(self) -> None:
        self.observe: ObserveTransaction | None = None


def caller_name(depth: int = 2) -> str:
    """The function that asked for a unit of work, as ``module.function``
    (Synapse names every transaction by hand; here the code's own names do,
    so that no call site can forget). ``causerie.`` is left out. The walk
    costs about 1 µs per transaction, under 0.1 µs per message on the send
    path (one transaction per group-commit batch): bench/uow_name_bench.py,
    docs/benchmarks.md "Naming transactions"."""
    frame = sys._getframe(depth)
    module = str(frame.f_globals.get("__name__", "?")).removeprefix("causerie.")
    return f"{module}.{frame.f_code.co_qualname}"


class SqlUnitOfWork:
    """``async with factory(write=...) as uow: ...; await uow.commit()``.

    Leaving the block without ``commit()`` rolls back. ``commit()`` makes the
    transaction durable, gives the connection (and on SQLite the write lock)
    back, then publishes the events queued with ``publish`` and runs the
    ``after_commit`` callbacks, all in the order they were queued; the unit of
    work is finished after that. A rollback drops them all: an event never
    announces a change nobody can read. One statement at a time: do not share
    it between concurrent tasks."""

    # Typed as the ports: Protocol attributes are invariant.
    users: UserRepo
    sessions: SessionRepo
    rooms: RoomRepo
    messages: MessageRepo
    conversations: ConversationRepo
    blocks: BlockRepo
    cases: CaseRepo
    notices: NoticeRepo
    audit: AuditRepo
    held: HeldMessageRepo
    devices: DeviceSignalRepo
    nonces: AttestationNonceRepo
    # Beyond the UnitOfWork port: services reach them as ports.PrivacyUnitOfWork
    # and ports.TransparencyUnitOfWork.
    privacy: PrivacyRepo
    transparency: TransparencyRepo
    premium: PremiumRepo
    media: MediaRepo
    legal: LegalRepo
    receipts: ReceiptRepo
    edits: EditRepo
    reactions: ReactionRepo
    push: PushRepo
    # Storage's own (storage/outbox.py): never reached by services.
    outbox: SqlOutboxRepo

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        write: bool,
        write_lock: asyncio.Lock | None,
        events: EventPublisher | None = None,
        outbox: Encode | None = None,
        name: str = "unnamed",
        timing: TransactionTiming | None = None,
    ) -> None:
        self.name = name
        self._timing = timing
        self._started = 0.0
        self._engine = engine
        self._events = events
        # Set for operator commands: events are committed into the outbox
        # with the transaction instead of published after it.
        self._encode = outbox
        self._queued: list[Event] = []
        self._write = write
        # Only set for SQLite writers: serialises them inside this process so
        # they queue on an asyncio lock instead of spinning in busy_timeout.
        self._write_lock = write_lock
        self._holds_lock = False
        self._conn: AsyncConnection | None = None
        self._transaction: AsyncTransaction | None = None
        # After-commit callbacks and events to publish, in the order queued.
        self._callbacks: list[AfterCommit | Event] = []
        self._state = "new"

    async def __aenter__(self) -> Self:
        if self._state != "new":
            raise RuntimeError("a unit of work can be entered only once")
        self._state = "open"
        self._started = time.perf_counter()
        if self._write_lock is not None:
            await self._write_lock.acquire()
            self._holds_lock = True
        try:
            conn = await self._engine.connect()
            try:
                await conn.execution_options(**self._transaction_options())
                self._transaction = await conn.begin()
            except BaseException:
                await conn.close()
                raise
        except BaseException as error:
            self._release_lock()
            self._state = "closed"
            if is_timeout(error):  # no pooled connection in time, or no answer
                raise unavailable() from error
            raise
        self._conn = conn
        self.users = SqlUserRepo(conn)
        self.sessions = SqlSessionRepo(conn)
        self.rooms = SqlRoomRepo(conn)
        self.messages = SqlMessageRepo(conn)
        self.conversations = SqlConversationRepo(conn)
        self.blocks = SqlBlockRepo(conn)
        self.cases = SqlCaseRepo(conn)
        self.notices = SqlNoticeRepo(conn)
        self.audit = SqlAuditRepo(conn)
        self.held = SqlHeldMessageRepo(conn)
        self.devices = SqlDeviceSignalRepo(conn)
        self.nonces = SqlAttestationNonceRepo(conn)
        self.privacy = SqlPrivacyRepo(conn)
        self.transparency = SqlTransparencyRepo(conn)
        self.premium = SqlPremiumRepo(conn)
        self.media = SqlMediaRepo(conn)
        self.legal = SqlLegalRepo(conn)
        self.receipts = SqlReceiptRepo(conn)
        self.edits = SqlEditRepo(conn)
        self.reactions = SqlReactionRepo(conn)
        self.push = SqlPushRepo(conn)
        self.outbox = SqlOutboxRepo(conn)
        return self

    def _transaction_options(self) -> dict[str, bool]:
        # Readers are read-only on both engines, so that a write slipped into
        # a read unit of work fails at once everywhere (on SQLite it would
        # otherwise fail only sometimes, when another writer holds the lock).
        if is_sqlite(self._engine):
            return {IMMEDIATE_OPTION: True} if self._write else {READ_ONLY_OPTION: True}
        return {} if self._write else {"postgresql_readonly": True}

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        timed_out = exc is not None and is_timeout(exc)
        try:
            if self._state == "open":
                self._callbacks.clear()
                self._queued.clear()
                try:
                    if self._transaction is not None and self._transaction.is_active:
                        await self._transaction.rollback()
                finally:
                    await self._close()
        except Exception as error:
            if timed_out or is_timeout(error):
                raise unavailable() from error
            raise
        if timed_out:
            # The database did not answer in time: a clear, retryable error
            # (HTTP 503, WebSocket ``unavailable``) instead of a 500.
            raise unavailable() from exc

    async def commit(self) -> None:
        """Commit, release the connection, then run the after-commit callbacks
        in order. Every callback runs even if an earlier one fails; the first
        failure is then raised (the data is committed all the same)."""
        await self.commit_quietly()
        await self.announce()

    async def commit_quietly(self) -> None:
        """Commit and release the connection, keeping the events and
        after-commit callbacks for ``announce`` (the group commit answers
        its senders in between: storage/group_commit.py)."""
        if self._state != "open" or self._transaction is None:
            raise RuntimeError("commit() outside an open unit of work")
        if self._queued and self._encode is not None:
            encode, queued, self._queued = self._encode, self._queued, []
            await self.outbox.add_many(datetime.now(UTC), [encode(e) for e in queued])
        try:
            await self._transaction.commit()
        except BaseException:
            self._callbacks.clear()  # nothing to announce: it did not commit
            raise
        finally:
            # Committed or not, this transaction is over: free the connection
            # and the SQLite write lock before any callback runs, so callbacks
            # may open their own units of work.
            await self._close()

    async def announce(self) -> None:
        """Run the after-commit callbacks (events published among them) of a
        committed unit of work, in order; see ``commit``."""
        if self._state != "closed":
            raise RuntimeError("announce() before the commit")
        entries, self._callbacks = self._callbacks, []
        first_error: Exception | None = None
        start = 0
        while start < len(entries):
            entry = entries[start]
            try:
                if callable(entry):
                    start += 1
                    await entry()
                else:
                    # Consecutive events go out in one call (a group
                    # commit's batch fans out in one pass).
                    events: list[Event] = []
                    while start < len(entries) and not callable(entry := entries[start]):
                        events.append(entry)
                        start += 1
                    assert self._events is not None  # publish() checked
                    await self._events.publish_many(events)
            except Exception as error:
                log.exception("after_commit callback failed")
                first_error = first_error or error
        if first_error is not None:
            raise first_error

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """A nested transaction: an exception inside undoes only its writes,
        and forgets the after-commit callbacks registered inside it (group
        commit: one failing message must not sink the others)."""
        if self._state != "open" or self._conn is None:
            raise RuntimeError("savepoint() outside an open unit of work")
        mark, queued = len(self._callbacks), len(self._queued)
        try:
            async with self._conn.begin_nested():
                yield
        except BaseException:
            del self._callbacks[mark:]
            del self._queued[queued:]
            raise

    def after_commit(self, callback: AfterCommit) -> None:
        """Run ``callback`` once this transaction has committed (never on rollback)."""
        if self._state != "open":
            raise RuntimeError("after_commit() outside an open unit of work")
        self._callbacks.append(callback)

    def publish(self, event: Event) -> None:
        """Hand ``event`` to every node once this transaction has committed
        (never on rollback), in order with the other events and callbacks."""
        if self._state != "open":
            raise RuntimeError("publish() outside an open unit of work")
        if self._encode is not None:
            self._queued.append(event)
            return
        if self._events is None:
            raise RuntimeError("this unit of work factory publishes nowhere (publishing_to)")
        self._callbacks.append(event)

    async def _close(self) -> None:
        self._state = "closed"
        if self._timing is not None and self._timing.observe is not None:
            self._timing.observe(self.name, self._write, time.perf_counter() - self._started)
        conn, self._conn = self._conn, None
        try:
            if conn is not None:
                await conn.close()
        finally:
            self._release_lock()

    def _release_lock(self) -> None:
        if self._holds_lock and self._write_lock is not None:
            self._holds_lock = False
            self._write_lock.release()


class SqlUnitOfWorkFactory:
    """Makes units of work on one engine. Create one per engine: on SQLite it
    owns the in-process lock that queues writers."""

    def __init__(
        self,
        engine: AsyncEngine,
        events: EventPublisher | None = None,
        *,
        outbox: Encode | None = None,
    ) -> None:
        self.engine = engine
        self._write_lock = asyncio.Lock() if is_sqlite(engine) else None
        self._events = events
        self._outbox = outbox
        self.timing = TransactionTiming()

    def publishing_to(self, events: EventPublisher) -> SqlUnitOfWorkFactory:
        """The same factory (same engine, same SQLite writer queue) whose
        units of work publish to ``events``."""
        return self._twin(SqlUnitOfWorkFactory(self.engine, events))

    def publishing_into_outbox(self, encode: Encode) -> SqlUnitOfWorkFactory:
        """The same factory whose units of work commit their events into the
        event outbox, in their own transaction, for a server to publish
        (operator commands: storage/outbox.py)."""
        return self._twin(SqlUnitOfWorkFactory(self.engine, outbox=encode))

    def _twin(self, twin: SqlUnitOfWorkFactory) -> SqlUnitOfWorkFactory:
        twin._write_lock = self._write_lock
        twin.timing = self.timing
        return twin

    def __call__(self, *, write: bool = False, name: str | None = None) -> SqlUnitOfWork:
        """``write=True`` takes the write lock up front (``BEGIN IMMEDIATE`` on
        SQLite, after queueing on the in-process lock); a plain transaction on
        PostgreSQL. ``write=False`` gives a read-only transaction on both
        engines: any write in it raises. ``name`` (by default the calling
        function) labels its latency (``causerie_db_transaction_seconds``)."""
        lock = self._write_lock if write else None
        return SqlUnitOfWork(
            self.engine,
            write=write,
            write_lock=lock,
            events=self._events,
            outbox=self._outbox,
            name=name or caller_name(),
            timing=self.timing,
        )


def make_uow_factory(engine: AsyncEngine) -> SqlUnitOfWorkFactory:
    """The ``UnitOfWorkFactory`` of ``causerie.ports`` over ``engine``."""
    return SqlUnitOfWorkFactory(engine)
