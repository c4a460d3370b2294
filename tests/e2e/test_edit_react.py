"""Editing one's own message and reacting, in the browser on a 360 px phone,
in French and in English (issue 16, item 5)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, LiveServer, PeopleFactory, assert_fits_width, first_room_name

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_edit_then_react_on_a_phone_in_both_languages(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    alice = people(viewport=PHONE)
    alice.sign_up(unique("Alice"), city="Lyon")
    room = first_room_name(alice)
    alice.open_room(room)
    alice.say("On se voit à 18h ?")
    mine = alice.log().locator("li.msg.mine", has_text="On se voit à 18h ?")
    expect(mine.get_by_role("button", name="Modifier")).to_be_visible()

    # Edit: the composer takes the text, says so, and saves in place.
    mine.get_by_role("button", name="Modifier").click()
    composer = alice.page.get_by_label("Ton message")
    expect(composer).to_have_value("On se voit à 18h ?")
    expect(alice.page.get_by_text("Modification de ton message")).to_be_visible()
    composer.fill("On se voit à 19h ?")
    alice.page.get_by_role("button", name="Enregistrer").click()
    edited = alice.log().locator("li.msg.mine", has_text="On se voit à 19h ?")
    expect(edited).to_have_count(1)
    expect(edited.locator(".edited-mark")).to_have_text("(modifié)")
    expect(alice.log().locator("li.msg", has_text="18h")).to_have_count(0)
    expect(alice.page.get_by_role("button", name="Envoyer")).to_be_visible()

    # A refused edit says why and gives the text back.
    edited.get_by_role("button", name="Modifier").click()
    composer.fill("t'es vraiment nul, dégage")
    alice.page.get_by_role("button", name="Enregistrer").click()
    expect(alice.page.get_by_role("alert").first).to_be_visible()
    expect(composer).to_have_value("t'es vraiment nul, dégage")
    alice.page.get_by_role("button", name="Annuler la modification").click()
    expect(composer).to_have_value("")
    expect(alice.page.get_by_role("alert").filter(has_text="filtre")).to_have_count(0)
    expect(alice.log().locator("li.msg", has_text="nul")).to_have_count(0)

    # React: the fixed set opens under the message; the count is a toggle.
    edited.get_by_role("button", name="Réagir").click()
    picker = edited.get_by_role("group", name="Choisis une réaction")
    expect(picker.get_by_role("button")).to_have_count(6)
    picker.get_by_role("button", name="👍").click()
    thumb = edited.locator(".reaction", has_text="👍")
    expect(thumb).to_have_attribute("aria-pressed", "true")
    expect(thumb.locator(".count")).to_have_text("1")
    expect(picker).to_have_count(0)
    # Open again (the screenshot shows the set), then Escape closes it.
    edited.get_by_role("button", name="Réagir").click()
    expect(picker.get_by_role("button").first).to_be_focused()
    assert_fits_width(alice)
    if os.environ.get("CAUSERIE_SCREENSHOTS") == "1":
        alice.page.screenshot(path=str(SCREENSHOTS / "room-edit-react-phone.png"))
    alice.page.keyboard.press("Escape")
    expect(picker).to_have_count(0)
    expect(edited.get_by_role("button", name="Réagir")).to_be_focused()

    # Bruno reads English: the history gives the edited text, its mark and the count.
    bruno = people(viewport=PHONE)
    bruno.sign_up(unique("Bruno"), city="Villeurbanne", gender="male")
    bruno.page.evaluate("localStorage.setItem('causerie.lang', 'en')")
    bruno.page.goto(alice.page.url)  # room names are translated: the same room by its address
    bruno.page.reload()
    seen = bruno.log().locator("li.msg", has_text="On se voit à 19h ?")
    expect(seen.locator(".edited-mark")).to_have_text("(edited)")
    expect(seen.get_by_role("button", name="Edit")).to_have_count(0)  # not his
    bruno_thumb = seen.locator(".reaction", has_text="👍")
    expect(bruno_thumb).to_have_attribute("aria-pressed", "false")
    expect(bruno_thumb).to_have_accessible_name("👍: 1 — add yours")
    bruno_thumb.click()
    expect(bruno_thumb).to_have_attribute("aria-pressed", "true")
    expect(bruno_thumb.locator(".count")).to_have_text("2")
    # Alice's screen follows live.
    expect(thumb.locator(".count")).to_have_text("2")
    expect(thumb).to_have_attribute("aria-pressed", "true")
    assert_fits_width(bruno)
