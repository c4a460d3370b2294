"""Bench relay on the ``websockets`` library: ``websockets.asyncio.server``
and its ``broadcast`` (which frames the message again for every recipient).

    .venv/bin/python bench/relay_websockets.py --port 8101

See ``relay_common`` for the protocol subset."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from websockets.asyncio.server import ServerConnection, broadcast, serve

sys.path.insert(0, str(Path(__file__).resolve().parent))
from relay_common import Room, ack, joined, parse_args, run, token_of

ROOMS: dict[str, tuple[Room, set[ServerConnection]]] = {}


def room_of(room_id: str) -> tuple[Room, set[ServerConnection]]:
    entry = ROOMS.get(room_id)
    if entry is None:
        entry = ROOMS[room_id] = (Room(room_id), set())
    return entry


async def handler(ws: ServerConnection) -> None:
    author = token_of(ws.request.path if ws.request else "")
    mine: list[set[ServerConnection]] = []
    try:
        async for raw in ws:
            frame = json.loads(raw)
            kind = frame.get("type")
            if kind == "send":
                room, members = room_of(str(frame["room"]))
                seq, message_id, data = room.message(author, str(frame["text"]))
                broadcast(members, data, text=True)
                await ws.send(ack(str(frame["client_id"]), room.id, seq, message_id).decode())
            elif kind == "join":
                room, members = room_of(str(frame["room"]))
                members.add(ws)
                mine.append(members)
                await ws.send(joined(room).decode())
            elif kind == "ping":
                await ws.send('{"type":"pong"}')
    finally:
        for members in mine:
            members.discard(ws)


async def main(host: str, port: int) -> None:
    async with serve(
        handler, host, port, compression=None, ping_interval=None, max_size=1 << 20, backlog=4096
    ) as server:
        await server.serve_forever()


if __name__ == "__main__":
    args = parse_args(__doc__)

    async def start() -> None:
        await main(args.host, args.port)

    run(start, args.loop)
