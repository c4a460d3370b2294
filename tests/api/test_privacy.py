"""Invariant 10 through the real API (SQLite and PostgreSQL): the export of
one's data, erasure, and the retention purge with a clock moved a year on."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest

from causerie.services import retention
from causerie.services.privacy import ERASED_PSEUDO
from tests.api.moderation_helpers import act, case_for, post_message, report
from tests.harness import Member, Server, room_for_band, signup, staff
from tests.support.clock import FakeClock

PASSWORD = "correct horse battery"


async def register(member: Member, email: str | None = None) -> None:
    body: dict[str, Any] = {"password": PASSWORD}
    if email:
        body["email"] = email
    response = await member.http.post("/api/v1/accounts", json=body)
    assert response.status_code == 200, response.text


async def erase(member: Member, confirm: str | None = None, **extra: Any) -> Any:
    body = {"confirm": member.user["pseudo"] if confirm is None else confirm, **extra}
    return await member.http.request("DELETE", "/api/v1/me", json=body)


async def export(member: Member) -> tuple[Any, dict[str, Any]]:
    response = await member.http.get("/api/v1/me/export")
    assert response.status_code == 200, response.text
    return response, orjson.loads(response.content)


async def test_export_has_the_members_data_and_nothing_private_of_anyone_else(
    server: Server,
) -> None:
    me = await signup(server, trust=1, pseudo="Élodie")
    other = await signup(server, trust=1)
    blocked = await signup(server)
    moderator = await staff(server)
    await register(me, email="elodie@example.org")
    await register(other, email="secret-other@example.org")
    assert (await me.http.patch("/api/v1/me", json={"bio": "J'aime le jazz"})).status_code == 200
    await other.http.patch("/api/v1/me", json={"bio": "bio privée de l'autre"})
    room = await room_for_band(me)
    mine = await post_message(me, "bonjour à tous", room)
    theirs = await post_message(other, "texte de l'autre membre", room)
    dm = await me.http.post(
        "/api/v1/conversations", json={"user_id": other.id, "text": "salut, ça va ?"}
    )
    assert dm.status_code == 201, dm.text
    assert (await me.http.post("/api/v1/blocks", json={"user_id": blocked.id})).status_code == 201
    # A report I filed, answered; and a sanction against me, explained.
    assert (await report(me, "message", theirs["id"], "spam", details="pub")).status_code == 201
    case = await case_for(moderator, theirs["id"])
    assert (await act(moderator, case["id"], "dismiss")).status_code == 200
    assert (await report(other, "message", mine["id"], "harassment")).status_code == 201
    case = await case_for(moderator, mine["id"])
    assert (await act(moderator, case["id"], "warn")).status_code == 200

    response, data = await export(me)
    today = datetime.now(UTC).date().isoformat()
    disposition = response.headers["content-disposition"]
    assert disposition.startswith(f'attachment; filename="causerie-export-Elodie-{today}.json"')
    assert "filename*=UTF-8''causerie-export-%C3%89lodie-" in disposition
    assert response.headers["content-type"].startswith("application/json")
    profile = data["profile"]
    assert (profile["pseudo"], profile["email"], profile["bio"]) == (
        "Élodie",
        "elodie@example.org",
        "J'aime le jazz",
    )
    assert profile["city"]["name"] == "Lyon" and profile["band"] == "adult"
    assert [s["current"] for s in data["sessions"]] == [True]
    assert len(data["connection_data"]) == 1
    texts = {m["text"]: m for m in data["messages"]}
    assert set(texts) == {"bonjour à tous", "salut, ça va ?"}
    assert texts["salut, ça va ?"]["room_name"] == (
        f"conversation privée avec {other.user['pseudo']}"
    )
    assert texts["bonjour à tous"]["room"] == room and texts["bonjour à tous"]["seq"] == mine["seq"]
    assert [(c["with"], c["state"]) for c in data["conversations"]] == [
        (other.user["pseudo"], "requested")
    ]
    assert [b["pseudo"] for b in data["blocks"]] == [blocked.user["pseudo"]]
    [filed] = data["reports"]
    assert (filed["target"], filed["reason"], filed["details"], filed["status"]) == (
        "message",
        "spam",
        "pub",
        "closed",
    )
    assert "aucune règle" in filed["answer"]
    [sanction] = data["sanctions"]
    assert sanction["action"] == "warn" and "Rule 3" in sanction["statement_of_reasons"]
    assert {n["kind"] for n in data["notices"]} == {"report_outcome", "sanction"}
    assert list(data)[-1] == "messages"
    # Nothing private of anyone else: not their e-mail, bio or messages, not
    # who reported me, not the moderator who decided, never a token.
    raw = response.text
    for secret in (
        "secret-other@example.org",
        "bio privée",
        "texte de l'autre",
        other.id,
        moderator.id,
        me.token,
        "token",
        "password_hash",
    ):
        assert secret not in raw, secret


async def test_export_is_rate_limited_and_pages_many_messages(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    from causerie.services import data_export

    monkeypatch.setattr(data_export, "EXPORT_PAGE", 3)  # pages of 3: several round trips
    me = await signup(server)
    room = await room_for_band(me)
    ws = await me.ws()
    await ws.join(room)
    for n in range(8):
        await ws.send_text(room, f"message numéro {n}", f"c{n}")
        await ws.expect("ack")
    _, data = await export(me)
    in_order = sorted(data["messages"], key=lambda m: m["seq"])
    assert [m["text"] for m in in_order] == [f"message numéro {n}" for n in range(8)]
    assert len({m["id"] for m in data["messages"]}) == 8  # each once across the pages
    await export(me)
    await export(me)
    refused = await me.http.get("/api/v1/me/export")
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert int(refused.headers["retry-after"]) > 0


async def test_erasure_ends_everything_and_frees_the_pseudo(server: Server) -> None:
    me, witness = await signup(server, trust=1), await signup(server, trust=1)
    asked = await signup(server, trust=1)  # got a request from me; reads the room
    moderator = await staff(server)
    await register(me, email="me@example.org")
    pseudo = me.user["pseudo"]
    room = await room_for_band(me)
    mine = await post_message(me, "un message qui sera effacé", room)
    # Reported before erasure: its evidence is under legal hold.
    assert (await report(witness, "message", mine["id"], "threat")).status_code == 201
    request = await me.http.post(
        "/api/v1/conversations", json={"user_id": asked.id, "text": "salut, on discute ?"}
    )
    assert request.status_code == 201
    assert len((await asked.http.get("/api/v1/conversations")).json()) == 1
    assert (await witness.http.post("/api/v1/blocks", json={"user_id": me.id})).status_code == 201
    watching = await asked.ws()
    await watching.join(room)
    live = await me.ws()
    await live.join(room)

    response = await erase(me, password=PASSWORD)
    assert response.status_code == 204, response.text
    # Every socket of the account closes with 4001 ("session ended").
    for conn in me.sockets:
        await asyncio.wait_for(conn.wait_closed(), timeout=5.0)
        assert conn.close_code == 4001
    # The token, the password and the profile are gone.
    assert (await me.http.get("/api/v1/me")).status_code == 401
    async with server.client() as anonymous:
        login = await anonymous.post(
            "/api/v1/session", json={"pseudo": pseudo, "password": PASSWORD}
        )
        assert login.status_code == 401 and login.json()["code"] == "bad_credentials"
        # The pseudonym may be taken by someone else now.
        again = await anonymous.post(
            "/api/v1/session/guest",
            json={"pseudo": pseudo, "gender": "female", "age": 40, "city": "Paris"},
        )
        assert again.status_code == 201, again.text
        assert again.json()["user"]["id"] != me.id
    # Live screens drop the message; history and replay withhold it.
    dropped = await watching.expect("deleted")
    assert (dropped["room"], dropped["seq"]) == (room, mine["seq"])
    history = (await asked.http.get(f"/api/v1/rooms/{room}/messages")).json()
    assert mine["id"] not in {m["id"] for m in history["messages"]}
    replay_socket = await asked.ws()
    replay, _ = await replay_socket.join(room, since=mine["seq"] - 1)
    assert replay[0] == {"type": "withheld", "room": room, "seq": mine["seq"]}
    # Nowhere to be seen, nothing left to report; requests and blocks gone.
    assert (await asked.http.get(f"/api/v1/users/{me.id}")).status_code == 404
    assert (await report(asked, "user", me.id, "spam")).status_code == 404
    assert (await report(asked, "message", mine["id"], "spam")).status_code == 404
    assert (await asked.http.get("/api/v1/conversations")).json() == []
    assert (await witness.http.get("/api/v1/blocks")).json() == []
    # The moderator still has the evidence, and the chain records the erasure.
    case = await case_for(moderator, mine["id"])
    detail = (await moderator.http.get(f"/api/v1/moderation/cases/{case['id']}")).json()
    assert detail["content"]["text"] == "un message qui sera effacé"
    assert detail["content"]["author_pseudo"] == pseudo
    deps = server.app.state.deps
    async with deps.uow() as uow:
        stored = await uow.users.get(me.id)
        entries = await uow.audit.entries()
    assert stored is not None
    assert (stored.pseudo, stored.email, stored.bio, stored.has_password, stored.city_id) == (
        ERASED_PSEUDO,
        None,
        "",
        False,
        "",
    )
    erased_entry = next(e for e in reversed(entries) if e.action == "account_erased")
    assert erased_entry.subject == f"user:{me.id}"
    assert erased_entry.payload["sessions_revoked"] == 1
    assert pseudo not in json.dumps(erased_entry.payload)
    status = (await moderator.http.get("/api/v1/moderation/audit/verify")).json()
    assert status["intact"] is True


async def test_erasure_needs_the_pseudo_and_the_password(server: Server) -> None:
    me = await signup(server, pseudo="Bérénice")
    await register(me)
    await me.http.patch("/api/v1/me", json={"language": "en"})
    mismatch = await erase(me, confirm="Berenice2", password=PASSWORD)
    assert mismatch.status_code == 422 and mismatch.json()["code"] == "confirm_mismatch"
    assert mismatch.json()["detail"].startswith("To confirm the deletion")
    for extra in ({}, {"password": "not the password"}):
        refused = await erase(me, **extra)
        assert refused.status_code == 403 and refused.json()["code"] == "wrong_password"
    missing = await me.http.request("DELETE", "/api/v1/me", json={})
    assert missing.status_code == 422 and missing.json()["code"] == "invalid"
    assert (await me.http.get("/api/v1/me")).status_code == 200  # nothing happened
    # Case and accents aside, the pseudo is the pseudo.
    assert (await erase(me, confirm="berenice", password=PASSWORD)).status_code == 204


async def test_cookie_erasure_needs_the_csrf_header(server: Server) -> None:
    async with server.client(language="fr") as http:
        created = await http.post(
            "/api/v1/session/guest",
            json={"pseudo": "Cookiemonster", "gender": "male", "age": 33, "city": "Lyon"},
        )
        csrf = created.json()["csrf_token"]
        body = {"confirm": "Cookiemonster"}
        forged = await http.request("DELETE", "/api/v1/me", json=body)
        assert forged.status_code == 403 and forged.json()["code"] == "csrf_failed"
        mismatch = await http.request(
            "DELETE", "/api/v1/me", json={"confirm": "x"}, headers={"X-CSRF-Token": csrf}
        )
        assert mismatch.json()["detail"].startswith("Pour confirmer")
        done = await http.request("DELETE", "/api/v1/me", json=body, headers={"X-CSRF-Token": csrf})
        assert done.status_code == 204
        # The cookies are cleared and would not work anyway.
        assert "causerie_session" not in http.cookies
        assert (await http.get("/api/v1/me")).status_code == 401


async def test_purge_a_year_later_keeps_only_what_the_law_keeps(server: Server) -> None:
    deps = server.app.state.deps
    gone, stays, witness = await signup(server), await signup(server), await signup(server)
    moderator = await staff(server)
    message = await post_message(gone, "preuve à garder")
    assert (await report(witness, "message", message["id"], "threat")).status_code == 201
    assert (await erase(gone)).status_code == 204

    # Within the year, the erased account's connection data is kept.
    early = await retention.purge(
        deps.uow, FakeClock.shifted(days=300), deps.settings, dry_run=True
    )
    assert early.counts["sessions"] == 0 and early.counts["identification_records"] == 0
    # A year and a day on: the dry run counts, and changes nothing.
    later = FakeClock.shifted(days=366)
    dry = await retention.purge(deps.uow, later, deps.settings, dry_run=True)
    assert dry.counts["identification_records"] == 1
    # The erased account's revoked session (every other one is still live
    # then: sessions last 30 days) and every sign-up's device signal.
    assert dry.counts["sessions"] == 1
    assert dry.counts["device_signals"] == len(server.members)
    async with deps.uow() as uow:
        entries_before = len(await uow.audit.entries())
    report_ = await retention.purge(deps.uow, later, deps.settings)
    assert report_.counts == {**dry.counts, "erased_messages": 0}
    again = await retention.purge(deps.uow, later, deps.settings)
    assert again.total == 0  # idempotent
    async with deps.uow() as uow:
        entries = await uow.audit.entries()
    purges = [e for e in entries[entries_before:] if e.action == "retention.purge"]
    assert [p.payload["deleted"]["identification_records"] for p in purges] == [1, 0]
    # What the law keeps stays: evidence, the audit chain, live sessions.
    case = await case_for(moderator, message["id"])
    detail = (await moderator.http.get(f"/api/v1/moderation/cases/{case['id']}")).json()
    assert detail["content"]["text"] == "preuve à garder"
    assert (await stays.http.get("/api/v1/me")).status_code == 200
    assert (await moderator.http.get("/api/v1/moderation/audit/verify")).json()["intact"]


async def test_the_server_job_purges_once_per_period(server: Server) -> None:
    deps = server.app.state.deps
    clock = FakeClock.shifted()
    job = retention.RetentionJob(deps.uow, clock, deps.settings)
    first = await job.run_once()
    assert first is not None  # never ran: due
    assert await job.run_once() is None  # ran a moment ago, on this or another node
    clock.advance(1, hours=deps.settings.retention_every_hours)
    assert await job.run_once() is not None


def test_cli_purge_counts_on_a_dry_run_then_deletes(migrated_database_url: str) -> None:
    from typer.testing import CliRunner

    from causerie.cli.main import app
    from causerie.domain.models import AccountStatus
    from causerie.domain.moderation import DeviceSignal
    from causerie.services.privacy import privacy_repo
    from causerie.storage import make_engine, make_uow_factory
    from tests.conftest import run_isolated
    from tests.factories import make_session, make_user

    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    erased = make_user(status=AccountStatus.ERASED, created_at=long_ago)
    active = make_user(created_at=long_ago)

    async def in_database(write: bool) -> tuple[int, int, list[str]]:
        engine = make_engine(migrated_database_url)
        try:
            uow_factory = make_uow_factory(engine)
            async with uow_factory(write=write) as uow:
                if write:
                    await uow.users.add(erased)
                    await uow.users.add(active)
                    await uow.sessions.add(make_session(erased, revoked_at=long_ago))
                    await uow.sessions.add(make_session(active, expires_at=long_ago))
                    await uow.devices.record(DeviceSignal(active.id, "d", "ip", long_ago))
                    await uow.commit()
                    return 0, 0, []
                privacy = privacy_repo(uow)
                sessions = len(await privacy.sessions_of(erased.id)) + len(
                    await privacy.sessions_of(active.id)
                )
                signals = len(await privacy.device_signals_of(active.id))
                actions = [e.action for e in await uow.audit.entries()]
                return sessions, signals, actions
        finally:
            await engine.dispose()

    run_isolated(lambda: in_database(write=True))
    runner = CliRunner()
    db = ["--database-url", migrated_database_url]
    dry = runner.invoke(app, ["retention", "purge", "--dry-run", *db])
    assert dry.exit_code == 0, dry.output
    counted = json.loads(dry.output)
    assert counted["dry_run"] is True
    assert (counted["counts"]["sessions"], counted["counts"]["device_signals"]) == (2, 1)
    assert run_isolated(lambda: in_database(write=False)) == (2, 1, [])  # nothing changed
    done = runner.invoke(app, ["retention", "purge", *db])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["counts"] == counted["counts"]
    assert run_isolated(lambda: in_database(write=False)) == (0, 0, ["retention.purge"])


async def test_erasing_a_banned_account_does_not_launder_the_ban(server: Server) -> None:
    """A banned member who erases the account and signs up again from the same
    device is still held for review; a sanction never brings an erased
    account back."""
    from tests.api.test_trust import _signup_with

    banned, reporter = await signup(server), await signup(server)
    moderator = await staff(server)
    await report(reporter, "user", banned.id, "threat")
    case = await case_for(moderator, banned.id)
    assert (await act(moderator, case["id"], "ban")).status_code == 200
    device = banned.http.cookies["causerie_device"]
    # Export and erasure stay rights of a banned member.
    _, document = await export(banned)
    assert document["profile"]["pseudo"] == banned.user["pseudo"]
    assert (await erase(banned)).status_code == 204
    same_device = server.client()
    same_device.cookies.set("causerie_device", device)
    try:
        again = await _signup_with(server, same_device)
    finally:
        await same_device.aclose()
    me = (await again.http.get("/api/v1/me")).json()
    assert "muted_until" in me["restrictions"] and me["trust_level"] == 0
    # A later sanction on the erased account (an old case) keeps it erased.
    async with server.app.state.deps.uow() as uow:
        erased = await uow.users.get(banned.id)
    assert erased is not None and erased.status.value == "erased"
    from causerie.domain.moderation import Action
    from causerie.services.sanctions import sanction_account

    deps = server.app.state.deps
    async with deps.uow(write=True) as uow:
        after = await sanction_account(deps, uow, erased, Action.SUSPEND, None)
        await uow.commit()
    assert after.status.value == "erased"


async def test_an_erased_account_cannot_act() -> None:
    from causerie.domain.errors import CauserieError
    from causerie.domain.models import AccountStatus
    from causerie.services.access import check_can_act
    from tests.factories import make_user

    erased = make_user(status=AccountStatus.ERASED)
    with pytest.raises(CauserieError) as refused:
        check_can_act(erased, datetime.now(UTC))
    assert refused.value.code == "unauthenticated"


async def test_the_export_names_nobody_the_door_would_hide(server: Server) -> None:
    """A conversation partner who blocked the member since is not named in
    the member's export, as they are hidden everywhere else."""
    me, other = await signup(server, trust=1), await signup(server, trust=1)
    created = await me.http.post(
        "/api/v1/conversations", json={"user_id": other.id, "text": "salut, on parle ?"}
    )
    assert created.status_code == 201, created.text
    assert (await other.http.post("/api/v1/blocks", json={"user_id": me.id})).status_code == 201
    _, data = await export(me)
    pseudo = other.user["pseudo"]
    assert [c["with"] for c in data["conversations"]] == [None]
    assert [m["room_name"] for m in data["messages"]] == ["conversation privée"]
    assert pseudo not in json.dumps(data, ensure_ascii=False)
