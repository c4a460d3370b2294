"""Notices from anyone (DSA art. 16) end to end: a non-member's notice is
acknowledged, becomes a ``notice`` case, and its decision with the reasons
arrives by e-mail over a real SMTP exchange (aiosmtpd on a loopback port).
Trusted flaggers (art. 22) come first; misuse (art. 23) is warned then
suspended; without SMTP the outbox is shown to the desk."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from causerie.adapters.smtp import SmtpSender
from causerie.services import dsa_notices, mail
from tests import harness
from tests.api.moderation_helpers import act, open_cases, post_message
from tests.harness import Server, live_server, signup, staff
from tests.legal.smtp_sink import Sink, body, smtp_sink
from tests.support.net import free_port


@pytest.fixture
def sink() -> Iterator[Sink]:
    with smtp_sink() as running:
        yield running


def _smtp(sink: Sink) -> dict[str, Any]:
    return {
        "smtp_host": "127.0.0.1",
        "smtp_port": sink.port,
        "smtp_starttls": False,
        "smtp_from": "dsa@causerie.test",
        "mail_every_seconds": 0.1,
    }


@pytest.fixture
async def mailing_server(
    tmp_path: Path, migrated_database_url: str, sink: Sink
) -> AsyncIterator[Server]:
    settings = harness.test_settings(tmp_path, migrated_database_url, **_smtp(sink))
    async with live_server(settings) as live:
        yield live


def notice(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "target_url": "https://causerie.example/rooms/unknown",
        "reason": "harassment",
        "explanation": "This member insults my daughter every evening.",
        "name": "Claire Martin",
        "email": "claire@parents.test",
        "good_faith": True,
    }
    values.update(overrides)
    return values


async def post_notice(server: Server, token: str | None = None, **overrides: Any) -> httpx.Response:
    async with server.client(token) as anonymous:
        return await anonymous.post("/api/v1/dsa/notices", json=notice(**overrides))


async def test_a_non_members_notice_is_acknowledged_and_answered_by_email(
    mailing_server: Server, sink: Sink
) -> None:
    author = await signup(mailing_server)
    posted = await post_message(author, "un message signalé de l'extérieur")
    url = f"https://causerie.example/rooms/{posted['room']}#{posted['id']}"
    response = await post_notice(mailing_server, target_url=url)
    assert response.status_code == 201, response.text
    reference = response.json()["reference"]

    (ack,) = await sink.wait_for("claire@parents.test", 1)
    assert reference in ack["Subject"] and reference in body(ack)
    assert ack["X-Causerie-Reference"] == reference

    moderator = await staff(mailing_server)
    cases = [c for c in await open_cases(moderator) if c["kind"] == "notice"]
    assert len(cases) == 1
    assert cases[0]["target"] == {"type": "message", "id": posted["id"]}
    assert cases[0]["reasons"] == ["harassment"]
    decided = await act(moderator, cases[0]["id"], "delete_message")
    assert decided.status_code == 200, decided.text

    decision = (await sink.wait_for("claire@parents.test", 2))[1]
    text = body(decision)
    assert reference in decision["Subject"] and reference in text
    assert "Rule 3: no harassment" in text and "Test facts for delete_message." in text
    # What was done, in words (the action's code stays the machine's).
    assert "We acted on it: the content was removed." in text
    assert "delete_message" not in text.replace("Test facts for delete_message.", "")


async def test_a_dismissed_notice_says_so_with_its_reasons_in_english(
    mailing_server: Server, sink: Sink
) -> None:
    response = await post_notice(mailing_server, lang="en", email="ngo@help.test")
    reference = response.json()["reference"]
    moderator = await staff(mailing_server)
    (case,) = [c for c in await open_cases(moderator) if c["kind"] == "notice"]
    assert case["target"]["type"] == "url"
    assert (await act(moderator, case["id"], "dismiss")).status_code == 200
    decision = (await sink.wait_for("ngo@help.test", 2))[1]
    text = body(decision)
    assert "no breach" in text and reference in text and "Test facts for dismiss." in text


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"good_faith": False}, "good_faith"),
        ({"email": None}, "email"),
        ({"name": "  "}, "name"),
        ({"email": "not-an-address"}, "email"),
        ({"reason": "because"}, "reason"),
        ({"target_url": "javascript:alert(1)"}, "target_url"),
        ({"explanation": " "}, "explanation"),
        # Control characters: no line of the attacker's choosing in our mails.
        ({"name": "Eve\r\nBcc: evil@attacker.example"}, "name"),
        ({"name": "Eve\x07"}, "name"),
        ({"target_url": "https://causerie.example/x\r\nBcc: evil@x.test"}, "target_url"),
        ({"target_url": "https://causerie.example/x\u2028y"}, "target_url"),
        ({"target_url": "https://causerie.example/x y"}, "target_url"),
        ({"name": "N" * 81}, "name"),
    ],
)
async def test_bad_notices_get_problem_json(
    server: Server, overrides: dict[str, Any], field: str
) -> None:
    response = await post_notice(server, **overrides)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == field


async def test_a_child_at_risk_may_be_notified_anonymously(server: Server) -> None:
    response = await post_notice(server, reason="minor_at_risk", name=None, email=None)
    assert response.status_code == 201, response.text
    moderator = await staff(server)
    (case,) = [c for c in await open_cases(moderator) if c["kind"] == "notice"]
    assert case["severity"] == "critical"


async def test_notices_are_rate_limited_per_address(
    tmp_path: Path, migrated_database_url: str
) -> None:
    settings = harness.test_settings(
        tmp_path, migrated_database_url, dsa_notices_per_ip=(2, 3600.0)
    )
    async with live_server(settings) as live:
        assert (await post_notice(live)).status_code == 201
        assert (await post_notice(live)).status_code == 201
        third = await post_notice(live)
        assert third.status_code == 429
        assert third.json()["code"] == "rate_limited"


async def test_without_smtp_the_outbox_is_shown_to_the_desk_only(server: Server) -> None:
    reference = (await post_notice(server)).json()["reference"]
    for role in ("moderator", "legal", "admin"):
        desk = await staff(server, role=role)
        response = await desk.http.get("/api/v1/dsa/outbox")
        assert response.status_code == 200, response.text
        (item,) = response.json()
        assert item["to"] == "claire@parents.test" and item["ref"] == reference
        assert item["sent_at"] is None and reference in item["body"]
    member = await signup(server)
    assert (await member.http.get("/api/v1/dsa/outbox")).status_code == 404


async def test_a_refused_send_is_retried_with_backoff(server: Server) -> None:
    reference = (await post_notice(server)).json()["reference"]
    deps = server.app.state.deps
    nobody = SmtpSender(
        harness.test_settings(
            Path("."),
            "sqlite://",
            smtp_host="127.0.0.1",
            smtp_port=free_port(),
            smtp_starttls=False,
            smtp_timeout_seconds=2.0,
        )
    )
    report = await mail.deliver_due(deps.uow, deps.clock, nobody)
    assert (report.sent, report.failed) == (0, 1)
    (item,) = await mail.outbox(deps.uow, unsent_only=True)
    assert item.ref == reference and item.attempts == 1 and item.last_error
    assert item.next_attempt_at >= deps.clock.now() + timedelta(seconds=50)
    # Not due again before its backoff: nothing is sent twice in a row.
    again = await mail.deliver_due(deps.uow, deps.clock, nobody)
    assert (again.sent, again.failed) == (0, 0)
    assert mail.backoff(1) == timedelta(minutes=1)
    assert mail.backoff(3) == timedelta(minutes=4)
    assert mail.backoff(30) == timedelta(hours=6)


async def test_a_trusted_flaggers_notice_is_decided_first(server: Server) -> None:
    deps = server.app.state.deps
    _, token = await dsa_notices.add_flagger(deps, "e-Enfance / 3018")
    older = await post_notice(server, target_url="https://causerie.example/a/older1234")
    assert older.status_code == 201
    flagged = await post_notice(
        server, token=token, target_url="https://causerie.example/a/flagged123"
    )
    assert flagged.status_code == 201, flagged.text
    moderator = await staff(server)
    shown = {c["target"]["id"]: c for c in await open_cases(moderator) if c["kind"] == "notice"}
    first, second = (
        shown["https://causerie.example/a/flagged123"],
        shown["https://causerie.example/a/older1234"],
    )
    assert (first["priority"], first["trusted_flagger"]) == (1, True)
    assert (second["priority"], second["trusted_flagger"]) == (0, False)
    queue = [c["target"]["id"] for c in await open_cases(moderator) if c["kind"] == "notice"]
    assert queue == [
        "https://causerie.example/a/flagged123",
        "https://causerie.example/a/older1234",
    ]
    # A wrong or revoked token is refused, not silently taken as anyone's.
    assert (await post_notice(server, token="tf_not-a-token")).status_code == 404
    await dsa_notices.revoke_flagger(deps, "e-Enfance / 3018")
    assert (await post_notice(server, token=token)).status_code == 404


async def test_repeatedly_unfounded_notices_warn_then_suspend_the_notifier(
    tmp_path: Path, migrated_database_url: str, sink: Sink
) -> None:
    settings = harness.test_settings(
        tmp_path,
        migrated_database_url,
        notifier_warn_after=1,
        notifier_suspend_after=2,
        **_smtp(sink),
    )
    async with live_server(settings) as live:
        moderator = await staff(live)
        for n in range(2):
            url = f"https://causerie.example/x/unfounded{n}"
            assert (
                await post_notice(live, target_url=url, email="troll@x.test")
            ).status_code == 201
            (case,) = [c for c in await open_cases(moderator) if c["target"]["id"] == url]
            assert (await act(moderator, case["id"], "dismiss")).status_code == 200
        refused = await post_notice(live, email="Troll@X.test")
        assert refused.status_code == 403
        assert refused.json()["reason"] == "notifier_suspended"
        # ack + decision + warning, ack + decision + suspension
        mails = await sink.wait_for("troll@x.test", 6)
        texts = [body(m) for m in mails]
        # In the notifier's language, the end date in words.
        assert any(t.startswith("Warning: 1 of your last 1 notices") for t in texts)
        suspended = [t for t in texts if t.startswith("Suspended until ")]
        assert len(suspended) == 1 and "(UTC): 2 of your last 2 notices" in suspended[0]
        assert not re.search(r"\d{4}-\d{2}-\d{2}", suspended[0])
        # Someone else is not affected.
        assert (await post_notice(live)).status_code == 201


async def test_notices_from_outside_are_counted_in_the_transparency_report(
    server: Server,
) -> None:
    deps = server.app.state.deps
    _, token = await dsa_notices.add_flagger(deps, "Fondation pour l'enfance")
    assert (
        await post_notice(server, target_url="https://causerie.example/a/first1234")
    ).status_code == 201
    flagged = await post_notice(
        server, token=token, reason="hate", target_url="https://causerie.example/a/second123"
    )
    assert flagged.status_code == 201
    moderator = await staff(server)
    (first,) = [
        c for c in await open_cases(moderator)
        if c["target"]["id"] == "https://causerie.example/a/first1234"
    ]  # fmt: skip
    assert (await act(moderator, first["id"], "dismiss")).status_code == 200
    today = datetime.now(UTC).date()
    report = await moderator.http.get(
        "/api/v1/moderation/transparency",
        params={"from": today.isoformat(), "to": (today + timedelta(days=1)).isoformat()},
    )
    outside = report.json()["notices_from_outside"]
    assert outside == {
        "received": 2,
        "from_trusted_flaggers": 1,
        "by_reason": {"harassment": 1, "hate": 1},
        "founded": 0,
        "unfounded": 1,
        "pending": 1,
    }


def test_the_acknowledgement_greets_with_a_short_name_only() -> None:
    pitch = "Claire Martin: click https://evil.example/pay now"
    made = dsa_notices.validate(dsa_notices.NoticeInput(**{**notice(name=pitch), "lang": "en"}))
    at = datetime(2026, 12, 2, 14, 5, tzinfo=UTC)
    _subject, text = dsa_notices.acknowledgement(made, "REF1", at=at)
    assert text.startswith(f"Hello {pitch[: dsa_notices.GREETING_MAX].strip()},\n")
    assert "evil.example/pay" not in text
    assert "on 2 December 2026, 14:05 (UTC).\nReason: Harassment" in text
    # Anyone can make us mail anyone: their link is not echoed either.
    assert made.target_url not in text
    french = dsa_notices.acknowledgement(
        dsa_notices.NoticeInput(**{**notice(name=None), "lang": "fr"}), "REF2", at=at
    )[1]
    assert french.startswith("Bonjour,\n")
    assert "le 2 décembre 2026 à 14:05 (UTC).\nMotif : Harcèlement" in french
