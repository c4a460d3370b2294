"""The typing indicator (docs/protocol.md, "typing"): ephemeral, private
conversations only, rate-limited, through the one door."""

from __future__ import annotations

import asyncio

from tests.harness import Member, Server, WsClient, room_for_band, signup

CONV = "/api/v1/conversations"


async def open_conversation(alice: Member, bob: Member) -> str:
    response = await alice.http.post(CONV, json={"user_id": bob.id, "text": "Salut !"})
    assert response.status_code == 201, response.text
    room = str(response.json()["id"])
    assert (await bob.http.post(f"{CONV}/{room}/accept")).status_code == 200
    return room


async def nothing_more(ws: WsClient) -> list[dict[str, object]]:
    """Frames already on their way, up to a ping's answer."""
    await ws.send({"type": "ping"})
    seen = []
    while (frame := await ws.recv())["type"] != "pong":
        seen.append(frame)
    return seen


async def test_typing_reaches_the_other_member_once_per_interval(server: Server) -> None:
    alice = await signup(server, trust=1)
    bob = await signup(server, trust=1)
    room = await open_conversation(alice, bob)
    alice_ws, bob_ws = await alice.ws(), await bob.ws()
    await alice_ws.join(room, since=None)
    await bob_ws.join(room, since=None)

    await alice_ws.send({"type": "typing", "room": room})
    frame = await bob_ws.expect("typing")
    assert frame == {
        "type": "typing",
        "room": room,
        "user": {"id": alice.id, "pseudo": alice.user["pseudo"]},
    }
    # A burst is forwarded once per interval, and never stored.
    for _ in range(5):
        await alice_ws.send({"type": "typing", "room": room})
    assert await nothing_more(alice_ws) == []  # dropped without an answer, not refused
    await asyncio.sleep(0.3)
    assert await nothing_more(bob_ws) == []
    history = (await bob.http.get(f"/api/v1/rooms/{room}/messages")).json()
    assert [m["text"] for m in history["messages"]] == ["Salut !"]


async def test_typing_is_refused_outside_a_conversation_one_may_write_to(server: Server) -> None:
    alice = await signup(server, trust=1)
    bob = await signup(server, trust=1)
    carol = await signup(server)
    ws = await alice.ws()

    public = await room_for_band(alice)
    await ws.send({"type": "typing", "room": public})
    assert (await ws.expect("error"))["code"] == "not_joined"
    await ws.join(public, since=None)
    await ws.send({"type": "typing", "room": public})
    error = await ws.expect("error")
    assert error["code"] == "not_allowed" and error["room"] == public

    # A request not yet answered: the requester may not knock again, even by typing.
    response = await alice.http.post(CONV, json={"user_id": carol.id, "text": "hello"})
    pending = str(response.json()["id"])
    carol_ws = await carol.ws()
    await carol_ws.join(pending, since=None)
    await ws.join(pending, since=None)
    await ws.send({"type": "typing", "room": pending})
    assert (await ws.expect("error"))["code"] == "not_allowed"
    assert await nothing_more(carol_ws) == []

    await ws.send({"type": "typing"})
    assert (await ws.expect("error"))["code"] == "invalid"

    # A block (either way) silences it at once, on a connection joined before.
    room = await open_conversation(alice, bob)
    bob_ws = await bob.ws()
    await ws.join(room, since=None)
    await bob_ws.join(room, since=None)
    assert (await bob.http.post("/api/v1/blocks", json={"user_id": alice.id})).status_code == 201
    await ws.send({"type": "typing", "room": room})
    assert (await ws.expect("error"))["code"] == "not_found"
    assert [f for f in await nothing_more(bob_ws) if f["type"] == "typing"] == []


async def test_a_muted_member_sends_no_typing(server: Server) -> None:
    alice = await signup(server, trust=1)
    bob = await signup(server, trust=1)
    room = await open_conversation(alice, bob)
    ws, bob_ws = await alice.ws(), await bob.ws()
    await ws.join(room, since=None)
    await bob_ws.join(room, since=None)
    deps = server.app.state.deps
    async with deps.uow(write=True) as uow:
        await uow.users.update(alice.id, muted_until=deps.clock.now().replace(year=2100))
        await uow.commit()
    await ws.send({"type": "typing", "room": room})
    assert (await ws.expect("error"))["code"] == "muted"
    assert await nothing_more(bob_ws) == []
