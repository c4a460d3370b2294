"""The DSA transparency report as a tab of the moderation pages: a period
picked by date, the server's figures laid out as tables (French here), on a
phone screen; back to the queue from the same page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Locator, expect

from tests.e2e.conftest import PHONE, LiveServer, PeopleFactory, assert_fits_width
from tests.e2e.test_moderation import make_moderator

pytestmark = pytest.mark.browser


def guest(base_url: str, pseudo: str) -> tuple[str, str]:
    """A guest account made through the API: (id, token)."""
    response = httpx.post(
        f"{base_url}/api/v1/session/guest",
        json={"pseudo": pseudo, "gender": "undisclosed", "age": 30, "city": "Lyon"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return str(body["user"]["id"]), str(body["token"])


def figure(section: Locator, label: str) -> Locator:
    """The value shown beside ``label`` in one of the report's sections."""
    term = section.locator("dt").filter(has_text=re.compile(f"^{re.escape(label)}$"))
    return term.locator("xpath=following-sibling::dd[1]")


def test_transparency_tab_shows_the_reports_figures_as_tables(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    base = live_server.base_url
    _, reporter = guest(base, unique("Rapporte"))
    target, _ = guest(base, unique("Cible"))
    response = httpx.post(
        f"{base}/api/v1/reports",
        json={"target_type": "user", "target_id": target, "reason": "spam"},
        headers={"Authorization": f"Bearer {reporter}"},
    )
    assert response.status_code == 201, response.text

    mona = people(viewport=PHONE)
    make_moderator(mona, live_server, unique("Mona"))
    page = mona.page
    page.get_by_role("button", name="Transparence").click()
    panel = page.get_by_role("region", name="Transparence")
    # Without dates: the last full calendar year.
    year = datetime.now(UTC).year - 1
    expect(panel).to_contain_text(f"Du 1 janvier {year} au 31 décembre {year} inclus (UTC).")

    today = datetime.now(UTC).date()
    first, after = today - timedelta(days=1), today + timedelta(days=1)
    panel.get_by_label("Du", exact=True).fill(first.isoformat())
    panel.get_by_label("Jusqu'au (exclu)").fill(after.isoformat())
    panel.get_by_role("button", name="Afficher").click()
    expect(panel).to_contain_text("La période n'est pas terminée : chiffres partiels.")
    # The figures are the API's, for the same period (the session cookie is enough).
    api = page.request.get(
        f"{base}/api/v1/moderation/transparency?from={first.isoformat()}&to={after.isoformat()}"
    ).json()
    received = api["notices"]["received"]
    assert received >= 1 and api["notices"]["by_reason"]["spam"] >= 1
    reports = panel.get_by_role("region", name="Signalements des membres")
    expect(figure(reports, "Reçus")).to_have_text(f"{received:,}".replace(",", "\u202f"))
    by_reason = panel.get_by_role("region", name="Signalements par motif")
    expect(figure(by_reason, "Spam")).to_have_text(str(api["notices"]["by_reason"]["spam"]))
    held = panel.get_by_role("region", name="Filtre des messages (avant envoi)")
    checked = api["own_initiative"]["filter"]["checked"]
    expect(figure(held, "Messages vérifiés par le filtre")).to_have_text(str(checked))
    expect(figure(held, "Masqués")).to_have_text(
        str(api["own_initiative"]["filter"]["masked"]["messages"])
    )
    # What is not tracked is said, in the reader's language.
    expect(panel).to_contain_text("Les injonctions des autorités")
    link = panel.get_by_role("link", name="Télécharger le rapport (JSON)")
    expect(link).to_have_attribute("href", re.compile(f"from={first.isoformat()}"))
    assert_fits_width(mona)

    # A period that ends before it starts: the server's reason, in French.
    panel.get_by_label("Jusqu'au (exclu)").fill(first.isoformat())
    panel.get_by_role("button", name="Afficher").click()
    expect(panel.get_by_role("alert")).to_have_text(
        "Ce qui a été saisi ne convient pas : vérifie le champ « date de fin »."
    )

    # Back to the queue from the same address.
    page.get_by_role("link", name="À traiter").click()
    expect(page.get_by_role("heading", level=2, name="À traiter")).to_be_visible()
    expect(page.get_by_role("button", name="Transparence")).to_have_attribute(
        "aria-pressed", "false"
    )
