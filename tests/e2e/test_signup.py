"""The quick-start page: every refusal shows next to the field it concerns."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Route, expect

from tests.e2e.conftest import PeopleFactory

pytestmark = pytest.mark.browser


def test_fields_have_visible_french_labels(people: PeopleFactory) -> None:
    person = people()
    person.go("/")
    page = person.page
    for label in ("Pseudo", "Genre", "Âge", "Ville"):
        control = page.get_by_label(label, exact=True)
        expect(control).to_be_visible()
        expect(page.locator("label", has_text=re.compile(f"^{label}$"))).to_be_visible()
    expect(page.get_by_text("15 ans et plus")).to_be_visible()


def test_refusals_from_the_server_show_inline(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    first = people()
    taken = unique("Prise")
    first.sign_up(taken)

    person = people()
    page = person.page
    person.go("/#/start")
    submit = page.get_by_role("button", name="Entrer dans Causerie")

    # Nothing filled: every field says it is required, focus goes to the first.
    submit.click()
    expect(page.locator(".field .error:visible")).to_have_count(4)
    expect(page.get_by_label("Pseudo", exact=True)).to_be_focused()

    page.get_by_label("Pseudo", exact=True).fill(taken.upper())
    page.get_by_label("Genre", exact=True).select_option("male")
    page.get_by_label("Âge", exact=True).fill("30")
    page.get_by_label("Ville", exact=True).fill("Paris")
    submit.click()
    pseudo = page.get_by_label("Pseudo", exact=True)
    expect(pseudo).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#" + pseudo.get_attribute("id") + "-error")).to_be_visible()

    page.get_by_label("Pseudo", exact=True).fill(unique("Jeune"))
    page.get_by_label("Âge", exact=True).fill("14")
    submit.click()
    age = page.get_by_label("Âge", exact=True)
    expect(age).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#" + age.get_attribute("id") + "-error")).to_contain_text("15")

    page.get_by_label("Âge", exact=True).fill("16")
    page.get_by_label("Ville", exact=True).fill("Qwxzvillenulle")
    submit.click()
    city = page.get_by_label("Ville", exact=True)
    expect(city).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#" + city.get_attribute("id") + "-error")).to_be_visible()


@pytest.mark.parametrize(
    ("code", "status", "field", "expected"),
    [
        ("name_not_allowed", 422, "Pseudo", "Ce pseudo n'est pas autorisé"),
        ("rate_limited", 429, None, "Réessaie dans 7 s"),
    ],
)
def test_refusals_the_client_maps_without_a_detail(
    people: PeopleFactory, code: str, status: int, field: str | None, expected: str
) -> None:
    """Refusals this server may not produce on demand: answered by a stub
    route, to check the client's mapping (field and fallback sentence)."""
    person = people()
    page = person.page

    def refuse(route: Route) -> None:
        route.fulfill(
            status=status,
            headers={"Content-Type": "application/problem+json", "Retry-After": "7"},
            body=json.dumps({"type": "about:blank", "title": code, "status": status, "code": code}),
        )

    page.route("**/api/v1/session/guest", refuse)
    person.go("/#/start")
    page.get_by_label("Pseudo", exact=True).fill("Quelquun")
    page.get_by_label("Genre", exact=True).select_option("female")
    page.get_by_label("Âge", exact=True).fill("20")
    page.get_by_label("Ville", exact=True).fill("Lyon")
    page.get_by_role("button", name="Entrer dans Causerie").click()
    if field:
        control = page.get_by_label(field, exact=True)
        expect(control).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#" + control.get_attribute("id") + "-error")).to_contain_text(expected)
    else:
        expect(page.get_by_role("alert")).to_contain_text(expected)


def test_upgrade_to_password_then_log_in_elsewhere(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    guest = people()
    pseudo = unique("Garde")
    guest.sign_up(pseudo)
    guest.page.get_by_role("link", name="Mon compte").click()
    guest.page.get_by_label("Mot de passe", exact=True).fill("un mot de passe solide 42")
    guest.page.get_by_role("button", name="Créer mon mot de passe").click()
    expect(guest.page.get_by_text("ton compte a un mot de passe")).to_be_visible()

    other_device = people()
    other_device.go("/#/login")
    page = other_device.page
    page.get_by_label("Pseudo", exact=True).fill(pseudo)
    page.get_by_label("Mot de passe", exact=True).fill("pas le bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("Mot de passe", exact=True).fill("un mot de passe solide 42")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name=f"Salut {pseudo} !")).to_be_visible()
