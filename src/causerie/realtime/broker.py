"""The Broker port: how events reach every node.

Delivery promise (the same for every implementation, checked by
tests/contract/test_broker_contract.py): an event published after a commit is
handed to the handler of every started broker sharing the same channel (this
node's included) at most once, in the order one publisher published them.
Events can be lost (a Redis restart, a network blip): the broker then calls
``on_resync`` once it is connected again, and the hub refetches from the
database, which is the source of truth. Consumers never rely on the broker
for durability.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from causerie.domain.events import Event

_log = logging.getLogger(__name__)

EventHandler = Callable[[Event], Awaitable[None]]
ResyncHandler = Callable[[], Awaitable[None]]


class Broker(Protocol):
    async def start(self, handler: EventHandler, on_resync: ResyncHandler) -> None:
        """Subscribe; returns once events published from now on will arrive."""
        ...

    async def publish(self, event: Event) -> None: ...

    async def stop(self) -> None: ...


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
    like nodes sharing a Redis channel; by default a broker has its own bus.
    A handler that raises is logged and does not stop delivery to the others
    (as with ``RedisBroker``, whose reader must survive a faulty handler).
    Handlers must not publish: nested delivery would overtake the current one.
    """

    def __init__(self, channel: str = "causerie:events", *, bus: LocalBus | None = None) -> None:
        self._channel = channel
        self._bus = bus if bus is not None else LocalBus()
        self._handler: EventHandler | None = None

    async def start(self, handler: EventHandler, on_resync: ResyncHandler) -> None:
        if self._handler is not None:
            raise RuntimeError("broker already started")
        self._handler = handler
        self._bus.subscribe(self._channel, handler)

    async def publish(self, event: Event) -> None:
        for handler in self._bus.handlers(self._channel):
            try:
                await handler(event)
            except Exception:
                _log.exception("event handler failed on %s", type(event).__name__)

    async def stop(self) -> None:
        if self._handler is not None:
            self._bus.unsubscribe(self._channel, self._handler)
            self._handler = None
