"""The in-memory broker (one process, or several simulated nodes sharing a
``LocalBus``) and what every broker shares: which events are a room's
(``room_of``) and where a room's events travel (``room_channel``).

The port itself and its delivery promise are ``ports.Broker``; the Redis
one is ``adapters.redis_broker.RedisBroker``. Both pass
tests/contract/test_broker_contract.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from causerie.domain.events import (
    Event,
    MessageDeleted,
    MessageEdited,
    MessagePosted,
    ReactionsChanged,
)
from causerie.ports import EventHandler, ResyncHandler

_log = logging.getLogger(__name__)


def room_of(event: Event) -> str | None:
    """The room whose watchers alone need ``event``; None: every node does."""
    if isinstance(event, (MessagePosted, MessageEdited)):
        return event.message.room_id
    if isinstance(event, (MessageDeleted, ReactionsChanged)):
        return event.room_id
    return None


def room_channel(channel: str, room_id: str) -> str:
    """Where the events of ``room_id`` travel, beside the shared ``channel``."""
    return f"{channel}:room:{room_id}"


@dataclass(slots=True)
class FeedStats:
    """Events handed to this node's handler: what it had to decode. The
    per-room channels exist to keep this at what local members need."""

    decoded: int = 0


class LocalBus:
    """What a Redis server is to ``RedisBroker``, inside one process: the
    handlers subscribed to each channel. Share one between ``InMemoryBroker``
    instances to simulate several nodes (tests)."""

    def __init__(self) -> None:
        self._handlers: dict[str, list[EventHandler]] = {}

    def subscribe(self, channel: str, handler: EventHandler) -> None:
        self._handlers.setdefault(channel, []).append(handler)

    def unsubscribe(self, channel: str, handler: EventHandler) -> None:
        handlers = self._handlers.get(channel, [])
        if handler in handlers:
            handlers.remove(handler)
        if not handlers:
            self._handlers.pop(channel, None)

    def handlers(self, channel: str) -> tuple[EventHandler, ...]:
        return tuple(self._handlers.get(channel, ()))


class InMemoryBroker:
    """One process: ``publish`` awaits every subscribed handler in turn, so an
    event has been handled everywhere once it returns. Nothing can be lost in
    between, hence ``on_resync`` is never called.

    Brokers built on the same ``bus`` and ``channel`` see each other's events,
    like nodes sharing a Redis channel (a room's events only where watched);
    by default a broker has its own bus.
    A handler that raises is logged and does not stop delivery to the others
    (as with ``RedisBroker``, whose reader must survive a faulty handler).
    Handlers must not publish: nested delivery would overtake the current one.
    """

    def __init__(self, channel: str = "causerie:events", *, bus: LocalBus | None = None) -> None:
        self._channel = channel
        self._bus = bus if bus is not None else LocalBus()
        self._handler: EventHandler | None = None
        self._watched: set[str] = set()
        self.stats = FeedStats()

    async def start(self, handler: EventHandler, on_resync: ResyncHandler) -> None:
        if self._handler is not None:
            raise RuntimeError("broker already started")

        async def counted(event: Event) -> None:
            self.stats.decoded += 1
            await handler(event)

        self._handler = counted
        self._bus.subscribe(self._channel, counted)
        for room_id in self._watched:
            self._bus.subscribe(room_channel(self._channel, room_id), counted)

    async def watch(self, room_id: str) -> None:
        if room_id in self._watched:
            return
        self._watched.add(room_id)
        if self._handler is not None:
            self._bus.subscribe(room_channel(self._channel, room_id), self._handler)

    def unwatch(self, room_id: str) -> None:
        if room_id not in self._watched:
            return
        self._watched.discard(room_id)
        if self._handler is not None:
            self._bus.unsubscribe(room_channel(self._channel, room_id), self._handler)

    async def publish(self, event: Event) -> None:
        room_id = room_of(event)
        channel = self._channel if room_id is None else room_channel(self._channel, room_id)
        for handler in self._bus.handlers(channel):
            try:
                await handler(event)
            except Exception:
                _log.exception("event handler failed on %s", type(event).__name__)

    async def stop(self) -> None:
        if self._handler is not None:
            self._bus.unsubscribe(self._channel, self._handler)
            for room_id in self._watched:
                self._bus.unsubscribe(room_channel(self._channel, room_id), self._handler)
            self._handler = None
