"""Phone width, languages, keyboard."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, PeopleFactory, first_room_name

pytestmark = pytest.mark.browser


def no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def test_phone_width_shows_tabs_and_fits(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    person = people(viewport=PHONE)
    person.go("/")
    no_horizontal_scroll(person.page)
    person.sign_up(unique("Tel"))
    page = person.page
    tabs = page.get_by_role("tablist")
    expect(tabs).to_be_visible()
    rooms_tab = tabs.get_by_role("tab", name="Salons")
    nearby_tab = tabs.get_by_role("tab", name="À proximité")
    expect(rooms_tab).to_have_attribute("aria-selected", "true")
    expect(page.locator("#panel-rooms")).to_be_visible()
    expect(page.locator("#panel-nearby")).to_be_hidden()
    no_horizontal_scroll(page)

    nearby_tab.click()
    expect(page.locator("#panel-nearby")).to_be_visible()
    expect(page.locator("#panel-rooms")).to_be_hidden()
    # Keyboard: arrows move between tabs.
    page.keyboard.press("ArrowLeft")
    expect(rooms_tab).to_be_focused()
    expect(page.locator("#panel-rooms")).to_be_visible()

    room = first_room_name(person)
    person.open_room(room)
    no_horizontal_scroll(page)
    person.say("écrit depuis un téléphone")
    expect(person.log().locator("li.msg .text", has_text="depuis un téléphone")).to_have_count(1)
    box = page.get_by_role("button", name="Envoyer").bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]


def test_desktop_shows_both_columns_without_tabs(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    person = people()
    person.sign_up(unique("Bureau"))
    expect(person.page.get_by_role("tablist")).to_be_hidden()
    expect(person.page.locator("#panel-rooms")).to_be_visible()
    expect(person.page.locator("#panel-nearby")).to_be_visible()
    # The nearby column never shows made-up people: either the real list,
    # an opt-in switch, or a plain "not available yet".
    nearby = person.page.locator("#panel-nearby")
    expect(nearby.locator(".notice, .opt-in").first).to_be_visible()


def test_language_follows_browser_and_switch_persists(people: PeopleFactory) -> None:
    english = people(locale="en-US")
    english.go("/")
    expect(english.page.get_by_label("Nickname", exact=True)).to_be_visible()
    expect(english.page.locator("html")).to_have_attribute("lang", "en")

    person = people()
    person.go("/")
    expect(person.page.get_by_label("Pseudo", exact=True)).to_be_visible()
    person.page.get_by_label("Langue").select_option("en")
    expect(person.page.get_by_label("City", exact=True)).to_be_visible()
    person.page.reload()
    expect(person.page.get_by_label("Age", exact=True)).to_be_visible()
    person.page.get_by_label("Language").select_option("fr")
    expect(person.page.get_by_label("Âge", exact=True)).to_be_visible()


def test_sign_up_with_the_keyboard_only(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    person = people()
    person.go("/")
    page = person.page
    pseudo = unique("Clavier")
    expect(page.get_by_label("Pseudo", exact=True)).to_be_focused()
    page.keyboard.type(pseudo)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Genre", exact=True)).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("31")
    page.keyboard.press("Tab")
    page.keyboard.type("Marse")
    expect(page.get_by_role("listbox").get_by_role("option").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Ville", exact=True)).to_have_value("Marseille")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"Salut {pseudo} !")).to_be_visible()
