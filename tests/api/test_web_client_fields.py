"""Additive fields the web client reads (issue 16): a profile says whether
its owner takes private requests (the card says it before anyone types);
public rooms carry their recent activity (the home page orders by it)."""

from __future__ import annotations

import uuid

from tests.harness import Server, room_for_band, signup


async def test_profile_says_whether_requests_are_accepted(server: Server) -> None:
    viewer = await signup(server, age=30)
    shy = await signup(server, age=31)
    before = (await viewer.http.get(f"/api/v1/users/{shy.id}")).json()
    assert before["accepts_requests"] is True
    changed = await shy.http.patch("/api/v1/me", json={"dm_requests": "nobody"})
    assert changed.status_code == 200
    after = (await viewer.http.get(f"/api/v1/users/{shy.id}")).json()
    assert after["accepts_requests"] is False


async def test_rooms_carry_recent_activity(server: Server) -> None:
    member = await signup(server, age=30)
    room = await room_for_band(member)
    before = {r["id"]: r for r in (await member.http.get("/api/v1/rooms")).json()}
    assert before[room]["recent_messages"] == 0
    assert before[room]["last_message_at"] is None
    ws = await member.ws()
    await ws.join(room)
    for n in range(3):
        await ws.send_text(room, f"bonjour {n}", str(uuid.uuid4()))
        await ws.expect("ack")
    after = {r["id"]: r for r in (await member.http.get("/api/v1/rooms")).json()}
    assert after[room]["recent_messages"] == 3
    assert after[room]["last_message_at"] is not None
    others = [r for rid, r in after.items() if rid != room]
    assert all(r["recent_messages"] == 0 for r in others)


async def test_room_names_follow_the_readers_language(server: Server) -> None:
    member = await signup(server, age=30)
    french = (await member.http.get("/api/v1/rooms", headers={"Accept-Language": "fr"})).json()
    english = (await member.http.get("/api/v1/rooms", headers={"Accept-Language": "en"})).json()
    names_fr = {r["id"]: r for r in french}
    by_en = {r["id"]: r for r in english}
    assert names_fr.keys() == by_en.keys()
    general = next(r for r in french if r["name"] == "Général")
    assert by_en[general["id"]]["name"] == "General"
    assert by_en[general["id"]]["description"] == "Talk about anything and everything."
    # Rooms keep their ids and themes; only the words change.
    translated = {names_fr[i]["name"]: r["name"] for i, r in by_en.items()}
    assert translated.get("Musique") == "Music"
    assert translated.get("Nouveaux venus") == "Newcomers"
    assert all(by_en[i]["theme"] == r["theme"] for i, r in names_fr.items())
    # French descriptions say "tu".
    assert not [r for r in french if " vous " in f" {r['description'].lower()} "]
