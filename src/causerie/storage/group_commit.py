"""Group commit: sends that arrive while a transaction is committing share
the next one, so many messages cost one fsync, and every ack still follows
the durable commit of its message (the ``GroupCommit`` port).

What a send does inside the transaction is the services' business (the
``write`` each one queues: services/messages.py); this module only decides
which sends share a transaction and what happens when one fails.

A batch first runs on a ``BatchUnitOfWork`` (reads once per batch, writes
kept and made once at commit). Should it raise — a constraint hit by a send
on another node, a deadlock on PostgreSQL — nothing of it was committed,
and the batch is replayed send by send, each in its own savepoint, so that
one bad send sinks only itself. A ``write`` refuses by returning its
refusal, never by raising: in a batch, an exception means spoiled writes.

Once a batch is durable its senders are answered first, then its events
are published (the fan-out): see ``_commit``.

One per process and database; under a single sender it adds one queue hop
and nothing else."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from causerie.domain.errors import CauserieError
from causerie.ports import SendKey, UnitOfWork, UnitOfWorkFactory
from causerie.storage.batch_uow import BatchUnitOfWork

log = logging.getLogger(__name__)

T = TypeVar("T")
_Announce = Callable[[], Awaitable[None]]


@dataclass(eq=False, slots=True)
class _Pending:
    write: Callable[[UnitOfWork], Awaitable[Any]]
    key: SendKey
    future: asyncio.Future[Any]


class GroupCommit:
    def __init__(self, uow: UnitOfWorkFactory, max_batch: int = 256) -> None:
        self._uow = uow
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

    def submit(self, write: Callable[[UnitOfWork], Awaitable[T]], key: SendKey) -> Awaitable[T]:
        """Queue a send (in call order); the future resolves after its commit."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._pending.append(_Pending(write, key, future))
        self._wakeup.set()
        if self._worker is None or self._worker.done():
            self._worker = loop.create_task(self._run())
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

    async def _run(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            while self._pending:
                count = min(len(self._pending), self._max_batch)
                batch = [self._pending.popleft() for _ in range(count)]
                await self._commit(batch)

    async def _commit(self, batch: list[_Pending]) -> None:
        self.batches += 1
        try:
            results, announce = await self._commit_batch(batch)
        except Exception as failure:
            if isinstance(failure, CauserieError) and failure.code == "unavailable":
                # The database did not answer in time: a replay send by send
                # would only wait as long again. Every sender gets the error.
                self._fail(batch, failure)
                return
            log.warning("batch of %d sends failed; replaying one by one", len(batch), exc_info=True)
            self.replayed_batches += 1
            try:
                results, announce = await self._commit_each(batch)
            except Exception as failure:
                log.exception("group commit of %d messages failed", len(batch))
                self._fail(batch, failure)
                return
        # Answer first, announce second. The acks are a few bytes to a few
        # sockets, the batch's fan-out is every message to every member: let
        # the senders' tasks take their results and the write batcher send
        # the acks (two turns of the loop) before the fan-out is written. A
        # closed-loop sender then has its acks, and sends again, while this
        # node is still writing the fan-out: its next batch overlaps the
        # readers' work instead of waiting for it (bench/run_realtime.py's
        # burst: the server at 92-94 % of its core instead of 55-73 %). The
        # data is durable either way. Session 5 put this order back because
        # the steady rate's p99 rose to 114-223 ms; session 6 found full
        # garbage collections of the start-up heap (0.3-1.8 s with the loop
        # stopped) landing in the phases, now frozen out (app.py,
        # docs/benchmarks.md).
        for item, result in zip(batch, results, strict=True):
            if item.future.done():  # the sender went away; the message stays
                continue
            if isinstance(result, _Refused):
                item.future.set_exception(result.error)
            else:
                item.future.set_result(result)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        try:
            await announce()
        except Exception:  # committed and answered: the gap sweep delivers it
            log.exception("announcing a batch of %d sends failed", len(batch))

    @staticmethod
    def _fail(batch: list[_Pending], failure: Exception) -> None:
        for item in batch:
            if not item.future.done():
                item.future.set_exception(failure)

    async def _commit_batch(self, batch: list[_Pending]) -> tuple[list[Any], _Announce]:
        async with BatchUnitOfWork(self._uow(write=True)) as uow:
            await uow.prefetch(
                {item.key.author_id for item in batch},
                {item.key.room_id for item in batch},
                {(item.key.author_id, item.key.client_id) for item in batch},
            )
            results = [await item.write(uow) for item in batch]
            await uow.commit_quietly()
        return results, uow.announce

    async def _commit_each(self, batch: list[_Pending]) -> tuple[list[Any], _Announce]:
        results: list[Any] = []
        async with self._uow(write=True) as uow:
            for item in batch:
                try:
                    async with uow.savepoint():
                        results.append(await item.write(uow))
                except CauserieError as refused:
                    results.append(_Refused(refused))
            await uow.commit_quietly()
        return results, uow.announce


@dataclass(frozen=True, slots=True)
class _Refused:
    """A send the replay refused (its savepoint undone)."""

    error: CauserieError
