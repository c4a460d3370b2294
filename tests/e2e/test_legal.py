"""The public notice form (DSA art. 16) and the legal pages in a real
browser on a 360 px phone: anyone, without an account, notifies content from
the start page's link and gets a reference; the acknowledgement waits in the
outbox (no SMTP here); terms, privacy and mentions légales in FR and EN."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, LiveServer, PeopleFactory, assert_fits_width

pytestmark = pytest.mark.browser


def test_a_non_member_notifies_content_from_a_phone(
    people: PeopleFactory, live_server: LiveServer
) -> None:
    person = people(viewport=PHONE)
    page = person.page
    person.go("/#/start")
    page.get_by_role("link", name="Signaler un contenu illicite, sans compte").click()
    expect(page.get_by_role("heading", name="Signaler un contenu illicite")).to_be_visible()
    assert_fits_width(person)

    page.get_by_label("Adresse exacte du contenu (URL)").fill(
        "https://causerie.example/rooms/abc#message-42"
    )
    page.get_by_label("Motif").select_option("harassment")
    page.get_by_label("Pourquoi ce contenu est-il illicite ?").fill(
        "Ce membre harcèle ma fille tous les soirs."
    )
    page.get_by_label("Ton nom").fill("Claire Martin")
    page.get_by_label("Ton e-mail").fill("claire.e2e@parents.test")
    submit = page.get_by_role("button", name="Envoyer le signalement")
    submit.click()
    expect(page.get_by_role("alert")).to_have_text("Coche la déclaration de bonne foi.")

    page.get_by_label(re.compile("Je déclare de bonne foi")).check()
    submit.click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("Signalement reçu. Ta référence :")
    reference = status.inner_text().rsplit(" ", 1)[-1].rstrip(".")
    assert_fits_width(person)

    # No SMTP on this server: the acknowledgement waits in the outbox.
    waiting = [json.loads(line) for line in live_server.cli("mail", "outbox").splitlines()]
    mine = [m for m in waiting if m["ref"] == reference]
    assert len(mine) == 1 and mine[0]["to_addr"] == "claire.e2e@parents.test"


def test_a_missing_email_is_shown_next_to_its_field(people: PeopleFactory) -> None:
    person = people(locale="en-US", viewport=PHONE)
    page = person.page
    person.go("/notice.html")
    page.get_by_label("Exact address of the content (URL)").fill("https://causerie.example/x/1")
    page.get_by_label("Reason").select_option("hate")
    page.get_by_label("Why is this content illegal?").fill("Hate speech against a group.")
    page.get_by_label("Your name").fill("An NGO")
    page.get_by_role("button", name="Send the notice").click()
    expect(page.get_by_label("Your e-mail")).to_have_attribute("aria-invalid", "true")


def test_legal_pages_in_both_languages_on_a_phone(people: PeopleFactory) -> None:
    person = people(locale="en-US", viewport=PHONE)
    page = person.page
    person.go("/legal.html")
    expect(page.get_by_role("heading", name="Terms of use")).to_be_visible()
    expect(page.get_by_role("heading", name="Privacy")).to_be_visible()
    mentions = page.get_by_role("region", name="Legal notice")
    expect(mentions).to_contain_text("Publisher")
    expect(mentions).to_contain_text("(publisher not configured)")
    expect(mentions).to_contain_text("(host not configured)")
    assert_fits_width(person)
    page.get_by_label("Language").select_option("fr")
    expect(page.get_by_role("heading", name="Conditions d'utilisation")).to_be_visible()
    expect(page.get_by_role("region", name="Mentions légales")).to_contain_text("Hébergeur")


def test_the_account_page_links_to_the_legal_pages(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    person = people(viewport=PHONE)
    person.sign_up(unique("Lecteur"))
    person.page.get_by_role("link", name="Mon compte").click()
    person.page.get_by_role("link", name="Conditions, confidentialité, mentions légales").click()
    expect(person.page.get_by_role("heading", name="Conditions d'utilisation")).to_be_visible()


def test_a_moderator_reads_a_notice_from_outside_on_a_phone(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    url = f"https://causerie.example/elsewhere/{unique('page')}"
    sent = httpx.post(
        f"{live_server.base_url}/api/v1/dsa/notices",
        json={
            "target_url": url,
            "reason": "minor_at_risk",
            "explanation": "Un adulte demande des photos à une collégienne.",
            "good_faith": True,
        },
        timeout=10,
    )
    assert sent.status_code == 201, sent.text
    mona = people(viewport=PHONE)
    pseudo = unique("Mona")
    mona.sign_up(pseudo, city="Lyon")
    live_server.role(pseudo, "moderator")
    mona.page.reload()
    mona.page.get_by_role("link", name="Modération").click()
    mona.page.get_by_role("link").filter(has_text="Notification externe").first.click()
    case = mona.page.locator(".case")
    notices = case.get_by_role("region", name="Notifications reçues de l'extérieur")
    expect(notices).to_contain_text("Un adulte demande des photos à une collégienne.")
    expect(notices).to_contain_text(url)
    assert_fits_width(mona)
