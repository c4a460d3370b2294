"""The moderator console (issue 16, item 9): one case per incident, queue
rows a moderator can read, signals pointing at their message, rules from a
catalogue cited in the notice, appeals that reduce a sanction, and notices
that say each thing once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.api.moderation_helpers import notices, open_cases, post_message, report, rules_only
from tests.harness import Member, Server, room_for_band, signup, staff

CASES = "/api/v1/moderation/cases"
RUDE = "franchement ton avis ne vaut rien, tais-toi"
HELD = "je vais te tuer"


async def _detail(moderator: Member, case_id: str) -> dict[str, Any]:
    response = await moderator.http.get(f"{CASES}/{case_id}")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def _decide(moderator: Member, case_id: str, **body: Any) -> Any:
    body.setdefault("facts", "Constaté dans le salon.")
    return await moderator.http.post(f"{CASES}/{case_id}/actions", json=body)


async def _held(author: Member, room: str, client_id: str) -> None:
    ws = await author.ws()
    await ws.join(room)
    await ws.send_text(room, HELD, client_id)
    assert (await ws.expect("error"))["code"] == "held_for_review"


async def test_a_report_and_a_held_message_of_one_incident_are_one_case(server: Server) -> None:
    author = await signup(server)
    reporting_moderator = await staff(server)  # a reporter is a party: never decides it
    moderator, admin = await staff(server), await staff(server, role="admin")
    posted = await post_message(author, RUDE)
    assert (
        await report(reporting_moderator, "message", posted["id"], "harassment")
    ).status_code == 201
    await _held(author, posted["room"], "held-incident")

    mine = [c for c in await open_cases(moderator) if c["subject_id"] == author.id]
    [case] = mine  # one case, not a report case and an automatic one
    assert case["source_count"] == 2
    assert case["subject_pseudo"] == author.user["pseudo"]
    assert case["excerpt"] == RUDE
    assert set(case["reasons"]) == {"harassment", "held_by_filter"}

    detail = await _detail(moderator, case["id"])
    kinds = [s["kind"] for s in detail["sources"]]
    assert kinds == ["report", "held_message"]
    # The reporter is numbered for a moderator, named to an admin.
    assert detail["sources"][0]["report"]["reporter"] == {"label": 1, "id": None, "pseudo": None}
    shown = (await _detail(admin, case["id"]))["sources"][0]["report"]["reporter"]
    assert shown["id"] == reporting_moderator.id
    assert detail["sources"][1]["held"]["state"] == "held"
    # Each signal points at the message it fired on, in the conversation.
    held_id = detail["sources"][1]["target"]["id"]
    [threat] = [s for s in detail["signals"] if s["name"] == "threat"]
    assert threat["message_id"] == held_id
    lines = {m["text"]: m for m in detail["conversation"]}
    assert lines[RUDE]["flagged"] and lines[HELD]["flagged"] and lines[HELD]["held"]
    assert detail["conversation"][-1]["text"] == HELD
    assert "harassment" in detail["suggested_rules"]

    # Separation of duties holds on the merged case.
    assert all(c["id"] != case["id"] for c in await open_cases(reporting_moderator))
    refused = await reporting_moderator.http.get(f"{CASES}/{case['id']}")
    assert refused.status_code == 403 and refused.json()["reason"] == "own_case"

    # Deleting removes both: the reported message and the held one.
    done = await _decide(moderator, case["id"], action="delete_message", rule_id="harassment")
    assert done.status_code == 200, done.text
    after = await _detail(moderator, case["id"])
    assert after["sources"][1]["held"]["state"] == "deleted"
    assert after["content"]["id"] == posted["id"]
    history = (await author.http.get(f"/api/v1/rooms/{posted['room']}/messages")).json()
    assert all(m.get("text") != RUDE for m in history["messages"])
    # The reporter is told, though the case held an automatic alert too.
    assert [n["kind"] for n in await notices(reporting_moderator)] == ["report_outcome"]


async def test_another_room_is_another_incident(server: Server) -> None:
    author = await signup(server)
    reporter, moderator = await signup(server), await staff(server)
    posted = await post_message(author, RUDE)
    await report(reporter, "message", posted["id"], "harassment")
    rooms = (await author.http.get("/api/v1/rooms")).json()
    other = next(r["id"] for r in rooms if r["requires"] is None and r["id"] != posted["room"])
    await _held(author, other, "held-elsewhere")
    mine = [c for c in await open_cases(moderator) if c["subject_id"] == author.id]
    assert sorted(c["kind"] for c in mine) == ["automatic", "report"]
    assert all(c["source_count"] == 1 for c in mine)


async def test_a_case_about_staff_stays_with_admins_when_merged(server: Server) -> None:
    accused = await staff(server)
    reporter, moderator = await signup(server), await staff(server)
    admin = await staff(server, role="admin")
    room = await room_for_band(accused)
    posted = await post_message(accused, RUDE, room)
    await report(reporter, "message", posted["id"], "harassment")
    await _held(accused, room, "held-staff")
    assert all(c["subject_id"] != accused.id for c in await open_cases(moderator))
    [case] = [c for c in await open_cases(admin) if c["subject_id"] == accused.id]
    assert case["source_count"] == 2
    assert (await moderator.http.get(f"{CASES}/{case['id']}")).status_code == 404


async def test_a_rule_from_the_catalogue_is_cited_in_the_members_language(server: Server) -> None:
    author, reporter = await signup(server), await signup(server)
    moderator = await staff(server)
    assert (await author.http.patch("/api/v1/me", json={"language": "en"})).status_code == 200
    rules = (await moderator.http.get("/api/v1/moderation/rules")).json()
    harassment = next(r for r in rules if r["id"] == "harassment")
    assert harassment["fr"] and harassment["en"] and "harassment" in harassment["reasons"]
    assert (await author.http.get("/api/v1/moderation/rules")).status_code == 404
    await report(reporter, "user", author.id, "harassment")
    [case] = [c for c in await open_cases(moderator) if c["subject_id"] == author.id]
    unknown = await _decide(moderator, case["id"], action="warn", rule_id="nope")
    assert unknown.status_code == 422
    warned = await _decide(moderator, case["id"], action="warn", rule_id="harassment")
    assert warned.status_code == 200, warned.text
    [notice] = await notices(author)
    cited = f"Rule {harassment['number']} — {harassment['en']}"
    assert notice["rule"] == cited and cited in notice["text"]
    # Said once: the summary leaves the facts, the rule and the appeal to
    # what is shown beside it.
    assert notice["summary"] == "You received a warning."
    assert notice["text"].count("Constaté dans le salon.") == 1
    detail = await _detail(moderator, case["id"])
    assert detail["actions"][0]["rule"] == cited


async def _banned_and_appealed(server: Server) -> tuple[Member, Member, dict[str, Any], str]:
    user, reporter = await signup(server), await signup(server)
    first, second = await staff(server), await staff(server)
    await report(reporter, "user", user.id, "harassment")
    [case] = [c for c in await open_cases(first) if c["subject_id"] == user.id]
    banned = await _decide(first, case["id"], action="ban", rule_id="harassment")
    assert banned.status_code == 200
    [notice] = await notices(user)
    assert notice["summary"] == "Ton compte est banni."  # "tu", and once
    filed = await user.http.post(
        "/api/v1/appeals", json={"notice_id": notice["id"], "text": "C'était une blague."}
    )
    assert filed.status_code == 201
    [pending] = await notices(user)
    assert pending["appeal"] == "pending"
    # The appeal is suggested the rule the contested decision cited.
    detail = await _detail(second, filed.json()["id"])
    assert detail["suggested_rules"] == ["harassment"]
    return user, second, notice, filed.json()["id"]


async def test_an_appeal_reduces_a_ban_to_a_seven_day_suspension(server: Server) -> None:
    user, second, notice, appeal_id = await _banned_and_appealed(server)
    reduced = await _decide(
        second,
        appeal_id,
        action="reduce",
        reduce_to="suspend",
        duration_hours=168,
        rule_id="harassment",
        facts="Première fois : une semaine suffit.",
    )
    assert reduced.status_code == 200, reduced.text
    assert reduced.json()["status"] == "closed"
    me = (await user.http.get("/api/v1/me")).json()
    assert me["status"] == "suspended"
    until = datetime.fromisoformat(me["restrictions"]["suspended"].replace("Z", "+00:00"))
    decided = datetime.fromisoformat(notice["created_at"].replace("Z", "+00:00"))
    assert abs(until - (decided + timedelta(hours=168))) < timedelta(seconds=2)
    outcome, sanction = await notices(user)
    assert outcome["kind"] == "appeal_outcome" and sanction["appeal"] == "reduced"
    assert outcome["summary"].startswith("Ton appel est accepté en partie")
    assert "suspension" in outcome["summary"]
    entries = await _audit(server)
    [entry] = [e for e in entries if e.action == "appeal.reduced"]
    assert entry.payload["reduced_to"] == "suspend" and entry.payload["until"]


async def test_a_suspension_can_be_shortened_not_lengthened(server: Server) -> None:
    user, reporter = await signup(server), await signup(server)
    first, second = await staff(server), await staff(server)
    await report(reporter, "user", user.id, "spam")
    [case] = [c for c in await open_cases(first) if c["subject_id"] == user.id]
    # ``reduce`` decides appeals only.
    wrong = await _decide(first, case["id"], action="reduce", reduce_to="warn", rule="x")
    assert wrong.status_code == 422
    await _decide(first, case["id"], action="suspend", duration_hours=72, rule_id="spam")
    sanction = next(n for n in await notices(user) if n["action"] == "suspend" and n["appealable"])
    filed = await user.http.post("/api/v1/appeals", json={"notice_id": sanction["id"], "text": "?"})
    appeal_id = filed.json()["id"]
    heavier = await _decide(second, appeal_id, action="reduce", reduce_to="ban", rule="x")
    assert heavier.status_code == 422
    longer = await _decide(
        second, appeal_id, action="reduce", reduce_to="suspend", duration_hours=100, rule="x"
    )
    assert longer.status_code == 422 and longer.json()["reason"] == "not_shorter"
    shorter = await _decide(
        second, appeal_id, action="reduce", reduce_to="suspend", duration_hours=24, rule="x"
    )
    assert shorter.status_code == 200, shorter.text
    me = (await user.http.get("/api/v1/me")).json()
    assert me["status"] == "suspended"
    until = datetime.fromisoformat(me["restrictions"]["suspended"].replace("Z", "+00:00"))
    decided = datetime.fromisoformat(sanction["created_at"].replace("Z", "+00:00"))
    assert until - decided < timedelta(hours=25)


async def _audit(server: Server) -> list[Any]:
    deps = server.app.state.deps
    async with deps.uow() as uow:
        return list(await uow.audit.entries())


async def test_a_risky_conversation_joins_the_report_from_inside_it(server: Server) -> None:
    """A report from inside a private conversation and the risk monitor's
    alerts on it are one case. The other member is staff: the case stays
    with the admins, as a risk case on that conversation alone would."""
    rules_only(server)  # the scorer's path: the model would hold the set-up messages
    lure = await signup(server, trust=1, age=24)
    target = await staff(server, trust=1, age=19)
    other, admin = await staff(server), await staff(server, role="admin")
    created = await lure.http.post(
        "/api/v1/conversations", json={"user_id": target.id, "text": "salut ça va ?"}
    )
    room = created.json()["id"]
    await target.http.post(f"/api/v1/conversations/{room}/accept")
    ws = await lure.ws()
    await ws.join(room, since=None)
    await ws.send_text(room, "on se voit ce soir ?", "r0")
    first = await ws.expect("ack")
    assert (await report(target, "message", first["id"], "meeting_danger")).status_code == 201
    lines = [
        "viens seule",
        "ne dis rien à personne",
        "rendez-vous à minuit derrière le parking du stade, il n'y a personne",
    ]
    for i, line in enumerate(lines, 1):
        await ws.send_text(room, line, f"r{i}")
        await ws.expect("ack")
    await server.app.state.risk.drain()

    assert all(c["subject_id"] != lure.id for c in await open_cases(other))
    [case] = [c for c in await open_cases(admin) if c["subject_id"] == lure.id]
    detail = await _detail(admin, case["id"])
    # The monitor may escalate as soon as a meeting is proposed and again
    # when it turns dangerous: every alert and the report are one case.
    kinds = [s["kind"] for s in detail["sources"]]
    assert case["source_count"] == len(kinds) and sorted(set(kinds)) == ["report", "risk"]
    [reported] = [s for s in detail["sources"] if s["kind"] == "report"]
    assert reported["report"]["reporter"]["id"] == target.id
    ids = {m["id"]: m for m in detail["conversation"]}
    pointed = [s for s in detail["signals"] if s.get("message_id")]
    assert pointed and all(s["message_id"] in ids for s in pointed)
    alone = next(s for s in pointed if s["name"] == "meeting_alone")
    assert ids[alone["message_id"]]["text"] == lines[0] and ids[alone["message_id"]]["flagged"]
    assert (await other.http.get(f"{CASES}/{case['id']}")).status_code == 404
