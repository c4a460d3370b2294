"""This node: its hub wired to the broker. Services publish through it
(``EventPublisher``) and read presence from it (``Presence``)."""

from __future__ import annotations

from collections.abc import Sequence

from causerie.domain.events import Event
from causerie.realtime.broker import Broker
from causerie.realtime.hub import Hub


class Node:
    def __init__(self, hub: Hub, broker: Broker) -> None:
        self.hub = hub
        self.broker = broker

    async def start(self) -> None:
        await self.broker.start(self.hub.on_event, self.hub.resync)

    async def stop(self) -> None:
        await self.broker.stop()

    async def publish(self, event: Event) -> None:
        await self.broker.publish(event)


class LocalPresence:
    """Presence for a single node: what this hub sees."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub

    async def room_counts(self, room_ids: Sequence[str]) -> dict[str, int]:
        return self._hub.room_counts(room_ids)
