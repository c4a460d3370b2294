"""Reports: what can be reported, legal hold of the evidence, outcomes."""

from __future__ import annotations

from sqlalchemy import text

from causerie.storage.engine import make_engine
from tests.api.moderation_helpers import act, case_for, notices, post_message, report
from tests.harness import Server, room_for_band, signup, staff


async def test_report_message_opens_case_with_context(server: Server) -> None:
    author = await signup(server)
    reporter = await signup(server)
    moderator = await staff(server)
    room = await room_for_band(author)
    before = await post_message(author, "bonjour tout le monde", room)
    target = await post_message(author, "tu vas voir ce soir", room)
    response = await report(reporter, "message", target["id"], "harassment", details="menace")
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "received"
    case = await case_for(moderator, target["id"])
    assert case["kind"] == "report" and case["reasons"] == ["harassment"]
    detail = (await moderator.http.get(f"/api/v1/moderation/cases/{case['id']}")).json()
    assert detail["content"]["text"] == "tu vas voir ce soir"
    assert [m["text"] for m in detail["context"]] == ["bonjour tout le monde"]
    assert detail["context"][0]["id"] == before["id"]
    assert detail["accounts"][0]["id"] == author.id
    assert detail["reports"][0]["details"] == "menace"


async def test_reporting_what_you_cannot_see_is_not_found(server: Server) -> None:
    adult = await signup(server, age=30)
    teen = await signup(server, age=16)
    message = await post_message(adult, "adult room message")
    for target_type, target_id in (
        ("message", message["id"]),
        ("user", adult.id),
        ("room", message["room"]),
        ("message", "nope"),
    ):
        response = await report(teen, target_type, target_id, "other")
        assert response.status_code == 404, (target_type, response.text)
    bad = await report(adult, "message", message["id"], "not_a_reason")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"


async def test_reports_on_one_target_join_one_case_and_raise_severity(server: Server) -> None:
    target = await signup(server)
    first, second = await signup(server), await signup(server)
    moderator = await staff(server)
    assert (await report(first, "user", target.id, "spam")).status_code == 201
    case = await case_for(moderator, target.id)
    assert case["severity"] == "low"
    assert (await report(second, "user", target.id, "threat")).status_code == 201
    joined = await case_for(moderator, target.id)
    assert joined["id"] == case["id"]
    assert joined["severity"] == "critical"
    assert joined["reasons"] == ["spam", "threat"]


async def test_reporter_is_told_the_outcome(server: Server) -> None:
    author = await signup(server)
    reporter = await signup(server)
    moderator = await staff(server)
    assert (await report(reporter, "user", author.id, "spam")).status_code == 201
    case = await case_for(moderator, author.id)
    assert (await act(moderator, case["id"], "dismiss")).status_code == 200
    outcome = await notices(reporter)
    assert [n["kind"] for n in outcome] == ["report_outcome"]
    assert outcome[0]["appealable"] is False
    assert await notices(author) == []  # dismissing sanctions nobody


async def test_evidence_survives_deletion_and_erasure(
    server: Server, migrated_database_url: str
) -> None:
    author = await signup(server)
    reporter = await signup(server)
    moderator = await staff(server)
    target = await post_message(author, "message that will disappear")
    assert (await report(reporter, "message", target["id"], "minor_at_risk")).status_code == 201
    case = await case_for(moderator, target["id"])
    assert case["severity"] == "critical"
    # The author deletes the message, then the account is erased (raw SQL:
    # whatever path does it later, evidence must not depend on live rows).
    engine = make_engine(migrated_database_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM messages WHERE id = :id"), {"id": target["id"]})
            await conn.execute(
                text(
                    "UPDATE users SET pseudo = 'erased', bio = '', status = 'erased' WHERE id = :id"
                ),
                {"id": author.id},
            )
    finally:
        await engine.dispose()
    detail = (await moderator.http.get(f"/api/v1/moderation/cases/{case['id']}")).json()
    assert detail["content"]["text"] == "message that will disappear"
    assert detail["content"]["author_pseudo"] == author.user["pseudo"]
    held = detail["evidence"][0]
    assert held["legal_hold"] is True
    pseudos = {u["pseudo"] for u in held["content"]["users"]}
    assert author.user["pseudo"] in pseudos


async def test_reports_are_rate_limited(server: Server) -> None:
    reporter = await signup(server)
    targets = [await signup(server) for _ in range(3)]
    limit = server.app.state.deps.settings.reports_per_user[0]
    statuses = []
    for i in range(limit + 1):
        response = await report(reporter, "user", targets[i % 3].id, "spam")
        statuses.append(response.status_code)
    assert statuses[:limit] == [201] * limit
    assert statuses[-1] == 429


async def test_a_blocked_user_stays_reportable_but_not_visible(server: Server) -> None:
    victim, harasser = await signup(server), await signup(server)
    assert (
        await victim.http.post("/api/v1/blocks", json={"user_id": harasser.id})
    ).status_code == 201
    assert (await victim.http.get(f"/api/v1/users/{harasser.id}")).status_code == 404
    response = await victim.http.post(
        "/api/v1/reports",
        json={"target_type": "user", "target_id": harasser.id, "reason": "harassment"},
    )
    assert response.status_code == 201, response.text
    self_report = await victim.http.post(
        "/api/v1/reports",
        json={"target_type": "user", "target_id": victim.id, "reason": "other"},
    )
    assert self_report.status_code == 404


async def test_a_blocked_authors_private_message_and_conversation_stay_reportable(
    server: Server,
) -> None:
    """Block, then report: the private message and the conversation itself
    are still reportable (the block hides them from the feed, not from a report)."""
    harasser, victim = await signup(server, trust=1), await signup(server, trust=1)
    created = await harasser.http.post(
        "/api/v1/conversations", json={"user_id": victim.id, "text": "réponds-moi"}
    )
    assert created.status_code == 201, created.text
    room = created.json()["id"]
    ws = await victim.ws()
    replay, _ = await ws.join(room, since=0)
    message_id = replay[0]["id"]
    assert (
        await victim.http.post("/api/v1/blocks", json={"user_id": harasser.id})
    ).status_code == 201
    on_message = await report(victim, "message", message_id, "harassment")
    assert on_message.status_code == 201, on_message.text
    on_room = await report(victim, "room", room, "harassment")
    assert on_room.status_code == 201, on_room.text
    # The door still keeps strangers out: a third member cannot report it.
    stranger = await signup(server)
    assert (await report(stranger, "room", room, "spam")).status_code == 404
