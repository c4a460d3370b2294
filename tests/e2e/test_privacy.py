"""My data (invariant 10): download a copy of everything, erase the account.
The account page in a real browser, on a phone screen and in English too."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, Route, expect

from tests.e2e.conftest import PHONE, PeopleFactory, Person, assert_fits_width

pytestmark = pytest.mark.browser

ERASE_FR = "Supprimer définitivement mon compte"


def holds_value(data: Any, wanted: str) -> bool:
    """True when ``wanted`` is one of the JSON document's string values, at any depth."""
    if isinstance(data, dict):
        return any(holds_value(value, wanted) for value in data.values())
    if isinstance(data, list):
        return any(holds_value(value, wanted) for value in data)
    return isinstance(data, str) and data == wanted


def my_data(person: Person, link: str = "Mon compte", title: str = "Mes données") -> Locator:
    person.page.get_by_role("link", name=link).click()
    region = person.page.get_by_role("region", name=title)
    expect(region).to_be_visible()
    return region


def my_id(page: Page) -> str:
    return str(page.evaluate("fetch('/api/v1/me').then((r) => r.json()).then((me) => me.id)"))


def test_download_my_data_then_erase_my_account_on_a_phone(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    person = people(viewport=PHONE)
    pseudo = unique("Efface")
    person.sign_up(pseudo)
    page = person.page
    mine = my_data(person)
    expect(mine).to_contain_text("un an au plus")
    assert_fits_width(person)

    with page.expect_download() as info:
        mine.get_by_role("button", name="Télécharger mes données").click()
    download = info.value
    name = download.suggested_filename
    assert name.startswith(f"causerie-export-{pseudo}-") and name.endswith(".json"), name
    exported = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert holds_value(exported, pseudo), "the export does not name its owner"
    expect(mine.get_by_role("status")).to_have_text(
        f"C'est fait : {name} est dans tes téléchargements."
    )
    expect(mine.get_by_role("button", name="Télécharger mes données")).to_be_enabled()
    assert_fits_width(person)  # the long file name wraps instead of widening the page

    # What this browser keeps about the account must go with it.
    user_id = my_id(page)
    page.evaluate(
        """(id) => {
            localStorage.setItem(`causerie.seen.${id}.some-room`, "7");
            localStorage.setItem(`causerie.notices.seen.${id}`, "2024-01-01T00:00:00Z");
            sessionStorage.setItem("causerie.tab", "nearby");
        }""",
        user_id,
    )

    # A guest has no password to give; the button waits for the exact pseudo.
    expect(mine.get_by_label("Ton mot de passe")).to_have_count(0)
    erase = mine.get_by_role("button", name=ERASE_FR)
    confirm = mine.get_by_label("Pour confirmer, tape ton pseudo")
    expect(erase).to_be_disabled()
    confirm.fill(pseudo[:-1])
    expect(erase).to_be_disabled()
    confirm.fill(pseudo)
    expect(erase).to_be_enabled()
    confirm.press("Enter")  # the keyboard is enough

    expect(page.get_by_role("status").filter(has_text="Ton compte est supprimé")).to_be_visible()
    expect(page).to_have_url(re.compile(r"#/start$"))
    expect(page.get_by_role("button", name="Entrer dans Causerie")).to_be_visible()
    expect(page.get_by_role("link", name="Mon compte")).to_have_count(0)
    assert_fits_width(person)
    kept = page.evaluate("() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]")
    assert [key for key in kept if user_id in key or key == "causerie.tab"] == []

    # A reload brings nothing back: the cookie authenticates nobody any more.
    page.reload()
    expect(page.get_by_role("button", name="Entrer dans Causerie")).to_be_visible()
    expect(page.get_by_text("Ton compte est supprimé")).to_have_count(0)
    person.go("/#/account")
    expect(page).to_have_url(re.compile(r"#/start$"))
    expect(page.get_by_role("link", name="Mon compte")).to_have_count(0)
    assert page.evaluate("fetch('/api/v1/me').then((r) => r.status)") == 401


def test_a_password_account_confirms_with_its_password_in_english(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    person = people()
    pseudo = unique("Gone")
    secret = "un mot de passe solide 42"
    person.sign_up(pseudo)
    page = person.page
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("link", name="My account").click()
    page.get_by_label("Password", exact=True).fill(secret)
    page.get_by_role("button", name="Create my password").click()
    expect(page.get_by_text("your account has a password")).to_be_visible()

    # The section was redrawn for a password account: it asks for the password.
    mine = page.get_by_role("region", name="My data")
    expect(mine).to_contain_text("It is final")
    mine.get_by_label("To confirm, type your nickname").fill(pseudo)
    password = mine.get_by_label("Your password")
    password.fill("not the password")
    mine.get_by_role("button", name="Delete my account for good").click()
    expect(password).to_have_attribute("aria-invalid", "true")
    error = mine.locator("#" + str(password.get_attribute("id")) + "-error")
    expect(error).to_be_visible()
    expect(error).not_to_have_text("")
    expect(mine.get_by_role("button", name="Delete my account for good")).to_be_enabled()
    expect(page).to_have_url(re.compile(r"#/account$"))

    password.fill(secret)
    mine.get_by_role("button", name="Delete my account for good").click()
    expect(
        page.get_by_role("status").filter(has_text="Your account has been deleted")
    ).to_be_visible()

    # The password opens nothing any more.
    person.go("/#/login")
    page.get_by_label("Nickname", exact=True).fill(pseudo)
    page.get_by_label("Password", exact=True).fill(secret)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(re.compile(r"#/login$"))


def test_refusals_show_the_servers_words_and_no_markup(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    """Answers this server gives only now and then (a rate limit, a mismatch
    it sees differently, a hostile file name): stubbed, to check the page."""
    person = people(viewport=PHONE)
    pseudo = unique("Refus")
    person.sign_up(pseudo)
    page = person.page
    exports: list[str] = []

    def export(route: Route) -> None:
        exports.append(route.request.url)
        if len(exports) == 1:
            problem = {
                "type": "about:blank",
                "title": "rate_limited",
                "status": 429,
                "code": "rate_limited",
                "detail": "Trois exports par heure au plus : réessaie plus tard.",
            }
            route.fulfill(
                status=429,
                headers={"Content-Type": "application/problem+json", "Retry-After": "3600"},
                body=json.dumps(problem),
            )
            return
        route.fulfill(
            status=200,
            headers={
                "Content-Type": "application/json",
                "Content-Disposition": 'attachment; filename="<img src=x id=pwned>.json"',
            },
            body=json.dumps({"profile": {"pseudo": pseudo}}),
        )

    def erase(route: Route) -> None:
        if route.request.method != "DELETE":
            route.fallback()
            return
        problem = {
            "type": "about:blank",
            "title": "confirm_mismatch",
            "status": 422,
            "code": "confirm_mismatch",
            "detail": "Le serveur ne reconnaît pas ce pseudo.",
        }
        route.fulfill(
            status=422,
            headers={"Content-Type": "application/problem+json"},
            body=json.dumps(problem),
        )

    page.route("**/api/v1/me/export", export)
    page.route("**/api/v1/me", erase)
    mine = my_data(person)
    button = mine.get_by_role("button", name="Télécharger mes données")
    button.click()
    expect(mine.get_by_role("alert")).to_have_text(
        "Trois exports par heure au plus : réessaie plus tard."
    )
    expect(button).to_be_enabled()

    with page.expect_download():
        button.click()
    expect(mine.get_by_role("alert")).to_be_hidden()
    expect(mine.get_by_role("status")).to_contain_text("<img src=x id=pwned>.json")
    expect(page.locator("#pwned")).to_have_count(0)

    confirm = mine.get_by_label("Pour confirmer, tape ton pseudo")
    confirm.fill(pseudo)
    mine.get_by_role("button", name=ERASE_FR).click()
    expect(confirm).to_have_attribute("aria-invalid", "true")
    expect(mine.locator("#" + str(confirm.get_attribute("id")) + "-error")).to_have_text(
        "Le serveur ne reconnaît pas ce pseudo."
    )
    expect(mine.get_by_role("button", name=ERASE_FR)).to_be_enabled()
    expect(page).to_have_url(re.compile(r"#/account$"))
    assert len(exports) == 2
