"""Invariant 1: a teen and an adult cannot see or reach each other through any
endpoint or frame. Invisible things answer exactly like absent ones."""

from __future__ import annotations

from tests.harness import Server, room_for_band, signup


async def test_room_lists_are_disjoint_between_bands(server: Server) -> None:
    teen = await signup(server, age=16)
    adult = await signup(server, age=30)
    assert teen.user["band"] == "teen" and adult.user["band"] == "adult"
    teen_rooms = {r["id"] for r in (await teen.http.get("/api/v1/rooms")).json()}
    adult_rooms = {r["id"] for r in (await adult.http.get("/api/v1/rooms")).json()}
    assert teen_rooms and adult_rooms
    assert not teen_rooms & adult_rooms
    for room in (await teen.http.get("/api/v1/rooms")).json():
        assert room["kind"] == "public"
        assert room["requires"] is None  # nothing adult-only is even listed to teens


async def test_other_band_room_history_is_not_found(server: Server) -> None:
    teen = await signup(server, age=15)
    adult = await signup(server, age=45)
    adult_room = await room_for_band(adult)
    teen_room = await room_for_band(teen)
    hidden = await teen.http.get(f"/api/v1/rooms/{adult_room}/messages")
    absent = await teen.http.get("/api/v1/rooms/doesnotexist/messages")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json() == absent.json()
    assert (await adult.http.get(f"/api/v1/rooms/{teen_room}/messages")).status_code == 404
    assert (await teen.http.get(f"/api/v1/rooms/{teen_room}/messages")).status_code == 200


async def test_profiles_across_bands_are_not_found(server: Server) -> None:
    teen = await signup(server, age=17)
    adult = await signup(server, age=18)
    other_teen = await signup(server, age=16)
    assert (await adult.http.get(f"/api/v1/users/{teen.id}")).status_code == 404
    assert (await teen.http.get(f"/api/v1/users/{adult.id}")).status_code == 404
    absent = await teen.http.get("/api/v1/users/nobody")
    hidden = await teen.http.get(f"/api/v1/users/{adult.id}")
    assert absent.json() == hidden.json()
    seen = await teen.http.get(f"/api/v1/users/{other_teen.id}")
    assert seen.status_code == 200 and seen.json()["pseudo"] == other_teen.user["pseudo"]


async def test_no_private_request_or_block_across_bands(server: Server) -> None:
    teen = await signup(server, age=16, trust=1)
    adult = await signup(server, age=40, trust=1)
    request = await adult.http.post(
        "/api/v1/conversations", json={"user_id": teen.id, "text": "salut"}
    )
    assert request.status_code == 404
    back = await teen.http.post("/api/v1/conversations", json={"user_id": adult.id, "text": "hi"})
    assert back.status_code == 404
    block = await adult.http.post("/api/v1/blocks", json={"user_id": teen.id})
    assert block.status_code == 404


async def test_websocket_cannot_join_or_send_to_other_band(server: Server) -> None:
    teen = await signup(server, age=16)
    adult = await signup(server, age=30)
    adult_room = await room_for_band(adult)
    ws = await teen.ws()
    await ws.send({"type": "join", "room": adult_room, "since": 0})
    error = await ws.expect("error")
    assert error["code"] == "not_found" and error["room"] == adult_room
    await ws.send({"type": "send", "room": adult_room, "client_id": "c1", "text": "hello"})
    error = await ws.expect("error")
    assert error["code"] == "not_joined"
    # The connection survives and still works in the teen's own band.
    teen_room = await room_for_band(teen)
    _, last = await ws.join(teen_room)
    assert last == 0


async def test_presence_counts_only_in_own_band(server: Server) -> None:
    teen = await signup(server, age=16)
    adult = await signup(server, age=30)
    teen_room = await room_for_band(teen)
    ws = await teen.ws()
    await ws.join(teen_room)
    listed = {r["id"]: r for r in (await teen.http.get("/api/v1/rooms")).json()}
    assert listed[teen_room]["members_online"] == 1
    adult_view = {r["id"] for r in (await adult.http.get("/api/v1/rooms")).json()}
    assert teen_room not in adult_view
