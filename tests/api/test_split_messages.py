"""Session 10 (s10split): an insult or contact details cut over a member's
consecutive short messages. Each piece passes the filter; the message that
completes the join is held before delivery (the earlier pieces were
delivered), and ordinary short messages in a row are never held."""

from __future__ import annotations

from tests.api.moderation_helpers import rules_only
from tests.harness import Member, Server, signup


async def _dm(sender: Member, other: Member) -> str:
    created = await sender.http.post(
        "/api/v1/conversations", json={"user_id": other.id, "text": "salut, ça va ?"}
    )
    assert created.status_code == 201, created.text
    room = str(created.json()["id"])
    assert (await other.http.post(f"/api/v1/conversations/{room}/accept")).status_code == 200
    return room


async def test_an_insult_in_syllables_is_held_at_the_piece_that_completes_it(
    server: Server,
) -> None:
    rules_only(server)
    sender = await signup(server, trust=1, age=30)
    other = await signup(server, trust=1, age=29)
    room = await _dm(sender, other)
    ws = await sender.ws()
    await ws.join(room, since=None)
    for i, text in enumerate(["t'es qu'une", "pu"]):
        await ws.send_text(room, text, f"p{i}")
        await ws.expect("ack")
    await ws.send_text(room, "te", "p2")
    error = await ws.expect("error")
    assert error["code"] == "held_for_review"
    assert "harassment" in error["reasons"] and "split_message" in error["reasons"]
    await server.app.state.risk.drain()


async def test_short_messages_in_a_row_are_delivered(server: Server) -> None:
    rules_only(server)
    sender = await signup(server, trust=1, age=30)
    other = await signup(server, trust=1, age=29)
    room = await _dm(sender, other)
    ws = await sender.ws()
    await ws.join(room, since=None)
    for i, text in enumerate(["ok", "lol", "a demain", "14h", "30", "3", "2", "15€"]):
        await ws.send_text(room, text, f"s{i}")
        await ws.expect("ack")
        await server.app.state.risk.drain()
