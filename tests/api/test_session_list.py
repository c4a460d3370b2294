"""One's sessions (list, revoke), single-use WebSocket tickets, and the
session cookies' names and attributes."""

from __future__ import annotations

from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.harness import Member, Server, live_server, signup
from tests.harness import test_settings as make_settings
from tests.support.clock import FakeClock

PASSWORD = "correct horse battery"


async def _with_password(server: Server) -> Member:
    member = await signup(server)
    registered = await member.http.post("/api/v1/accounts", json={"password": PASSWORD})
    assert registered.status_code == 200, registered.text
    return member


async def _login(server: Server, pseudo: str, user_agent: str) -> str:
    async with server.client() as http:
        response = await http.post(
            "/api/v1/session",
            json={"pseudo": pseudo, "password": PASSWORD},
            headers={"User-Agent": user_agent},
        )
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


async def test_the_list_shows_my_live_sessions_and_which_is_current(server: Server) -> None:
    member = await _with_password(server)
    phone = await _login(server, member.user["pseudo"], "Phone/1.0")
    laptop = await _login(server, member.user["pseudo"], "Laptop/2.0")
    other = await signup(server)
    async with server.client(laptop) as http:
        listed = await http.get("/api/v1/sessions")
    assert listed.status_code == 200
    sessions = listed.json()
    assert len(sessions) == 3  # the guest session, the phone, the laptop
    current = [s for s in sessions if s["current"]]
    assert len(current) == 1 and current[0]["user_agent"] == "Laptop/2.0"
    assert {s.get("user_agent") for s in sessions} >= {"Phone/1.0", "Laptop/2.0"}
    for s in sessions:
        assert set(s) >= {"id", "created_at", "last_seen_at", "current"}
        assert s["created_at"].endswith("Z") or s["created_at"].endswith("+00:00")
    # Nobody else's sessions are in my list.
    others = (await other.http.get("/api/v1/sessions")).json()
    assert len(others) == 1 and others[0]["current"]
    assert not {s["id"] for s in others} & {s["id"] for s in sessions}
    del phone


async def test_revoking_a_session_ends_its_token_and_closes_its_sockets_4001(
    server: Server,
) -> None:
    member = await _with_password(server)
    phone = await _login(server, member.user["pseudo"], "Phone/1.0")
    async with server.client(phone) as http:
        phone_id = next(
            s["id"] for s in (await http.get("/api/v1/sessions")).json() if s["current"]
        )
    await server.listen()
    phone_ws = await connect(server.ws_url, additional_headers={"Authorization": f"Bearer {phone}"})
    mine = await member.ws()  # the member's other session keeps its socket
    try:
        revoked = await member.http.delete(f"/api/v1/sessions/{phone_id}")
        assert revoked.status_code == 204
        with pytest.raises(ConnectionClosed) as closed:
            await phone_ws.recv()  # nothing comes before the close
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4001
        async with server.client(phone) as http:
            assert (await http.get("/api/v1/me")).status_code == 401
        await mine.send({"type": "ping"})
        assert (await mine.expect("pong"))["type"] == "pong"
        assert (await member.http.get("/api/v1/me")).status_code == 200
        ids = {s["id"] for s in (await member.http.get("/api/v1/sessions")).json()}
        assert phone_id not in ids
        # Ended already: 404 the second time.
        again = await member.http.delete(f"/api/v1/sessions/{phone_id}")
        assert again.status_code == 404
    finally:
        await phone_ws.close()


async def test_nobody_revokes_someone_elses_session(server: Server) -> None:
    alice, mallory = await signup(server), await signup(server)
    alice_id = (await alice.http.get("/api/v1/sessions")).json()[0]["id"]
    refused = await mallory.http.delete(f"/api/v1/sessions/{alice_id}")
    assert refused.status_code == 404
    assert refused.json()["code"] == "not_found"
    assert (await alice.http.get("/api/v1/me")).status_code == 200


async def test_revoking_the_current_session_clears_the_cookies(server: Server) -> None:
    member = await signup(server)
    current = (await member.http.get("/api/v1/sessions")).json()[0]["id"]
    response = await member.http.delete(f"/api/v1/sessions/{current}")
    assert response.status_code == 204
    cleared = response.headers.get_list("set-cookie")
    assert any(c.startswith("causerie_session=") and "Max-Age=0" in c for c in cleared)
    assert (await member.http.get("/api/v1/me")).status_code == 401


async def test_a_ticket_opens_one_websocket_once(server: Server) -> None:
    member = await signup(server)
    issued = await member.http.post("/api/v1/ws/ticket")
    assert issued.status_code == 201
    ticket = issued.json()["ticket"]
    assert ticket and ticket != member.token
    await server.listen()
    ws = await connect(f"{server.ws_url}?ticket={ticket}")
    try:
        await ws.send('{"type": "ping"}')
        assert '"pong"' in str(await ws.recv())
    finally:
        await ws.close()
    # Used up: the same URL is refused at the handshake.
    with pytest.raises(InvalidStatus) as refused:
        await connect(f"{server.ws_url}?ticket={ticket}")
    assert refused.value.response.status_code == 401
    with pytest.raises(InvalidStatus):
        await connect(f"{server.ws_url}?ticket=made-up")


async def test_a_ticket_needs_a_session_and_dies_with_it(server: Server) -> None:
    async with server.client() as anonymous:
        assert (await anonymous.post("/api/v1/ws/ticket")).status_code == 401
    member = await signup(server)
    ticket = (await member.http.post("/api/v1/ws/ticket")).json()["ticket"]
    assert (await member.http.delete("/api/v1/session")).status_code == 204
    await server.listen()
    with pytest.raises(InvalidStatus) as refused:
        await connect(f"{server.ws_url}?ticket={ticket}")
    assert refused.value.response.status_code == 401


async def test_a_ticket_is_refused_once_its_minute_is_over(server: Server) -> None:
    member = await signup(server)
    deps = server.app.state.deps
    assert deps.settings.ws_ticket_seconds == 60
    late = (await member.http.post("/api/v1/ws/ticket")).json()["ticket"]
    in_time = (await member.http.post("/api/v1/ws/ticket")).json()["ticket"]
    deps.clock = FakeClock.shifted(seconds=55)
    await server.listen()
    ws = await connect(f"{server.ws_url}?ticket={in_time}")
    await ws.close()
    deps.clock = FakeClock.shifted(seconds=65)
    with pytest.raises(InvalidStatus) as refused:
        await connect(f"{server.ws_url}?ticket={late}")
    assert refused.value.response.status_code == 401


async def test_plain_cookies_on_http_and_host_prefixed_secure_ones_over_https(
    tmp_path: Path,
) -> None:
    for secure in (False, True):
        folder = tmp_path / str(secure)
        folder.mkdir()
        settings = make_settings(folder, f"sqlite:///{folder / 'c.db'}", cookie_secure=secure)
        async with live_server(settings) as live, live.client() as http:
            response = await http.post(
                "/api/v1/session/guest",
                json={"pseudo": f"cookie{int(secure)}x", "gender": "female", "age": 30,
                      "city": "Lyon"},
            )  # fmt: skip
            assert response.status_code == 201
            set_cookies = response.headers.get_list("set-cookie")
            session = next(c for c in set_cookies if "causerie_session=" in c)
            csrf = next(c for c in set_cookies if "causerie_csrf=" in c)
            for cookie in (session, csrf):
                assert "Path=/" in cookie and "Domain" not in cookie
                assert cookie.startswith("__Host-") == secure
                assert ("Secure" in cookie) == secure
            token = response.json()["token"]
            name = "__Host-causerie_session" if secure else "causerie_session"
            planted = "causerie_session" if secure else "__Host-causerie_session"
            async with live.client() as bare:
                ok = await bare.get("/api/v1/me", headers={"Cookie": f"{name}={token}"})
                assert ok.status_code == 200
                # The other name is not read: over HTTPS a cookie without the
                # prefix could have been planted by a sibling subdomain.
                no = await bare.get("/api/v1/me", headers={"Cookie": f"{planted}={token}"})
                assert no.status_code == 401
