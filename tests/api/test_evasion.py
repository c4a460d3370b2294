"""Ban evasion in proportion (docs/moderation.md, "Ban evasion"): a shared
network alone never restricts anyone; the device alone raises a case; the
device with an account signal holds the account, says so, and can be
appealed. Sign-up and its screening are one transaction."""

from __future__ import annotations

import dataclasses
import itertools
from types import TracebackType
from typing import Any

import pytest

from causerie.services import accounts
from tests.api.moderation_helpers import act, case_for, notices, open_cases, report
from tests.harness import Member, Server, signup, staff

_NAMES = itertools.count(1)


async def _banned(server: Server, **profile: Any) -> tuple[Member, Member]:
    banned, reporter = await signup(server, **profile), await signup(server)
    moderator = await staff(server)
    await report(reporter, "user", banned.id, "threat")
    case = await case_for(moderator, banned.id)
    assert (await act(moderator, case["id"], "ban")).status_code == 200
    return banned, moderator


async def _signup_from(
    server: Server, device: str | None, *, pseudo: str, age: int, city: str
) -> Member:
    client = server.client()
    if device is not None:
        client.cookies.set("causerie_device", device)
    try:
        response = await client.post(
            "/api/v1/session/guest",
            json={"pseudo": pseudo, "gender": "female", "age": age, "city": city, "language": "fr"},
        )
    finally:
        await client.aclose()
    assert response.status_code == 201, response.text
    body = response.json()
    member = Member(
        token=body["token"], user=body["user"], http=server.client(body["token"]), server=server
    )
    server.members.append(member)
    return member


async def _flag(moderator: Member, member: Member) -> dict[str, Any]:
    [flag] = [c for c in await open_cases(moderator) if c["target"]["id"] == member.id]
    detail: dict[str, Any] = (
        await moderator.http.get(f"/api/v1/moderation/cases/{flag['id']}")
    ).json()
    return detail


async def test_a_shared_network_alone_restricts_nobody(server: Server) -> None:
    _, moderator = await _banned(server, age=30, city="Lyon")
    # Another device on the same address (a carrier's NAT, a school).
    newcomer = await _signup_from(
        server, None, pseudo=f"Camille{next(_NAMES)}", age=30, city="Lyon"
    )
    me = (await newcomer.http.get("/api/v1/me")).json()
    assert me["restrictions"] == {} and "post_public" in me["capabilities"]
    assert await notices(newcomer) == []
    flag = await _flag(moderator, newcomer)
    assert flag["reasons"] == ["shared_network"] and flag["severity"] == "low"
    assert {s["name"] for s in flag["signals"]} == {"same_network"}
    assert all(s["held"] is False for s in flag["signals"])


async def test_the_device_alone_raises_a_case_but_holds_nobody(server: Server) -> None:
    banned, moderator = await _banned(server, age=30, city="Lyon")
    device = banned.http.cookies["causerie_device"]
    # The same computer, someone else: another pseudonym, city and age.
    sibling = await _signup_from(server, device, pseudo="Zoé-Marseille", age=19, city="Marseille")
    me = (await sibling.http.get("/api/v1/me")).json()
    assert me["restrictions"] == {}
    assert await notices(sibling) == []
    flag = await _flag(moderator, sibling)
    assert flag["reasons"] == ["possible_ban_evasion"] and flag["severity"] == "high"
    assert {s["name"] for s in flag["signals"]} == {"same_device"}


async def test_device_and_account_signals_hold_notified_and_appealable(server: Server) -> None:
    banned, moderator = await _banned(server, age=30, city="Lyon")
    device = banned.http.cookies["causerie_device"]
    pseudo = banned.user["pseudo"] + "2"
    evader = await _signup_from(server, device, pseudo=pseudo, age=31, city="Lyon")
    assert "muted_until" in evader.user["restrictions"]  # held from the first response
    flag = await _flag(moderator, evader)
    names = {s["name"] for s in flag["signals"]}
    assert names == {"same_device", "similar_pseudo", "same_city_and_age"}
    # Never silent: a statement of reasons, appealable.
    [notice] = await notices(evader)
    assert notice["kind"] == "sanction" and notice["appealable"] is True
    assert notice["facts"] and "Lyon" not in notice["facts"]
    assert banned.user["pseudo"] not in notice["text"]  # nothing about the banned account
    assert "appareil" in notice["facts"]  # in the member's language (French by default)
    filed = await evader.http.post(
        "/api/v1/appeals", json={"notice_id": notice["id"], "text": "Je suis sa sœur."}
    )
    assert filed.status_code == 201, filed.text
    other = await staff(server)
    [appeal] = [c for c in await open_cases(other, kind="appeal") if c["id"] == filed.json()["id"]]
    assert (await act(other, appeal["id"], "lift")).status_code == 200
    assert (await evader.http.get("/api/v1/me")).json()["restrictions"] == {}


class _CrashingDevices:
    async def record(self, signal: object) -> None:
        raise RuntimeError("the process died between the account and its screening")


class _Proxy:
    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.devices = _CrashingDevices()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _CrashingUow:
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    async def __aenter__(self) -> _Proxy:
        return _Proxy(await self._inner.__aenter__())

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> Any:
        return await self._inner.__aexit__(kind, exc, tb)


async def test_signup_and_screening_are_one_transaction(server: Server) -> None:
    """A failure in the screening leaves no account and no session behind
    (it used to run in a second transaction, after the account was made)."""
    deps = server.app.state.deps
    real = deps.uow
    crashing = dataclasses.replace(deps, uow=lambda *, write=False: _CrashingUow(real(write=write)))
    pseudo = f"Atomique{next(_NAMES)}"
    with pytest.raises(RuntimeError):
        await accounts.signup_guest(
            crashing,
            pseudo=pseudo,
            gender="female",
            age=25,
            city="Lyon",
            client_ip="198.51.100.7",
            device_id="d-atomic",
        )
    async with deps.uow() as uow:
        from causerie.safety.names import pseudo_key

        assert await uow.users.by_pseudo_key(pseudo_key(pseudo)) is None
    # The pseudonym is still free: the sign-up simply never happened.
    async with server.client() as client:
        response = await client.post(
            "/api/v1/session/guest",
            json={"pseudo": pseudo, "gender": "female", "age": 25, "city": "Lyon"},
        )
    assert response.status_code == 201, response.text


async def test_lifting_another_cases_longer_mute_keeps_the_evasion_hold(server: Server) -> None:
    """The hold is recorded on its case like any decision: a moderator who
    lifts an unrelated, longer mute gives back that mute only."""
    banned, moderator = await _banned(server, age=30, city="Lyon")
    device = banned.http.cookies["causerie_device"]
    evader = await _signup_from(
        server, device, pseudo=banned.user["pseudo"] + "3", age=31, city="Lyon"
    )
    held_until = evader.user["restrictions"]["muted_until"]
    flag = await _flag(moderator, evader)
    assert [(a["action"], a["moderator_id"]) for a in flag["actions"]] == [("mute", "system")]

    reporter, other = await signup(server), await staff(server)
    assert (await report(reporter, "user", evader.id, "spam")).status_code == 201
    [case] = [
        c
        for c in await open_cases(other)
        if c["target"]["id"] == evader.id and c["id"] != flag["id"]
    ]
    assert (await act(other, case["id"], "mute", duration_hours=8760)).status_code == 200
    longer = (await evader.http.get("/api/v1/me")).json()["restrictions"]["muted_until"]
    assert longer > held_until
    assert (await act(other, case["id"], "lift")).status_code == 200
    me = (await evader.http.get("/api/v1/me")).json()
    assert me["restrictions"].get("muted_until", "")[:13] == held_until[:13]
