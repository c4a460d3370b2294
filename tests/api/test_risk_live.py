"""Invariant 6 live: private conversations are scored as they happen; a
risky one is escalated with its signals, and the recipient of a meeting
proposal gets safety guidance once."""

from __future__ import annotations

import json
from typing import Any

from causerie.safety.scorer import Assessment
from tests.api.moderation_helpers import rules_only
from tests.harness import Server, signup


async def test_meeting_proposal_sends_guidance_once_and_ambush_escalates(server: Server) -> None:
    escalations: list[tuple[str, Assessment]] = []
    risk = server.app.state.risk

    async def record(deps: Any, room_id: str, assessment: Assessment, message: Any) -> None:
        escalations.append((room_id, assessment))

    risk.escalate = record
    rules_only(server)  # the scorer's path: the model would hold the set-up messages
    lure = await signup(server, trust=1, age=24)
    target = await signup(server, trust=1, age=19)
    created = await lure.http.post(
        "/api/v1/conversations", json={"user_id": target.id, "text": "salut ça va ?"}
    )
    room = created.json()["id"]
    await target.http.post(f"/api/v1/conversations/{room}/accept")
    lure_ws, target_ws = await lure.ws(), await target.ws()
    await lure_ws.join(room, since=None)
    await target_ws.join(room, since=None)

    # An ambush in parts: each message alone is below the filter's
    # one-message ambush rule (those are held), the conversation is not.
    lines = [
        "on se voit ce soir ?",
        "viens seule",
        "ne dis rien à personne",
        "rendez-vous devant le stade",
        "il n'y aura personne là-bas",
        "on se voit demain plutôt ?",
    ]
    for i, text in enumerate(lines):
        await lure_ws.send_text(room, text, f"l{i}")
        await lure_ws.expect("ack")
    await risk.drain()

    notices = []
    while True:
        try:
            frame = await target_ws.recv(timeout=0.5)
        except TimeoutError:
            break
        if frame["type"] == "notice":
            notices.append(frame)
    assert len(notices) == 1
    assert notices[0]["code"] == "meeting_safety" and notices[0]["room"] == room
    assert "public" in notices[0]["detail"]
    listed = (await target.http.get("/api/v1/notices")).json()
    assert [n["id"] for n in listed] == [notices[0]["id"]]  # stored, the frame names it

    assert escalations, "an ambush pattern must open a case"
    escalated_room, assessment = escalations[-1]
    assert escalated_room == room
    assert assessment.level in ("medium", "high")
    assert assessment.suspect_id == lure.id
    names = {s.name for s in assessment.signals}
    assert {"meeting_proposal", "meeting_alone"} <= names


async def test_meeting_guidance_reaches_a_recipient_who_was_offline(server: Server) -> None:
    rules_only(server)
    lure = await signup(server, trust=1, age=24)
    target = await signup(server, trust=1, age=19)
    created = await lure.http.post(
        "/api/v1/conversations", json={"user_id": target.id, "text": "salut ça va ?"}
    )
    room = created.json()["id"]
    await target.http.post(f"/api/v1/conversations/{room}/accept")
    lure_ws = await lure.ws()  # the target has no connection open
    await lure_ws.join(room, since=None)
    await lure_ws.send_text(room, "on se voit ce soir ?", "m1")
    await lure_ws.expect("ack")
    await server.app.state.risk.drain()

    # Back later: the guidance waits among the notices, in the member's tongue.
    listed = (await target.http.get("/api/v1/notices")).json()
    assert len(listed) == 1
    assert listed[0]["kind"] == "safety"
    assert "lieu public" in listed[0]["text"]
    assert (await lure.http.get("/api/v1/notices")).json() == []  # not the proposer


async def test_benign_private_talk_is_not_escalated(server: Server) -> None:
    escalations: list[str] = []
    risk = server.app.state.risk

    async def record(deps: Any, room_id: str, assessment: Assessment, message: Any) -> None:
        escalations.append(room_id)

    risk.escalate = record
    a = await signup(server, trust=1)
    b = await signup(server, trust=1)
    room = (
        await a.http.post("/api/v1/conversations", json={"user_id": b.id, "text": "coucou"})
    ).json()["id"]
    await b.http.post(f"/api/v1/conversations/{room}/accept")
    ws = await a.ws()
    await ws.join(room, since=None)
    for i, text in enumerate(["tu as vu le match hier ?", "trop bien la fin", "bonne soirée !"]):
        await ws.send_text(room, text, f"b{i}")
        await ws.expect("ack")
    await risk.drain()
    assert escalations == []


async def test_an_ambush_opens_a_case_with_its_evidence_for_moderators(server: Server) -> None:
    """The real escalation hook (not a recorder): an automatic case on the
    room, naming the suspect, with the conversation under legal hold."""
    from tests.api.moderation_helpers import open_cases
    from tests.harness import staff

    rules_only(server)
    moderator = await staff(server)
    lure = await signup(server, trust=1, age=24)
    target = await signup(server, trust=1, age=19)
    created = await lure.http.post(
        "/api/v1/conversations", json={"user_id": target.id, "text": "salut ça va ?"}
    )
    room = created.json()["id"]
    await target.http.post(f"/api/v1/conversations/{room}/accept")
    ws = await lure.ws()
    await ws.join(room, since=None)
    lines = [
        "on se voit ce soir ?",
        "viens seule",
        "ne dis rien à personne",
        "rendez-vous devant le stade",
        "il n'y aura personne là-bas",
    ]
    for i, text in enumerate(lines):
        await ws.send_text(room, text, f"a{i}")
        await ws.expect("ack")
    await server.app.state.risk.drain()

    cases = [c for c in await open_cases(moderator) if c["target"]["id"] == room]
    assert len(cases) == 1
    case = cases[0]
    assert case["kind"] == "automatic"
    assert set(case["reasons"]) & {"risk_medium", "risk_high"}
    detail = (await moderator.http.get(f"/api/v1/moderation/cases/{case['id']}")).json()
    held_texts = json.dumps(detail, ensure_ascii=False)
    assert "viens seule" in held_texts  # the conversation itself is kept as evidence
    assert {s["name"] for s in detail["signals"]} >= {"meeting_proposal", "meeting_alone"}
