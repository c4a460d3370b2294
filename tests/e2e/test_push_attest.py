"""Issue 16 items 7 and 8 on a 360 px phone: the notifications opt-in on the
account page, and the age check handed off to a named provider and back
without pasting anything.

Headless Chromium has no push service: ``PushManager.subscribe`` cannot
succeed here, so the browser checks only the opt-in's words and switches;
delivery is tested against a stand-in push service in
tests/api/test_push.py."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    PHONE,
    LiveServer,
    PeopleFactory,
    start_server,
    stop_server,
)

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
NAME = "Vérif'Âge"


class FakeProvider:
    """Plays the age-assurance provider's site: signs over the nonce it is
    given (with the key the server trusts) and sends the browser back."""

    def __init__(self) -> None:
        self.server: LiveServer | None = None
        self.seen: list[dict[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                outer.seen.append(query)
                assert outer.server is not None
                token = outer.server.attest(query["nonce"])
                self.send_response(302)
                # The server's public URL is not this test's loopback port:
                # come back to the same page on the port the browser uses.
                page = query["return_to"].split("/", 3)[3]
                back = f"{outer.server.base_url}/{page}?token={token}&state={query['state']}"
                self.send_header("Location", back)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/check"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def provider() -> Iterator[FakeProvider]:
    fake = FakeProvider()
    yield fake
    fake.http.shutdown()
    fake.http.server_close()


@pytest.fixture(scope="module")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, provider: FakeProvider
) -> Iterator[LiveServer]:
    """A server of its own: it names a provider that sends people back."""
    root = tmp_path_factory.mktemp("causerie-handoff")
    base = {"CAUSERIE_ATTESTATION_PROVIDER_URL": provider.url}
    base["CAUSERIE_ATTESTATION_PROVIDER_NAME"] = NAME
    server = start_server(root / "data", root / "server.log", base)
    provider.server = server
    yield server
    stop_server(server)


def test_push_opt_in_on_the_account_page(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    adult, teen = people(viewport=PHONE), people(viewport=PHONE)
    adult.sign_up(unique("Ines"))
    teen.sign_up(unique("Theo"), age=16, gender="male")
    for person in (adult, teen):
        person.go("/#/account")
        section = person.page.get_by_role("region", name="Notifications")
        expect(section.get_by_role("switch", name="Me prévenir sur cet appareil")).to_be_visible()
        expect(section).to_contain_text("jamais ce qui est écrit")
    # Only a teen is asked about nights, off unless chosen.
    night = teen.page.get_by_role("switch", name="Aussi la nuit (22 h – 7 h)")
    expect(night).to_be_visible()
    expect(night).not_to_be_checked()
    expect(adult.page.get_by_role("switch", name="Aussi la nuit (22 h – 7 h)")).to_have_count(0)
    # Teens never see the adult check.
    expect(teen.page.get_by_text("Vérification d'âge")).to_have_count(0)
    teen.page.get_by_role("heading", name="Notifications").scroll_into_view_if_needed()
    teen.page.screenshot(path=str(SCREENSHOTS / "account-push-phone.png"))


def test_age_check_goes_to_the_named_provider_and_comes_back(
    people: PeopleFactory, unique: Callable[[str], str], provider: FakeProvider
) -> None:
    adult = people(viewport=PHONE)
    adult.sign_up(unique("Lea"))
    adult.go("/#/account")
    go = adult.page.get_by_role("button", name=f"Vérifier mon âge avec {NAME}")
    expect(go).to_be_visible()
    expect(adult.page.get_by_text("rien à copier ni à coller")).to_be_visible()
    go.scroll_into_view_if_needed()
    adult.page.screenshot(path=str(SCREENSHOTS / "account-age-handoff-phone.png"))
    go.click()
    expect(adult.page.get_by_text("C'est fait : ton âge est vérifié.")).to_be_visible()
    # The signed answer left the address bar; the account is attested.
    assert "token=" not in adult.page.url
    me = adult.page.evaluate("fetch('/api/v1/me').then((r) => r.json())")
    assert me["age_attested"] is True
    assert provider.seen[-1]["return_to"].endswith("/#/attestation/return")

    # A return this tab did not start is refused without a request.
    adult.go("/#/attestation/return?token=x.y.z&state=forged-state-forged")
    expect(adult.page.get_by_role("alert")).to_contain_text("ne vient pas d'une vérification")
