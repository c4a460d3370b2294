"""Scanning private conversations is an operator setting per age band
(docs/privacy.md): turned off for adults, their private messages skip the
filter; teens' stay filtered; public rooms always are."""

from __future__ import annotations

from pathlib import Path

from tests import harness
from tests.harness import Member, live_server, room_for_band, signup

LINK = "regarde www.exemple-douteux.com"


async def _dm(a: Member, b: Member) -> str:
    opened = await a.http.post("/api/v1/conversations", json={"user_id": b.id, "text": "Salut"})
    assert opened.status_code == 201, opened.text
    room = str(opened.json()["id"])
    assert (await b.http.post(f"/api/v1/conversations/{room}/accept")).status_code == 200
    return room


async def _send(member: Member, room: str, client_id: str) -> str:
    ws = await member.ws()
    await ws.join(room)
    await ws.send_text(room, LINK, client_id)
    frame = await ws.recv()
    while frame["type"] not in ("ack", "error"):
        frame = await ws.recv()
    return "ack" if frame["type"] == "ack" else str(frame["code"])


async def test_private_scanning_follows_the_operator_setting_per_band(
    tmp_path: Path, migrated_database_url: str
) -> None:
    # Links need trust 2 here: the filter refuses them from these members.
    settings = harness.test_settings(
        tmp_path, migrated_database_url, scan_private_adult=False, link_min_trust=2
    )
    async with live_server(settings) as server:
        alice, bob = await signup(server, trust=1), await signup(server, trust=1)
        carol, dave = await signup(server, age=15, trust=1), await signup(server, age=15, trust=1)
        assert await _send(alice, await _dm(alice, bob), "adult-dm") == "ack"
        assert await _send(carol, await _dm(carol, dave), "teen-dm") == "blocked_by_filter"
        assert await _send(alice, await room_for_band(alice), "public") == "blocked_by_filter"
