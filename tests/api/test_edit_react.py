"""Editing one's own message and reactions (docs/protocol.md): the same door
and filter as a send, the author only and within the window, what was said
before kept for moderators and sealed into any case; reactions counted per
reader, without the people they blocked or who blocked them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from causerie.domain.chat import EDIT_WINDOW
from causerie.domain.models import AccountStatus
from causerie.services import legal, retention
from causerie.services.reactions import REACT_RULE
from tests.api.moderation_helpers import act, open_cases, post_message, report, rules_only
from tests.api.test_typing import CONV, nothing_more
from tests.harness import Member, Server, WsClient, room_for_band, signup, staff
from tests.support.clock import FakeClock


async def _update(server: Server, member: Member, **fields: Any) -> None:
    deps = server.app.state.deps
    async with deps.uow(write=True) as uow:
        await uow.users.update(member.id, **fields)
        await uow.commit()


async def _reactions_until(ws: WsClient, emoji: str) -> dict[str, Any]:
    """The next ``reactions`` frame that counts ``emoji`` (earlier ones skipped)."""
    while True:
        frame = await ws.expect("reactions")
        if any(r["emoji"] == emoji for r in frame["reactions"]):
            return frame


async def _joined(member: Member, room: str) -> WsClient:
    ws = await member.ws()
    await ws.join(room, since=None)
    return ws


async def test_the_author_edits_and_every_member_sees_it(server: Server) -> None:
    alice, bob = await signup(server), await signup(server)
    room = await room_for_band(alice)
    alice_ws, bob_ws = await _joined(alice, room), await _joined(bob, room)
    await alice_ws.send_text(room, "rdv à 18h", "e1")
    ack = await alice_ws.expect("ack")
    seq = ack["seq"]

    await alice_ws.send({"type": "edit", "room": room, "seq": seq, "text": "rdv à 19h"})
    for ws in (alice_ws, bob_ws):
        frame = await ws.expect("edited")
        assert frame["seq"] == seq and frame["text"] == "rdv à 19h" and frame["edited"] is True
    history = (await bob.http.get(f"/api/v1/rooms/{room}/messages")).json()["messages"]
    [shown] = [m for m in history if m["seq"] == seq]
    assert shown["text"] == "rdv à 19h" and shown["edited"] is True and shown["edited_at"]

    # Over HTTP too, by id; someone else's message is refused and unchanged.
    patched = await alice.http.patch(f"/api/v1/messages/{ack['id']}", json={"text": "rdv à 20h"})
    assert patched.status_code == 200 and patched.json()["text"] == "rdv à 20h", patched.text
    other = await bob.http.patch(f"/api/v1/messages/{ack['id']}", json={"text": "piraté"})
    assert other.status_code == 403 and other.json()["code"] == "not_allowed"
    await bob_ws.send({"type": "edit", "room": room, "seq": seq, "text": "piraté"})
    assert (await bob_ws.expect("error"))["code"] == "not_allowed"
    for bad in (0, "1", None):
        await bob_ws.send({"type": "edit", "room": room, "seq": bad, "text": "x"})
        assert (await bob_ws.expect("error"))["code"] == "invalid"

    # Moderators read every version.
    moderator = await staff(server)
    found = await moderator.http.get(f"/api/v1/moderation/messages/{ack['id']}/edits")
    assert found.status_code == 200, found.text
    versions = [(e["previous_text"], e["text"]) for e in found.json()["edits"]]
    assert versions == [("rdv à 18h", "rdv à 19h"), ("rdv à 19h", "rdv à 20h")]
    # Anyone else: the moderation section does not exist.
    assert (await bob.http.get(f"/api/v1/moderation/messages/{ack['id']}/edits")).status_code == 404


async def test_an_edit_goes_through_the_filter_like_a_send(server: Server) -> None:
    author, reader = await signup(server), await signup(server)
    moderator = await staff(server)
    room = await room_for_band(author)
    ws, reader_ws = await _joined(author, room), await _joined(reader, room)
    await ws.send_text(room, "coucou tout le monde", "f1")
    ack = await ws.expect("ack")
    seq = ack["seq"]

    await ws.send({"type": "edit", "room": room, "seq": seq, "text": "sale pédé"})
    refused = await ws.expect("error")
    assert refused["code"] == "blocked_by_filter" and refused["room"] == room

    await ws.send({"type": "edit", "room": room, "seq": seq, "text": "je vais te tuer"})
    assert (await ws.expect("error"))["code"] == "held_for_review"
    # Held like a send: a moderator sees the text proposed; nobody else does.
    [case] = [c for c in await open_cases(moderator) if c["kind"] == "automatic"]
    assert case["target"] == {"type": "message", "id": ack["id"]}
    detail = (await moderator.http.get(f"/api/v1/moderation/cases/{case['id']}")).json()
    assert "je vais te tuer" in str(detail)

    # Masking applies (a new account's phone number).
    await ws.send(
        {"type": "edit", "room": room, "seq": seq, "text": "appelle moi au 06 12 34 56 78"}
    )
    masked = await reader_ws.expect("edited")
    assert "06 12" not in masked["text"] and masked["text"].startswith("appelle moi au")
    history = (await reader.http.get(f"/api/v1/rooms/{room}/messages")).json()["messages"]
    assert [m["text"] for m in history if m["seq"] == seq] == [masked["text"]]
    assert all(f["type"] != "edited" for f in await nothing_more(reader_ws))


async def test_past_the_window_a_message_stays_as_it_was(server: Server) -> None:
    alice = await signup(server)
    sent = await post_message(alice, "bonjour")
    deps = server.app.state.deps
    real = deps.clock
    # The server a little more than the window later.
    deps.clock = FakeClock.shifted(hours=(EDIT_WINDOW + timedelta(minutes=1)) / timedelta(hours=1))
    try:
        late = await alice.http.patch(f"/api/v1/messages/{sent['id']}", json={"text": "bonsoir"})
    finally:
        deps.clock = real
    assert late.status_code == 403 and late.json()["code"] == "not_allowed", late.text
    assert "15" in late.json()["detail"]
    history = (await alice.http.get(f"/api/v1/rooms/{sent['room']}/messages")).json()["messages"]
    assert [m["text"] for m in history if m["seq"] == sent["seq"]] == ["bonjour"]


async def test_a_sanctioned_member_cannot_edit_or_react(server: Server) -> None:
    alice, bob = await signup(server), await signup(server)
    sent = await post_message(alice, "premier jet")
    other = await post_message(bob, "salut", room=sent["room"])
    until = server.app.state.deps.clock.now() + timedelta(hours=2)
    await _update(server, alice, muted_until=until)
    muted = await alice.http.patch(f"/api/v1/messages/{sent['id']}", json={"text": "second"})
    assert muted.status_code == 403 and muted.json()["code"] == "muted", muted.text
    react = await alice.http.put(f"/api/v1/messages/{other['id']}/reactions/👍")
    assert react.json()["code"] == "muted"
    await _update(server, alice, muted_until=None, status=AccountStatus.SUSPENDED)
    suspended = await alice.http.patch(f"/api/v1/messages/{sent['id']}", json={"text": "second"})
    assert suspended.json()["code"] == "account_suspended"
    await _update(server, alice, status=AccountStatus.ACTIVE)
    history = (await bob.http.get(f"/api/v1/rooms/{sent['room']}/messages")).json()["messages"]
    assert [m["text"] for m in history if m["seq"] == sent["seq"]] == ["premier jet"]
    assert all(not m["reactions"] for m in history)


async def test_a_reported_message_keeps_its_original_as_evidence(server: Server) -> None:
    alice, bob = await signup(server), await signup(server)
    moderator = await staff(server)
    sent = await post_message(alice, "t'es pénible")  # delivered: the filter lets it through
    assert (await report(bob, "message", sent["id"], "harassment")).status_code == 201
    edited = await alice.http.patch(f"/api/v1/messages/{sent['id']}", json={"text": "bonne nuit"})
    assert edited.status_code == 200, edited.text
    [case] = [c for c in await open_cases(moderator) if c["target"]["id"] == sent["id"]]
    deps = server.app.state.deps
    async with deps.uow() as uow:
        evidence = [e.content for e in await uow.cases.evidence(case["id"])]
    kept = str(evidence)
    assert "t'es pénible" in kept and "bonne nuit" in kept
    assert any(e.get("edit", {}).get("previous_text") == "t'es pénible" for e in evidence)

    # Edited first, reported after: the report seals the earlier version too
    # (the report joins the incident already open on Alice in that room).
    later = await post_message(alice, "tu vas voir")
    await alice.http.patch(f"/api/v1/messages/{later['id']}", json={"text": "à demain"})
    assert (await report(bob, "message", later["id"], "threat")).status_code == 201
    async with deps.uow() as uow:
        sealed = [str(e.content) for e in await uow.cases.evidence(case["id"])]
    assert any("tu vas voir" in item and "à demain" in item for item in sealed)
    # An edit after that is sealed into the same case, before and after.
    await alice.http.patch(f"/api/v1/messages/{later['id']}", json={"text": "bonne journée"})
    async with deps.uow() as uow:
        items = [e.content for e in await uow.cases.evidence(case["id"])]
    assert any(
        e.get("edit", {}).get("previous_text") == "à demain"
        and e["edit"]["text"] == "bonne journée"
        for e in items
    )


async def test_reactions_counted_live_and_in_history(server: Server) -> None:
    alice, bob, carol = await signup(server), await signup(server), await signup(server)
    room = await room_for_band(alice)
    alice_ws, bob_ws = await _joined(alice, room), await _joined(bob, room)
    await alice_ws.send_text(room, "qui vient ce soir ?", "r1")
    ack = await alice_ws.expect("ack")
    seq = ack["seq"]

    await bob_ws.send({"type": "react", "room": room, "seq": seq, "emoji": "👍"})
    frame = await alice_ws.expect("reactions")
    assert frame == {
        "type": "reactions",
        "room": room,
        "seq": seq,
        "reactions": [{"emoji": "👍", "count": 1, "mine": False}],
    }
    assert (await bob_ws.expect("reactions"))["reactions"][0]["mine"] is True
    # Twice is once; an emoji outside the set is refused.
    added = await carol.http.put(f"/api/v1/messages/{ack['id']}/reactions/👍")
    assert added.status_code == 200, added.text
    again = await carol.http.put(f"/api/v1/messages/{ack['id']}/reactions/👍")
    assert again.json()["reactions"] == [{"emoji": "👍", "count": 2, "mine": True}]
    odd = await carol.http.put(f"/api/v1/messages/{ack['id']}/reactions/🍆")
    assert odd.status_code == 422 and odd.json()["code"] == "invalid"
    await bob_ws.send({"type": "react", "room": room, "seq": seq, "emoji": "abc"})
    assert (await bob_ws.expect("error"))["code"] == "invalid"

    history = (await alice.http.get(f"/api/v1/rooms/{room}/messages")).json()["messages"]
    [shown] = [m for m in history if m["seq"] == seq]
    assert shown["reactions"] == [{"emoji": "👍", "count": 2, "mine": False}]

    # Bob blocks Carol: Carol's reaction is no longer counted for Bob.
    assert (await bob.http.post("/api/v1/blocks", json={"user_id": carol.id})).status_code == 201
    history = (await bob.http.get(f"/api/v1/rooms/{room}/messages")).json()["messages"]
    [shown] = [m for m in history if m["seq"] == seq]
    assert shown["reactions"] == [{"emoji": "👍", "count": 1, "mine": True}]
    # Nor live: Carol adds a heart; Alice sees it, Bob is told nothing of Carol's.
    assert (await carol.http.put(f"/api/v1/messages/{ack['id']}/reactions/❤️")).status_code == 200
    alice_sees = await _reactions_until(alice_ws, "❤️")
    assert {r["emoji"]: r["count"] for r in alice_sees["reactions"]} == {"👍": 2, "❤️": 1}
    # Bob's frame for that change counts only his own thumb.
    frames = [f for f in await nothing_more(bob_ws) if f["type"] == "reactions"]
    assert frames[-1]["reactions"] == [{"emoji": "👍", "count": 1, "mine": True}]
    assert all(r["emoji"] != "❤️" for f in frames for r in f["reactions"])
    # The author blocks Carol: she no longer sees the message, nor reacts to it.
    assert (await alice.http.post("/api/v1/blocks", json={"user_id": carol.id})).status_code == 201
    gone = await carol.http.put(f"/api/v1/messages/{ack['id']}/reactions/😂")
    assert gone.status_code == 404

    removed = await bob.http.delete(f"/api/v1/messages/{ack['id']}/reactions/👍")
    assert removed.json()["reactions"] == []
    history = (await alice.http.get(f"/api/v1/rooms/{room}/messages")).json()["messages"]
    [shown] = [m for m in history if m["seq"] == seq]
    assert shown["reactions"] == []  # Carol's are not counted for Alice now either


async def test_a_teen_cannot_react_to_an_adult_room_message(server: Server) -> None:
    adult = await signup(server)
    teen = await signup(server, age=16)
    sent = await post_message(adult, "salut les adultes")
    refused = await teen.http.put(f"/api/v1/messages/{sent['id']}/reactions/👍")
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    edited = await teen.http.patch(f"/api/v1/messages/{sent['id']}", json={"text": "x"})
    assert edited.status_code == 404
    teen_ws = await teen.ws()
    teen_room = await room_for_band(teen)
    await teen_ws.join(teen_room, since=None)
    # The adult room cannot even be joined; its seq in the teen's room is another message.
    await teen_ws.send({"type": "react", "room": sent["room"], "seq": sent["seq"], "emoji": "👍"})
    assert (await teen_ws.expect("error"))["code"] == "not_joined"
    history = (await adult.http.get(f"/api/v1/rooms/{sent['room']}/messages")).json()["messages"]
    assert all(not m["reactions"] for m in history)


async def test_in_a_private_conversation_strangers_still_knock_first(server: Server) -> None:
    alice, bob = await signup(server, trust=1), await signup(server, trust=1)
    asked = await alice.http.post(CONV, json={"user_id": bob.id, "text": "Salut, on parle ?"})
    assert asked.status_code == 201, asked.text
    room = str(asked.json()["id"])
    [request] = (await bob.http.get(f"/api/v1/rooms/{room}/messages")).json()["messages"]
    # While the request waits, the requester adds nothing: no edit, no reaction.
    waiting = await alice.http.patch(f"/api/v1/messages/{request['id']}", json={"text": "Coucou"})
    assert waiting.status_code == 403 and waiting.json()["code"] == "not_allowed", waiting.text
    assert (await bob.http.post(f"{CONV}/{room}/accept")).status_code == 200
    alice_ws, bob_ws = await _joined(alice, room), await _joined(bob, room)
    await alice_ws.send({"type": "edit", "room": room, "seq": request["seq"], "text": "Coucou !"})
    assert (await bob_ws.expect("edited"))["text"] == "Coucou !"
    await bob_ws.send({"type": "react", "room": room, "seq": request["seq"], "emoji": "❤️"})
    assert (await alice_ws.expect("reactions"))["reactions"] == [
        {"emoji": "❤️", "count": 1, "mine": False}
    ]
    # Declined afterwards: the conversation is shut for edits and reactions too.
    assert (await bob.http.post(f"{CONV}/{room}/decline")).status_code in (200, 409)
    outsider = await signup(server)
    assert (
        await outsider.http.put(f"/api/v1/messages/{request['id']}/reactions/👍")
    ).status_code == 404  # not a member: not found, like any invisible room


async def test_reactions_are_rate_limited(server: Server) -> None:
    alice, bob = await signup(server), await signup(server)
    sent = await post_message(alice, "vote !")
    url = f"/api/v1/messages/{sent['id']}/reactions/👍"
    # A bucket of REACT_RULE[0], refilled slowly: a burst of taps runs dry
    # (the loop stops at the first refusal; twice the bucket is far more
    # than any refill while it runs).
    answers = []
    for i in range(2 * REACT_RULE[0]):
        response = await (bob.http.put(url) if i % 2 == 0 else bob.http.delete(url))
        answers.append(response)
        if response.status_code != 200:
            break
    assert len(answers) > REACT_RULE[0]
    last = answers[-1]
    assert last.status_code == 429 and last.json()["code"] == "rate_limited", last.text
    assert int(last.headers["Retry-After"]) >= 1


async def test_an_edit_is_no_way_round_the_conversation_scorer(server: Server) -> None:
    """Harmless lines edited into an ambush are read by the risk monitor as
    they now stand (docs/protocol.md, "Editing one's own message")."""
    escalations: list[Any] = []
    risk = server.app.state.risk

    async def record(deps: Any, room_id: str, assessment: Any, message: Any) -> None:
        escalations.append((room_id, assessment))

    risk.escalate = record
    rules_only(server)
    lure = await signup(server, trust=1, age=24)
    target = await signup(server, trust=1, age=19)
    created = await lure.http.post(CONV, json={"user_id": target.id, "text": "salut ça va ?"})
    room = created.json()["id"]
    await target.http.post(f"{CONV}/{room}/accept")
    ws = await _joined(lure, room)
    ambush = [
        "on se voit ce soir ?",
        "viens seule",
        "ne dis rien à personne",
        "rendez-vous devant le stade",
        "il n'y aura personne là-bas",
    ]
    seqs = []
    for i, _ in enumerate(ambush):
        await ws.send_text(room, f"tu as vu le match {i} ?", f"h{i}")
        seqs.append((await ws.expect("ack"))["seq"])
    await risk.drain()
    assert escalations == []
    for seq, line in zip(seqs, ambush, strict=True):
        await ws.send({"type": "edit", "room": room, "seq": seq, "text": line})
        assert (await ws.expect("edited"))["seq"] == seq
    await risk.drain()
    assert escalations, "the edited conversation is an ambush"
    escalated_room, assessment = escalations[-1]
    assert escalated_room == room and assessment.suspect_id == lure.id
    assert {"meeting_proposal", "meeting_alone"} <= {s.name for s in assessment.signals}


async def test_export_lists_edits_and_reactions_and_erasure_takes_them(server: Server) -> None:
    alice, bob = await signup(server), await signup(server)
    sent = await post_message(alice, "brouillon")
    theirs = await post_message(bob, "qui vient ?", room=sent["room"])
    await alice.http.patch(f"/api/v1/messages/{sent['id']}", json={"text": "version finale"})
    await alice.http.put(f"/api/v1/messages/{theirs['id']}/reactions/🙏")
    data = (await alice.http.get("/api/v1/me/export")).json()
    [edit] = data["message_edits"]
    assert (edit["previous_text"], edit["text"], edit["seq"]) == (
        "brouillon",
        "version finale",
        sent["seq"],
    )
    assert [(r["emoji"], r["seq"]) for r in data["reactions"]] == [("🙏", theirs["seq"])]
    # Bob's export holds none of Alice's.
    bob_data = (await bob.http.get("/api/v1/me/export")).json()
    assert bob_data["message_edits"] == [] and bob_data["reactions"] == []

    erased = await alice.http.request(
        "DELETE", "/api/v1/me", json={"confirm": alice.user["pseudo"]}
    )
    assert erased.status_code == 204, erased.text
    history = (await bob.http.get(f"/api/v1/rooms/{sent['room']}/messages")).json()["messages"]
    [shown] = [m for m in history if m["seq"] == theirs["seq"]]
    assert shown["reactions"] == []
    deps = server.app.state.deps
    async with deps.uow() as uow:
        versions = await uow.edits.for_message(sent["id"])  # type: ignore[attr-defined]
    assert [(v.previous_text, v.text) for v in versions] == [("", "")]


async def _evidence(server: Server, case_id: str) -> list[dict[str, Any]]:
    async with server.app.state.deps.uow() as uow:
        return [e.content for e in await uow.cases.evidence(case_id)]


async def _dm(alice: Member, bob: Member) -> str:
    asked = await alice.http.post(CONV, json={"user_id": bob.id, "text": "Salut, on parle ?"})
    assert asked.status_code == 201, asked.text
    room = str(asked.json()["id"])
    assert (await bob.http.post(f"{CONV}/{room}/accept")).status_code == 200
    return room


async def test_a_report_on_the_author_or_the_room_seals_earlier_versions(server: Server) -> None:
    """Reporting the person or the room, not the message, keeps what the
    edited messages of its context said before, and the edits after it."""
    alice, bob = await signup(server, trust=1), await signup(server, trust=1)
    moderator = await staff(server)
    room = await _dm(alice, bob)
    first = await post_message(alice, "tu es vraiment nulle", room=room)
    second = await post_message(alice, "réponds-moi vite", room=room)
    await alice.http.patch(f"/api/v1/messages/{first['id']}", json={"text": "bonne soirée"})
    assert (await report(bob, "user", alice.id, "harassment")).status_code == 201
    [case] = [c for c in await open_cases(moderator) if c["target"]["id"] == alice.id]
    [snapshot] = await _evidence(server, case["id"])
    [item] = [m for m in snapshot["context"] if m["id"] == first["id"]]
    assert item["text"] == "bonne soirée"
    assert [(e["previous_text"], e["text"]) for e in item["edits"]] == [
        ("tu es vraiment nulle", "bonne soirée")
    ]
    # An edit after the report, of a message that report sealed, joins it.
    await alice.http.patch(f"/api/v1/messages/{second['id']}", json={"text": "à plus"})
    assert any(
        e.get("edit", {}).get("previous_text") == "réponds-moi vite"
        for e in await _evidence(server, case["id"])
    )
    # The moderator handling it reads the history of that private message.
    history = await moderator.http.get(f"/api/v1/moderation/messages/{second['id']}/edits")
    assert history.status_code == 200, history.text

    # A report on a public room seals the edited messages of its context too.
    carol, dave = await signup(server), await signup(server)
    said = await post_message(carol, "ORIGINAL franchement ce salon est nul")
    await carol.http.patch(f"/api/v1/messages/{said['id']}", json={"text": "bonjour"})
    assert (await report(dave, "room", said["room"], "hate")).status_code == 201
    [room_case] = [c for c in await open_cases(moderator) if c["target"]["id"] == said["room"]]
    [sealed] = await _evidence(server, room_case["id"])
    [item] = [m for m in sealed["context"] if m["id"] == said["id"]]
    assert item["edits"][0]["previous_text"] == "ORIGINAL franchement ce salon est nul"


async def test_erasure_keeps_the_edit_history_under_an_open_case_or_a_hold(
    server: Server,
) -> None:
    """Erasing one's account while a case about one is open (here a report
    on the account, whose context holds nothing) or under a preservation
    order does not take the earlier versions: evidence is preserved."""
    author, reporter = await signup(server), await signup(server)
    moderator = await staff(server)
    sent = await post_message(author, "ORIGINAL tu es en retard")
    await author.http.patch(f"/api/v1/messages/{sent['id']}", json={"text": "bonne journée"})
    assert (await report(reporter, "user", author.id, "harassment")).status_code == 201
    erased = await author.http.request(
        "DELETE", "/api/v1/me", json={"confirm": author.user["pseudo"]}
    )
    assert erased.status_code == 204, erased.text
    found = await moderator.http.get(f"/api/v1/moderation/messages/{sent['id']}/edits")
    assert found.status_code == 200, found.text
    assert [e["previous_text"] for e in found.json()["edits"]] == ["ORIGINAL tu es en retard"]
    # The retention sweep leaves it while the case is open; once decided,
    # the history goes the way of the messages (the case keeps its evidence).
    deps = server.app.state.deps
    await retention.purge(deps.uow, deps.clock, deps.settings)
    async with deps.uow() as uow:
        assert len(await uow.edits.for_message(sent["id"])) == 1  # type: ignore[attr-defined]
    [case] = [c for c in await open_cases(moderator) if c["target"]["id"] == author.id]
    assert (await act(moderator, case["id"], "dismiss")).status_code == 200
    await retention.purge(deps.uow, deps.clock, deps.settings)
    async with deps.uow() as uow:
        assert await uow.edits.for_message(sent["id"]) == []  # type: ignore[attr-defined]

    # Under a legal hold (no case): the history stays with the messages.
    held = await signup(server)
    kept = await post_message(held, "ORIGINAL sous scellés")
    await held.http.patch(f"/api/v1/messages/{kept['id']}", json={"text": "rien"})
    await legal.preserve(deps, None, reference="PV-2026-1", scope={"accounts": [held.id]}, days=30)
    erased = await held.http.request("DELETE", "/api/v1/me", json={"confirm": held.user["pseudo"]})
    assert erased.status_code == 204, erased.text
    async with deps.uow() as uow:
        versions = await uow.edits.for_message(kept["id"])  # type: ignore[attr-defined]
    assert [v.previous_text for v in versions] == ["ORIGINAL sous scellés"]
    await retention.purge(deps.uow, deps.clock, deps.settings)
    async with deps.uow() as uow:
        versions = await uow.edits.for_message(kept["id"])  # type: ignore[attr-defined]
    assert [v.previous_text for v in versions] == ["ORIGINAL sous scellés"]


async def test_the_edit_history_follows_separation_of_duties(server: Server) -> None:
    """A moderator reads the history of a message only through a case they
    may handle: not one about staff (admins only), not one they are party
    to; and every read is audited."""
    colleague = await staff(server, trust=1)
    member = await signup(server, trust=1)
    other = await staff(server)
    admin = await staff(server, role="admin")
    room = await _dm(colleague, member)
    sent = await post_message(colleague, "tu habites où exactement ?", room=room)
    await colleague.http.patch(f"/api/v1/messages/{sent['id']}", json={"text": "oublie"})
    assert (await report(member, "message", sent["id"], "minor_at_risk")).status_code == 201
    url = f"/api/v1/moderation/messages/{sent['id']}/edits"
    # A case about staff is the admins': to a moderator it does not exist.
    assert (await other.http.get(url)).status_code == 404
    # The subject does not read the evidence against them.
    assert (await colleague.http.get(url)).status_code in (403, 404)
    deps = server.app.state.deps
    async with deps.uow() as uow:
        before = len(await uow.audit.entries())
    found = await admin.http.get(url)
    assert found.status_code == 200, found.text
    assert found.json()["edits"][0]["previous_text"] == "tu habites où exactement ?"
    async with deps.uow() as uow:
        after = [(e.action, e.subject, e.actor) for e in (await uow.audit.entries())[before:]]
    assert after == [("message.edits_read", f"message:{sent['id']}", f"moderator:{admin.id}")]

    # A reporter who is a moderator is a party to the case: refused too.
    author = await signup(server)
    said = await post_message(author, "premier jet")
    await author.http.patch(f"/api/v1/messages/{said['id']}", json={"text": "second jet"})
    assert (await report(other, "message", said["id"], "spam")).status_code == 201
    refused = await other.http.get(f"/api/v1/moderation/messages/{said['id']}/edits")
    assert refused.status_code == 403, refused.text
    handled = await admin.http.get(f"/api/v1/moderation/messages/{said['id']}/edits")
    assert handled.status_code == 200, handled.text


async def test_a_request_is_answered_before_any_reaction(server: Server) -> None:
    alice, bob = await signup(server, trust=1), await signup(server, trust=1)
    asked = await alice.http.post(CONV, json={"user_id": bob.id, "text": "Salut, on parle ?"})
    room = str(asked.json()["id"])
    [request] = (await bob.http.get(f"/api/v1/rooms/{room}/messages")).json()["messages"]
    url = f"/api/v1/messages/{request['id']}/reactions/❤️"
    # The recipient's heart would be a signal to a stranger not yet let in.
    pending = await bob.http.put(url)
    assert pending.status_code == 403 and pending.json()["code"] == "not_allowed", pending.text
    assert "accepte" in pending.json()["detail"] or "accept" in pending.json()["detail"]
    bob_ws = await bob.ws()
    await bob_ws.join(room, since=None)
    await bob_ws.send({"type": "react", "room": room, "seq": request["seq"], "emoji": "👍"})
    assert (await bob_ws.expect("error"))["code"] == "not_allowed"
    history = (await alice.http.get(f"/api/v1/rooms/{room}/messages")).json()["messages"]
    assert all(not m["reactions"] for m in history)


async def test_ones_own_reaction_can_always_be_taken_back(server: Server) -> None:
    alice, bob = await signup(server, trust=1), await signup(server, trust=1)
    # After blocking the author of a public room message.
    sent = await post_message(alice, "qui vient ?")
    url = f"/api/v1/messages/{sent['id']}/reactions/👍"
    assert (await bob.http.put(url)).status_code == 200
    assert (await bob.http.post("/api/v1/blocks", json={"user_id": alice.id})).status_code == 201
    removed = await bob.http.delete(url)
    assert removed.status_code == 200 and removed.json()["reactions"] == [], removed.text
    assert (await bob.http.delete(f"/api/v1/blocks/{alice.id}")).status_code in (200, 204)
    history = (await alice.http.get(f"/api/v1/rooms/{sent['room']}/messages")).json()
    assert all(not m["reactions"] for m in history["messages"] if m["seq"] == sent["seq"])

    # In a private conversation declined or blocked since.
    room = await _dm(alice, bob)
    said = await post_message(alice, "à demain ?", room=room)
    heart = f"/api/v1/messages/{said['id']}/reactions/❤️"
    assert (await bob.http.put(heart)).status_code == 200
    assert (await bob.http.post("/api/v1/blocks", json={"user_id": alice.id})).status_code == 201
    taken = await bob.http.delete(heart)
    assert taken.status_code == 200, taken.text
    # Nothing to take back on a message one cannot see: still not found.
    stranger = await signup(server)
    assert (await stranger.http.delete(heart)).status_code == 404
    async with server.app.state.deps.uow() as uow:
        pairs = await uow.reactions.for_message(said["id"])  # type: ignore[attr-defined]
    assert pairs == []


async def test_the_bare_heart_is_the_heart(server: Server) -> None:
    """Keyboards send ❤ without the emoji selector (or with the text one):
    it is the ❤️ of the set, stored and counted as one."""
    alice, bob, carol = await signup(server), await signup(server), await signup(server)
    sent = await post_message(alice, "merci à tous")
    bare = await bob.http.put(f"/api/v1/messages/{sent['id']}/reactions/\u2764")
    assert bare.status_code == 200, bare.text
    assert bare.json()["reactions"] == [{"emoji": "❤️", "count": 1, "mine": True}]
    text_form = await carol.http.put(f"/api/v1/messages/{sent['id']}/reactions/\u2764\ufe0e")
    assert text_form.json()["reactions"] == [{"emoji": "❤️", "count": 2, "mine": True}]
    ws = await _joined(carol, sent["room"])
    await ws.send({"type": "react", "room": sent["room"], "seq": sent["seq"], "emoji": "\u2764"})
    await ws.send({"type": "react", "room": sent["room"], "seq": sent["seq"], "emoji": "😂"})
    frame = await _reactions_until(ws, "😂")
    assert {r["emoji"]: r["count"] for r in frame["reactions"]} == {"❤️": 2, "😂": 1}
    # Taking back the bare form takes back the heart.
    gone = await bob.http.delete(f"/api/v1/messages/{sent['id']}/reactions/\u2764")
    assert gone.json()["reactions"] == [
        {"emoji": "❤️", "count": 1, "mine": False},
        {"emoji": "😂", "count": 1, "mine": False},
    ]
