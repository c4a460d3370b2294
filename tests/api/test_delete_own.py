"""Deleting one's own message (docs/protocol.md): the moderators' removal,
through the door, the author only; a reported message keeps its evidence."""

from __future__ import annotations

from causerie.domain.moderation import CaseKind
from tests.api.moderation_helpers import report
from tests.api.test_typing import nothing_more
from tests.harness import Server, room_for_band, signup


async def test_the_author_removes_their_message_for_everyone(server: Server) -> None:
    alice = await signup(server)
    bob = await signup(server)
    room = await room_for_band(alice)
    alice_ws, bob_ws = await alice.ws(), await bob.ws()
    _, start = await alice_ws.join(room, since=None)
    await bob_ws.join(room, since=None)
    await alice_ws.send_text(room, "oups, mauvais salon", "a1")
    said = await alice_ws.expect("ack")
    seq = said["seq"]
    reported = await report(bob, "message", said["id"], "spam")
    assert reported.status_code == 201, reported.text

    # Someone else's message: refused, and nothing happens.
    await bob_ws.send({"type": "delete", "room": room, "seq": seq})
    assert (await bob_ws.expect("error"))["code"] == "not_allowed"
    for bad in (0, -3, "1", None):
        await bob_ws.send({"type": "delete", "room": room, "seq": bad})
        assert (await bob_ws.expect("error"))["code"] == "invalid"
    await bob_ws.send({"type": "delete", "room": room, "seq": seq + 50})
    assert (await bob_ws.expect("error"))["code"] == "not_found"

    await alice_ws.send({"type": "delete", "room": room, "seq": seq})
    for ws in (alice_ws, bob_ws):
        assert await ws.expect("deleted") == {"type": "deleted", "room": room, "seq": seq}
    history = (await bob.http.get(f"/api/v1/rooms/{room}/messages")).json()["messages"]
    assert seq not in [m["seq"] for m in history]
    replay, _ = await (await bob.ws()).join(room, since=start)
    assert {"type": "withheld", "room": room, "seq": seq} in replay
    # Twice: it is gone.
    await alice_ws.send({"type": "delete", "room": room, "seq": seq})
    assert (await alice_ws.expect("error"))["code"] == "not_found"

    # The report sealed the original text: the author's removal leaves it.
    deps = server.app.state.deps
    async with deps.uow() as uow:
        case = await uow.cases.open_for_target(CaseKind.REPORT, "message", said["id"])
        assert case is not None
        evidence = await uow.cases.evidence(case.id)
    assert "oups, mauvais salon" in str([e.content for e in evidence])


async def test_delete_needs_the_room_joined_and_visible(server: Server) -> None:
    alice = await signup(server)
    bob = await signup(server)
    room = await room_for_band(alice)
    ws = await alice.ws()
    await ws.send({"type": "delete", "room": room, "seq": 1})
    assert (await ws.expect("error"))["code"] == "not_joined"
    await ws.join(room, since=None)
    bob_ws = await bob.ws()
    await bob_ws.join(room, since=None)
    await bob_ws.send_text(room, "salut", "b1")
    seq = (await bob_ws.expect("ack"))["seq"]
    assert (await alice.http.post("/api/v1/blocks", json={"user_id": bob.id})).status_code == 201
    # Bob's message is withheld from Alice: not found, like anything unseen.
    await ws.send({"type": "delete", "room": room, "seq": seq})
    assert (await ws.expect("error"))["code"] == "not_found"
    assert [f for f in await nothing_more(bob_ws) if f["type"] == "deleted"] == []
