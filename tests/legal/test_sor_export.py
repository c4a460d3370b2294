"""Statements of reasons for the DSA Transparency Database (art. 24(5)):
``causerie transparency sor-export`` writes every restricting decision in the
database's fields, saying whether automated means detected or decided it."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from typer.testing import CliRunner

from causerie.cli.main import app
from causerie.domain.legal import Decision
from causerie.domain.moderation import Action, CaseAction, CaseKind, TargetType
from causerie.services import dsa_notices, legal_sor
from causerie.services.cases import open_case
from tests.api.moderation_helpers import act, case_for, open_cases, post_message, report
from tests.harness import Server, signup, staff


async def test_sor_export_has_every_decision_in_the_databases_fields(server: Server) -> None:
    deps = server.app.state.deps
    author, witness, flagged = await signup(server), await signup(server), await signup(server)
    moderator = await staff(server)
    # A user's report (art. 16), decided: content removed as illegal.
    posted = await post_message(author, "on se retrouve ce soir, tu verras")
    assert (await report(witness, "message", posted["id"], "threat")).status_code == 201
    case = await case_for(moderator, posted["id"])
    assert (await act(moderator, case["id"], "delete_message")).status_code == 200
    # An automatic flag (the risk scorer), decided by a moderator: suspension.
    async with deps.uow(write=True) as uow:
        auto = await open_case(
            deps,
            uow,
            kind=CaseKind.AUTOMATIC,
            target_type=TargetType.USER,
            target_id=flagged.id,
            subject_id=flagged.id,
            reason="risk_high",
        )
        await uow.commit()
    assert (await act(moderator, auto.id, "suspend", duration_hours=48)).status_code == 200
    # A trusted flagger's notice on a profile, decided: a warning (against the rules only).
    _, token = await dsa_notices.add_flagger(deps, "Point de Contact")
    async with server.client(token) as org:
        sent = await org.post(
            "/api/v1/dsa/notices",
            json={
                "target_url": f"https://causerie.example/u/{author.id}",
                "reason": "spam",
                "explanation": "Publicité en masse.",
                "name": "PdC",
                "email": "pdc@x.test",
                "good_faith": True,
            },
        )
        assert sent.status_code == 201, sent.text
    (notice_case,) = [c for c in await open_cases(moderator) if c["kind"] == "notice"]
    assert (await act(moderator, notice_case["id"], "warn")).status_code == 200
    # A dismissal restricts nothing: no statement.
    other = await post_message(witness, "bonjour à tous")
    assert (await report(author, "message", other["id"], "spam")).status_code == 201
    dismissed = await case_for(moderator, other["id"])
    assert (await act(moderator, dismissed["id"], "dismiss")).status_code == 200

    today = datetime.now(UTC).date()
    args = [
        "transparency",
        "sor-export",
        "--from",
        today.isoformat(),
        "--to",
        (today + timedelta(days=1)).isoformat(),
        "--database-url",
        deps.settings.database_url,
    ]
    result = await asyncio.to_thread(CliRunner().invoke, app, args)
    assert result.exit_code == 0, result.output
    statements = json.loads(result.output)["statements"]
    assert len(statements) == 3
    removed, suspended, warned = statements
    assert removed["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert removed["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert "222-17" in removed["illegal_content_legal_ground"]
    assert removed["category"] == "STATEMENT_CATEGORY_VIOLENCE"
    assert removed["source_type"] == "SOURCE_ARTICLE_16"
    assert removed["automated_detection"] == "No"
    assert removed["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    assert removed["content_type"] == ["CONTENT_TYPE_TEXT"]
    assert removed["application_date"] == today.isoformat() and "FR" in removed["territorial_scope"]
    assert removed["decision_facts"] == "Test facts for delete_message."
    assert suspended["decision_account"] == "DECISION_ACCOUNT_SUSPENDED"
    assert suspended["automated_detection"] == "Yes"
    assert suspended["automated_decision"] == "AUTOMATED_DECISION_PARTIALLY"
    assert suspended["source_type"] == "SOURCE_VOLUNTARY"
    assert suspended["category"] == "STATEMENT_CATEGORY_PROTECTION_OF_MINORS"
    assert suspended["end_date_account_restriction"] >= today.isoformat()
    assert warned["source_type"] == "SOURCE_TRUSTED_FLAGGER"
    assert warned["source_identity"] == "Point de Contact"
    assert warned["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert warned["incompatible_content_ground"] == "Rule 3: no harassment"
    # No personal data in a public database.
    text = json.dumps(statements)
    for member in (author, witness, flagged):
        assert member.id not in text and member.user["pseudo"] not in text
    for one in statements:
        assert tdb_errors(one) == [], one
    # The default period includes today's decisions.
    default = await asyncio.to_thread(CliRunner().invoke, app, [*args[:2], *args[6:]])
    assert default.exit_code == 0, default.output
    assert len(json.loads(default.output)["statements"]) == 3


# A copy of the Transparency Database's own rules that concern us (its
# StatementMultiple request: ``category_specification`` in:null,KEYWORDS;
# ``content_type_other`` required_if CONTENT_TYPE_OTHER; the end dates paired
# with ``decision_account`` and ``decision_provision``).
TDB_KEYWORDS = {
    "KEYWORD_HATE_SPEECH",
    "KEYWORD_ONLINE_BULLYING_INTIMIDATION",
    "KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS",
    "KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS",
    "KEYWORD_ADULT_SEXUAL_MATERIAL",
    "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL",
    "KEYWORD_INCITEMENT_VIOLENCE_HATRED",
    "KEYWORD_PHISHING",
    "KEYWORD_OTHER",
}


def tdb_errors(one: dict[str, Any]) -> list[str]:
    errors = [
        f"category_specification: {k}"
        for k in one.get("category_specification", [])
        if k not in TDB_KEYWORDS
    ]
    if "CONTENT_TYPE_OTHER" in one["content_type"] and not one.get("content_type_other"):
        errors.append("content_type_other")
    if "end_date_account_restriction" in one and "decision_account" not in one:
        errors.append("end_date_account_restriction without decision_account")
    if "end_date_service_restriction" in one and "decision_provision" not in one:
        errors.append("end_date_service_restriction without decision_provision")
    if len(one.get("category_specification_other", "")) > 500:
        errors.append("category_specification_other")
    return errors


def test_a_mute_is_a_service_restriction_and_reasons_are_keywords() -> None:
    at = datetime(2026, 12, 2, 10, tzinfo=UTC)
    decision = Decision(
        action=CaseAction(
            id="01J0000000000000000000000",
            case_id="c1",
            moderator_id="m1",
            action=Action.MUTE,
            rule="Rule 3",
            facts="f",
            created_at=at,
            duration_hours=24,
        ),
        case_kind=CaseKind.REPORT,
        case_reasons=("hate", "meeting_danger"),
        target_type=TargetType.USER,
        case_created_at=at,
        flagger=None,
    )
    one = legal_sor.statement(decision)
    assert tdb_errors(one) == []
    assert one["end_date_service_restriction"] == "2026-12-03"
    assert one["category_specification"] == ["KEYWORD_HATE_SPEECH"]
    assert one["category_specification_other"] == "meeting danger"
    assert one["content_type_other"] == "user profile"
