"""Session 7, refusals that open a case, end to end: a bio that sexualises a
minor opens a case (by the name policy or by the message filter), the case
of a minor sexualised is a minor at risk (critical, not the medium of any
held message), a refused private request's case names its recipient, and
every refusal with a case — an edit too — is counted in the transparency
report's ``blocked_with_case``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from causerie.services.filter_tally import store_tally
from tests.api.moderation_helpers import open_cases
from tests.harness import Member, Server, room_for_band, signup, staff

MINOR = "t'as 14 ans ? tu dois être trop belle en maillot"
CONV = "/api/v1/conversations"


async def automatic_cases(moderator: Member) -> list[dict[str, Any]]:
    return [c for c in await open_cases(moderator) if c["kind"] == "automatic"]


async def detail(moderator: Member, case_id: str) -> dict[str, Any]:
    response = await moderator.http.get(f"/api/v1/moderation/cases/{case_id}")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def test_a_bio_refused_by_the_name_policy_for_a_minor_opens_a_case(server: Server) -> None:
    author = await signup(server, trust=1)
    moderator = await staff(server)
    bio = "j'adore les lolitas sexy"
    response = await author.http.patch("/api/v1/me", json={"bio": bio})
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "name_not_allowed"
    assert (await author.http.get("/api/v1/me")).json().get("bio", "") != bio
    [case] = await automatic_cases(moderator)
    assert case["target"] == {"type": "user", "id": author.id}
    assert case["reasons"] == ["minor_at_risk"] and case["severity"] == "critical"
    seen = await detail(moderator, case["id"])
    assert seen["content"]["type"] == "bio" and seen["content"]["text"] == bio
    assert seen["content"]["refused"] is True
    assert all(e["legal_hold"] for e in seen["evidence"])


async def test_a_bio_refused_by_the_filter_for_a_minor_opens_a_case(server: Server) -> None:
    author = await signup(server, trust=1)
    moderator = await staff(server)
    response = await author.http.patch("/api/v1/me", json={"bio": MINOR})
    assert response.status_code == 422, response.text
    assert response.json()["code"] in ("blocked_by_filter", "name_not_allowed")
    [case] = await automatic_cases(moderator)
    assert case["reasons"] == ["minor_at_risk"]
    assert (await detail(moderator, case["id"]))["content"]["text"] == MINOR


async def test_an_ordinary_refused_bio_opens_no_case(server: Server) -> None:
    author = await signup(server, trust=1)
    moderator = await staff(server)
    response = await author.http.patch("/api/v1/me", json={"bio": "sale n3gr3"})
    assert response.status_code == 422
    assert await automatic_cases(moderator) == []


async def test_a_minor_sexualised_in_a_room_is_a_critical_minor_at_risk_case(
    server: Server,
) -> None:
    author = await signup(server, age=15)
    moderator = await staff(server)
    room = await room_for_band(author)
    ws = await author.ws()
    await ws.join(room)
    await ws.send_text(room, MINOR, "s7-minor")
    assert (await ws.expect("error"))["code"] == "blocked_by_filter"
    [case] = await automatic_cases(moderator)
    assert case["reasons"] == ["minor_at_risk"] and case["severity"] == "critical"


async def test_a_refused_private_request_names_its_recipient(server: Server) -> None:
    alice, bob = await signup(server, age=15, trust=1), await signup(server, age=15)
    moderator = await staff(server)
    response = await alice.http.post(CONV, json={"user_id": bob.id, "text": MINOR})
    assert response.status_code == 422
    [case] = await automatic_cases(moderator)
    assert case["target"] == {"type": "user", "id": alice.id}
    assert case["reasons"] == ["minor_at_risk"] and case["severity"] == "critical"
    seen = await detail(moderator, case["id"])
    assert seen["content"]["to"] == bob.id
    assert all(s.get("to") == bob.id for s in seen["signals"] if s.get("source") == "filter")


async def test_every_refusal_with_a_case_is_counted_edits_and_requests_too(
    server: Server,
) -> None:
    author, other = await signup(server, age=15, trust=1), await signup(server, age=15)
    moderator = await staff(server)
    room = await room_for_band(author)
    ws = await author.ws()
    await ws.join(room)
    await ws.send_text(room, MINOR, "count-send")
    assert (await ws.expect("error"))["code"] == "blocked_by_filter"
    await ws.send_text(room, "salut tout le monde", "count-edit")
    ack = await ws.expect("ack")
    await ws.send({"type": "edit", "room": room, "seq": ack["seq"], "text": MINOR})
    assert (await ws.expect("error"))["code"] == "blocked_by_filter"
    response = await author.http.post(CONV, json={"user_id": other.id, "text": MINOR})
    assert response.status_code == 422
    deps = server.app.state.deps
    await store_tally(deps, deps.message_filter)
    today = deps.clock.now().date()
    params = {"from": today.isoformat(), "to": (today + timedelta(days=1)).isoformat()}
    report = await moderator.http.get("/api/v1/moderation/transparency", params=params)
    assert report.status_code == 200, report.text
    flt = report.json()["own_initiative"]["filter"]
    assert flt["blocked"]["messages"] == 3
    assert flt["blocked_with_case"]["messages"] == 3
    assert flt["blocked_with_case"]["by_reason"]["minor_sexualisation"] == 3
    # Counted apart, never twice: three refusals and one accepted message checked.
    assert flt["checked"] == 4
    assert flt["held"] == 0
