"""Causerie+ in a real browser, on a phone: the plans and the never-for-sale
promise, checkout handed to the provider (stood in), the webhook turning the
perks on, a theme, the badge, and a teen who cannot buy."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.api.stripe_standin import (
    PRICES,
    SECRETS,
    StandIn,
    event,
    signed,
    standin_in_thread,
)
from tests.e2e.conftest import (
    PHONE,
    LiveServer,
    Person,
    assert_fits_width,
    start_server,
    stop_server,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def provider() -> Iterator[StandIn]:
    with standin_in_thread() as running:
        yield running


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory, provider: StandIn) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("causerie-shop")
    server = start_server(
        root / "data",
        root / "server.log",
        {
            "CAUSERIE_STRIPE_SECRET_KEY": "sk_test_standin",
            "CAUSERIE_STRIPE_WEBHOOK_SECRET": ",".join(SECRETS),
            "CAUSERIE_STRIPE_PRICES": ",".join(f"{k}={v}" for k, v in PRICES.items()),
            "CAUSERIE_STRIPE_API_BASE": provider.base_url,
        },
    )
    yield server
    stop_server(server)


@pytest.fixture
def shopper(chromium: Browser, shop: LiveServer) -> Iterator[Callable[[], Person]]:
    opened: list[Person] = []

    def open_person() -> Person:
        context = chromium.new_context(locale="fr-FR", viewport=PHONE)
        context.set_default_timeout(10_000)
        page = context.new_page()
        person = Person(context, page, shop.base_url)
        person.watch(page)
        opened.append(person)
        return person

    yield open_person
    problems = [problem for person in opened for problem in person.problems]
    for person in opened:
        person.context.close()
    assert not problems, "\n".join(problems)


def provider_pages(page: Page, title: str) -> list[str]:
    """The provider's pages (checkout, portal) stood in: every URL the page
    was sent to, answered with a page titled ``title``."""
    visited: list[str] = []

    def answer(route: Route) -> None:
        visited.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=f"<h1>{title}</h1>")

    page.route("https://pay.test/**", answer)
    return visited


def my_id(person: Person) -> str:
    return str(
        person.page.evaluate("fetch('/api/v1/me').then((r) => r.json()).then((me) => me.id)")
    )


def test_subscribe_on_a_phone_then_pick_a_theme(
    shopper: Callable[[], Person],
    shop: LiveServer,
    provider: StandIn,
    unique: Callable[[str], str],
    tmp_path: Path,
) -> None:
    person = shopper()
    person.sign_up(unique("Abonnee"))
    page = person.page
    checkout_pages = provider_pages(page, "Paiement")
    person.go("/#/account")
    # A subscriber must be able to come back to cancel: a password first.
    page.get_by_label("Mot de passe", exact=True).fill("un mot de passe solide 42")
    page.get_by_role("button", name="Créer mon mot de passe").click()
    expect(page.get_by_text("ton compte a un mot de passe")).to_be_visible()
    page.get_by_role("link", name="Découvrir Causerie+").click()
    expect(page.get_by_role("heading", name="Ce qui ne sera jamais à vendre")).to_be_visible()
    expect(page.get_by_text("Savoir qui a regardé ton profil")).to_be_visible()
    expect(page.get_by_text("Tu n'as pas Causerie+.")).to_be_visible()
    assert_fits_width(person)
    page.locator("button[data-plan='plus-month']").click()
    page.wait_for_url("https://pay.test/**")
    assert checkout_pages, "checkout was not handed to the provider"

    # The provider confirms the payment with a signed webhook.
    member = provider.checkouts[-1]["client_reference_id"]
    sub = provider.subscribe(member)
    payload = event(
        "checkout.session.completed",
        {"id": "cs_1", "client_reference_id": member, "subscription": sub["id"]},
    )
    answer = httpx.post(
        f"{shop.base_url}/api/v1/premium/stripe/webhook", content=payload, headers=signed(payload)
    )
    assert answer.status_code == 200, answer.text

    person.go("/#/plus?paid=1")
    expect(page.get_by_text("Merci !")).to_be_visible()
    expect(page.get_by_role("heading", name="Causerie+ est actif")).to_be_visible()
    expect(page.get_by_role("button", name="Gérer ou résilier")).to_be_visible()
    page.get_by_text("Forêt").click()
    assert page.evaluate("document.documentElement.dataset.theme") == "forest"
    assert_fits_width(person)
    page.screenshot(path=str(tmp_path / "plus.png"))


def test_a_teen_is_told_causerie_plus_is_for_adults(
    shopper: Callable[[], Person], unique: Callable[[str], str]
) -> None:
    person = shopper()
    person.sign_up(unique("Ado"), age=16)
    person.go("/#/plus")
    expect(person.page.get_by_text("Causerie+ est réservé aux personnes majeures.")).to_be_visible()
    expect(person.page.locator("button[data-plan]")).to_have_count(0)
    # The promise is shown to everyone.
    expect(
        person.page.get_by_role("heading", name="Ce qui ne sera jamais à vendre")
    ).to_be_visible()


def _guest(server: LiveServer, pseudo: str) -> httpx.Client:
    answer = httpx.post(
        f"{server.base_url}/api/v1/session/guest",
        json={"pseudo": pseudo, "gender": "female", "age": 33, "city": "Lyon"},
    )
    assert answer.status_code == 201, answer.text
    headers = {"Authorization": f"Bearer {answer.json()['token']}"}
    return httpx.Client(base_url=f"{server.base_url}/api/v1", headers=headers, timeout=30)


def test_a_suspended_subscriber_can_still_stop_paying(
    shopper: Callable[[], Person],
    shop: LiveServer,
    provider: StandIn,
    unique: Callable[[str], str],
) -> None:
    person = shopper()
    person.sign_up(unique("Suspendue"))
    member = my_id(person)
    sub = provider.subscribe(member)
    payload = event(
        "checkout.session.completed",
        {"id": "cs_s", "client_reference_id": member, "subscription": sub["id"]},
    )
    webhook = f"{shop.base_url}/api/v1/premium/stripe/webhook"
    assert httpx.post(webhook, content=payload, headers=signed(payload)).status_code == 200

    # A moderator suspends her for a day.
    moderator_pseudo = unique("Mona")
    with _guest(shop, moderator_pseudo) as moderator, _guest(shop, unique("Temoin")) as witness:
        shop.role(moderator_pseudo)
        reported = witness.post(
            "/reports", json={"target_type": "user", "target_id": member, "reason": "spam"}
        )
        assert reported.status_code == 201, reported.text
        [case] = [
            c for c in moderator.get("/moderation/cases").json() if c["target"]["id"] == member
        ]
        decided = moderator.post(
            f"/moderation/cases/{case['id']}/actions",
            json={"action": "suspend", "rule": "Règle 2", "facts": "Spam.", "duration_hours": 24},
        )
        assert decided.status_code == 200, decided.text

    page = person.page
    portals = provider_pages(page, "Portail")
    person.go("/#/")
    expect(page.get_by_role("heading", level=1, name="Ton compte est suspendu")).to_be_visible()
    expect(page.get_by_role("heading", name="Causerie+ est actif")).to_be_visible()
    assert_fits_width(person)
    page.get_by_role("button", name="Gérer ou résilier").click()
    page.wait_for_url("https://pay.test/portal/**")
    assert portals and "/portal/" in portals[-1]
