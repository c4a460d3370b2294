"""Delivered and read in private conversations (docs/protocol.md): reported
by the reader's client, told to the other member, and a choice both ways."""

from __future__ import annotations

from typing import Any

from tests.api.test_typing import nothing_more, open_conversation
from tests.harness import Member, Server, WsClient, room_for_band, signup


async def pair(server: Server) -> tuple[Member, Member, str, WsClient, WsClient]:
    alice = await signup(server, trust=1)
    bob = await signup(server, trust=1)
    room = await open_conversation(alice, bob)
    alice_ws, bob_ws = await alice.ws(), await bob.ws()
    await alice_ws.join(room, since=None)
    await bob_ws.join(room, since=None)
    return alice, bob, room, alice_ws, bob_ws


async def receipt(member: Member, room: str) -> dict[str, Any]:
    response = await member.http.get(f"/api/v1/conversations/{room}/receipts")
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_delivered_then_read_reach_the_author(server: Server) -> None:
    alice, bob, room, alice_ws, bob_ws = await pair(server)
    assert await receipt(alice, room) == {"delivered": 0, "read": 0}
    await alice_ws.send_text(room, "tu es là ?", "a1")
    seq = (await alice_ws.expect("ack"))["seq"]
    assert seq == 2

    await bob_ws.send({"type": "receipt", "room": room, "delivered": seq})
    frame = await alice_ws.expect("receipt")
    assert frame == {"type": "receipt", "room": room, "user": bob.id, "delivered": 2, "read": 0}
    await bob_ws.send({"type": "receipt", "room": room, "read": seq})
    frame = await alice_ws.expect("receipt")
    assert frame["delivered"] == 2 and frame["read"] == 2
    assert await receipt(alice, room) == {"delivered": 2, "read": 2}

    # Positions never go back, and a repeat tells nobody anything.
    await bob_ws.send({"type": "receipt", "room": room, "delivered": 1, "read": 1})
    assert [f["type"] for f in await nothing_more(bob_ws)] == ["message"]  # no error
    assert [f for f in await nothing_more(alice_ws) if f["type"] == "receipt"] == []
    assert await receipt(alice, room) == {"delivered": 2, "read": 2}
    # Bob's own side: Alice has read nothing yet.
    assert await receipt(bob, room) == {"delivered": 0, "read": 0}


async def test_read_receipts_off_neither_sends_nor_shows(server: Server) -> None:
    alice, bob, room, alice_ws, bob_ws = await pair(server)
    assert (await bob.http.get("/api/v1/me")).json()["read_receipts"] is True
    off = await bob.http.patch("/api/v1/me", json={"read_receipts": False})
    assert off.status_code == 200 and off.json()["read_receipts"] is False

    # Bob reads: Alice learns it was delivered, never that it was read.
    await bob_ws.send({"type": "receipt", "room": room, "read": 1})
    frame = await alice_ws.expect("receipt")
    assert frame == {"type": "receipt", "room": room, "user": bob.id, "delivered": 1}
    assert await receipt(alice, room) == {"delivered": 1, "read": None}
    # And Bob sees no reads of Alice's either.
    await alice_ws.send({"type": "receipt", "room": room, "read": 1})
    frame = await bob_ws.expect("receipt")
    assert "read" not in frame and frame["delivered"] == 1
    assert await receipt(bob, room) == {"delivered": 1, "read": None}

    # Back on: what Bob read while off was not kept.
    assert (await bob.http.patch("/api/v1/me", json={"read_receipts": True})).status_code == 200
    assert await receipt(alice, room) == {"delivered": 1, "read": 0}
    assert await receipt(bob, room) == {"delivered": 1, "read": 1}


async def test_receipts_go_through_the_door(server: Server) -> None:
    alice, bob, room, alice_ws, bob_ws = await pair(server)
    carol = await signup(server)
    for bad in ({"read": -1}, {"read": True}, {}, {"delivered": "2"}):
        await bob_ws.send({"type": "receipt", "room": room, **bad})
        assert (await bob_ws.expect("error"))["code"] == "invalid"
    await bob_ws.send({"type": "receipt", "room": room, "read": 9})  # not written yet
    assert (await bob_ws.expect("error"))["code"] == "invalid"

    public = await room_for_band(bob)
    await bob_ws.send({"type": "receipt", "room": public, "read": 1})
    assert (await bob_ws.expect("error"))["code"] == "not_joined"
    await bob_ws.join(public, since=None)
    await bob_ws.send({"type": "receipt", "room": public, "read": 0})
    assert (await bob_ws.expect("error"))["code"] == "not_allowed"
    assert (await carol.http.get(f"/api/v1/conversations/{room}/receipts")).status_code == 404
    assert (await bob.http.get(f"/api/v1/conversations/{public}/receipts")).status_code == 403

    assert (await bob.http.post("/api/v1/blocks", json={"user_id": alice.id})).status_code == 201
    await bob_ws.send({"type": "receipt", "room": room, "read": 1})
    assert (await bob_ws.expect("error"))["code"] == "not_found"
    assert (await alice.http.get(f"/api/v1/conversations/{room}/receipts")).status_code == 404
    assert [f for f in await nothing_more(alice_ws) if f["type"] == "receipt"] == []
