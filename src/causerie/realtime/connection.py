"""One live client connection as the hub sees it: identity, joined rooms,
who is hidden from it, and where its frames go.

Two write paths, one promise: the hub only ever does a non-blocking
``offer``, and a connection that cannot keep up is closed with 4008
(resync) rather than slowing the room; the client resumes with ``since``.

- Direct (a ``ports.Sink`` is given: the uvicorn protocol of
  ``transport/ws/direct.py``): ``offer`` writes the frame's wire bytes, built
  once per message, straight into the socket's transport — with a
  ``WriteBatcher``, all the frames of one event-loop turn in one write (a
  group commit's whole batch costs each recipient one system call). The
  bound is the transport's write buffer plus those pending frames: past
  ``byte_limit`` bytes the connection is
  closed with 4008, and aborted a little later if the peer still does not
  read (a stalled peer never lets ``close`` free its buffer).
- Queued (no sink: unit tests, other ASGI servers): a bounded queue of
  ``limit`` frames drained by one writer task; a full queue closes with 4008.

In both modes the writer task carries the close marker, so the close frame
goes out through the ASGI layer after everything offered before it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from causerie.domain.events import CLOSE_RESYNC, CLOSE_TOO_MANY
from causerie.ports import Sink
from causerie.realtime.budget import TokenBucket
from causerie.realtime.frames import Outgoing, Run

log = logging.getLogger(__name__)

CLOSE_TOO_SLOW = CLOSE_RESYNC

# A connection closed for being too slow is aborted this long after the close
# was asked for, if its peer has not read its buffer (and the close) by then.
ABORT_SLOW_AFTER = 5.0
# A connection closed for flooding stops being read at once (what it already
# sent would otherwise still be parsed, up to its close reply) and is
# dropped this long after its close frame was written.
ABORT_FLOODER_AFTER = 1.0

# A replay writes while the outbox is under this fraction of its bound, and
# waits for it to drain below a quarter of it: live frames of the other
# rooms always keep at least half of the bound.
REPLAY_HIGH = 2
REPLAY_LOW = 4
# When the transport is under its own high-water mark it never pauses, so
# nothing would wake a waiter: poll the buffer at this pace instead.
DRAIN_POLL = 0.01

SendText = Callable[[str], Awaitable[None]]
CloseWith = Callable[[int], Awaitable[None]]


class WriteBatcher:
    """Frames offered to a socket during one turn of the event loop leave in
    one ``write`` at the end of that turn.

    A group commit fans a whole batch of messages out in one turn: without
    this, each recipient would cost one system call per message; with it,
    one per batch. Nothing waits for it: the flush is the next callback of
    the loop, so a lone message goes out as soon as before."""

    __slots__ = ("_dirty", "_scheduled")

    def __init__(self) -> None:
        self._dirty: list[Connection] = []
        self._scheduled = False

    def mark(self, conn: Connection) -> None:
        self._dirty.append(conn)
        if not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self.flush)

    def flush(self) -> None:
        self._scheduled = False
        dirty, self._dirty = self._dirty, []
        for conn in dirty:
            try:
                conn.flush()
            except Exception:  # one broken socket must not hold the others' frames
                log.exception("connection %s: flushing frames failed", conn.id)


@dataclass(frozen=True, slots=True)
class _Close:
    code: int


@dataclass(eq=False, slots=True)
class Connection:
    id: str
    user_id: str
    session_id: str
    language: str
    hidden: frozenset[str]
    limit: int
    rooms: set[str] = field(default_factory=set)
    closing: int | None = None
    sink: Sink | None = None
    byte_limit: int = 1_048_576
    batcher: WriteBatcher | None = None
    # Called once when this connection is closed for being too slow (the
    # slow-consumer metric counts connections cut, not frames refused).
    on_too_slow: Callable[[], None] | None = None
    # Replayed messages (``join`` with ``since``): None, unlimited.
    replay_budget: TokenBucket | None = None
    _pending: list[bytes] = field(default_factory=list)
    _pending_bytes: int = 0
    # ``byte_limit`` less what the socket held when ``_pending`` was last empty.
    _room: int = 0
    _queue: asyncio.Queue[str | _Close] = field(init=False)
    _drained: asyncio.Event = field(init=False)

    def __post_init__(self) -> None:
        # One extra slot so a close marker always fits after a full outbox
        # (with a sink, the queue only ever carries the close marker).
        self._queue = asyncio.Queue(maxsize=self.limit + 1)
        self._drained = asyncio.Event()

    def offer(self, frame: Outgoing | str) -> bool:
        """Hand a frame over without waiting; False when it was not (closing,
        or too slow: then closed with 4008)."""
        if self.closing is not None:
            return False
        sink = self.sink
        if sink is None:
            if self._queue.qsize() >= self.limit:
                self.close(CLOSE_TOO_SLOW)
                return False
            self._queue.put_nowait(frame if isinstance(frame, str) else frame.text)
            return True
        wire = (Outgoing.of_text(frame) if isinstance(frame, str) else frame).wire
        return self._offer_wire(sink, wire)

    def offer_run(self, run: Run) -> bool:
        """``offer`` each frame of ``run`` in order, at the cost of one offer
        on the direct path (a group commit's messages to one member)."""
        if self.sink is None or self.closing is not None:
            return all([self.offer(frame) for frame in run.frames])
        return self._offer_wire(self.sink, run.wire)

    def _offer_wire(self, sink: Sink, wire: bytes) -> bool:
        batcher = self.batcher
        pending = self._pending
        if batcher is None or not pending:
            room = self.byte_limit - sink.buffered()
            if room < 0:
                self.close(CLOSE_TOO_SLOW)
                return False
            self._room = room
        elif self._pending_bytes > self._room:
            # The socket's buffer read at this turn's first frame still holds:
            # only this connection's own flush, which empties ``pending``,
            # makes it grow before the end of the turn (once per batch and
            # connection, not once per message and member).
            self.close(CLOSE_TOO_SLOW)
            return False
        if batcher is None:
            return sink.write(wire)
        if not pending:
            batcher.mark(self)
        pending.append(wire)
        self._pending_bytes += len(wire)
        return True

    def flush(self) -> None:
        """Write the frames offered since the last flush, in one write."""
        pending = self._pending
        if not pending:
            return
        data = pending[0] if len(pending) == 1 else b"".join(pending)
        pending.clear()
        self._pending_bytes = 0
        if self.sink is not None:
            self.sink.write(data)

    async def put(self, frame: Outgoing | str) -> None:
        """Hand a frame over, waiting for room (replay to this connection alone)."""
        sink = self.sink
        if sink is not None:
            self.flush()  # keep the order: what was offered goes first
            if self.closing is None:
                await sink.wait_writable()
            if self.closing is None:
                sink.write((Outgoing.of_text(frame) if isinstance(frame, str) else frame).wire)
            return
        while self.closing is None and self._queue.qsize() >= self.limit:
            self._drained.clear()
            await self._drained.wait()
        if self.closing is None:
            self._queue.put_nowait(frame if isinstance(frame, str) else frame.text)

    # --- replay flow control ------------------------------------------------

    def replay_room(self, wire_size: int) -> bool:
        """Whether one more replayed frame of ``wire_size`` bytes may be
        offered now without taking the outbox past half its bound."""
        if self.closing is not None:
            return False
        if self.sink is None:
            return self._queue.qsize() < max(1, self.limit // REPLAY_HIGH)
        used = self.sink.buffered() + self._pending_bytes
        return used + wire_size <= self.byte_limit // REPLAY_HIGH

    async def drained(self) -> None:
        """Return once the outbox is below its low-water mark (a quarter of
        its bound) or the connection is closing: a replay's pause between
        pages, on this connection only."""
        sink = self.sink
        if sink is None:
            low = self.limit // REPLAY_LOW
            while self.closing is None and self._queue.qsize() > low:
                self._drained.clear()
                await self._drained.wait()
            return
        self.flush()
        low = self.byte_limit // REPLAY_LOW
        while self.closing is None and sink.buffered() > low:
            await sink.wait_writable()
            if self.closing is None and sink.buffered() > low:
                await asyncio.sleep(DRAIN_POLL)

    async def pace_replay(self, messages: int) -> None:
        """Charge ``messages`` replayed to this connection's budget and wait
        off any debt: a replay costs in proportion to its size, and one over
        budget goes on more slowly instead of failing."""
        wait = self.charge_replay(messages)
        if wait > 0:
            await asyncio.sleep(wait)

    def charge_replay(self, messages: int) -> float:
        """Charge without waiting; the seconds of debt now owed."""
        budget = self.replay_budget
        if budget is None or messages <= 0:
            return 0.0
        return budget.charge(asyncio.get_running_loop().time(), messages)

    def close(self, code: int) -> None:
        """Ask the writer to close the socket after what was offered before
        (4008: right away, what is still queued is dropped)."""
        if self.closing is not None:
            return
        self.closing = code
        if code == CLOSE_TOO_SLOW:
            if self.on_too_slow is not None:
                self.on_too_slow()
            self._pending.clear()
            self._pending_bytes = 0
            while not self._queue.empty():
                self._queue.get_nowait()
            if self.sink is not None:
                # What is already in the transport buffer cannot be taken
                # back: the close frame waits behind it, and a peer that
                # never reads would hold that buffer forever.
                self.sink.abort_later(ABORT_SLOW_AFTER)
        else:
            self.flush()  # the close frame follows everything offered before
            if code == CLOSE_TOO_MANY and self.sink is not None:
                self.sink.stop_reading()
                self.sink.abort_later(ABORT_FLOODER_AFTER)
        self._queue.put_nowait(_Close(code))
        self._drained.set()

    async def run_writer(self, send: SendText, close: CloseWith) -> None:
        """Drain the queue into the socket until a close marker arrives."""
        while True:
            item = await self._queue.get()
            self._drained.set()
            if isinstance(item, _Close):
                await close(item.code)
                return
            try:
                await send(item)
            except Exception:
                # The peer is gone (the transport raises its own disconnect
                # error): nothing more can be written; the reader side ends
                # the connection.
                log.debug("connection %s: send failed, writer stops", self.id, exc_info=True)
                self.closing = self.closing or 1006
                return

    @property
    def queued(self) -> int:
        """Frames waiting in the writer queue (queue path; with a sink frames
        are never queued: at most a pending close marker counts)."""
        return self._queue.qsize()

    @property
    def buffered(self) -> int:
        """Bytes written to the socket's transport and not yet taken by the
        kernel (direct path; 0 without a sink)."""
        return 0 if self.sink is None else self.sink.buffered() + self._pending_bytes
