"""One voice (issue 16): a page downloads only its reader's language, and
switching language fetches the other catalogue once, on a phone."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Request, expect

from tests.e2e.conftest import PHONE, PeopleFactory, first_room_name

pytestmark = pytest.mark.browser

CATALOGUE = re.compile(r"/i18n/(\w+)\.json")


def test_only_the_readers_language_is_downloaded_and_switching_loads_the_other(
    people: PeopleFactory,
) -> None:
    person = people(viewport=PHONE)
    page = person.page
    fetched: list[str] = []

    def seen(request: Request) -> None:
        match = CATALOGUE.search(request.url)
        if match:
            fetched.append(match.group(1))

    page.on("request", seen)
    person.go("/")
    expect(page.get_by_label("Pseudo", exact=True)).to_be_visible()
    assert fetched == ["fr"]  # the preload and i18n.js's fetch are one request

    page.get_by_label("Langue").select_option("en")
    expect(page.get_by_label("City", exact=True)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert fetched == ["fr", "en"]

    # Back and forth: each catalogue was fetched once.
    page.get_by_label("Language").select_option("fr")
    expect(page.get_by_label("Ville", exact=True)).to_be_visible()
    page.get_by_label("Langue").select_option("en")
    expect(page.get_by_label("Age", exact=True)).to_be_visible()
    assert fetched == ["fr", "en"]

    # The choice is remembered, and the server preloads the chosen language
    # (the browser itself still says French).
    fetched.clear()
    page.reload()
    expect(page.get_by_label("Nickname", exact=True)).to_be_visible()
    assert fetched == ["en"]
    # Plurals come from the catalogue's ICU rules.
    plural = page.evaluate("async () => (await import('/i18n.js')).tn('home.recent', 1)")
    assert plural == "1 message in the last hour"


def test_a_choice_kept_only_in_local_storage_is_told_to_the_server(
    people: PeopleFactory,
) -> None:
    """The cookie gone (cleared, or a choice made before it existed), the
    page sets it again from localStorage: the next page preloads English
    instead of French then English."""
    person = people(viewport=PHONE)
    page = person.page
    person.go("/")
    expect(page.get_by_label("Pseudo", exact=True)).to_be_visible()
    page.evaluate("localStorage.setItem('causerie.lang', 'en')")
    person.context.clear_cookies()
    fetched: list[str] = []

    def seen(request: Request) -> None:
        match = CATALOGUE.search(request.url)
        if match:
            fetched.append(match.group(1))

    page.on("request", seen)
    page.reload()
    expect(page.get_by_label("Nickname", exact=True)).to_be_visible()
    assert fetched == ["fr", "en"]  # the server could not know, this once
    assert {c["name"]: c["value"] for c in person.context.cookies()}["causerie_lang"] == "en"
    fetched.clear()
    page.reload()
    expect(page.get_by_label("Nickname", exact=True)).to_be_visible()
    assert fetched == ["en"]


def test_a_language_that_cannot_load_says_so(people: PeopleFactory) -> None:
    """Offline, switching language keeps the page in its language and says
    why, instead of a select that silently jumps back."""
    person = people(viewport=PHONE)
    page = person.page
    person.go("/")
    expect(page.get_by_label("Pseudo", exact=True)).to_be_visible()
    page.route(CATALOGUE, lambda route: route.abort())
    page.get_by_label("Langue").select_option("en")
    expect(
        page.get_by_role("status").filter(has_text="Impossible de charger cette langue")
    ).to_be_visible()
    expect(page.get_by_label("Langue")).to_have_value("fr")
    expect(page.get_by_label("Pseudo", exact=True)).to_be_visible()
    # The aborted catalogue fetch is the one network failure this test made.
    person.problems[:] = [p for p in person.problems if not p.endswith("net::ERR_FAILED")]


def test_a_refused_send_survives_a_language_switch(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    """A refused send exists only in the page (the server kept nothing to
    replay): switching language redraws the room with it, in the new words."""
    person = people()
    person.sign_up(unique("Lang"))
    person.open_room(first_room_name(person))
    page = person.page
    # A new account's link: refused by the filter, kept only in the page.
    page.get_by_label("Ton message").fill("regarde https://exemple.fr/photos")
    page.get_by_label("Ton message").press("Enter")
    refused = page.locator(".pending-log li.msg", has_text="exemple.fr")
    expect(refused.get_by_role("button", name="Retirer")).to_be_visible()

    page.get_by_label("Langue").select_option("en")
    refused = page.locator(".pending-log li.msg", has_text="exemple.fr")
    expect(refused.get_by_role("button", name="Remove")).to_be_visible()
    expect(refused).to_contain_text("Not sent")
    refused.get_by_role("button", name="Remove").click()
    expect(refused).to_have_count(0)
    # Removed means removed: another redraw does not bring it back.
    page.get_by_label("Language").select_option("fr")
    expect(page.get_by_role("button", name="Envoyer")).to_be_visible()
    expect(page.locator(".pending-log li.msg", has_text="exemple.fr")).to_have_count(0)


def test_a_catalogue_that_cannot_load_says_so_in_both_languages_then_retries(
    people: PeopleFactory,
) -> None:
    """No words, no page: the first screen says so in French and English
    with a Retry that works once the network is back (it used to spin on
    "Chargement…" for ever)."""
    person = people(viewport=PHONE)
    page = person.page
    page.route(CATALOGUE, lambda route: route.abort())
    person.go("/")
    failure = page.get_by_role("alert")
    expect(failure).to_contain_text("Connexion impossible")
    expect(failure).to_contain_text("Can't connect")
    page.unroute(CATALOGUE)
    page.get_by_role("button", name=re.compile("Réessayer")).click()
    expect(page.get_by_label("Pseudo", exact=True)).to_be_visible()
    # The aborted catalogue fetches (first try and its one retry) were made
    # here, and i18n.js rethrows on purpose so that no other module runs.
    expected = ("net::ERR_FAILED", "page error: Failed to fetch")
    person.problems[:] = [p for p in person.problems if not p.endswith(expected)]
