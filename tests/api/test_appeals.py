"""Appeals (DSA art. 20): a separate queue, decided by another moderator."""

from __future__ import annotations

from tests.api.moderation_helpers import act, case_for, notices, open_cases, report
from tests.harness import Member, Server, signup, staff


async def _suspended(server: Server) -> tuple[Member, Member, dict[str, object]]:
    user, reporter = await signup(server), await signup(server)
    first = await staff(server)
    await report(reporter, "user", user.id, "harassment")
    case = await case_for(first, user.id)
    assert (await act(first, case["id"], "suspend", duration_hours=72)).status_code == 200
    [notice] = await notices(user)
    return user, first, notice


async def test_suspended_user_appeals_and_another_moderator_grants(server: Server) -> None:
    user, first, notice = await _suspended(server)
    second = await staff(server, role="admin")
    response = await user.http.post(
        "/api/v1/appeals", json={"notice_id": notice["id"], "text": "Ce n'était pas moi."}
    )
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "received"
    appeals = await open_cases(second, kind="appeal")
    [appeal] = appeals
    assert appeal["kind"] == "appeal" and appeal["id"] == response.json()["id"]
    assert all(c["kind"] != "appeal" for c in await open_cases(second, kind="report"))
    detail = (await second.http.get(f"/api/v1/moderation/cases/{appeal['id']}")).json()
    assert detail["appeal"]["text"] == "Ce n'était pas moi."
    assert detail["appeal"]["acted_by"] == first.id
    # The moderator who suspended cannot decide the appeal.
    same = await act(first, appeal["id"], "lift")
    assert same.status_code == 403 and same.json()["code"] == "not_allowed"
    granted = await act(second, appeal["id"], "lift")
    assert granted.status_code == 200 and granted.json()["status"] == "closed"
    me = (await user.http.get("/api/v1/me")).json()
    assert me["status"] == "active"
    kinds = [n["kind"] for n in await notices(user)]
    assert kinds == ["appeal_outcome", "sanction"]  # newest first


async def test_rejected_appeal_keeps_the_sanction(server: Server) -> None:
    user, _, notice = await _suspended(server)
    second = await staff(server)
    response = await user.http.post(
        "/api/v1/appeals", json={"notice_id": notice["id"], "text": "please"}
    )
    appeal_id = response.json()["id"]
    assert (await act(second, appeal_id, "dismiss")).status_code == 200
    assert (await user.http.get("/api/v1/me")).json()["status"] == "suspended"
    outcome = (await notices(user))[0]
    assert outcome["kind"] == "appeal_outcome" and outcome["appealable"] is False


async def test_appeal_rules(server: Server) -> None:
    user, _, notice = await _suspended(server)
    other = await signup(server)
    body = {"notice_id": notice["id"], "text": "again"}
    stranger = await other.http.post("/api/v1/appeals", json=body)
    assert stranger.status_code == 404
    assert (await user.http.post("/api/v1/appeals", json=body)).status_code == 201
    twice = await user.http.post("/api/v1/appeals", json=body)
    assert twice.status_code == 409 and twice.json()["code"] == "already_appealed"
    empty = await user.http.post("/api/v1/appeals", json={"notice_id": notice["id"], "text": ""})
    assert empty.status_code == 422
