"""Private conversations (request, acceptance, unread counts) and blocking."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveServer, PeopleFactory
from tests.e2e.test_room import meet, messages

pytestmark = pytest.mark.browser


def test_private_conversation_request_then_acceptance(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    alice, bruno, _ = meet(people, unique)
    bruno.say("coucou tout le monde")
    expect(messages(alice, "coucou tout le monde")).to_have_count(1)

    def ask_bruno(text: str) -> None:
        alice.log().get_by_role("button", name=bruno.pseudo).first.click()
        card = alice.page.get_by_role("dialog")
        card.get_by_role("button", name="Message privé").click()
        card.get_by_label("Ton premier message").fill(text)
        card.get_by_role("button", name="Envoyer la demande").click()

    # A brand-new guest may not open private conversations: the card says so
    # before anything is typed (tests/e2e/test_phone.py checks the progress).
    alice.log().get_by_role("button", name=bruno.pseudo).first.click()
    card = alice.page.get_by_role("dialog")
    expect(card.get_by_text("Tu pourras proposer une conversation privée")).to_be_visible()
    expect(card.get_by_role("button", name="Message privé")).to_be_disabled()
    alice.page.keyboard.press("Escape")

    live_server.trust(alice.pseudo, 1)
    ask_bruno("On continue en privé ?")
    expect(alice.page.get_by_role("heading", level=1, name=bruno.pseudo)).to_be_visible()
    expect(alice.page.get_by_text("Demande envoyée")).to_be_visible()
    # Between two people the members panel is not "seen in this room".
    expect(alice.page.locator("#members-title")).to_have_text("Dans cette conversation")
    expect(messages(alice, "On continue en privé ?")).to_have_count(1)

    # Until Bruno accepts, the composer is off (the server would refuse).
    expect(alice.page.get_by_label("Ton message")).to_be_disabled()

    # Bruno is told: a badge on the nav link and a count in the tab title.
    nav = bruno.page.get_by_role("link", name=re.compile("Messages privés"))
    expect(nav.locator(".badge")).to_have_text("1", timeout=25_000)
    expect(bruno.page).to_have_title(re.compile(r"^\(1\) "))
    nav.click()
    request = bruno.page.get_by_role("region", name="Demandes reçues")
    expect(request).to_contain_text(alice.pseudo)
    expect(request).to_contain_text("On continue en privé ?")
    request.get_by_role("button", name="Accepter").click()

    expect(bruno.page.get_by_role("heading", level=1, name=alice.pseudo)).to_be_visible()
    expect(messages(bruno, "On continue en privé ?")).to_have_count(1)
    bruno.say("Avec plaisir !")
    expect(alice.page.get_by_text("Demande envoyée")).to_be_hidden(timeout=25_000)
    expect(messages(alice, "Avec plaisir !")).to_have_count(1)
    expect(bruno.page).not_to_have_title(re.compile(r"^\(\d+\) "))


def test_blocking_hides_everything_at_once(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    alice, bruno, _ = meet(people, unique)
    alice.say("Alice dit bonjour")
    expect(messages(bruno, "Alice dit bonjour")).to_have_count(1)
    bruno.say("message de Bruno avant le blocage")
    expect(messages(alice, "avant le blocage")).to_have_count(1)

    alice.log().get_by_role("button", name=bruno.pseudo).first.click()
    card = alice.page.get_by_role("dialog")
    card.get_by_role("button", name="Bloquer").click()
    card.get_by_role("button", name="Oui, bloquer").click()
    expect(card.get_by_role("status")).to_contain_text("bloqué")
    alice.page.keyboard.press("Escape")

    expect(messages(alice, "avant le blocage")).to_be_hidden()
    bruno.say("message de Bruno après le blocage")
    expect(messages(bruno, "après le blocage")).to_have_count(1)
    alice.say("Alice parle encore")
    expect(messages(alice, "Alice parle encore")).to_have_count(1)
    expect(messages(bruno, "Alice parle encore")).to_have_count(0)
    expect(messages(alice, "après le blocage")).to_have_count(0)

    # After a reload the history does not bring Bruno back either.
    alice.page.reload()
    expect(alice.page.get_by_role("status").filter(has_text="Connecté")).to_be_visible()
    expect(messages(alice, "Alice parle encore")).to_have_count(1)
    # None of Bruno's messages (other tests' members share this room's history).
    for said in ("avant le blocage", "après le blocage"):
        expect(messages(alice, said).filter(visible=True)).to_have_count(0)

    # Bruno cannot see Alice's profile any more: it is as if she did not exist.
    bruno.page.locator(".members").get_by_role("button", name=alice.pseudo).click()
    expect(bruno.page.get_by_role("dialog")).to_contain_text("n'est pas disponible")

    # Alice finds Bruno in her blocked list and can unblock.
    alice.page.get_by_role("link", name="Mon compte").click()
    blocked = alice.page.get_by_role("region", name="Membres bloqués")
    expect(blocked).to_contain_text(bruno.pseudo)
    blocked.get_by_role("button", name="Débloquer").click()
    expect(blocked).to_contain_text("Tu n'as bloqué personne")
