"""This node: its hub wired to the broker. Services publish through it
(``EventPublisher``) and read presence from it (``Presence``).

A message committed here is handed to this node's hub directly, before the
broker: members of one node keep hearing each other while Redis is away.
The broker still carries it to every node, this one included, where the
hub drops it as a seq it already delivered. The other nodes catch up when
the broker resyncs, or at the latest at the next gap sweep."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from causerie.domain.events import Event, MessagePosted
from causerie.periodic import Periodic
from causerie.ports import Broker
from causerie.realtime.hub import Hub

log = logging.getLogger(__name__)


class Node:
    def __init__(self, hub: Hub, broker: Broker, *, sweep_every: float | None = None) -> None:
        self.hub = hub
        self.broker = broker
        hub.feed = broker  # the hub watches the rooms it has members in
        self._sweep = (
            Periodic("gap sweep", sweep_every, hub.sweep) if sweep_every is not None else None
        )

    async def start(self) -> None:
        await self.broker.start(self.hub.on_event, self.hub.resync)
        if self._sweep is not None:
            self._sweep.start()

    async def stop(self) -> None:
        if self._sweep is not None:
            await self._sweep.stop()
        await self.broker.stop()

    async def publish(self, event: Event) -> None:
        if isinstance(event, MessagePosted):
            try:
                await self.hub.on_event(event)
            except Exception:  # the broker and the sweep still deliver it
                log.exception("local delivery of a message failed")
        await self.broker.publish(event)

    async def publish_many(self, events: Sequence[Event]) -> None:
        """``publish`` each event in order; consecutive messages are handed
        to this node's hub together first (a group commit's batch:
        ``Hub.on_messages``), then to the broker one by one. Every event
        reaches the broker even if an earlier one failed; the first failure
        is then raised."""
        first_error: Exception | None = None
        start = 0
        while start < len(events):
            end = start
            while end < len(events) and isinstance(events[end], MessagePosted):
                end += 1
            if end > start:
                posted = [e.message for e in events[start:end] if isinstance(e, MessagePosted)]
                try:
                    await self.hub.on_messages(posted)
                except Exception:  # the broker and the sweep still deliver them
                    log.exception("local delivery of %d messages failed", len(posted))
            else:
                end = start + 1
            for event in events[start:end]:
                try:
                    await self.broker.publish(event)
                except Exception as error:
                    first_error = first_error or error
            start = end
        if first_error is not None:
            raise first_error


class LocalPresence:
    """Presence for a single node: what this hub sees."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub

    async def room_counts(self, room_ids: Sequence[str]) -> dict[str, int]:
        return self._hub.room_counts(room_ids)
