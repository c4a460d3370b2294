"""Red-team findings on appeals and the console: an appeal undoes only the
appealed decision (other cases' sanctions stay), a reduction is never
heavier nor longer than what it replaces, the members of a private
conversation are parties to a case about one of its messages, and an
appeal's row quotes what the member wrote."""

from __future__ import annotations

from typing import Any

from tests.api.moderation_helpers import act, notices, open_cases, post_message, report
from tests.harness import Member, Server, signup, staff

CASES = "/api/v1/moderation/cases"


async def _messages(author: Member, count: int) -> list[str]:
    """Posted first: a sanctioned author could not post the next one."""
    return [(await post_message(author, f"message numéro {i}"))["id"] for i in range(count)]


async def _sanction(
    moderator: Member, reporter: Member, message_id: str, action: str, **kw: Any
) -> str:
    assert (await report(reporter, "message", message_id, "spam")).status_code == 201
    [case] = [c for c in await open_cases(moderator) if c["target"]["id"] == message_id]
    response = await act(moderator, case["id"], action, **kw)
    assert response.status_code == 200, response.text
    return str(case["id"])


async def _appeal(member: Member, action: str) -> str:
    [notice] = [n for n in await notices(member) if n.get("action") == action]
    response = await member.http.post(
        "/api/v1/appeals", json={"notice_id": notice["id"], "text": "Ce n'était pas du spam."}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _decide(admin: Member, appeal_id: str, action: str, **extra: Any) -> Any:
    body = {"action": action, "rule": "Règle 3", "facts": "Réexaminé.", **extra}
    return await admin.http.post(f"{CASES}/{appeal_id}/actions", json=body)


async def _muted_then_banned(server: Server) -> tuple[Member, Member, str]:
    user, reporter = await signup(server), await signup(server)
    first, second, admin = (
        await staff(server),
        await staff(server),
        await staff(server, role="admin"),
    )
    one, two = await _messages(user, 2)
    await _sanction(first, reporter, one, "mute", duration_hours=24)
    await _sanction(second, reporter, two, "ban")
    return user, admin, await _appeal(user, "mute")


async def test_granting_an_appeal_on_a_mute_keeps_a_later_ban(server: Server) -> None:
    user, admin, appeal_id = await _muted_then_banned(server)
    assert (await _decide(admin, appeal_id, "lift")).status_code == 200
    me = (await user.http.get("/api/v1/me")).json()
    assert me["status"] == "banned"
    assert "muted_until" not in me["restrictions"]  # the appealed mute is gone


async def test_reducing_a_mute_keeps_a_later_ban(server: Server) -> None:
    user, admin, appeal_id = await _muted_then_banned(server)
    response = await _decide(admin, appeal_id, "reduce", reduce_to="warn")
    assert response.status_code == 200, response.text
    assert (await user.http.get("/api/v1/me")).json()["status"] == "banned"


async def test_lifting_a_ban_on_appeal_keeps_another_cases_mute(server: Server) -> None:
    user, reporter = await signup(server), await signup(server)
    first, second, admin = (
        await staff(server),
        await staff(server),
        await staff(server, role="admin"),
    )
    one, two = await _messages(user, 2)
    await _sanction(first, reporter, one, "ban")
    await _sanction(second, reporter, two, "mute", duration_hours=48)
    appeal_id = await _appeal(user, "ban")
    # A ban has no end: reduced to a mute, it is judged against its own
    # term, not against the other case's mute (48 h).
    response = await _decide(admin, appeal_id, "reduce", reduce_to="suspend", duration_hours=72)
    assert response.status_code == 200, response.text
    me = (await user.http.get("/api/v1/me")).json()
    assert me["status"] == "suspended" and "muted_until" in me["restrictions"]


async def test_a_moderators_lift_undoes_only_that_case(server: Server) -> None:
    user, reporter = await signup(server), await signup(server)
    first, second = await staff(server), await staff(server)
    one, two = await _messages(user, 2)
    suspended = await _sanction(first, reporter, one, "suspend", duration_hours=24)
    await _sanction(second, reporter, two, "mute", duration_hours=48)
    assert (await act(first, suspended, "lift")).status_code == 200
    me = (await user.http.get("/api/v1/me")).json()
    assert me["status"] == "active" and "muted_until" in me["restrictions"]


async def test_a_reduction_is_never_longer_than_the_appealed_sanction(server: Server) -> None:
    user, reporter = await signup(server), await signup(server)
    first, admin = await staff(server), await staff(server, role="admin")
    [one] = await _messages(user, 1)
    await _sanction(first, reporter, one, "suspend", duration_hours=1)
    appeal_id = await _appeal(user, "suspend")
    longer = await _decide(admin, appeal_id, "reduce", reduce_to="mute", duration_hours=8760)
    assert longer.status_code == 422, longer.text
    assert longer.headers["content-type"].startswith("application/problem+json")
    assert longer.json()["field"] == "duration_hours"
    assert (await user.http.get("/api/v1/me")).json()["status"] == "suspended"
    # Lighter and no longer: accepted.
    lighter = await _decide(admin, appeal_id, "reduce", reduce_to="mute", duration_hours=1)
    assert lighter.status_code == 200, lighter.text
    me = (await user.http.get("/api/v1/me")).json()
    assert me["status"] == "active"


async def test_members_of_a_private_conversation_do_not_handle_a_held_message_in_it(
    server: Server,
) -> None:
    moderator = await staff(server, trust=2)
    member = await signup(server, trust=2)
    # A colleague is a member of the conversation: like a reported private
    # conversation, the case is for an admin.
    other = await staff(server, role="admin")
    created = await member.http.post(
        "/api/v1/conversations", json={"user_id": moderator.id, "text": "salut"}
    )
    room = created.json()["id"]
    await moderator.http.post(f"/api/v1/conversations/{room}/accept")
    ws = await member.ws()
    await ws.join(room, since=None)
    await ws.send_text(room, "je vais te tuer", "dm-held")
    assert (await ws.expect("error"))["code"] == "held_for_review"
    [case] = [c for c in await open_cases(other) if c["subject_id"] == member.id]
    assert case["target"]["type"] == "message"
    assert all(c["id"] != case["id"] for c in await open_cases(moderator))
    read = await moderator.http.get(f"{CASES}/{case['id']}")
    assert read.status_code == 403 and read.json()["code"] == "not_allowed"
    acted = await act(moderator, case["id"], "dismiss")
    assert acted.status_code == 403 and acted.json()["code"] == "not_allowed"
    # Decided by someone else; the appeal stays away from the DM member too.
    assert (await act(other, case["id"], "mute", duration_hours=2)).status_code == 200
    appeal_id = await _appeal(member, "mute")
    assert all(c["id"] != appeal_id for c in await open_cases(moderator, kind="appeal"))
    decided = await act(moderator, appeal_id, "lift")
    assert decided.status_code == 403 and decided.json()["code"] == "not_allowed"


async def test_an_appeal_row_quotes_the_appeal(server: Server) -> None:
    user, reporter = await signup(server), await signup(server)
    first, admin = await staff(server), await staff(server, role="admin")
    [one] = await _messages(user, 1)
    await _sanction(first, reporter, one, "suspend", duration_hours=24)
    appeal_id = await _appeal(user, "suspend")
    [row] = [c for c in await open_cases(admin, kind="appeal") if c["id"] == appeal_id]
    assert row["excerpt"] == "Ce n'était pas du spam."


async def test_a_later_lighter_sanction_never_shortens_one_in_force(server: Server) -> None:
    user, reporter = await signup(server), await signup(server)
    first, second = await staff(server), await staff(server)
    one, two, three, four = await _messages(user, 4)
    await _sanction(first, reporter, one, "mute", duration_hours=48)
    await _sanction(first, reporter, two, "ban")
    muted = (await user.http.get("/api/v1/me")).json()["restrictions"]["muted_until"]
    # A one-hour suspension and a one-hour mute on other cases end neither.
    await _sanction(second, reporter, three, "suspend", duration_hours=1)
    await _sanction(second, reporter, four, "mute", duration_hours=1)
    me = (await user.http.get("/api/v1/me")).json()
    assert me["status"] == "banned" and me["restrictions"]["muted_until"] == muted
