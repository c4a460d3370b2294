"""The conversation list shows each conversation's last message and its
time, read for all conversations in one query (issue 16, item 5)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from tests.api.test_typing import open_conversation
from tests.harness import Member, Server, signup

CONV = "/api/v1/conversations"


async def listed(member: Member) -> dict[str, dict[str, Any]]:
    response = await member.http.get(CONV)
    assert response.status_code == 200, response.text
    return {str(r["id"]): r for r in response.json()}


async def test_each_conversation_shows_its_last_message(server: Server) -> None:
    alice = await signup(server, trust=1)
    bob = await signup(server, trust=1)
    room = await open_conversation(alice, bob)
    first = (await listed(bob))[room]
    assert first["last_message"]["text"] == "Salut !"
    assert first["last_message"]["author"] == {"id": alice.id, "pseudo": alice.user["pseudo"]}
    assert first["last_message_at"] == first["last_message"]["ts"]

    ws = await bob.ws()
    await ws.join(room, since=None)
    await ws.send_text(room, "Coucou toi", "b1")
    seq = (await ws.expect("ack"))["seq"]
    assert (await listed(alice))[room]["last_message"]["text"] == "Coucou toi"
    # A removed message is not shown: the one before it is the last again.
    await ws.send({"type": "delete", "room": room, "seq": seq})
    await ws.expect("deleted")
    assert (await listed(alice))[room]["last_message"]["text"] == "Salut !"


async def test_the_list_reads_messages_once_whatever_its_length(server: Server) -> None:
    alice = await signup(server, trust=1)
    engine = server.app.state.deps.uow()._engine.sync_engine
    reads: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "FROM messages" in statement:
            reads.append(statement)

    per_length = []
    for _ in range(3):
        await open_conversation(alice, await signup(server, trust=1))
        reads.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            shown = await listed(alice)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert all(r["last_message"]["text"] == "Salut !" for r in shown.values())
        per_length.append(len(reads))
    assert per_length == [1, 1, 1]
