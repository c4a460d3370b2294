"""Invariant 3: strangers knock first; blocking is instant and total."""

from __future__ import annotations

from tests.harness import Member, Server, signup

CONV = "/api/v1/conversations"


async def request(sender: Member, recipient: Member, text: str = "Salut !") -> dict[str, object]:
    response = await sender.http.post(CONV, json={"user_id": recipient.id, "text": text})
    assert response.status_code == 201, response.text
    result: dict[str, object] = response.json()
    return result


async def test_new_guest_cannot_open_private_conversation(server: Server) -> None:
    newbie = await signup(server)
    other = await signup(server)
    response = await newbie.http.post(CONV, json={"user_id": other.id, "text": "coucou"})
    assert response.status_code == 403
    problem = response.json()
    assert problem["code"] == "trust_required"
    assert "public" in problem["detail"]


async def test_request_then_accept_flow(server: Server) -> None:
    alice = await signup(server, trust=1)
    bob = await signup(server)
    room = await request(alice, bob)
    assert room["kind"] == "dm" and room["state"] == "requested"
    assert room["name"] == bob.user["pseudo"] and room["theme"] is None

    # Nothing more can be sent until accepted.
    ws = await alice.ws()
    replay, last = await ws.join(str(room["id"]), since=0)
    assert last == 1 and replay[0]["text"] == "Salut !"
    await ws.send_text(str(room["id"]), "tu es là ?", "second")
    error = await ws.expect("error")
    assert error["code"] == "not_allowed" and error["client_id"] == "second"

    listed = (await bob.http.get(CONV)).json()
    assert [(r["id"], r["state"]) for r in listed] == [(room["id"], "pending_my_answer")]
    assert listed[0]["name"] == alice.user["pseudo"]
    # Only the recipient may accept.
    assert (await alice.http.post(f"{CONV}/{room['id']}/accept")).status_code == 403
    accepted = await bob.http.post(f"{CONV}/{room['id']}/accept")
    assert accepted.status_code == 200 and accepted.json()["state"] == "open"
    assert (await alice.http.get(CONV)).json()[0]["state"] == "open"

    await ws.send_text(str(room["id"]), "super", "third")
    ack = await ws.expect("ack")
    assert ack["seq"] == 2


async def test_reply_accepts_and_decline_shuts(server: Server) -> None:
    alice = await signup(server, trust=1)
    bob = await signup(server, trust=1)
    carol = await signup(server)
    room = await request(alice, bob)
    bob_ws = await bob.ws()
    await bob_ws.join(str(room["id"]), since=0)
    await bob_ws.send_text(str(room["id"]), "salut toi", "b1")
    assert (await bob_ws.expect("ack"))["seq"] == 2
    assert (await alice.http.get(CONV)).json()[0]["state"] == "open"

    declined_room = await request(alice, carol)
    declined = await carol.http.post(f"{CONV}/{declined_room['id']}/decline")
    assert declined.json()["state"] == "declined"
    again = await alice.http.post(CONV, json={"user_id": carol.id, "text": "stp"})
    assert again.status_code == 403 and again.json()["code"] == "not_allowed"


async def test_existing_conversation_is_a_conflict_with_room_id(server: Server) -> None:
    alice = await signup(server, trust=1)
    bob = await signup(server, trust=1)
    room = await request(alice, bob)
    dup = await bob.http.post(CONV, json={"user_id": alice.id, "text": "moi aussi"})
    assert dup.status_code == 409
    assert dup.json()["code"] == "conversation_exists" and dup.json()["room_id"] == room["id"]


async def test_recipient_settings_refuse_requests(server: Server) -> None:
    alice = await signup(server, trust=1)
    shy = await signup(server)
    await shy.http.patch("/api/v1/me", json={"dm_requests": "nobody"})
    response = await alice.http.post(CONV, json={"user_id": shy.id, "text": "hello"})
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"


async def test_block_hides_everything_both_ways(server: Server) -> None:
    alice = await signup(server, trust=1)
    bob = await signup(server, trust=1)
    room = await request(alice, bob)
    await bob.http.post(f"{CONV}/{room['id']}/accept")

    blocked = await bob.http.post("/api/v1/blocks", json={"user_id": alice.id})
    assert blocked.status_code == 201
    assert (
        blocked.json()["user_id"] == alice.id and blocked.json()["pseudo"] == alice.user["pseudo"]
    )
    assert [b["user_id"] for b in (await bob.http.get("/api/v1/blocks")).json()] == [alice.id]

    # Both directions, every surface.
    for viewer, other in ((alice, bob), (bob, alice)):
        assert (await viewer.http.get(f"/api/v1/users/{other.id}")).status_code == 404
        assert (await viewer.http.get(f"/api/v1/rooms/{room['id']}/messages")).status_code == 404
        assert (await viewer.http.get(CONV)).json() == []
    ws = await alice.ws()
    await ws.send({"type": "join", "room": room["id"], "since": 0})
    assert (await ws.expect("error"))["code"] == "not_found"
    again = await alice.http.post(CONV, json={"user_id": bob.id, "text": "pourquoi ?"})
    assert again.status_code == 404

    assert (await bob.http.delete(f"/api/v1/blocks/{alice.id}")).status_code == 204
    assert (await alice.http.get(f"/api/v1/users/{bob.id}")).status_code == 200
