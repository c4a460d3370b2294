"""Trust visibility on /me, trust refusals, sanctions stopping promotion,
and ban evasion held for review."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests import harness
from tests.api.moderation_helpers import act, case_for, open_cases, post_message, report
from tests.harness import Member, Server, live_server, signup, staff


async def test_new_guest_sees_what_it_can_do_and_how_to_unlock_more(server: Server) -> None:
    guest = await signup(server)
    me = (await guest.http.get("/api/v1/me")).json()
    assert me["trust_level"] == 0
    assert "post_public" in me["capabilities"] and "receive_private" in me["capabilities"]
    assert "open_private" not in me["capabilities"] and "post_links" not in me["capabilities"]
    settings = server.app.state.deps.settings
    assert me["next_level"]["level"] == 1
    assert me["next_level"]["requires"] == {
        "minutes": settings.trust1_after_minutes,
        "messages": settings.trust1_after_messages,
    }
    assert set(me["next_level"]["unlocks"]) == {"post_links", "open_private"}
    trusted = await signup(server, trust=2)
    me2 = (await trusted.http.get("/api/v1/me")).json()
    assert {"open_private", "post_links", "higher_send_rate"} <= set(me2["capabilities"])
    assert me2["next_level"] is None


async def test_trust_refusal_says_how_to_earn_it(server: Server) -> None:
    guest, other = await signup(server), await signup(server)
    response = await guest.http.post(
        "/api/v1/conversations", json={"user_id": other.id, "text": "salut"}
    )
    assert response.status_code == 403 and response.json()["code"] == "trust_required"
    assert "salons publics" in response.json()["detail"]  # the account speaks French


@pytest.fixture
async def fast_trust_server(tmp_path: Path, migrated_database_url: str) -> AsyncIterator[Server]:
    settings = harness.test_settings(
        tmp_path, migrated_database_url, trust1_after_minutes=0, trust1_after_messages=1
    )
    async with live_server(settings) as live:
        yield live


async def test_sanction_stops_automatic_promotion(fast_trust_server: Server) -> None:
    server = fast_trust_server
    clean, sanctioned, reporter = await signup(server), await signup(server), await signup(server)
    moderator = await staff(server)
    await report(reporter, "user", sanctioned.id, "harassment")
    case = await case_for(moderator, sanctioned.id)
    assert (await act(moderator, case["id"], "warn")).status_code == 200
    for n in range(2):  # promotion looks at the count before each message
        await post_message(clean, f"message propre {n}")
        await post_message(sanctioned, f"message après avertissement {n}")
    assert (await clean.http.get("/api/v1/me")).json()["trust_level"] == 1
    locked = (await sanctioned.http.get("/api/v1/me")).json()
    assert locked["trust_level"] == 0
    assert locked["next_level"]["how"] == "sanction_in_force"


# Counted, not random: a random number may spell a refused pseudo ("…1488…").
_EVADERS = itertools.count(1)


async def _signup_with(server: Server, client: httpx.AsyncClient) -> Member:
    response = await client.post(
        "/api/v1/session/guest",
        json={"pseudo": f"evader{next(_EVADERS)}", "gender": "male", "age": 30, "city": "Lyon"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    http = server.client(body["token"])
    member = Member(token=body["token"], user=body["user"], http=http, server=server)
    server.members.append(member)
    return member


async def test_signup_from_a_banned_device_is_held(server: Server) -> None:
    banned, reporter = await signup(server), await signup(server)
    before_ban = await signup(server)
    moderator = await staff(server)
    assert "causerie_device" in banned.http.cookies  # set on sign-up, HttpOnly
    await report(reporter, "user", banned.id, "threat")
    case = await case_for(moderator, banned.id)
    assert (await act(moderator, case["id"], "ban")).status_code == 200
    device = banned.http.cookies["causerie_device"]
    same_device = server.client()
    same_device.cookies.set("causerie_device", device)
    try:
        evader = await _signup_with(server, same_device)
    finally:
        await same_device.aclose()
    me = (await evader.http.get("/api/v1/me")).json()
    assert me["trust_level"] == 0 and "muted_until" in me["restrictions"]
    assert "post_public" not in me["capabilities"]
    flagged = [c for c in await open_cases(moderator) if c["target"]["id"] == evader.id]
    [flag] = flagged
    assert flag["kind"] == "automatic" and flag["reasons"] == ["possible_ban_evasion"]
    assert flag["severity"] == "high"
    detail = (await moderator.http.get(f"/api/v1/moderation/cases/{flag['id']}")).json()
    signals = {(s["name"], s["banned_account"]) for s in detail["signals"]}
    assert ("same_device", banned.id) in signals
    # Accounts made before the ban are untouched; a moderator can lift the hold.
    assert (await before_ban.http.get("/api/v1/me")).json()["restrictions"] == {}
    assert (await act(moderator, flag["id"], "lift")).status_code == 200
    assert (await evader.http.get("/api/v1/me")).json()["restrictions"] == {}


async def test_signup_from_a_banned_network_is_held(server: Server) -> None:
    banned, reporter = await signup(server), await signup(server)
    moderator = await staff(server)
    await report(reporter, "user", banned.id, "threat")
    case = await case_for(moderator, banned.id)
    assert (await act(moderator, case["id"], "ban")).status_code == 200
    fresh = server.client()  # another device, same address (loopback)
    try:
        evader = await _signup_with(server, fresh)
    finally:
        await fresh.aclose()
    [flag] = [c for c in await open_cases(moderator) if c["target"]["id"] == evader.id]
    detail = (await moderator.http.get(f"/api/v1/moderation/cases/{flag['id']}")).json()
    assert {s["name"] for s in detail["signals"]} == {"same_network"}


async def test_the_nearby_capability_follows_the_nearby_rule(server: Server) -> None:
    """/me offers "nearby" exactly when the nearby list would answer (opting
    in aside): not to teens while teen nearby is off (the default)."""
    adult, teen = await signup(server), await signup(server, age=16)
    assert server.app.state.deps.settings.nearby_teens is False
    adult_me = (await adult.http.get("/api/v1/me")).json()
    teen_me = (await teen.http.get("/api/v1/me")).json()
    assert "nearby" in adult_me["capabilities"]
    assert "nearby" not in teen_me["capabilities"]
    await teen.http.patch("/api/v1/me", json={"nearby_visible": True})
    assert (await teen.http.get("/api/v1/nearby")).status_code == 403
