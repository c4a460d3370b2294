"""What both bench relays share: the subset of API v1 they speak and the
command line. They check nothing and store nothing: they are the ceiling a
Python chat server could reach, not chat servers.

    join  → {"type": "joined", "room", "last_seq"}
    send  → {"type": "message", "room", "seq", "id", "author", "text", "ts"}
            to every member of the room (the sender included), then
            {"type": "ack", "client_id", "room", "seq", "id"} to the sender
    ping  → {"type": "pong"}

The author is the connection's ``token`` query parameter. Frames have the
same fields as Causerie's, so the bytes per delivery are comparable."""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit


def token_of(path: str) -> str:
    """The ``token`` query parameter of the request target (or ``anonymous``)."""
    values = parse_qs(urlsplit(path).query).get("token")
    return values[0] if values else "anonymous"


class Room:
    """A sequence counter; members are kept by each relay in its own type."""

    def __init__(self, room_id: str) -> None:
        self.id = room_id
        self.seq = 0

    def message(self, author: str, text: str) -> tuple[int, str, bytes]:
        """Take the next seq; the message frame's JSON, built once."""
        self.seq += 1
        message_id = f"m{self.seq:012d}"
        ts = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        frame = {
            "type": "message",
            "room": self.id,
            "seq": self.seq,
            "id": message_id,
            "author": {"id": author, "pseudo": author},
            "text": text,
            "ts": ts,
        }
        return self.seq, message_id, json.dumps(frame, separators=(",", ":")).encode()


def ack(client_id: str, room: str, seq: int, message_id: str) -> bytes:
    frame = {"type": "ack", "client_id": client_id, "room": room, "seq": seq, "id": message_id}
    return json.dumps(frame, separators=(",", ":")).encode()


def joined(room: Room) -> bytes:
    return json.dumps({"type": "joined", "room": room.id, "last_seq": room.seq}).encode()


def parse_args(description: str | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--loop", choices=["uvloop", "asyncio"], default="uvloop")
    args = p.parse_args()
    if args.host != "127.0.0.1":
        p.error("the bench relays only listen on 127.0.0.1")
    return args


def run(main: Callable[[], Coroutine[Any, Any, None]], loop: str) -> None:
    """Run ``main`` under uvloop (like uvicorn's default) when available."""
    if loop == "uvloop":
        try:
            import uvloop

            uvloop.run(main())
            return
        except ImportError:
            pass
    asyncio.run(main())
