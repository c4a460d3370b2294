"""Faults of the real-time path over a real server: a backlog larger than
the outbox, a message whose publish was lost, the slow-consumer count."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from websockets.asyncio.client import ClientConnection, connect

from causerie.domain.events import CLOSE_RESYNC, MessagePosted
from causerie.domain.ids import new_id
from causerie.domain.models import Message
from tests import harness
from tests.harness import Member, Server, live_server, room_for_band, signup

_ids = itertools.count(1)


async def store_missed(
    server: Server, room: str, author: Member, count: int, text: str
) -> list[Message]:
    """Commit ``count`` messages straight to the database, published to no
    one: what a member misses while offline (or what a node that died
    between commit and publish leaves behind)."""
    deps = server.app.state.deps
    stored: list[Message] = []
    async with deps.uow(write=True) as uow:
        for _ in range(count):
            seq = await uow.rooms.next_seq(room)
            message = Message(
                id=new_id(),
                room_id=room,
                seq=seq,
                author_id=author.id,
                author_pseudo=str(author.user["pseudo"]),
                text=text,
                created_at=deps.clock.now(),
                client_id=f"missed-{next(_ids)}",
            )
            stored.append(message)
        await uow.messages.add_many(stored)
        await uow.commit()
    return stored


async def raw_socket(member: Member, **options: Any) -> ClientConnection:
    """A client that reads only when asked (a small receive queue), so the
    server's socket really fills up while it does not."""
    conn = await connect(
        member.server.ws_url,
        additional_headers={"Authorization": f"Bearer {member.token}"},
        max_size=1 << 22,
        max_queue=4,
        **options,
    )
    member.sockets.append(conn)
    return conn


async def read(conn: ClientConnection, timeout: float = 10.0) -> dict[str, Any]:
    frame: dict[str, Any] = orjson.loads(await asyncio.wait_for(conn.recv(), timeout))
    return frame


@pytest.mark.parametrize("backlog", [400, 5000])
async def test_a_backlog_far_over_the_outbox_is_replayed_in_full_then_live(
    server: Server, backlog: int
) -> None:
    """Missed messages of 6 KB (5,000 are 30 MB, 30 times the outbox; 400
    fit in one page) replayed to a client that does not read at first:
    every one arrives, in order, with the messages sent live meanwhile,
    nothing twice, then live ones."""
    alice = await signup(server)
    bob = await signup(server)
    room = await room_for_band(alice)
    text = "€" * 2000  # 2,000 characters, 6,000 bytes
    missed = await store_missed(server, room, alice, backlog, text)
    b = await raw_socket(bob)
    await b.send(orjson.dumps({"type": "join", "room": room, "since": 0}).decode())
    await asyncio.sleep(1.0)  # bob reads nothing: the server must wait for him
    a = await alice.ws()
    await a.join(room)
    for i in range(5):  # live messages while bob's replay is held up
        await a.send_text(room, f"live {i}", f"during-{i}")
        await a.expect("ack")
    seqs: list[int] = []
    texts: list[str] = []
    joined: dict[str, Any] | None = None
    while joined is None:
        frame = await read(b)
        assert frame["type"] in ("message", "joined"), frame
        if frame["type"] == "joined":
            joined = frame
        else:
            seqs.append(frame["seq"])
            texts.append(frame["text"])
    after_join: list[int] = []
    await a.send_text(room, "after", "after-join")
    while not after_join or after_join[-1] < len(missed) + 6:
        frame = await read(b)
        assert frame["type"] == "message", frame
        after_join.append(frame["seq"])
    everything = seqs + after_join
    assert everything == list(range(1, len(missed) + 7))
    assert texts[:backlog] == [text] * backlog
    assert joined["last_seq"] == seqs[-1]


async def test_a_replay_over_the_outbox_works_on_the_queue_path(server: Server) -> None:
    """The same promise without the direct sink (another ASGI server): the
    replay waits for the writer queue instead of overflowing it."""
    from causerie.transport.ws import endpoint

    alice = await signup(server)
    bob = await signup(server)
    room = await room_for_band(alice)
    await store_missed(server, room, alice, 3000, "é" * 2000)
    original = endpoint.DIRECT_EXTENSION
    endpoint.DIRECT_EXTENSION = "not-offered"  # the endpoint then takes the queue path
    try:
        b = await raw_socket(bob)
        await b.send(orjson.dumps({"type": "join", "room": room, "since": 0}).decode())
        await asyncio.sleep(1.0)
        seqs = []
        while True:
            frame = await read(b)
            if frame["type"] == "joined":
                break
            seqs.append(frame["seq"])
    finally:
        endpoint.DIRECT_EXTENSION = original
    assert seqs == list(range(1, 3001))


@pytest.fixture
async def no_sweep_server(tmp_path: Path, migrated_database_url: str) -> AsyncIterator[Server]:
    """A server whose gap sweep never runs within a test."""
    settings = harness.test_settings(tmp_path, migrated_database_url, gap_sweep_seconds=3600.0)
    async with live_server(settings, listen=True) as live:
        yield live


async def test_a_duplicate_resend_republishes_a_lost_publish(no_sweep_server: Server) -> None:
    """The sender's node died between commit and publish (here: the
    message is committed and never published); the sender resends with the
    same client_id, gets the original ack, and the room now sees it."""
    server = no_sweep_server
    alice = await signup(server)
    bob = await signup(server)
    room = await room_for_band(alice)
    b = await bob.ws()
    await b.join(room)
    [lost] = await store_missed(server, room, alice, 1, "never published")
    a = await alice.ws()
    await a.join(room, since=None)
    await a.send_text(room, "whatever now", lost.client_id)
    ack = await a.expect("ack", timeout=1.0)
    assert (ack["seq"], ack["id"]) == (lost.seq, lost.id)
    seen = await b.expect("message", timeout=1.0)  # well before any sweep
    assert (seen["seq"], seen["text"]) == (lost.seq, "never published")


async def test_a_message_committed_but_never_published_arrives_within_the_sweep(
    server: Server,
) -> None:
    """The room's last message, committed and never published, with nothing
    after it to reveal the gap: the gap sweep delivers it."""
    alice = await signup(server)
    bob = await signup(server)
    room = await room_for_band(alice)
    b = await bob.ws()
    await b.join(room)
    [lost] = await store_missed(server, room, alice, 1, "the room's last word")
    every = server.app.state.deps.settings.gap_sweep_seconds
    seen = await b.expect("message", timeout=every + 2.0)
    assert (seen["seq"], seen["id"]) == (lost.seq, lost.id)


async def test_the_slow_consumer_count_is_one_per_connection_cut(server: Server) -> None:
    """A member who never reads while the room goes on is cut once, with
    4008, and counted once, whatever the number of frames refused after."""
    alice = await signup(server)
    bob = await signup(server)
    room = await room_for_band(alice)
    b = await raw_socket(bob)
    await b.send(orjson.dumps({"type": "join", "room": room, "since": None}).decode())
    assert (await read(b))["type"] == "joined"
    hub = server.app.state.node.hub
    before = hub.stats.slow_disconnects
    deps = server.app.state.deps
    text = "€" * 2000
    # Published like committed messages (no rate limit in the way): 2,000
    # frames of 6 KB, far past bob's 1 MiB outbox.
    for message in await store_missed(server, room, alice, 2000, text):
        await deps.events.publish(MessagePosted(message))
    await asyncio.sleep(0.2)
    assert hub.stats.slow_disconnects - before == 1
    try:
        while True:
            await read(b, timeout=10.0)
    except Exception:
        pass
    assert b.close_code == CLOSE_RESYNC
