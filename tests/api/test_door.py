"""The one door for "may this account act" (docs/security.md, "The door"):
every route that authenticates goes through it unless it is on the short
allow-list; a suspension or ban withdraws every write and every read it is
meant to; a mute withdraws only speaking; the access policy lives in the
door, built once."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute

from causerie.app import create_app
from causerie.domain.models import AccountStatus
from causerie.transport.auth import (
    PUBLIC_WRITES,
    SANCTION_ALLOWED,
    current_account,
    current_auth,
    current_viewer,
)
from causerie.transport.http.moderation import current_staff
from tests import harness
from tests.api.moderation_helpers import post_message, report
from tests.harness import Member, Server, room_for_band, signup

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
SRC = Path(__file__).resolve().parents[2] / "src" / "causerie"


def _api_routes(routes: Any) -> list[APIRoute]:
    """Every ``APIRoute`` of the app, through the routers it includes (the
    app includes each router without an extra prefix, so paths are whole)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        included = getattr(route, "original_router", None)
        if included is not None:
            found.extend(_api_routes(included.routes))
    return found


def _calls(dependant: Any) -> set[Any]:
    found: set[Any] = set()
    for sub in dependant.dependencies:
        found.add(sub.call)
        found |= _calls(sub)
    return found


def test_every_route_goes_through_the_door(tmp_path: Path) -> None:
    """Walk every HTTP route of the app: one that authenticates must use the
    door (``current_auth``, or ``current_staff`` for the moderation section)
    unless it is on ``SANCTION_ALLOWED``; a write that does not authenticate
    at all must be a listed public write. A new route that forgets fails here."""
    app = create_app(harness.test_settings(tmp_path, f"sqlite:///{tmp_path}/door.db"))
    missed: list[str] = []
    seen = 0
    for route in _api_routes(app.routes):
        calls = _calls(route.dependant)
        # current_viewer applies the door itself (check_account_open), having
        # read the caller and their blocks in one unit of work.
        gated = current_auth in calls or current_staff in calls or current_viewer in calls
        for method in route.methods:
            key = (method, route.path)
            seen += 1
            if gated:
                continue
            if current_account in calls:
                if key not in SANCTION_ALLOWED:
                    missed.append(f"{method} {route.path}: authenticated, not through the door")
            elif method in WRITES and key not in PUBLIC_WRITES:
                missed.append(f"{method} {route.path}: a write with no door")
    assert seen > 20
    assert not missed, "\n".join(missed)


def test_allow_list_routes_are_the_only_ones_without_the_door(tmp_path: Path) -> None:
    """The allow-list is exactly what the app serves without the door (no
    stale entries hiding a renamed route), apart from the routes another
    part of the contract adds later (sessions list, for now)."""
    app = create_app(harness.test_settings(tmp_path, f"sqlite:///{tmp_path}/door.db"))
    lenient = {
        (method, route.path)
        for route in _api_routes(app.routes)
        if current_account in _calls(route.dependant)
        and current_auth not in _calls(route.dependant)
        and current_staff not in _calls(route.dependant)
        for method in route.methods
    }
    assert lenient <= SANCTION_ALLOWED
    assert {("GET", "/api/v1/notices"), ("POST", "/api/v1/appeals"), ("DELETE", "/api/v1/me")} <= (
        lenient
    )


def test_only_the_door_applies_the_visibility_policy() -> None:
    """``domain.policy`` is imported by ``services/access.py`` alone: every
    other service goes through the door (rooms, conversations, nearby and
    export used the policy directly)."""
    offenders = []
    for path in sorted((SRC).rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if any(n == "causerie.domain.policy" for n in names):
                offenders.append(str(path.relative_to(SRC)))
    assert offenders == ["services/access.py"]


def test_attestation_switch_is_not_a_parameter_of_the_door() -> None:
    """Callers pass the subject, never a policy switch: no function of the
    services or transport takes ``attestation`` any more."""
    offenders = []
    for path in sorted((SRC / "services").rglob("*.py")) + sorted(
        (SRC / "transport").rglob("*.py")
    ):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = [a.arg for a in node.args.args + node.args.kwonlyargs]
                if "attestation" in args:
                    offenders.append(f"{path.name}:{node.name}")
            if isinstance(node, ast.keyword) and node.arg == "attestation":
                offenders.append(f"{path.name}: attestation= passed")
    assert offenders == []


async def _sanction(server: Server, member: Member, **fields: Any) -> None:
    deps = server.app.state.deps
    async with deps.uow(write=True) as uow:
        await uow.users.update(member.id, **fields)
        await uow.commit()


def _refused(response: Any, code: str) -> None:
    assert response.status_code == 403, (response.status_code, response.text)
    assert response.json()["code"] == code, response.text


async def _pending_request(server: Server, to: Member) -> str:
    asker = await signup(server, trust=1)
    response = await asker.http.post(
        "/api/v1/conversations", json={"user_id": to.id, "text": "Salut !"}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.mark.parametrize("status", [AccountStatus.SUSPENDED, AccountStatus.BANNED])
async def test_a_suspended_or_banned_account_writes_and_reads_nothing(
    server: Server, status: AccountStatus
) -> None:
    member, other = await signup(server), await signup(server)
    author = await signup(server)
    room = await room_for_band(member)
    message = await post_message(author, "bonjour tout le monde")
    request_room = await _pending_request(server, member)
    await _sanction(server, member, status=status)
    http = member.http

    _refused(await report(member, "message", message["id"], "spam"), "account_suspended")
    _refused(await report(member, "user", other.id, "harassment"), "account_suspended")
    _refused(await http.patch("/api/v1/me", json={"bio": "je reviens"}), "account_suspended")
    _refused(await http.patch("/api/v1/me", json={"city": "Paris"}), "account_suspended")
    _refused(await http.post("/api/v1/blocks", json={"user_id": other.id}), "account_suspended")
    _refused(await http.delete(f"/api/v1/blocks/{other.id}"), "account_suspended")
    _refused(await http.post(f"/api/v1/conversations/{request_room}/accept"), "account_suspended")
    _refused(await http.get(f"/api/v1/rooms/{room}/messages"), "account_suspended")
    _refused(await http.get("/api/v1/rooms"), "account_suspended")
    _refused(await http.get(f"/api/v1/users/{other.id}"), "account_suspended")
    _refused(await http.get("/api/v1/conversations"), "account_suspended")
    # What a sanctioned member keeps: their account, notices, appeals, data, exit.
    assert (await http.get("/api/v1/me")).status_code == 200
    assert (await http.get("/api/v1/notices")).status_code == 200
    assert (await http.get("/api/v1/me/export")).status_code == 200
    assert (await http.delete("/api/v1/session")).status_code == 204


async def test_a_timed_suspension_that_ran_out_lets_the_account_act(server: Server) -> None:
    member, other = await signup(server), await signup(server)
    past = server.app.state.deps.clock.now() - timedelta(minutes=1)
    await _sanction(server, member, status=AccountStatus.SUSPENDED, status_until=past)
    response = await member.http.post("/api/v1/blocks", json={"user_id": other.id})
    assert response.status_code == 201, response.text


async def test_a_mute_withdraws_speaking_not_the_safety_controls(server: Server) -> None:
    member, other = await signup(server), await signup(server)
    message = await post_message(other, "message à signaler")
    request_room = await _pending_request(server, member)
    until = server.app.state.deps.clock.now() + timedelta(hours=2)
    await _sanction(server, member, muted_until=until)
    http = member.http
    # Speaking is withdrawn: the bio (others read it), like messages.
    _refused(await http.patch("/api/v1/me", json={"bio": "toujours là"}), "muted")
    # Safety controls never are: report, block, answer a request, read.
    assert (await report(member, "message", message["id"], "spam")).status_code == 201
    assert (await http.post("/api/v1/blocks", json={"user_id": other.id})).status_code == 201
    assert (await http.delete(f"/api/v1/blocks/{other.id}")).status_code == 204
    declined = await http.post(f"/api/v1/conversations/{request_room}/decline")
    assert declined.status_code == 200, declined.text
    room = await room_for_band(member)
    assert (await http.get(f"/api/v1/rooms/{room}/messages")).status_code == 200
    assert (await http.patch("/api/v1/me", json={"language": "en"})).status_code == 200
