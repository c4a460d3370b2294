"""The direct fan-out write path: uvicorn's sans-I/O WebSocket protocol,
plus an ASGI scope extension through which a connection writes complete,
pre-built frames straight into the socket's transport.

Per recipient the ASGI path costs a queue hop, a task switch, Starlette's
``send_text``, the websockets framing of the same payload again and the
transport write. A server frame is never masked, so the bytes of one frame
are valid on every socket: the hub builds them once per message
(``realtime.frames.Outgoing.wire``) and each connection only does
``transport.write``. The handshake and the close still go through ASGI.

This couples to ``uvicorn.protocols.websockets.websockets_sansio_impl``
(uvicorn 0.54): it reads ``handshake_complete``, ``close_sent``,
``disconnected``, ``writable``, ``transport`` and ``response``, and adds to
``scope["extensions"]`` in ``handle_connect``, after uvicorn built the scope
and before the ASGI task (created there) first runs.
``tests/realtime/test_ws.py`` checks the real server hands a sink over."""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.http11 import Request

DIRECT_EXTENSION = "causerie.direct"


class DirectSink:
    """The ``ports.Sink`` of one uvicorn WebSocket connection."""

    __slots__ = ("_protocol", "_transport")

    def __init__(self, protocol: WebSocketsSansIOProtocol) -> None:
        self._protocol = protocol
        self._transport = protocol.transport

    def write(self, wire: bytes) -> bool:
        protocol = self._protocol
        if (
            not protocol.handshake_complete
            or protocol.close_sent
            or protocol.disconnected
            or self._transport.is_closing()
        ):
            return False
        self._transport.write(wire)
        return True

    def buffered(self) -> int:
        return self._transport.get_write_buffer_size()

    async def wait_writable(self) -> None:
        # Cleared by pause_writing, set by resume_writing and connection_lost.
        await self._protocol.writable.wait()

    def abort_later(self, seconds: float) -> None:
        self._protocol.loop.call_later(seconds, self._abort)

    def stop_reading(self) -> None:
        if not self._protocol.disconnected:
            self._transport.pause_reading()

    def _abort(self) -> None:
        if not self._protocol.disconnected:
            # close() would wait for a buffer a stalled peer never drains.
            self._transport.abort()


class DirectWebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's sans-I/O protocol, offering a ``DirectSink`` to the app."""

    def handle_connect(self, event: Request) -> None:
        super().handle_connect(event)
        if self.response.status_code != 101:
            return  # refused before any scope was built
        extensions: dict[str, Any] = self.scope.setdefault("extensions", {})
        extensions[DIRECT_EXTENSION] = DirectSink(self)


def uvicorn_options() -> dict[str, Any]:
    """The WebSocket options every server of this app runs with (``serve``
    and the test harness)."""
    return {
        "ws": DirectWebSocketProtocol,
        "ws_max_size": 1 << 20,
        # No permessage-deflate: compression is per recipient by nature (each
        # socket has its own compression context), exactly the per-recipient
        # work the direct path removes, and a pre-built frame can only be
        # shared when it is not compressed. Chat frames are small anyway.
        "ws_per_message_deflate": False,
    }
