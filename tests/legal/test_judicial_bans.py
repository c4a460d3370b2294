"""Judicial bans (loi SREN 2024): executed on receipt with a statement of
reasons naming the court decision, sign-ups from the banned account's device
refused for the term (not from its network), and an alert when one waits
longer than 24 hours."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

from causerie.services import legal_bans
from causerie.services.evasion import signal_hash
from tests import harness
from tests.api.moderation_helpers import notices, open_cases
from tests.harness import Server, signup, staff
from tests.support.clock import FakeClock


def _guest(pseudo: str) -> dict[str, Any]:
    return {"pseudo": pseudo, "gender": "male", "age": 35, "city": "Lyon"}


async def test_a_judicial_ban_is_executed_and_bars_the_device_not_the_network(
    server: Server,
) -> None:
    convicted = await signup(server, pseudo="Condamne1")
    clerk, moderator = await staff(server, role="legal"), await staff(server)
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
    ban = response.json()
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
    pending = await clerk.http.post(
        "/api/v1/legal/bans",
        json={
            "account": "Attente2",
            "court": "Cour d'appel de Paris",
            "court_reference": "arrêt 26/99",
            "term_days": 90,
            "execute": False,
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
    executed = await clerk.http.post(f"/api/v1/legal/bans/{overdue['id']}/execute")
    assert executed.status_code == 200
    assert await legal_bans.check_overdue(late) == []
    assert (await clerk.http.post(f"/api/v1/legal/bans/{overdue['id']}/execute")).status_code == 409


async def test_the_watch_reports_overdue_bans_to_metrics(server: Server) -> None:
    await signup(server, pseudo="Attente3")
    deps = server.app.state.deps
    await legal_bans.record(
        deps, None, account="Attente3", court="TJ Paris", court_reference="26/1",
        term_days=30, execute=False,
    )  # fmt: skip
    seen: list[int] = []
    watch = legal_bans.OverdueWatch(
        dataclasses.replace(deps, clock=FakeClock.shifted(hours=25)), 60, seen.append
    )
    assert await watch.run_once() == 1 and seen == [1]
    async with server.client(harness.METRICS_TOKEN) as operator:
        metrics = (await operator.get("/metrics")).text
    assert "causerie_judicial_bans_overdue" in metrics
