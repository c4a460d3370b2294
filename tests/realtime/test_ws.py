"""The WebSocket protocol over a real socket: order, resume, idempotency,
errors that leave the connection and the data intact."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import orjson
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from causerie.domain.events import MessagePosted
from tests import harness
from tests.harness import Server, live_server, room_for_band, set_trust, signup


async def test_two_users_see_each_others_messages_in_seq_order(server: Server) -> None:
    alice = await signup(server)
    bob = await signup(server)
    room = await room_for_band(alice)
    a, b = await alice.ws(), await bob.ws()
    await a.join(room)
    await b.join(room)
    for i in range(5):
        await a.send_text(room, f"a{i}", f"a-{i}")
        await b.send_text(room, f"b{i}", f"b-{i}")
    for ws in (a, b):
        seen = []
        while len(seen) < 10:
            frame = await ws.recv()
            if frame["type"] == "message":
                seen.append(frame)
        assert [f["seq"] for f in seen] == list(range(1, 11))
        assert sorted(f["text"] for f in seen) == sorted(
            [f"a{i}" for i in range(5)] + [f"b{i}" for i in range(5)]
        )
        assert {f["author"]["pseudo"] for f in seen} == {alice.user["pseudo"], bob.user["pseudo"]}
        assert all(f["ts"].endswith("Z") for f in seen)


async def test_ack_carries_seq_and_id(server: Server) -> None:
    alice = await signup(server)
    room = await room_for_band(alice)
    ws = await alice.ws()
    await ws.join(room)
    await ws.send_text(room, "bonjour", "uuid-1")
    frames = [await ws.recv(), await ws.recv()]
    ack = next(f for f in frames if f["type"] == "ack")
    msg = next(f for f in frames if f["type"] == "message")
    assert ack == {"type": "ack", "client_id": "uuid-1", "room": room, "seq": 1, "id": msg["id"]}
    history = (await alice.http.get(f"/api/v1/rooms/{room}/messages")).json()
    assert history["messages"][0]["id"] == msg["id"]
    assert history["messages"][0]["text"] == "bonjour"


async def test_reconnect_with_since_misses_nothing(server: Server) -> None:
    alice = await signup(server)
    bob = await signup(server)
    room = await room_for_band(alice)
    a = await alice.ws()
    await a.join(room)
    b = await bob.ws()
    await b.join(room)
    await a.send_text(room, "one", "1")
    seen = (await b.expect("message"))["seq"]
    await b.conn.close()
    for i in range(2, 6):
        await a.send_text(room, f"msg{i}", str(i))
        await a.expect("ack")
    b2 = await bob.ws()
    replay, last = await b2.join(room, since=seen)
    # Replayed up to what the node had fanned out when b2 joined, then live:
    # an ack may leave before its message's fan-out.
    assert last == (replay[-1]["seq"] if replay else seen)
    seqs = [f["seq"] for f in replay]
    while not seqs or seqs[-1] < 5:
        seqs.append((await b2.expect("message"))["seq"])
    assert seqs == [2, 3, 4, 5]
    await a.send_text(room, "live", "6")
    live = await b2.expect("message")
    assert live["seq"] == 6


async def test_join_since_zero_replays_all_and_null_none(server: Server) -> None:
    alice = await signup(server)
    room = await room_for_band(alice)
    a = await alice.ws()
    await a.join(room)
    for i in range(3):
        await a.send_text(room, f"m{i}", f"c{i}")
        await a.expect("ack")
    b = await alice.ws()
    replay, last = await b.join(room, since=0)
    assert [f["seq"] for f in replay] == [1, 2, 3] and last == 3
    c = await alice.ws()
    replay, last = await c.join(room, since=None)
    assert replay == [] and last == 3


async def test_a_since_from_another_stream_is_refused_explicitly(server: Server) -> None:
    """``joined`` carries the stream's epoch, and with a ``since`` whether it
    was recovered: another epoch, or a seq the room never reached (a restored
    database), replays nothing and says ``recovered: false`` (the client
    reloads the history over HTTP)."""
    alice = await signup(server)
    room = await room_for_band(alice)
    a = await alice.ws()
    await a.send({"type": "join", "room": room, "since": None})
    first = await a.expect("joined")
    epoch = first["epoch"]
    assert isinstance(epoch, str) and epoch and "recovered" not in first
    for i in range(3):
        await a.send_text(room, f"m{i}", f"c{i}")
        await a.expect("ack")

    async def rejoin(since: int, epoch: str | None) -> tuple[list[int], dict[str, Any]]:
        ws = await alice.ws()
        await ws.send({"type": "join", "room": room, "since": since, "epoch": epoch})
        seqs = []
        while (frame := await ws.recv())["type"] != "joined":
            seqs.append(frame["seq"])
        return seqs, frame

    seqs, joined = await rejoin(1, epoch)
    assert seqs == [2, 3] and joined["recovered"] is True and joined["epoch"] == epoch
    seqs, joined = await rejoin(1, None)  # a client from before epochs
    assert seqs == [2, 3] and joined["recovered"] is True
    seqs, joined = await rejoin(1, epoch + "x")
    assert seqs == [] and joined["recovered"] is False and joined["last_seq"] == 3
    seqs, joined = await rejoin(9, epoch)  # past the room's last seq
    assert seqs == [] and joined["recovered"] is False and joined["last_seq"] == 3


async def test_events_the_broker_lost_come_back_from_the_database_in_the_same_stream(
    tmp_path: Path, migrated_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lost broker events are not a new stream. The messages are committed;
    only their events are lost (a node that died between commit and
    publish, a Redis blip). The epoch does not change, so a member who
    resumes meanwhile is ``recovered`` (no reload); the broker's resync
    then reads what was lost from the database and every member gets it,
    in order, once."""
    # No periodic gap sweep: the resync alone must bring the messages back.
    settings = harness.test_settings(tmp_path, migrated_database_url, gap_sweep_seconds=3600.0)
    async with live_server(settings, listen=True) as server:
        node = server.app.state.node
        alice, bob = await signup(server), await signup(server)
        room = await room_for_band(alice)
        a = await alice.ws()
        await a.send({"type": "join", "room": room, "since": None})
        epoch = (await a.expect("joined"))["epoch"]
        b = await bob.ws()
        await b.join(room)

        publish_many = node.publish_many

        async def lose_messages(events: Any) -> None:
            await publish_many([e for e in events if not isinstance(e, MessagePosted)])

        monkeypatch.setattr(node, "publish_many", lose_messages)
        for i in range(1, 4):
            await a.send_text(room, f"lost{i}", f"lost-{i}")
            assert (await a.expect("ack"))["seq"] == i  # committed
        await b.conn.close()
        # Bob resumes from where he was: the same stream, nothing to reload.
        b2 = await bob.ws()
        await b2.send({"type": "join", "room": room, "since": 0, "epoch": epoch})
        joined = await b2.expect("joined")
        assert joined["epoch"] == epoch and joined["recovered"] is True
        monkeypatch.setattr(node, "publish_many", publish_many)

        await node.hub.resync()  # what the broker calls once it is back
        for ws in (a, b2):
            seen = [await ws.expect("message") for _ in range(3)]
            assert [(f["seq"], f["text"]) for f in seen] == [
                (1, "lost1"),
                (2, "lost2"),
                (3, "lost3"),
            ]
        await a.send_text(room, "live", "live-4")
        assert (await b2.expect("message"))["seq"] == 4


async def test_resending_client_id_never_duplicates(server: Server) -> None:
    alice = await signup(server)
    room = await room_for_band(alice)
    ws = await alice.ws()
    await ws.join(room)
    await ws.send_text(room, "first", "same-id")
    first = await ws.expect("ack")
    await ws.conn.close()
    ws2 = await alice.ws()
    await ws2.join(room, since=None)
    await ws2.send_text(room, "different text", "same-id")
    second = await ws2.expect("ack")
    assert second == first
    history = (await alice.http.get(f"/api/v1/rooms/{room}/messages")).json()["messages"]
    assert [m["text"] for m in history] == ["first"]


async def test_concurrent_senders_get_gapless_seq(server: Server) -> None:
    people = [await signup(server) for _ in range(4)]
    for p in people:
        await set_trust(server, p.id, 2)
    room = await room_for_band(people[0])
    sockets = [await p.ws() for p in people]
    for ws in sockets:
        await ws.join(room)

    async def burst(index: int) -> None:
        for i in range(10):
            await sockets[index].send_text(room, f"p{index}-{i}", f"{index}-{i}")

    await asyncio.gather(*(burst(i) for i in range(4)))
    watcher = sockets[0]
    seqs = []
    while len(seqs) < 40:
        frame = await watcher.recv()
        if frame["type"] == "message":
            seqs.append(frame["seq"])
    assert seqs == list(range(1, 41))


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("{not json", "invalid"),
        ("[1, 2]", "invalid"),
        ('{"type": "dance"}', "invalid"),
        ('{"type": "join"}', "invalid"),
        ('{"type": "join", "room": 42}', "invalid"),
        ('{"type": "join", "room": "nope", "since": null}', "not_found"),
        ('{"type": "join", "room": "x", "since": "3"}', "invalid"),
        ('{"type": "join", "room": "x", "since": 3, "epoch": 5}', "invalid"),
        ('{"type": "send", "room": "nope", "client_id": "c", "text": "hi"}', "not_joined"),
        ('{"type": "send", "room": "nope", "client_id": "c"}', "invalid"),
    ],
)
async def test_bad_frames_get_error_and_connection_survives(
    server: Server, raw: str, code: str
) -> None:
    alice = await signup(server)
    ws = await alice.ws()
    await ws.send(raw)
    error = await ws.recv()
    assert error["type"] == "error" and error["code"] == code
    assert error["detail"]
    await ws.send({"type": "ping"})
    assert await ws.recv() == {"type": "pong"}


async def test_too_long_and_huge_frames(server: Server) -> None:
    alice = await signup(server)
    room = await room_for_band(alice)
    ws = await alice.ws()
    await ws.join(room)
    await ws.send_text(room, "x" * 2001, "long")
    error = await ws.expect("error")
    assert error["code"] == "too_long" and error["client_id"] == "long"
    await ws.send("{" + " " * 100_000 + "}")
    assert (await ws.expect("error"))["code"] == "too_large"
    await ws.send_text(room, "x" * 2000, "ok")
    assert (await ws.expect("ack"))["seq"] == 1


async def test_empty_and_control_characters(server: Server) -> None:
    alice = await signup(server)
    room = await room_for_band(alice)
    ws = await alice.ws()
    await ws.join(room)
    await ws.send_text(room, " \u200b\x00 ", "empty")
    assert (await ws.expect("error"))["code"] == "invalid"
    await ws.send_text(room, "he\x07llo\u0301", "ctrl")
    message = await ws.expect("message")
    assert message["text"] == "hell\u00f3"


async def test_bad_token_refused_at_handshake(server: Server) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(server.ws_url, additional_headers={"Authorization": "Bearer bad"}):
            pass
    assert refused.value.response.status_code == 401


async def test_token_query_parameter(server: Server) -> None:
    alice = await signup(server)
    async with connect(f"{server.ws_url}?token={alice.token}") as conn:
        await conn.send('{"type":"ping"}')
        assert await asyncio.wait_for(conn.recv(), 5) == '{"type":"pong"}'


async def test_logout_closes_that_tokens_sockets(server: Server) -> None:
    alice = await signup(server)
    ws = await alice.ws()
    await ws.send({"type": "ping"})
    await ws.expect("pong")
    assert (await alice.http.delete("/api/v1/session")).status_code == 204
    with pytest.raises(ConnectionClosed) as closed:
        await ws.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4001


async def test_blocked_author_is_withheld_keeping_the_stream_gapless(server: Server) -> None:
    alice = await signup(server)
    bob = await signup(server)
    carol = await signup(server)
    room = await room_for_band(alice)
    sockets = {m.id: await m.ws() for m in (alice, bob, carol)}
    for ws in sockets.values():
        await ws.join(room)
    assert (await bob.http.post("/api/v1/blocks", json={"user_id": alice.id})).status_code == 201
    await sockets[alice.id].send_text(room, "hidden from bob", "h1")
    await sockets[carol.id].send_text(room, "visible", "v1")
    bob_frames = [await sockets[bob.id].recv(), await sockets[bob.id].recv()]
    assert bob_frames[0] == {"type": "withheld", "room": room, "seq": 1}
    assert bob_frames[1]["type"] == "message" and bob_frames[1]["seq"] == 2
    carol_seen = await sockets[carol.id].expect("message")
    assert carol_seen["text"] == "hidden from bob"
    # Replay applies the same rule.
    fresh = await bob.ws()
    replay, _ = await fresh.join(room, since=0)
    assert [f["type"] for f in replay] == ["withheld", "message"]


async def test_the_real_server_writes_frames_straight_to_the_socket(server: Server) -> None:
    """The API and realtime suites run on the direct path, not the queue."""
    from causerie.transport.ws.direct import DirectSink

    hub = server.app.state.node.hub
    alice = await signup(server)
    ws = await alice.ws()
    await ws.send({"type": "ping"})
    assert await ws.recv() == {"type": "pong"}
    (conn,) = hub._by_user[alice.id]
    assert isinstance(conn.sink, DirectSink)
    assert conn.offer('{"type":"pong"}')
    assert conn.queued == 0  # written, not queued for a writer task
    assert await ws.recv() == {"type": "pong"}
    # The close still goes through ASGI; after it the sink writes nothing.
    sink = conn.sink
    conn.close(4001)
    with pytest.raises(ConnectionClosed) as closed:
        await ws.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4001
    assert not sink.write(b"\x81\x0f" + b'{"type":"pong"}')


async def _stalled_reader(server: Server, token: str, room: str) -> ClientConnection:
    """A client that joins ``room`` then reads nothing: a small receive
    buffer, and the client library stops reading its socket as soon as one
    frame waits unread."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    port = int(server.base_url.rsplit(":", 1)[1])
    await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", port))
    client = await connect(
        server.ws_url,
        sock=sock,
        additional_headers={"Authorization": f"Bearer {token}"},
        max_queue=1,
    )
    await client.send(orjson.dumps({"type": "join", "room": room, "since": None}).decode())
    while orjson.loads(await client.recv())["type"] != "joined":
        pass
    return client


def _server_side_socket(server: Server, user_id: str) -> socket.socket:
    from causerie.transport.ws.direct import DirectSink

    (conn,) = server.app.state.node.hub._by_user[user_id]
    assert isinstance(conn.sink, DirectSink)
    sock: socket.socket = conn.sink._transport.get_extra_info("socket")
    return sock


async def test_slow_client_is_disconnected_with_resync_code(
    tmp_path: Path, migrated_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two members stop reading: past ``outbox_bytes`` buffered each is closed
    with 4008 — the one that reads again gets the close after a gapless
    prefix, the one that never does is aborted — while the room goes on."""
    from causerie.realtime import connection

    monkeypatch.setattr(connection, "ABORT_SLOW_AFTER", 2.0)
    settings = harness.test_settings(
        tmp_path, migrated_database_url, outbox_bytes=65_536, no_rate_limits=True
    )
    async with live_server(settings, listen=True) as server:
        hub = server.app.state.node.hub
        carol, bob, dave = await signup(server), await signup(server), await signup(server)
        room = await room_for_band(carol)
        sender = await carol.ws()
        await sender.join(room)
        stalled = {}
        for member in (bob, dave):
            stalled[member.id] = await _stalled_reader(server, member.token, room)
            # Kernel buffers as small as they go, so a few frames fill them.
            server_side = _server_side_socket(server, member.id)
            server_side.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        conns = {m.id: next(iter(hub._by_user[m.id])) for m in (bob, dave)}
        # 2,000 CJK characters: about 6 KB a frame.
        text = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(2000))
        seen: list[int] = []
        sent = extra = 0
        while extra < 5:  # a few more once both are cut off: the room goes on
            assert sent < 200, "nobody was closed for being slow"
            sent += 1
            await sender.send_text(room, text, f"c{sent}")
            while True:
                frame = await sender.recv()
                assert frame["type"] != "error", frame
                if frame["type"] == "message":
                    seen.append(frame["seq"])
                if frame["type"] == "ack":
                    break
            extra += all(c.closing == 4008 for c in conns.values())
        while len(seen) < sent:
            seen.append((await sender.expect("message"))["seq"])
        assert seen == list(range(1, sent + 1))
        # Enough was written before the cut for the limit to be bytes, not frames.
        assert sent < settings.outbox_limit

        # Bob reads again: what was buffered, in order, then the close frame.
        received = []
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                received.append(orjson.loads(await asyncio.wait_for(stalled[bob.id].recv(), 5)))
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4008
        seqs = [f["seq"] for f in received if f["type"] == "message"]
        assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) < sent

        # Dave never reads: his connection is dropped, freeing its buffer.
        for _ in range(100):
            if dave.id not in hub._by_user:
                break
            await asyncio.sleep(0.1)
        assert dave.id not in hub._by_user and bob.id not in hub._by_user
        assert hub.stats.slow_disconnects >= 2
        with pytest.raises(ConnectionClosed):
            while True:
                await asyncio.wait_for(stalled[dave.id].recv(), 5)
        for client in stalled.values():
            await client.close()


async def test_suspension_keeps_sockets_out_only_while_in_force(server: Server) -> None:
    from datetime import UTC, datetime, timedelta

    from causerie.domain.models import AccountStatus

    alice = await signup(server)
    deps = server.app.state.deps
    now = datetime.now(UTC)
    for until, closed_with in ((now + timedelta(hours=1), 4003), (now - timedelta(hours=1), None)):
        async with deps.uow(write=True) as uow:
            await uow.users.update(alice.id, status=AccountStatus.SUSPENDED, status_until=until)
            await uow.commit()
        ws = await alice.ws()
        me = (await alice.http.get("/api/v1/me")).json()
        # /me says what is in force, so the web client leaves its suspended page.
        assert me["status"] == ("active" if closed_with is None else "suspended")
        assert ("suspended" in me["restrictions"]) == (closed_with is not None)
        if closed_with is None:
            await ws.send({"type": "ping"})
            assert await ws.recv() == {"type": "pong"}
        else:
            with pytest.raises(ConnectionClosed) as closed:
                await ws.recv()
            assert closed.value.rcvd is not None and closed.value.rcvd.code == closed_with
