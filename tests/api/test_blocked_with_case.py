"""A minor sexualised is refused AND opens a case (docs/safety.md, "Block and
open a case"): the sender gets the usual ``blocked_by_filter``, nobody else
gets anything, and a moderator reads the sender and the text in a case, as
they would a held message's. Other refusals (hate) open no case, as before."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.api.moderation_helpers import act, notices, open_cases
from tests.harness import Member, Server, WsClient, room_for_band, signup, staff

MINOR = "t'as 14 ans ? tu dois être trop belle en maillot"
HATE = "sale n3gr3"
CONV = "/api/v1/conversations"


async def silent(ws: WsClient, kind: str = "message") -> None:
    """No frame of ``kind`` arrives within a short wait."""
    with pytest.raises(TimeoutError):
        await ws.expect(kind, timeout=1.0)


async def automatic_cases(moderator: Member) -> list[dict[str, Any]]:
    return [c for c in await open_cases(moderator) if c["kind"] == "automatic"]


async def detail(moderator: Member, case_id: str) -> dict[str, Any]:
    response = await moderator.http.get(f"/api/v1/moderation/cases/{case_id}")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def one_room(server: Server, age: int = 30) -> tuple[WsClient, WsClient, Member, str]:
    """A sender and a listener of ``age`` in their band's room, and a
    moderator: the sender's socket, the listener's, the moderator, the room."""
    author, reader = await signup(server, age=age), await signup(server, age=age)
    moderator = await staff(server)
    room = await room_for_band(author)
    listener = await reader.ws()
    await listener.join(room)
    ws = await author.ws()
    await ws.join(room)
    return ws, listener, moderator, room


async def test_teen_room_minor_sexualisation_is_refused_and_opens_a_case(server: Server) -> None:
    author, reader = await signup(server, age=15), await signup(server, age=15)
    moderator = await staff(server)
    room = await room_for_band(author)
    listener = await reader.ws()
    _, last = await listener.join(room)
    ws = await author.ws()
    await ws.join(room)

    # Hate is refused as before, and opens no case.
    await ws.send_text(room, HATE, "hate-1")
    error = await ws.expect("error")
    assert (error["code"], error["reasons"]) == ("blocked_by_filter", ["hate"])
    assert await automatic_cases(moderator) == []

    await ws.send_text(room, MINOR, "minor-1")
    error = await ws.expect("error")
    # The public contract of a refusal, unchanged: the code and its reasons.
    assert error["code"] == "blocked_by_filter" and error["client_id"] == "minor-1"
    assert "minor_sexualisation" in error["reasons"]
    await silent(listener)
    history = (await reader.http.get(f"/api/v1/rooms/{room}/messages")).json()
    assert all(m["text"] != MINOR for m in history["messages"])
    rooms = (await author.http.get("/api/v1/rooms")).json()
    assert next(r for r in rooms if r["id"] == room)["last_seq"] == last

    [case] = await automatic_cases(moderator)
    # A minor at risk (session 7: it was a medium "held_by_filter").
    assert case["reasons"] == ["minor_at_risk"] and case["severity"] == "critical"
    assert case["target"]["type"] == "message"
    seen = await detail(moderator, case["id"])
    assert seen["content"]["text"] == MINOR
    assert seen["content"]["author_pseudo"] == author.user["pseudo"]
    assert seen["content"]["refused"] is True
    assert seen["held"]["state"] == "blocked"
    assert {"minor_sexualisation", "grooming"} <= {s["name"] for s in seen["signals"]}
    assert all(e["legal_hold"] for e in seen["evidence"])
    [source] = [s for s in seen["sources"] if s["kind"] == "held_message"]
    assert source["refused"] is True and source["held"]["state"] == "blocked"

    # A refusal cannot be released; a retry is refused again, same case.
    response = await act(moderator, case["id"], "release")
    assert response.status_code == 422
    await ws.send_text(room, MINOR, "minor-1")
    assert (await ws.expect("error"))["code"] == "blocked_by_filter"
    assert [c["id"] for c in await automatic_cases(moderator)] == [case["id"]]

    # The moderator's decision reaches the sender as a statement of reasons.
    assert (await act(moderator, case["id"], "delete_message")).status_code == 200
    assert (await detail(moderator, case["id"]))["held"]["state"] == "blocked"
    [notice] = await notices(author)
    assert notice["kind"] == "sanction"
    await silent(listener)


async def open_dm(alice: Member, bob: Member) -> str:
    created = await alice.http.post(CONV, json={"user_id": bob.id, "text": "salut ça va ?"})
    assert created.status_code == 201, created.text
    room = str(created.json()["id"])
    assert (await bob.http.post(f"{CONV}/{room}/accept")).status_code == 200
    return room


async def test_private_minor_sexualisation_is_refused_and_opens_a_case(server: Server) -> None:
    alice, bob = await signup(server, age=15, trust=1), await signup(server, age=15, trust=1)
    moderator = await staff(server)
    room = await open_dm(alice, bob)
    listener = await bob.ws()
    _, last = await listener.join(room, since=None)
    ws = await alice.ws()
    await ws.join(room, since=None)
    await ws.send_text(room, MINOR, "dm-minor-1")
    error = await ws.expect("error")
    assert error["code"] == "blocked_by_filter" and "minor_sexualisation" in error["reasons"]
    await silent(listener)
    history = (await bob.http.get(f"/api/v1/rooms/{room}/messages")).json()
    assert [m["text"] for m in history["messages"]] == ["salut ça va ?"]

    [case] = await automatic_cases(moderator)
    seen = await detail(moderator, case["id"])
    assert seen["content"]["text"] == MINOR and seen["held"]["state"] == "blocked"
    assert seen["subject_pseudo"] == alice.user["pseudo"]
    assert "minor_sexualisation" in {s["name"] for s in seen["signals"]}
    rooms = (await bob.http.get(CONV)).json()
    assert next(r for r in rooms if r["id"] == room)["last_seq"] == last


async def test_private_request_with_minor_sexualisation_opens_a_case(server: Server) -> None:
    alice, bob = await signup(server, age=15, trust=1), await signup(server, age=15)
    moderator = await staff(server)
    response = await alice.http.post(CONV, json={"user_id": bob.id, "text": MINOR})
    assert response.status_code == 422
    assert response.json()["code"] == "blocked_by_filter"
    assert (await bob.http.get(CONV)).json() == []

    [case] = await automatic_cases(moderator)
    assert case["target"] == {"type": "user", "id": alice.id}
    assert case["reasons"] == ["minor_at_risk"]
    seen = await detail(moderator, case["id"])
    assert seen["content"]["text"] == MINOR
    assert seen["content"]["to"] == bob.id and seen["content"]["refused"] is True
    assert {u["id"] for u in seen["evidence"][0]["content"]["users"]} == {alice.id, bob.id}


async def test_edit_to_minor_sexualisation_is_refused_and_opens_a_case(server: Server) -> None:
    author = await signup(server, age=15)
    moderator = await staff(server)
    room = await room_for_band(author)
    ws = await author.ws()
    await ws.join(room)
    await ws.send_text(room, "salut tout le monde", "edit-1")
    ack = await ws.expect("ack")
    await ws.send({"type": "edit", "room": room, "seq": ack["seq"], "text": MINOR})
    error = await ws.expect("error")
    assert error["code"] == "blocked_by_filter" and "minor_sexualisation" in error["reasons"]
    history = (await author.http.get(f"/api/v1/rooms/{room}/messages")).json()
    assert [m["text"] for m in history["messages"] if m["seq"] == ack["seq"]] == [
        "salut tout le monde"
    ]
    [case] = await automatic_cases(moderator)
    seen = await detail(moderator, case["id"])
    assert seen["content"]["proposed_text"] == MINOR and seen["content"]["refused"] is True
    [source] = [s for s in seen["sources"] if s["kind"] == "held_edit"]
    assert source["refused"] is True


async def test_the_refusal_reaches_nobody_even_much_later(server: Server) -> None:
    """No moderator action delivers it (a hold's ``release`` is refused)."""
    ws, listener, moderator, room = await one_room(server, age=15)
    await ws.send_text(room, "lolita sexy", "minor-2")
    assert (await ws.expect("error"))["code"] == "blocked_by_filter"
    [case] = await automatic_cases(moderator)
    assert (await act(moderator, case["id"], "release")).json()["code"] == "invalid"
    assert (await act(moderator, case["id"], "dismiss")).status_code == 200
    await asyncio.sleep(0)
    await silent(listener)


def model_only(server: Server, *categories: str) -> None:
    """The server's rules, then a tiny model that is very sure (p = 0.98) of
    ``categories`` on ``TRIGGER`` alone (tests/unit/safety/test_safety_model.py)."""
    import concurrent.futures

    from causerie.safety.checks.model import ModelCheck
    from causerie.safety.pipeline import MessageFilter, default_filter
    from tests.unit.safety.test_safety_model import tiny

    checks = [c for c in default_filter().checks if not isinstance(c, ModelCheck)]
    built: concurrent.futures.Future[MessageFilter] = concurrent.futures.Future()
    built.set_result(MessageFilter([*checks, ModelCheck(tiny(categories, weight=10.0))]))
    server.app.state.deps.message_filter._future = built


async def test_a_very_confident_model_refuses_hate_and_opens_a_case(server: Server) -> None:
    """The learned layer alone, very sure of hate: refused like the rules'
    hate, and — a statistical refusal — a moderator reads it."""
    from tests.unit.safety.test_safety_model import TRIGGER

    model_only(server, "hate")
    ws, listener, moderator, room = await one_room(server)
    await ws.send_text(room, TRIGGER, "model-1")
    error = await ws.expect("error")
    assert (error["code"], error["reasons"]) == ("blocked_by_filter", ["model:hate"])
    await silent(listener)
    [case] = await automatic_cases(moderator)
    seen = await detail(moderator, case["id"])
    assert seen["content"]["text"] == TRIGGER and seen["held"]["state"] == "blocked"
    assert [s["name"] for s in seen["signals"]] == ["model:hate"]


async def test_a_child_offered_between_adults_is_refused_and_opens_a_case(server: Server) -> None:
    # Issue 12, session 7 (s7kin): an adult offering a child they have access
    # to, in a private conversation between adults, is refused with a case.
    offer = "ma fille de 14 ans est dispo pour toi si tu payes"
    alice, bob = await signup(server, age=41, trust=2), await signup(server, age=44, trust=2)
    moderator = await staff(server)
    room = await open_dm(alice, bob)
    listener = await bob.ws()
    await listener.join(room, since=None)
    ws = await alice.ws()
    await ws.join(room, since=None)
    await ws.send_text(room, offer, "dm-offer-1")
    error = await ws.expect("error")
    assert error["code"] == "blocked_by_filter" and "minor_sexualisation" in error["reasons"]
    await silent(listener)
    [case] = await automatic_cases(moderator)
    seen = await detail(moderator, case["id"])
    assert seen["content"]["text"] == offer and seen["held"]["state"] == "blocked"
    assert seen["subject_pseudo"] == alice.user["pseudo"]


async def test_a_threat_with_an_insult_is_refused_and_opens_a_case(server: Server) -> None:
    """Session 15: a threat aimed at the reader with an insult ("jvais te
    violer sale chienne") reaches nobody, not even after a review (every
    such message the corpus authors wrote is labelled block), and a
    moderator still reads it in a case, as a held threat. A threat alone is
    held, as before."""
    ws, listener, moderator, room = await one_room(server)

    await ws.send_text(room, "jvais te violer sale chienne", "t-1")
    error = await ws.expect("error")
    assert error["code"] == "blocked_by_filter"
    assert {"threat", "harassment"} <= set(error["reasons"])
    await silent(listener)
    [case] = await automatic_cases(moderator)
    seen = await detail(moderator, case["id"])
    assert seen["content"]["refused"] is True
    assert seen["held"]["state"] == "blocked"
    assert all(e["legal_hold"] for e in seen["evidence"])
