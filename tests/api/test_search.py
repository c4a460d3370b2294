"""Search (docs/protocol.md, "Search"): rooms one may read and one's own
conversations, through the door, rate-limited, LIKE on both engines."""

from __future__ import annotations

from typing import Any

from tests.api.test_typing import open_conversation
from tests.harness import Member, Server, room_for_band, signup


async def search(member: Member, q: str, **params: str) -> list[dict[str, Any]]:
    response = await member.http.get("/api/v1/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


async def test_search_finds_what_one_may_read_only(server: Server) -> None:
    alice = await signup(server, trust=1)
    bob = await signup(server)
    teen = await signup(server, age=15)
    dave = await signup(server, trust=1)
    room = await room_for_band(alice)
    ws = await alice.ws()
    await ws.join(room, since=None)
    await ws.send_text(room, "Le concert de Jazz ce soir ?", "j1")
    said = await ws.expect("ack")
    conv = await open_conversation(alice, dave)
    await ws.join(conv, since=None)
    await ws.send_text(conv, "le jazz, en privé", "j2")
    await ws.expect("ack")

    found = await search(bob, "JAZZ")
    assert [(m["room"], m["text"]) for m in found] == [(room, "Le concert de Jazz ce soir ?")]
    assert {m["text"] for m in await search(dave, "jazz")} == {
        "Le concert de Jazz ce soir ?",
        "le jazz, en privé",
    }
    assert [m["room"] for m in await search(dave, "jazz", room=conv)] == [conv]
    assert await search(teen, "jazz") == []  # another band's rooms
    assert (
        await teen.http.get("/api/v1/search", params={"q": "jazz", "room": conv})
    ).status_code == 404
    assert await search(bob, "%%") == []  # wildcards are searched as themselves
    short = await bob.http.get("/api/v1/search", params={"q": "j"})
    assert short.status_code == 422 and short.json()["code"] == "invalid"
    # One emoji is one character: refused with the rule, not a bare "invalid".
    emoji = await bob.http.get("/api/v1/search", params={"q": "😀"})
    assert emoji.status_code == 422 and "2" in emoji.json()["detail"]

    # Blocks either way hide the author; a removed message is not found.
    assert (await bob.http.post("/api/v1/blocks", json={"user_id": alice.id})).status_code == 201
    assert await search(bob, "jazz") == []
    await ws.send({"type": "delete", "room": room, "seq": said["seq"]})
    await ws.expect("deleted")
    assert [m["text"] for m in await search(dave, "jazz")] == ["le jazz, en privé"]


async def test_search_is_rate_limited(server: Server) -> None:
    member = await signup(server)
    codes = [
        (await member.http.get("/api/v1/search", params={"q": "bonjour"})).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [200] * 10 and codes[10] == 429
