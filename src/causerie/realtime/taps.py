"""Broker wrappers that let a node-local cache hear about changes made on
any node, without the hub knowing them."""

from __future__ import annotations

from collections.abc import Callable

from causerie.domain.events import Event, UserFrame
from causerie.ports import Broker, EventHandler, ResyncHandler


class UserFrameTap:
    """Calls ``on_frame(user_id)`` for every ``UserFrame`` of ``frame_type``
    (then hands it on to the hub as usual), and ``on_resync()`` when events
    may have been lost."""

    def __init__(
        self,
        inner: Broker,
        frame_type: str,
        on_frame: Callable[[str], None],
        on_resync: Callable[[], None],
    ) -> None:
        self._inner = inner
        self._type = frame_type
        self._on_frame = on_frame
        self._on_lost = on_resync

    async def start(self, handler: EventHandler, on_resync: ResyncHandler) -> None:
        async def tapped(event: Event) -> None:
            if isinstance(event, UserFrame) and event.frame.get("type") == self._type:
                self._on_frame(event.user_id)
            await handler(event)

        async def resync() -> None:
            self._on_lost()
            await on_resync()

        await self._inner.start(tapped, resync)

    async def publish(self, event: Event) -> None:
        await self._inner.publish(event)

    async def watch(self, room_id: str) -> None:
        await self._inner.watch(room_id)

    def unwatch(self, room_id: str) -> None:
        self._inner.unwatch(room_id)

    async def stop(self) -> None:
        await self._inner.stop()
