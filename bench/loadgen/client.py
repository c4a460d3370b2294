"""One WebSocket client connection over a plain ``asyncio.Protocol``.

The ``websockets`` library's sans-I/O ``ClientProtocol`` does the opening
handshake, frames (and masks) everything this client sends, and handles the
control frames (ping, close) it receives. Only the hot receive path is done
here: a server's data frames are unmasked and, in this bench, small, so
splitting them takes a few lines and about 1 µs, where the library's
generic parser measured 10 µs per frame on this machine — more than the
servers under test spend per delivery, so the generator would measure
itself. Why not ``websockets.asyncio.client``: a future, a queue and a task
wake-up per frame on top of that."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import cast

from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.uri import parse_uri

FrameHandler = Callable[["WsClient", bytes], None]

_TEXT, _BINARY, _CONT = 0x1, 0x2, 0x0


VIOLATION = -1
"""``closed`` result when the server broke the protocol (see ``violation``)."""


class WsClient(asyncio.Protocol):
    """A client connection; ``on_frame`` gets each complete text/binary message."""

    def __init__(self, url: str, on_frame: FrameHandler, max_size: int = 1 << 22) -> None:
        self.url = url
        self.on_frame = on_frame
        self.max_size = max_size
        self.ws = ClientProtocol(parse_uri(url), max_size=max_size)
        loop = asyncio.get_running_loop()
        self.opened: asyncio.Future[None] = loop.create_future()
        self.closed: asyncio.Future[int | None] = loop.create_future()
        self.transport: asyncio.Transport | None = None
        self._open = False
        self._pending = b""
        self._fragments: list[bytes] = []
        self.violation: str | None = None
        self.tag: object = None
        """Whatever the owner wants to find again from a frame callback."""

    # --- asyncio.Protocol ----------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports implement the interface without subclassing it.
        self.transport = cast(asyncio.Transport, transport)
        self.ws.send_request(self.ws.connect())
        self._flush()

    def data_received(self, data: bytes) -> None:
        if self._open:
            self._split(data)
            return
        self.ws.receive_data(data)
        for event in self.ws.events_received():
            if isinstance(event, Frame):
                self._on_library_frame(event)
            elif not self.opened.done():  # the handshake response
                exc = self.ws.handshake_exc
                if exc is None:
                    self.opened.set_result(None)
                    self._open = True
                else:
                    self.opened.set_exception(exc)
        self._flush()
        if self._open:
            # Bytes after the handshake response are frames: take them over.
            leftover = bytes(self.ws.reader.buffer)
            self.ws.reader.buffer.clear()
            if leftover:
                self._split(leftover)

    def eof_received(self) -> bool | None:
        self.ws.receive_eof()
        self._flush()
        return None

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(exc or ConnectionError("closed during the handshake"))
        if not self.closed.done():
            # ``ws.close_code`` stays None until the library saw the TCP end;
            # the close frame, when one came, has the code.
            received = self.ws.close_rcvd
            self.closed.set_result(received.code if received is not None else None)

    # --- API -----------------------------------------------------------------

    def send(self, data: bytes) -> None:
        """Send one text frame (``data`` is UTF-8 JSON)."""
        self.ws.send_text(data)
        self._flush()

    def close(self) -> None:
        """Start the closing handshake; the transport closes when it completes."""
        if self.transport is None or self.transport.is_closing():
            return
        self.ws.send_close(1000)
        self._flush()

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()

    # --- internals -------------------------------------------------------------

    def _split(self, data: bytes) -> None:
        """Cut complete frames out of the stream; keep a partial one for later."""
        if self._pending:
            data = self._pending + data
        size = len(data)
        pos = 0
        while size - pos >= 2:
            b0 = data[pos]
            b1 = data[pos + 1]
            if b1 & 0x80:
                self._violation("masked frame from the server")
                return
            length = b1
            start = pos + 2
            if length == 126:
                if size - pos < 4:
                    break
                length = int.from_bytes(data[pos + 2 : pos + 4], "big")
                start = pos + 4
            elif length == 127:
                if size - pos < 10:
                    break
                length = int.from_bytes(data[pos + 2 : pos + 10], "big")
                start = pos + 10
            if length > self.max_size:
                self._violation("frame too large")
                return
            end = start + length
            if end > size:
                break
            opcode = b0 & 0x0F
            if opcode >= 0x8:
                # Control frame: the library answers pings and closes properly.
                self.ws.receive_data(data[pos:end])
                for event in self.ws.events_received():
                    assert isinstance(event, Frame)
                self._flush()
            elif b0 & 0x80 and opcode != _CONT:
                self.on_frame(self, data[start:end])
            else:
                self._fragment(opcode, bool(b0 & 0x80), data[start:end])
            pos = end
        self._pending = data[pos:]

    def _fragment(self, opcode: int, fin: bool, payload: bytes) -> None:
        if opcode != _CONT:
            self._fragments = []
        self._fragments.append(payload)
        if fin:
            message = b"".join(self._fragments)
            self._fragments = []
            self.on_frame(self, message)

    def _on_library_frame(self, frame: Frame) -> None:
        # Only reachable if a frame arrived in the same read as the handshake.
        if frame.opcode in (Opcode.TEXT, Opcode.BINARY) and frame.fin:
            self.on_frame(self, bytes(frame.data))

    def _violation(self, reason: str) -> None:
        self.violation = reason
        if not self.closed.done():
            self.closed.set_result(VIOLATION)
        self.abort()

    def _flush(self) -> None:
        transport = self.transport
        if transport is None or transport.is_closing():
            return
        for data in self.ws.data_to_send():
            if data:
                transport.write(data)
            elif transport.can_write_eof():
                transport.write_eof()
        if self.ws.close_expected():
            transport.close()


async def open_client(
    url: str, on_frame: FrameHandler, *, local_ip: str | None = None, wait: float = 10.0
) -> WsClient:
    """Connect and complete the WebSocket handshake (raises on refusal)."""
    uri = parse_uri(url)
    loop = asyncio.get_running_loop()
    holder: list[WsClient] = []

    def factory() -> WsClient:
        client = WsClient(url, on_frame)
        holder.append(client)
        return client

    local_addr = (local_ip, 0) if local_ip else None
    await asyncio.wait_for(
        loop.create_connection(factory, uri.host, uri.port, local_addr=local_addr), wait
    )
    client = holder[0]
    try:
        await asyncio.wait_for(asyncio.shield(client.opened), wait)
    except BaseException:
        client.abort()
        raise
    return client
