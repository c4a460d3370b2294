"""Issue 16 part W1, on a 360 px phone: what a new member meets first."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    PHONE,
    LiveServer,
    PeopleFactory,
    Person,
    assert_fits_width,
    first_room_name,
)

pytestmark = pytest.mark.browser


def phone_pair(people: PeopleFactory, unique: Callable[[str], str]) -> tuple[Person, Person, str]:
    alice, bruno = people(viewport=PHONE), people(viewport=PHONE)
    alice.sign_up(unique("Alice"), city="Lyon")
    bruno.sign_up(unique("Bruno"), city="Villeurbanne", gender="male")
    room = first_room_name(alice)
    alice.open_room(room)
    bruno.open_room(room)
    return alice, bruno, room


def me(person: Person) -> dict[str, Any]:
    """GET /me as the page itself sees it (same cookies)."""
    result: dict[str, Any] = person.page.evaluate("fetch('/api/v1/me').then((r) => r.json())")
    return result


def open_card(person: Person, pseudo: str):
    person.log().get_by_role("button", name=pseudo).first.click()
    return person.page.get_by_role("dialog")


def test_private_lock_and_progress_show_on_the_card_before_typing(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    alice, bruno, _ = phone_pair(people, unique)
    bruno.say("salut")
    alice.say("coucou")
    # The numbers on the card are the server's, not the client's.
    needed = me(alice)["next_level"]
    assert "open_private" in needed["unlocks"]
    minutes, count = needed["requires"]["minutes"], needed["requires"]["messages"]

    card = open_card(alice, bruno.pseudo)
    expect(card.get_by_text(f"au niveau de confiance {needed['level']}")).to_be_visible()
    expect(card.get_by_role("button", name="Message privé")).to_be_disabled()
    expect(card.get_by_label("Messages envoyés")).to_be_visible()
    expect(card.locator(".meter-value").last).to_have_text(f"1 / {count}")
    expect(card.locator(".meter-value").first).to_have_text(re.compile(rf"^\d+ / {minutes}$"))
    # The same sentence as the account page's.
    how = card.get_by_text(re.compile(rf"Participe au moins {minutes} minutes")).inner_text()
    alice.page.keyboard.press("Escape")
    alice.page.get_by_role("link", name="Mon compte").first.click()
    trust = alice.page.get_by_role("region", name="Ce que tu peux faire")
    expect(trust.get_by_text(how, exact=True)).to_be_visible()
    alice.page.go_back()

    # Bruno takes no requests: the card says so, even once Alice could write.
    bruno.page.get_by_role("link", name="Mon compte").first.click()
    bruno.page.get_by_label("Qui peut m'envoyer une demande privée").select_option("nobody")
    expect(
        bruno.page.get_by_role("status").filter(has_text=re.compile("enregistr", re.I))
    ).to_be_visible()
    live_server.trust(alice.pseudo, 1)
    card = open_card(alice, bruno.pseudo)
    expect(card.get_by_text(f"{bruno.pseudo} n'accepte pas de demandes")).to_be_visible()
    expect(card.get_by_role("button", name="Message privé")).to_be_disabled()
    alice.page.keyboard.press("Escape")

    # He opens up again: Alice asks, and her composer is off until he answers.
    bruno.page.get_by_label("Qui peut m'envoyer une demande privée").select_option("everyone")
    # The change empties the status at once and says "enregistré" once saved:
    # Alice's card must not be opened before.
    expect(
        bruno.page.get_by_role("status").filter(has_text=re.compile("enregistr", re.I))
    ).to_be_visible()
    card = open_card(alice, bruno.pseudo)
    card.get_by_role("button", name="Message privé").click()
    card.get_by_label("Ton premier message").fill("On continue en privé ?")
    card.get_by_role("button", name="Envoyer la demande").click()
    expect(alice.page.get_by_text("Demande envoyée")).to_be_visible()
    expect(alice.page.get_by_label("Ton message")).to_be_disabled()
    expect(alice.page.get_by_role("button", name="Envoyer")).to_be_disabled()


def test_private_lock_in_english(people: PeopleFactory, unique: Callable[[str], str]) -> None:
    alice, bruno, _ = phone_pair(people, unique)
    bruno.say("hello")
    expect(alice.log().locator("li.msg .text", has_text="hello")).to_have_count(1)
    alice.page.get_by_label("Langue").select_option("en")
    expect(alice.log().locator("li.msg .text", has_text="hello")).to_have_count(1)
    card = open_card(alice, bruno.pseudo)
    level = me(alice)["next_level"]["level"]
    expect(card.get_by_text(f"at trust level {level}")).to_be_visible()
    expect(card.get_by_role("button", name="Private message")).to_be_disabled()
    expect(card.get_by_label("Messages sent")).to_be_visible()


def test_home_orders_rooms_by_activity_and_chips_fit_one_line(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    alice = people(viewport=PHONE)
    alice.sign_up(unique("Alice"))
    first_room_name(alice)  # the list has loaded
    names = alice.page.locator(".room-card:not(:has(.tag.warn)) .room-name").all_inner_texts()
    quiet = names[-1]  # the room listed last is the one we liven up
    alice.open_room(quiet)
    for n in range(2):
        alice.say(f"il y a du monde ? {n}")
    expect(alice.page.locator("li.msg.pending")).to_have_count(0)
    alice.page.get_by_role("link", name="Salons").first.click()
    # Other tests on this server may have talked too: the list is in
    # decreasing recent activity, and the room we livened up left the end.
    card = alice.page.locator(".room-card", has=alice.page.locator(".room-name", has_text=quiet))
    expect(card.locator(".activity")).to_have_text(
        re.compile(r"^\d+ messages dans la dernière heure$")
    )
    counts = [
        int(m.group(1)) if (m := re.match(r"^(\d+) messages? dans", text)) else 0
        for text in alice.page.locator(".room-card .activity").all_inner_texts()
    ]
    assert counts == sorted(counts, reverse=True), counts
    # The room list is not a live region that reads itself again every 15 s.
    assert alice.page.locator(".room-list[aria-live]").count() == 0
    # Every theme chip on one line: same top, the row scrolls sideways.
    chips = alice.page.locator(".chips .chip")
    tops = {round(box["y"]) for box in (c.bounding_box() for c in chips.all()) if box}
    assert len(tops) == 1, f"chips on {len(tops)} lines"
    assert_fits_width(alice)
    alice.page.get_by_label("Langue").select_option("en")
    # In English the sentence and the room names follow (GET /rooms by Accept-Language).
    expect(
        alice.page.locator(
            ".room-card .activity", has_text=re.compile(r"messages in the last hour$")
        )
    ).not_to_have_count(0)
    expect(
        alice.page.locator(".room-card .room-name", has_text=re.compile("^General$"))
    ).to_have_count(1)


KEYBOARD_OPEN = """(height) => {
  // What a phone does when its keyboard opens: the visual viewport shrinks.
  Object.defineProperty(window.visualViewport, "height", { configurable: true, get: () => height });
  window.visualViewport.dispatchEvent(new Event("resize"));
}"""


def test_phone_chat_screen_keeps_the_composer_above_the_keyboard(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    alice = people(viewport=PHONE)
    alice.sign_up(unique("Alice"))
    alice.open_room(first_room_name(alice))
    page = alice.page
    page.screenshot(path="/tmp/w1/room-phone-before.png")
    # The language picker is readable, not a sliver.
    lang_box = page.get_by_label("Langue").bounding_box()
    assert lang_box is not None and lang_box["width"] >= 56, lang_box
    # The members are behind one button, not a panel taking the screen.
    members = page.get_by_role("button", name=re.compile("Membres|Vu·es|Dans ce salon"))
    expect(members).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".members-panel .members")).to_be_hidden()
    members.click()
    expect(page.locator(".members-panel .members")).to_be_visible()
    members.click()

    page.get_by_label("Ton message").focus()
    page.evaluate(KEYBOARD_OPEN, 330)
    page.wait_for_function(
        "getComputedStyle(document.documentElement).getPropertyValue('--vvh') === '330px'"
    )
    composer = page.get_by_label("Ton message").bounding_box()
    log = page.locator(".scroller").bounding_box()
    assert composer is not None and log is not None
    assert composer["y"] + composer["height"] <= 330, composer
    assert log["height"] >= 120, f"only {log['height']} px of conversation with the keyboard open"
    page.screenshot(path="/tmp/w1/room-phone-keyboard.png")
    assert_fits_width(alice)


def luminance(rgb: str) -> float:
    r, g, b = (int(x) for x in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_installable_with_dark_mode_and_optional_sound(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    alice = people(viewport=PHONE)
    alice.sign_up(unique("Alice"))
    page = alice.page
    # A manifest the browser can install from, with real PNG icons.
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    assert href and href.startswith("/manifest.webmanifest")
    manifest = page.evaluate(f"fetch({href!r}).then((r) => r.json())")
    assert manifest["display"] == "standalone" and manifest["start_url"]
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        size = page.evaluate(
            "(src) => new Promise((ok, ko) => { const i = new Image(); i.onerror = ko; "
            "i.onload = () => ok([i.naturalWidth, i.naturalHeight]); i.src = src; })",
            icon["src"],
        )
        if icon["sizes"] != "any":
            assert f"{size[0]}x{size[1]}" == icon["sizes"]

    # Light by default here; the system's dark preference is followed…
    body_bg = "getComputedStyle(document.documentElement).backgroundColor"
    assert luminance(page.evaluate(body_bg)) > 200
    page.emulate_media(color_scheme="dark")
    expect(page.locator("html")).to_have_attribute("data-scheme", "dark")
    assert luminance(page.evaluate(body_bg)) < 50
    # …unless the person picks one, which stays after a reload.
    page.get_by_role("link", name="Mon compte").first.click()
    page.get_by_label("Apparence").select_option("light")
    expect(page.locator("html")).to_have_attribute("data-scheme", "light")
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-scheme", "light")
    assert luminance(page.evaluate(body_bg)) > 200
    sound = page.get_by_role("switch", name=re.compile("Un son quand un message privé arrive"))
    expect(sound).not_to_be_checked()  # sound is opt-in
    sound.check()
    page.reload()
    expect(page.get_by_role("switch", name=re.compile("Un son"))).to_be_checked()
    page.get_by_label("Langue").select_option("en")
    expect(page.get_by_label("Appearance")).to_have_value("light")
    assert_fits_width(alice)


def test_accessibility_names_roving_own_messages_and_200_percent_text(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    alice, bruno, _ = phone_pair(people, unique)
    for n in range(3):
        bruno.say(f"message {n} de Bruno")
    alice.say("et moi")
    page = alice.page
    log = alice.log()
    expect(log.locator("li.msg .text", has_text="message 2 de Bruno")).to_have_count(1)
    expect(page.locator("li.msg.pending")).to_have_count(0)
    # Authors' names are not each a Tab stop: the log is one, then the composer.
    names = log.locator("li.msg .author")
    assert names.count() >= 4
    assert all(n.get_attribute("tabindex") == "-1" for n in names.all())
    page.locator(".scroller").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('author')") is False
    # Arrow keys walk the names, newest first.
    page.locator(".scroller").focus()
    page.keyboard.press("ArrowUp")
    expect(names.last).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(names.nth(names.count() - 2)).to_be_focused()
    expect(page.locator(":focus")).to_have_text(bruno.pseudo)
    # My own message is announced as mine.
    mine = log.locator("li.msg.mine").last
    expect(mine.locator(".sr-only")).to_have_text("Ton message :")
    # The room list on the home page is not a live region.
    page.get_by_role("link", name="Salons").first.click()
    expect(page.locator(".room-card").first).to_be_visible()
    assert page.locator(".room-list[aria-live], .room-list [aria-live]").count() == 0

    # 200 % text: the home page and the room still fit, and the header keeps
    # every control usable.
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert_fits_width(alice)
    alice.open_room(first_room_name(alice))
    assert_fits_width(alice)
    for control in (
        page.get_by_label("Langue"),
        page.get_by_role("link", name="Mon compte").first,
        page.get_by_label("Ton message"),
    ):
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
        assert box["height"] >= 24, box
    lang_box = page.get_by_label("Langue").bounding_box()
    assert lang_box is not None and lang_box["width"] >= 56


def test_the_sender_is_told_when_a_number_was_masked(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    alice, bruno, _ = phone_pair(people, unique)
    alice.say("appelle-moi au 06 12 34 56 78")
    mine = alice.log().locator("li.msg.mine").last
    expect(mine.locator(".text")).to_contain_text("•••")
    expect(mine.locator(".text")).not_to_contain_text("56 78")
    expect(mine.get_by_role("status")).to_have_text(
        "Ton numéro ou tes coordonnées ont été masqués : "
        "les nouveaux comptes ne peuvent pas encore en partager."
    )
    theirs = bruno.log().locator("li.msg .text", has_text="appelle-moi")
    expect(theirs).to_contain_text("•••")
    expect(bruno.log().locator(".mask-note")).to_have_count(0)


def test_teens_never_see_the_adult_age_check(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    teen, adult = people(viewport=PHONE), people(viewport=PHONE)
    teen.sign_up(unique("Zoe"), age=16)
    adult.sign_up(unique("Adam"), age=30)
    for person in (teen, adult):
        person.page.get_by_role("link", name="Mon compte").first.click()
        expect(person.page.get_by_role("region", name="Ce que tu peux faire")).to_be_visible()
    check = "Vérification d'âge en double anonymat"
    expect(adult.page.get_by_role("region", name=check)).to_be_visible()
    expect(teen.page.get_by_role("region", name=check)).to_have_count(0)
    expect(teen.page.get_by_text("double anonymat")).to_have_count(0)
