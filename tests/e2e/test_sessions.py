"""The account page's list of sessions on a 360 px phone screen: another
device of mine is listed and signed out from here — its token stops working
and its live connection closes with 4001. And /api/v1/docs renders under
the server's strict CSP (no console error, no CDN)."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.e2e.conftest import PHONE, LiveServer, PeopleFactory, assert_fits_width

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


def test_signing_out_another_device_from_the_sessions_list(
    people: PeopleFactory, live_server: LiveServer, unique: object
) -> None:
    pseudo = unique("sess")  # type: ignore[operator]
    me = people(viewport=PHONE)
    me.sign_up(pseudo)
    token = next(c["value"] for c in me.context.cookies() if c["name"] == "causerie_session")
    base = live_server.base_url
    with httpx.Client(base_url=base, timeout=10) as http:
        upgraded = http.post(
            "/api/v1/accounts", json={"password": PASSWORD},
            headers={"Authorization": f"Bearer {token}"},
        )  # fmt: skip
        assert upgraded.status_code == 200
        other = http.post(
            "/api/v1/session",
            json={"pseudo": pseudo, "password": PASSWORD},
            headers={"User-Agent": "Mozilla/5.0 (Linux; Android 14) Firefox/128.0"},
        )
        assert other.status_code == 201
        other_token = other.json()["token"]
    ws_url = base.replace("http://", "ws://") + "/api/v1/ws"
    with connect(ws_url, additional_headers={"Authorization": f"Bearer {other_token}"}) as phone:
        me.page.get_by_role("link", name="Mon compte").click()
        sessions = me.page.get_by_role("region", name="Mes sessions")
        expect(sessions).to_be_visible()
        expect(sessions.get_by_text("Cet appareil")).to_be_visible()
        expect(sessions.get_by_text("Firefox · Android")).to_be_visible()
        sessions.scroll_into_view_if_needed()
        assert_fits_width(me)
        sessions.get_by_role("button", name="Déconnecter Firefox · Android").click()
        expect(sessions.get_by_text("Firefox · Android")).to_have_count(0)
        expect(sessions.get_by_text("Cet appareil")).to_be_visible()
        with pytest.raises(ConnectionClosed) as closed:
            phone.recv(timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4001
    with httpx.Client(base_url=base, timeout=10) as http:
        gone = http.get("/api/v1/me", headers={"Authorization": f"Bearer {other_token}"})
        assert gone.status_code == 401
    # This device is still signed in.
    me.page.reload()
    expect(me.page.get_by_role("region", name="Mes sessions")).to_be_visible()


def test_the_sessions_list_in_english(people: PeopleFactory, unique: object) -> None:
    me = people(viewport=PHONE)
    me.sign_up(unique("sessen"))  # type: ignore[operator]
    me.page.get_by_label("Langue").select_option("en")
    me.page.get_by_role("link", name="My account").click()
    sessions = me.page.get_by_role("region", name="My sessions")
    expect(sessions).to_be_visible()
    expect(sessions.get_by_text("This device")).to_be_visible()


def test_the_api_docs_render_under_the_strict_csp(people: PeopleFactory) -> None:
    reader = people()
    reader.go("/api/v1/docs")
    expect(reader.page.get_by_text("/api/v1/session/guest").first).to_be_visible()
    expect(reader.page.locator(".opblock").first).to_be_visible()
    # The fixture fails the test on any console error (a CSP refusal is one).
