"""Events of operator commands reach open screens.

An operator command (``causerie legal ban execute``, ``causerie users
role``…) runs in its own process, without the server's realtime node. Its
units of work queue events with ``uow.publish`` like any service's, but
commit them into ``event_outbox``, in the same transaction as the change
they announce (a transactional outbox: the ban and its event are durable
together, or neither is). Every server node polls the table; the node that
deletes a row publishes it through its own node, hence through the broker
to every node when Redis is configured, or to its own hub on the embedded
default. Polling costs one indexed read per period; the write lock is only
taken when something waits."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from causerie.domain.events import Event
from causerie.periodic import Periodic
from causerie.ports import EventPublisher
from causerie.storage.uow import SqlUnitOfWorkFactory

log = logging.getLogger(__name__)

# An event older than this announced a change to screens long since
# refreshed (or a server that was not running): dropped, not replayed.
STALE_AFTER = timedelta(minutes=10)
TAKE_LIMIT = 200


class OutboxRelay:
    """Takes the outbox's events and publishes them on this node."""

    def __init__(
        self,
        factory: SqlUnitOfWorkFactory,
        decode: Callable[[str], Event],
        events: EventPublisher,
        every: float = 1.0,
    ) -> None:
        self._factory = factory
        self._decode = decode
        self._events = events
        self._job = Periodic("event outbox relay", every, self.run_once)

    def start(self) -> None:
        self._job.start()

    async def stop(self) -> None:
        await self._job.stop()

    async def run_once(self) -> int:
        """Publish what waits; returns how many events were published."""
        async with self._factory() as uow:
            if not await uow.outbox.pending():
                return 0
        published = 0
        while True:
            async with self._factory(write=True) as uow:
                taken = await uow.outbox.take(TAKE_LIMIT)
                await uow.commit()
            stale_before = datetime.now(UTC) - STALE_AFTER
            for created_at, payload in taken:
                if created_at < stale_before:
                    continue
                try:
                    await self._events.publish(self._decode(payload))
                except Exception:  # one bad row must not block the others
                    log.exception("event outbox: an event could not be published")
                    continue
                published += 1
            if len(taken) < TAKE_LIMIT:
                return published
