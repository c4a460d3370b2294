"""Judicial bans (loi SREN 2024): recorded by one desk member and executed
when a second approves (four eyes), with a statement of reasons naming the
court decision, sign-ups from the banned account's device
refused for the term (not from its network), and an alert when one waits
longer than 24 hours."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

from causerie.services import legal_bans
from causerie.services.evasion import signal_hash
from tests import harness
from tests.api.moderation_helpers import act, case_for, notices, open_cases, report
from tests.harness import Server, signup, staff
from tests.support.clock import FakeClock


def _guest(pseudo: str) -> dict[str, Any]:
    return {"pseudo": pseudo, "gender": "male", "age": 35, "city": "Lyon"}


async def test_a_judicial_ban_is_executed_and_bars_the_device_not_the_network(
    server: Server,
) -> None:
    convicted = await signup(server, pseudo="Condamne1")
    clerk, moderator = await staff(server, role="legal"), await staff(server)
    second = await staff(server, role="legal")
    assert (await moderator.http.get("/api/v1/legal/bans")).status_code == 404
    response = await clerk.http.post(
        "/api/v1/legal/bans",
        json={
            "account": "Condamne1",
            "court": "Tribunal correctionnel de Lyon",
            "court_reference": "jugement n° 26/4567",
            "term_days": 180,
        },
    )
    assert response.status_code == 201, response.text
    # Recorded, not executed: a second member must approve.
    assert response.json()["executed_at"] is None
    assert (await convicted.http.get("/api/v1/me")).json()["status"] != "banned"
    executed = await second.http.post(f"/api/v1/legal/bans/{response.json()['id']}/execute")
    assert executed.status_code == 200, executed.text
    ban = executed.json()
    assert ban["executed_at"] is not None and ban["device_hashes"] == 1
    me = await convicted.http.get("/api/v1/me")
    assert me.json()["status"] == "banned"
    (notice,) = [n for n in await notices(convicted) if n["kind"] == "sanction"]
    assert "jugement n° 26/4567" in notice["facts"] and notice["appealable"] is False

    # The same browser (its device cookie) cannot sign up again …
    again = await convicted.http.post("/api/v1/session/guest", json=_guest("Nouveau1"))
    assert again.status_code == 403, again.text
    assert again.json()["reason"] == "judicial_ban"
    # … someone else behind the same address (127.0.0.1 here) can.
    async with server.client() as neighbour:
        ok = await neighbour.post("/api/v1/session/guest", json=_guest("Voisin1"))
        assert ok.status_code == 201, ok.text
    # After the term, the device is free again.
    deps = server.app.state.deps
    device = convicted.http.cookies["causerie_device"]
    hashed = signal_hash(deps.signal_key, "device", device)
    async with deps.uow() as uow:
        await legal_bans.check_signup(uow, datetime.now(UTC) + timedelta(days=181), hashed)
        actions = [e.action for e in await uow.audit.entries()]
    assert actions.count("legal.judicial_ban_received") == 1
    assert actions.count("legal.judicial_ban_executed") == 1


async def test_a_ban_pending_past_24_hours_raises_an_alert(server: Server) -> None:
    await signup(server, pseudo="Attente2")
    clerk, moderator = await staff(server, role="legal"), await staff(server)
    second = await staff(server, role="legal")
    pending = await clerk.http.post(
        "/api/v1/legal/bans",
        json={
            "account": "Attente2",
            "court": "Cour d'appel de Paris",
            "court_reference": "arrêt 26/99",
            "term_days": 90,
        },
    )
    assert pending.status_code == 201 and pending.json()["executed_at"] is None
    deps = server.app.state.deps
    assert await legal_bans.check_overdue(deps) == []  # within the 24 h
    late = dataclasses.replace(deps, clock=FakeClock.shifted(hours=25))
    (overdue,) = await legal_bans.check_overdue(late)
    assert overdue["id"] == pending.json()["id"]
    cases = [c for c in await open_cases(moderator) if "judicial_ban_overdue" in c["reasons"]]
    assert len(cases) == 1 and cases[0]["severity"] == "critical"
    # Alerted once: a second check does not open another case.
    assert len(await legal_bans.check_overdue(late)) == 1
    assert (
        len([c for c in await open_cases(moderator) if "judicial_ban_overdue" in c["reasons"]]) == 1
    )
    executed = await second.http.post(f"/api/v1/legal/bans/{overdue['id']}/execute")
    assert executed.status_code == 200
    assert await legal_bans.check_overdue(late) == []
    assert (
        await second.http.post(f"/api/v1/legal/bans/{overdue['id']}/execute")
    ).status_code == 409


async def test_the_watch_reports_overdue_bans_to_metrics(server: Server) -> None:
    await signup(server, pseudo="Attente3")
    clerk = await staff(server, role="legal")
    deps = server.app.state.deps
    async with deps.uow() as uow:
        recorder = await uow.users.get(clerk.id)
    assert recorder is not None
    await legal_bans.record(
        deps, recorder, account="Attente3", court="TJ Paris", court_reference="26/1",
        term_days=30,
    )  # fmt: skip
    seen: list[int] = []
    watch = legal_bans.OverdueWatch(
        dataclasses.replace(deps, clock=FakeClock.shifted(hours=25)), 60, seen.append
    )
    assert await watch.run_once() == 1 and seen == [1]
    async with server.client(harness.METRICS_TOKEN) as operator:
        metrics = (await operator.get("/metrics")).text
    assert "causerie_judicial_bans_overdue" in metrics


async def test_a_ban_needs_a_second_member_and_staff_need_an_admin(server: Server) -> None:
    await signup(server, pseudo="Cible4")
    clerk, second = await staff(server, role="legal"), await staff(server, role="legal")
    moderator, admin = await staff(server), await staff(server, role="admin")

    async def record(account: str) -> str:
        made = await clerk.http.post(
            "/api/v1/legal/bans",
            json={"account": account, "court": "TJ Paris", "court_reference": "RG 26/4567",
                  "term_days": 30, "execute": True},
        )  # fmt: skip
        assert made.status_code == 201, made.text
        assert made.json()["executed_at"] is None
        return str(made.json()["id"])

    def refused(response: Any, reason: str) -> None:
        assert response.status_code == 403, response.text
        assert response.json()["reason"] == reason

    ban = await record("Cible4")
    # The recorder cannot approve their own.
    refused(await clerk.http.post(f"/api/v1/legal/bans/{ban}/execute"), "four_eyes")
    # Nobody approves a ban against themselves.
    against_second = await record(second.id)
    refused(await second.http.post(f"/api/v1/legal/bans/{against_second}/execute"), "own_ban")
    # A staff account is banned only with an admin's approval.
    against_moderator = await record(moderator.id)
    refused(
        await second.http.post(f"/api/v1/legal/bans/{against_moderator}/execute"),
        "staff_needs_admin",
    )
    assert (
        await admin.http.post(f"/api/v1/legal/bans/{against_moderator}/execute")
    ).status_code == 200
    assert (await second.http.post(f"/api/v1/legal/bans/{ban}/execute")).status_code == 200
    async with server.app.state.deps.uow() as uow:
        entries = await uow.audit.entries()
    refusals = [
        e.payload["refused"] for e in entries if e.action == "legal.judicial_ban_execute_refused"
    ]
    assert refusals == ["four_eyes", "own_ban", "staff_needs_admin"]
    (done,) = [
        e
        for e in entries
        if e.action == "legal.judicial_ban_executed" and e.subject == f"user:{moderator.id}"
    ]
    assert done.actor == f"legal:{admin.id}" and done.payload["recorded_by"] == clerk.id


async def test_lifting_a_moderators_ban_leaves_the_courts_ban(server: Server) -> None:
    """A court's ban is no moderation case: lifting a moderator's own
    (open-ended) ban on the same account gives back nothing the court took."""
    convicted, reporter = await signup(server, pseudo="Condamne3"), await signup(server)
    clerk, second = await staff(server, role="legal"), await staff(server, role="legal")
    moderator = await staff(server)
    assert (await report(reporter, "user", convicted.id, "threat")).status_code == 201
    case = await case_for(moderator, convicted.id)
    assert (await act(moderator, case["id"], "ban")).status_code == 200
    recorded = await clerk.http.post(
        "/api/v1/legal/bans",
        json={
            "account": "Condamne3",
            "court": "Tribunal correctionnel de Nantes",
            "court_reference": "jugement n° 26/9876",
            "term_days": 90,
        },
    )
    assert recorded.status_code == 201, recorded.text
    executed = await second.http.post(f"/api/v1/legal/bans/{recorded.json()['id']}/execute")
    assert executed.status_code == 200, executed.text

    assert (await act(moderator, case["id"], "lift")).status_code == 200
    me = (await convicted.http.get("/api/v1/me")).json()
    assert me["status"] == "banned"
    assert me["restrictions"]["banned"][:10] == executed.json()["until"][:10]
