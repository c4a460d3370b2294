"""Separation of duties (docs/moderation.md, "Staff"): sanctioned staff lose
staff rights at once; nobody reads in full or acts on a case they are a
party to; cases about staff are for admins; reporters are named to admins
only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from causerie.domain.errors import CauserieError
from causerie.domain.models import AccountStatus
from causerie.services.roles import set_role
from tests.api.moderation_helpers import act, notices, open_cases, post_message, report
from tests.harness import Member, Server, signup, staff

CASES = "/api/v1/moderation/cases"


async def _update(server: Server, member: Member, **fields: Any) -> None:
    deps = server.app.state.deps
    async with deps.uow(write=True) as uow:
        await uow.users.update(member.id, **fields)
        await uow.commit()


async def _case_on(member: Member, target_id: str) -> dict[str, Any]:
    found = [c for c in await open_cases(member) if c["target"]["id"] == target_id]
    assert len(found) == 1, found
    return found[0]


def _status(response: Any, status: int, code: str | None = None) -> None:
    assert response.status_code == status, (response.status_code, response.text)
    if code is not None:
        assert response.json()["code"] == code


@pytest.mark.parametrize("sanction", ["ban", "suspend", "mute"])
async def test_sanctioned_staff_lose_every_staff_right_at_once(
    server: Server, sanction: str
) -> None:
    moderator = await staff(server)
    admin = await staff(server, role="admin")
    user, reporter = await signup(server), await signup(server)
    await report(reporter, "user", user.id, "harassment")
    pending = await _case_on(moderator, user.id)
    # Reported and sanctioned: the case about a moderator is in the admins' queue.
    await report(reporter, "user", moderator.id, "harassment")
    against = await _case_on(admin, moderator.id)
    hours = 48 if sanction != "ban" else None
    _status(await act(admin, against["id"], sanction, duration_hours=hours), 200)
    # From the next request on, the whole section is gone for them (404),
    # their own case, lifting it, the queue, other cases, the audit state.
    http = moderator.http
    _status(await http.get(CASES), 404)
    _status(await http.get(f"{CASES}/{against['id']}"), 404)
    _status(await act(moderator, against["id"], "lift"), 404)
    _status(await act(moderator, pending["id"], "dismiss"), 404)
    _status(await http.get("/api/v1/moderation/audit/verify"), 404)
    _status(await http.get("/api/v1/moderation/transparency"), 404)
    # Lifted (here by the admin), the rights come back.
    _status(await act(admin, against["id"], "lift"), 200)
    _status(await http.get(CASES), 200)


async def test_a_banned_moderator_cannot_suspend_the_one_who_banned_them(server: Server) -> None:
    banned, other = await staff(server), await staff(server)
    admin = await staff(server, role="admin")
    reporter = await signup(server)
    await report(reporter, "user", banned.id, "threat")
    case = await _case_on(admin, banned.id)
    _status(await act(admin, case["id"], "ban"), 200)
    # A case about the other moderator exists; the banned one may not touch it.
    await report(reporter, "user", other.id, "spam")
    about_other = await _case_on(admin, other.id)
    _status(await act(banned, about_other["id"], "suspend", duration_hours=24), 404)
    me = (await other.http.get("/api/v1/me")).json()
    assert me["status"] == "active"


async def test_nobody_handles_a_case_about_themselves(server: Server) -> None:
    """A moderator reported for ``minor_at_risk``: the case is critical, goes
    to the admins, and the moderator can neither read it nor dismiss it."""
    moderator = await staff(server)
    other_moderator = await staff(server)
    admin = await staff(server, role="admin")
    reporter = await signup(server)
    posted = await post_message(moderator, "tu as quel âge ? on se voit ?")
    _status(await report(reporter, "message", posted["id"], "minor_at_risk"), 201)
    case = await _case_on(admin, posted["id"])
    assert case["severity"] == "critical"
    # The subject: not listed, 403 on reading in full and on every action.
    assert all(c["id"] != case["id"] for c in await open_cases(moderator))
    _status(await moderator.http.get(f"{CASES}/{case['id']}"), 403, "not_allowed")
    refused = await act(moderator, case["id"], "dismiss")
    _status(refused, 403, "not_allowed")
    assert refused.json()["reason"] == "own_case"
    assert "partie à ce dossier" in refused.json()["detail"]  # the member's language
    # Another moderator: a case about staff is not theirs to see (404).
    assert all(c["id"] != case["id"] for c in await open_cases(other_moderator))
    _status(await other_moderator.http.get(f"{CASES}/{case['id']}"), 404)
    _status(await act(other_moderator, case["id"], "dismiss"), 404)
    # An admin decides.
    _status(await act(admin, case["id"], "warn"), 200)


async def test_an_admin_reported_is_judged_by_another_admin(server: Server) -> None:
    accused, judge = await staff(server, role="admin"), await staff(server, role="admin")
    reporter = await signup(server)
    await report(reporter, "user", accused.id, "harassment")
    case = await _case_on(judge, accused.id)
    assert all(c["id"] != case["id"] for c in await open_cases(accused))
    _status(await accused.http.get(f"{CASES}/{case['id']}"), 403, "not_allowed")
    _status(await act(accused, case["id"], "dismiss"), 403, "not_allowed")
    _status(await act(judge, case["id"], "dismiss"), 200)


async def test_members_of_a_reported_conversation_do_not_handle_it(server: Server) -> None:
    moderator = await staff(server, trust=1)
    member = await signup(server)
    admin = await staff(server, role="admin")
    response = await moderator.http.post(
        "/api/v1/conversations", json={"user_id": member.id, "text": "Salut"}
    )
    room = response.json()["id"]
    _status(await report(member, "room", room, "harassment"), 201)
    case = await _case_on(admin, room)
    _status(await moderator.http.get(f"{CASES}/{case['id']}"), 403, "not_allowed")


async def test_a_reporter_does_not_handle_what_they_reported(server: Server) -> None:
    reporting_moderator, deciding = await staff(server), await staff(server)
    user = await signup(server)
    _status(await report(reporting_moderator, "user", user.id, "scam"), 201)
    case = await _case_on(deciding, user.id)
    assert all(c["id"] != case["id"] for c in await open_cases(reporting_moderator))
    _status(await reporting_moderator.http.get(f"{CASES}/{case['id']}"), 403, "not_allowed")
    _status(await act(reporting_moderator, case["id"], "ban"), 403, "not_allowed")
    _status(await act(deciding, case["id"], "warn"), 200)


async def test_nobody_decides_their_own_appeal_or_one_they_are_party_to(server: Server) -> None:
    # A moderator warned by an admin (a warning takes no staff rights away)
    # appeals: the appeal is about staff and theirs, so not theirs to decide.
    moderator = await staff(server)
    admin, other_admin = await staff(server, role="admin"), await staff(server, role="admin")
    reporter = await signup(server)
    await report(reporter, "user", moderator.id, "harassment")
    case = await _case_on(admin, moderator.id)
    _status(await act(admin, case["id"], "warn"), 200)
    [notice] = await notices(moderator)
    filed = await moderator.http.post(
        "/api/v1/appeals", json={"notice_id": notice["id"], "text": "injuste"}
    )
    appeal_id = filed.json()["id"]
    _status(await moderator.http.get(f"{CASES}/{appeal_id}"), 403, "not_allowed")
    _status(await act(moderator, appeal_id, "lift"), 403, "not_allowed")
    _status(await act(admin, appeal_id, "lift"), 403, "not_allowed")  # decided it
    _status(await act(other_admin, appeal_id, "lift"), 200)


async def test_the_reporter_of_the_appealed_case_does_not_decide_the_appeal(
    server: Server,
) -> None:
    reporting, deciding, third = await staff(server), await staff(server), await staff(server)
    user = await signup(server)
    await report(reporting, "user", user.id, "spam")
    case = await _case_on(deciding, user.id)
    _status(await act(deciding, case["id"], "suspend", duration_hours=24), 200)
    [notice] = await notices(user)
    filed = await user.http.post("/api/v1/appeals", json={"notice_id": notice["id"], "text": "x"})
    appeal_id = filed.json()["id"]
    assert all(c["id"] != appeal_id for c in await open_cases(reporting))
    _status(await act(reporting, appeal_id, "lift"), 403, "not_allowed")
    _status(await act(third, appeal_id, "dismiss"), 200)


async def test_reporters_are_named_to_admins_only(server: Server) -> None:
    moderator, admin = await staff(server), await staff(server, role="admin")
    author, reporter = await signup(server), await signup(server)
    posted = await post_message(author, "achète mes trucs ici")
    await report(reporter, "message", posted["id"], "spam", details="encore lui")
    case = await _case_on(moderator, posted["id"])
    seen = (await moderator.http.get(f"{CASES}/{case['id']}")).json()
    [shown] = seen["reports"]
    assert shown["reporter"] == {"label": 1, "id": None, "pseudo": None}
    assert shown["reason"] == "spam" and shown["details"] == "encore lui"
    evidence_users = [u["id"] for e in seen["evidence"] for u in e["content"].get("users", [])]
    assert author.id in evidence_users and reporter.id not in evidence_users
    assert reporter.user["pseudo"] not in str(seen)
    full = (await admin.http.get(f"{CASES}/{case['id']}")).json()
    assert full["reports"][0]["reporter"]["id"] == reporter.id
    assert full["reports"][0]["reporter"]["pseudo"] == reporter.user["pseudo"]
    # The evidence bundle an escalation prepares copies the snapshots again.
    assert (await act(admin, case["id"], "escalate")).status_code == 200
    again = (await moderator.http.get(f"{CASES}/{case['id']}")).json()
    assert any(e["kind"] == "bundle" for e in again["evidence"])
    assert reporter.id not in str(again["evidence"])
    assert reporter.id in str((await admin.http.get(f"{CASES}/{case['id']}")).json()["evidence"])


async def test_no_staff_role_for_a_sanctioned_account(server: Server) -> None:
    deps = server.app.state.deps
    member = await signup(server)
    await _update(server, member, status=AccountStatus.BANNED)
    with pytest.raises(CauserieError) as refused:
        await set_role(deps, member.user["pseudo"], "moderator", actor="test")
    assert refused.value.code == "not_allowed"
    until = deps.clock.now() + timedelta(hours=1)
    await _update(server, member, status=AccountStatus.ACTIVE, muted_until=until)
    with pytest.raises(CauserieError):
        await set_role(deps, member.user["pseudo"], "admin", actor="test")
    await _update(server, member, muted_until=None)
    assert (await set_role(deps, member.user["pseudo"], "moderator", actor="test")).is_staff
