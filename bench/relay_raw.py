"""Bench relay on a bare ``asyncio.Protocol``: the HTTP upgrade and the
WebSocket framing done here with the standard library, each outgoing
message framed once and the same bytes written to every member's transport
— the pure-Python ceiling for fan-out.

    .venv/bin/python bench/relay_raw.py --port 8102

It trusts its clients (loopback bench only): no origin check, no size limit
beyond 1 MiB frames, no backpressure. See ``relay_common`` for the protocol."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import sys
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).resolve().parent))
from relay_common import Room, ack, joined, parse_args, run, token_of

WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
MAX_FRAME = 1 << 20
OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA

ROOMS: dict[str, tuple[Room, set[asyncio.Transport]]] = {}


def frame(opcode: int, payload: bytes) -> bytes:
    """An unmasked server frame, FIN set."""
    n = len(payload)
    if n < 126:
        header = bytes((0x80 | opcode, n))
    elif n < 1 << 16:
        header = bytes((0x80 | opcode, 126)) + n.to_bytes(2, "big")
    else:
        header = bytes((0x80 | opcode, 127)) + n.to_bytes(8, "big")
    return header + payload


def unmask(payload: bytes, mask: bytes) -> bytes:
    """XOR with the 4-byte mask, as one big-integer operation (fast in CPython)."""
    n = len(payload)
    if n == 0:
        return payload
    key = (mask * (n // 4 + 1))[:n]
    return (int.from_bytes(payload, "little") ^ int.from_bytes(key, "little")).to_bytes(n, "little")


def accept_key(key: str) -> str:
    return base64.b64encode(hashlib.sha1(key.encode() + WS_GUID).digest()).decode()


class RelayProtocol(asyncio.Protocol):
    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.upgraded = False
        self.author = "anonymous"
        self.rooms: list[set[asyncio.Transport]] = []
        self.fragments: list[bytes] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports implement the interface without subclassing it.
        self.transport = cast(asyncio.Transport, transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.transport is not None:
            for members in self.rooms:
                members.discard(self.transport)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if not self.upgraded and not self.handshake():
            return
        self.read_frames()

    def handshake(self) -> bool:
        assert self.transport is not None
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(self.buffer) > 16384:
                self.transport.close()
            return False
        head = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
        del self.buffer[: end + 4]
        target = head[0].split(" ")[1] if len(head[0].split(" ")) >= 2 else "/"
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        key = headers.get("sec-websocket-key")
        if key is None or "websocket" not in headers.get("upgrade", "").lower():
            self.transport.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            self.transport.close()
            return False
        self.author = token_of(target)
        self.transport.write(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Accept: " + accept_key(key).encode() + b"\r\n\r\n"
        )
        self.upgraded = True
        return True

    def read_frames(self) -> None:
        buf = self.buffer
        while len(buf) >= 2:
            b0, b1 = buf[0], buf[1]
            opcode, length, pos = b0 & 0x0F, b1 & 0x7F, 2
            if length == 126:
                if len(buf) < 4:
                    return
                length, pos = int.from_bytes(buf[2:4], "big"), 4
            elif length == 127:
                if len(buf) < 10:
                    return
                length, pos = int.from_bytes(buf[2:10], "big"), 10
            if length > MAX_FRAME:
                self.fail()
                return
            masked = b1 & 0x80
            end = pos + (4 if masked else 0) + length
            if len(buf) < end:
                return
            payload = bytes(buf[end - length : end])
            if masked:
                payload = unmask(payload, bytes(buf[pos : pos + 4]))
            del buf[:end]
            self.on_frame(b0 & 0x80 != 0, opcode, payload)
            if self.transport is None or self.transport.is_closing():
                return

    def on_frame(self, fin: bool, opcode: int, payload: bytes) -> None:
        assert self.transport is not None
        if opcode in (OP_TEXT, OP_BINARY, OP_CONT):
            self.fragments.append(payload)
            if fin:
                data = b"".join(self.fragments)
                self.fragments = []
                self.on_message(data)
        elif opcode == OP_CLOSE:
            self.transport.write(frame(OP_CLOSE, payload[:2]))
            self.transport.close()
        elif opcode == OP_PING:
            self.transport.write(frame(OP_PONG, payload))

    def on_message(self, data: bytes) -> None:
        assert self.transport is not None
        message = json.loads(data)
        kind = message.get("type")
        if kind == "send":
            room, members = room_of(str(message["room"]))
            seq, message_id, payload = room.message(self.author, str(message["text"]))
            out = frame(OP_TEXT, payload)
            for transport in members:
                transport.write(out)
            self.transport.write(
                frame(OP_TEXT, ack(str(message["client_id"]), room.id, seq, message_id))
            )
        elif kind == "join":
            room, members = room_of(str(message["room"]))
            members.add(self.transport)
            self.rooms.append(members)
            self.transport.write(frame(OP_TEXT, joined(room)))
        elif kind == "ping":
            self.transport.write(frame(OP_TEXT, b'{"type":"pong"}'))

    def fail(self) -> None:
        assert self.transport is not None
        self.transport.write(frame(OP_CLOSE, (1009).to_bytes(2, "big")))
        self.transport.close()


def room_of(room_id: str) -> tuple[Room, set[asyncio.Transport]]:
    entry = ROOMS.get(room_id)
    if entry is None:
        entry = ROOMS[room_id] = (Room(room_id), set())
    return entry


async def main(host: str, port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(RelayProtocol, host, port, backlog=4096)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    args = parse_args(__doc__)

    async def start() -> None:
        await main(args.host, args.port)

    run(start, args.loop)
