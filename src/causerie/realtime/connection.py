"""One live client connection as the hub sees it: identity, joined rooms,
who is hidden from it, and a bounded outbox drained by one writer task.

The outbox is what keeps a slow reader from slowing a room: the hub only
ever does a non-blocking ``offer``; when the outbox is full the connection
is closed with 4008 (resync) and the client resumes with ``since``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

CLOSE_SESSION_ENDED = 4001
CLOSE_SUSPENDED = 4003
CLOSE_TOO_SLOW = 4008
CLOSE_UNAUTHENTICATED = 4401

SendText = Callable[[str], Awaitable[None]]
CloseWith = Callable[[int], Awaitable[None]]


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
    _queue: asyncio.Queue[str | _Close] = field(init=False)
    _drained: asyncio.Event = field(init=False)

    def __post_init__(self) -> None:
        # One extra slot so a close marker always fits after a full outbox.
        self._queue = asyncio.Queue(maxsize=self.limit + 1)
        self._drained = asyncio.Event()

    def offer(self, data: str) -> bool:
        """Queue a frame without waiting; a full outbox closes with 4008."""
        if self.closing is not None:
            return False
        if self._queue.qsize() >= self.limit:
            self.close(CLOSE_TOO_SLOW)
            return False
        self._queue.put_nowait(data)
        return True

    async def put(self, data: str) -> None:
        """Queue a frame, waiting for room (replay to this connection alone)."""
        while self.closing is None and self._queue.qsize() >= self.limit:
            self._drained.clear()
            await self._drained.wait()
        if self.closing is None:
            self._queue.put_nowait(data)

    def close(self, code: int) -> None:
        """Ask the writer to close the socket after what is already queued
        (4008: right away, the queue is dropped)."""
        if self.closing is not None:
            return
        self.closing = code
        if code == CLOSE_TOO_SLOW:
            while not self._queue.empty():
                self._queue.get_nowait()
        self._queue.put_nowait(_Close(code))
        self._drained.set()

    async def run_writer(self, send: SendText, close: CloseWith) -> None:
        """Drain the outbox into the socket until a close marker arrives."""
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
        return self._queue.qsize()
