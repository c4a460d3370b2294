"""Reply to a message (docs/protocol.md, "Replies"): ``reply_to`` names a seq
of the same room its author can see; everyone, the sender included, gets it
live, in the replay and in the history, on every node's envelope."""

from __future__ import annotations

from tests.api.test_typing import open_conversation
from tests.harness import Server, room_for_band, signup


async def test_a_reply_names_its_message_everywhere(server: Server) -> None:
    alice = await signup(server)
    bob = await signup(server)
    room = await room_for_band(alice)
    alice_ws, bob_ws = await alice.ws(), await bob.ws()
    _, start = await alice_ws.join(room, since=None)
    await bob_ws.join(room, since=None)
    await alice_ws.send_text(room, "Qui vient ce soir ?", "q")
    asked = (await alice_ws.expect("ack"))["seq"]

    await bob_ws.send(
        {"type": "send", "room": room, "client_id": "r", "text": "Moi !", "reply_to": asked}
    )
    # The sender's ack and message frames come in either order.
    seen = [await bob_ws.recv()]
    while (
        not any(f["type"] == "ack" for f in seen)
        or len([f for f in seen if f["type"] == "message" and f["text"] == "Moi !"]) != 1
    ):
        seen.append(await bob_ws.recv())
    answer = next(f for f in seen if f["type"] == "ack")["seq"]
    mine = next(f for f in seen if f["type"] == "message" and f["seq"] == answer)
    while (theirs := await alice_ws.expect("message"))["seq"] != answer:
        pass
    for frame in (mine, theirs):
        assert frame["reply_to"] == asked and frame["text"] == "Moi !"
    # A message that answers nothing keeps its exact shape.
    history = (await alice.http.get(f"/api/v1/rooms/{room}/messages")).json()["messages"]
    by_seq = {m["seq"]: m for m in history}
    assert by_seq[asked]["reply_to"] is None
    assert by_seq[answer]["reply_to"] == asked
    replay, _ = await (await bob.ws()).join(room, since=start)
    assert [m.get("reply_to") for m in replay if m["seq"] in (asked, answer)] == [None, asked]


async def test_reply_to_must_be_a_visible_message_of_the_same_room(server: Server) -> None:
    alice = await signup(server, trust=1)
    bob = await signup(server, trust=1)
    room = await open_conversation(alice, bob)  # seq 1, by alice
    public = await room_for_band(alice)
    ws = await bob.ws()
    await ws.join(room, since=None)
    await ws.join(public, since=None)

    async def refused(frame_room: str, reply_to: object, client_id: str) -> str:
        await ws.send(
            {
                "type": "send",
                "room": frame_room,
                "client_id": client_id,
                "text": "réponse",
                "reply_to": reply_to,
            }
        )
        error = await ws.expect("error")
        # A malformed frame is refused by the parser, before it has a client_id.
        assert error.get("client_id", client_id) == client_id
        return str(error["code"])

    for bad in (0, -1, "1", True, 2**40):
        assert await refused(room, bad, f"bad{bad}") == "invalid"
    assert await refused(room, 2, "future") == "invalid"  # not written yet
    # Seq 1 of another room is not this one's seq 1: a public room of one's
    # own band that has no seq 1 yet, or whose seq 1 is there, both answer
    # by the room they are sent to.
    history = (await bob.http.get(f"/api/v1/rooms/{public}/messages")).json()["messages"]
    if not history:
        assert await refused(public, 1, "other-room") == "invalid"

    # Blocked either way: the message is withheld from bob, so no reply to it.
    carol = await signup(server, trust=1)
    group = await room_for_band(carol)
    carol_ws = await carol.ws()
    await carol_ws.join(group, since=None)
    await carol_ws.send_text(group, "hello", "c1")
    said = (await carol_ws.expect("ack"))["seq"]
    assert (await bob.http.post("/api/v1/blocks", json={"user_id": carol.id})).status_code == 201
    assert await refused(group, said, "blocked") == "invalid"

    await ws.send({"type": "send", "room": room, "client_id": "ok", "text": "oui", "reply_to": 1})
    assert (await ws.expect("ack"))["seq"] == 2
