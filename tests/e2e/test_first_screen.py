"""The first screen on a phone (issue 16, item 4): the loading state is
painted from index.html alone, a new visitor's start form asks nothing of
the API, and a returning member's page asks who they are and the rooms once
each, at the same time. The time it all takes is measured by
bench/web_first_screen.py, not asserted here."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Request, Route, expect

from tests.e2e.conftest import PHONE, PeopleFactory

pytestmark = pytest.mark.browser


def test_loading_state_is_painted_before_styles_and_modules_arrive(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    person = people(viewport=PHONE)
    page = person.page
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    # The stylesheet and the entry module are held back, as a slow link would.
    late = re.compile(r"/(styles\.css|app\.js)\?v=")
    page.route(late, hold)
    page.goto(person.base_url + "/#/start", wait_until="commit")

    boot = page.get_by_role("status").filter(has_text="Chargement")
    expect(boot).to_be_visible()
    # styles.css has not arrived: whatever styles the loading state is index.html's.
    assert page.locator('link[rel="stylesheet"]').evaluate("link => link.sheet === null")
    # Styled by index.html's own rules (a CSP refusal of them would leave the
    # logo an unstyled inline letter, and log a console error that fails the
    # test): a 48 px tile, centred on the page.
    logo = page.locator(".boot-logo")
    assert logo.evaluate("e => getComputedStyle(e).width") == "48px"
    assert logo.evaluate("e => getComputedStyle(e).borderRadius") == "10px"
    box = logo.bounding_box()
    assert box is not None and abs(box["x"] + box["width"] / 2 - PHONE["width"] / 2) < 2
    expect(page.get_by_role("button", name="Entrer dans Causerie")).to_have_count(0)

    for _ in range(200):  # both requests reach the handler (events run while Playwright waits)
        if len(held) == 2:
            break
        page.wait_for_timeout(50)
    assert len(held) == 2
    for route in held:
        route.continue_()
    page.unroute(late, hold)
    expect(page.get_by_role("button", name="Entrer dans Causerie")).to_be_visible()
    expect(boot).to_have_count(0)
    person.sign_up(unique("Boot"))


def test_start_form_asks_nothing_and_return_visit_asks_once(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    person = people(viewport=PHONE)
    page = person.page
    asked: list[str] = []

    def note(request: Request) -> None:
        if "/api/v1/" in request.url:
            asked.append(request.url.split("/api/v1", 1)[1])

    page.on("request", note)
    person.go("/#/start")
    expect(page.get_by_role("button", name="Entrer dans Causerie")).to_be_visible()
    # No session cookie: no GET /me, and nothing else, before the visitor acts.
    assert asked == []

    person.sign_up(unique("Retour"))
    expect(page.locator(".room-card").first).to_be_visible()
    asked.clear()
    page.reload()
    expect(page.locator(".room-card").first).to_be_visible()
    expect(page.get_by_role("heading", name=f"Salut {person.pseudo} !")).to_be_visible()
    # index.html's preload of GET /me is the answer api.js takes, and the
    # rooms asked alongside it are the ones home shows: one request each.
    assert asked.count("/me") == 1, asked
    assert asked.count("/rooms") == 1, asked
    for early in ("/notices", "/blocks", "/conversations"):
        assert asked.count(early) == 1, asked


def test_answers_asked_for_an_expired_session_are_not_reused(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    """A browser still holding cookies of a session the server no longer
    knows asks its first answers early, gets 401s, and shows the start form.
    Signing up at once must ask again: the new account's blocks, notices and
    conversations are its own, not the expired session's refusals."""
    person = people(viewport=PHONE)
    page = person.page
    person.context.add_cookies(
        [
            {"name": "causerie_session", "value": "expired", "url": person.base_url},
            {"name": "causerie_csrf", "value": "expired", "url": person.base_url},
        ]
    )
    asked: list[str] = []

    def note(request: Request) -> None:
        if "/api/v1/" in request.url:
            asked.append(request.url.split("/api/v1", 1)[1])

    page.on("request", note)
    person.go("/#/")
    expect(page.get_by_role("button", name="Entrer dans Causerie")).to_be_visible()
    assert "/me" in asked and "/blocks" in asked  # asked early, refused (401)
    asked.clear()
    person.sign_up(unique("Neuf"))
    expect(page.locator(".room-card").first).to_be_visible()
    for path in ("/blocks", "/notices", "/conversations"):
        assert path in asked, asked
