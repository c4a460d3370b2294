"""The WebSocket protocol over a real socket: order, resume, idempotency,
errors that leave the connection and the data intact."""

from __future__ import annotations

import asyncio

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.harness import Server, room_for_band, set_trust, signup


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
    assert [f["seq"] for f in replay] == [2, 3, 4, 5]
    assert last == 5
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


async def test_slow_client_is_disconnected_with_resync_code(server: Server) -> None:
    from causerie.realtime.connection import Connection

    hub = server.app.state.node.hub
    alice = await signup(server)
    room = await room_for_band(alice)
    ws = await alice.ws()
    await ws.join(room)
    conns = [c for c in hub._by_user[alice.id]]
    assert len(conns) == 1
    conn: Connection = conns[0]
    # Simulate a reader that stopped reading: fill the outbox without draining.
    for _ in range(conn.limit + 1):
        conn.offer('{"type":"pong"}')
    assert conn.closing == 4008


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
        if closed_with is None:
            await ws.send({"type": "ping"})
            assert await ws.recv() == {"type": "pong"}
        else:
            with pytest.raises(ConnectionClosed) as closed:
                await ws.recv()
            assert closed.value.rcvd is not None and closed.value.rcvd.code == closed_with
