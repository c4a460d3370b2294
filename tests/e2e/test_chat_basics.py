"""Chat basics in the browser on a 360 px phone, in French and in English
(issue 16, item 5): the typing indicator of a private conversation."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, LiveServer, PeopleFactory, Person, assert_fits_width

pytestmark = pytest.mark.browser


def private_pair(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> tuple[Person, Person]:
    """Alice (French) and Bruno (English), both on a phone, in an accepted
    private conversation, each looking at it."""
    alice, bruno = people(viewport=PHONE), people(viewport=PHONE)
    alice.sign_up(unique("Alice"), city="Lyon")
    bruno.sign_up(unique("Bruno"), city="Villeurbanne", gender="male")
    live_server.trust(bruno.pseudo, 1)
    room = bruno.page.locator(".room-card:not(:has(.tag.warn)) .room-name").first.inner_text()
    alice.open_room(room)
    bruno.open_room(room)
    alice.say("coucou")
    bruno.log().get_by_role("button", name=alice.pseudo).first.click()
    card = bruno.page.get_by_role("dialog")
    card.get_by_role("button", name="Message privé").click()
    card.get_by_label("Ton premier message").fill("On continue en privé ?")
    card.get_by_role("button", name="Envoyer la demande").click()
    expect(bruno.page.get_by_role("heading", level=1, name=alice.pseudo)).to_be_visible()
    alice.page.get_by_role("link", name=re.compile("Messages privés|MP")).first.click()
    request = alice.page.get_by_role("region", name="Demandes reçues")
    request.get_by_role("button", name="Accepter").click()
    expect(alice.page.get_by_role("heading", level=1, name=bruno.pseudo)).to_be_visible()
    # Bruno reads Causerie in English from now on.
    bruno.page.evaluate("localStorage.setItem('causerie.lang', 'en')")
    bruno.page.reload()
    expect(bruno.page.get_by_role("heading", level=1, name=alice.pseudo)).to_be_visible()
    expect(bruno.page.get_by_label("Your message")).to_be_enabled()
    return alice, bruno


def test_typing_shows_on_the_other_phone_in_its_language(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    alice, bruno = private_pair(people, unique, live_server)

    alice.page.get_by_label("Ton message").press_sequentially("Je t'écris")
    shown = bruno.page.locator(".typing")
    expect(shown).to_have_text(f"{alice.pseudo} is typing…")
    expect(shown).to_be_visible()
    alice.page.get_by_role("button", name="Envoyer").click()
    expect(bruno.log().locator("li.msg .text", has_text="Je t'écris")).to_have_count(1)
    expect(shown).to_be_hidden()  # their message arrived: they stopped

    bruno.page.get_by_label("Your message").press_sequentially("Hello")
    expect(alice.page.locator(".typing")).to_have_text(f"{bruno.pseudo} écrit…")
    expect(alice.page.locator(".typing")).to_be_visible()
    # It fades on its own once the signals stop.
    expect(alice.page.locator(".typing")).to_be_hidden(timeout=9_000)
    for person in (alice, bruno):
        assert_fits_width(person)


def test_read_then_only_delivered_once_receipts_are_off(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    alice, bruno = private_pair(people, unique, live_server)
    conversation = bruno.page.url

    alice.say("Tu as vu ?")
    expect(bruno.log().locator("li.msg .text", has_text="Tu as vu ?")).to_have_count(1)
    expect(alice.page.locator(".receipt-state")).to_have_text("Lu")
    bruno.page.get_by_label("Your message").fill("Yes!")
    bruno.page.get_by_role("button", name="Send").click()
    expect(alice.log().locator("li.msg .text", has_text="Yes!")).to_have_count(1)
    expect(bruno.page.locator(".receipt-state")).to_have_text("Read")

    # Bruno turns read receipts off: he no longer tells, nor is told.
    bruno.go("/#/account")
    switch = bruno.page.get_by_label("Read receipts")
    expect(switch).to_be_checked()
    switch.uncheck()
    expect(bruno.page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    assert_fits_width(bruno)
    bruno.page.goto(conversation)
    expect(bruno.page.get_by_role("heading", level=1, name=alice.pseudo)).to_be_visible()

    alice.say("Et maintenant ?")
    expect(bruno.log().locator("li.msg .text", has_text="Et maintenant ?")).to_have_count(1)
    expect(alice.page.locator(".receipt-state")).to_have_text("Distribué")
    bruno.page.get_by_label("Your message").fill("Still here")
    bruno.page.get_by_role("button", name="Send").click()
    expect(alice.log().locator("li.msg .text", has_text="Still here")).to_have_count(1)
    expect(bruno.page.locator(".receipt-state")).to_have_text("Delivered")
    for person in (alice, bruno):
        assert_fits_width(person)


def test_reply_quotes_the_message_it_answers(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    alice, bruno = private_pair(people, unique, live_server)
    asked = alice.log().locator("li.msg", has_text="On continue en privé ?")
    asked.get_by_role("button", name="Répondre").click()
    expect(alice.page.locator(".reply-bar:not(.edit-bar)")).to_contain_text(
        f"Réponse à {bruno.pseudo}"
    )
    alice.say("Oui !")
    expect(alice.page.locator(".reply-bar:not(.edit-bar)")).to_be_hidden()
    for person in (alice, bruno):
        answer = person.log().locator("li.msg", has_text="Oui !")
        expect(answer.locator(".reply-quote")).to_have_text(
            f"{bruno.pseudo} : On continue en privé ?"
        )
    expect(alice.page.locator("li.msg.pending")).to_have_count(0)

    bruno.log().locator("li.msg", has_text="Oui !").get_by_role("button", name="Reply").click()
    expect(bruno.page.locator(".reply-bar:not(.edit-bar)")).to_contain_text(
        f"Replying to {alice.pseudo}"
    )
    bruno.page.get_by_label("Your message").fill("Great")
    bruno.page.get_by_role("button", name="Send").click()
    reply = alice.log().locator("li.msg", has_text="Great")
    expect(reply.locator(".reply-quote")).to_have_text(f"{alice.pseudo} : Oui !")
    for person in (alice, bruno):
        assert_fits_width(person)


def test_deleting_my_message_removes_it_for_both(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    alice, bruno = private_pair(people, unique, live_server)
    alice.say("message envoyé par erreur")
    mine = alice.log().locator("li.msg", has_text="message envoyé par erreur")
    expect(bruno.log().locator("li.msg", has_text="message envoyé par erreur")).to_have_count(1)
    # Bruno cannot delete Alice's message: he has no button for it.
    theirs = bruno.log().locator("li.msg", has_text="message envoyé par erreur")
    expect(theirs.get_by_role("button", name="Delete")).to_have_count(0)
    mine.get_by_role("button", name="Supprimer").click()
    mine.get_by_role("button", name="Supprimer pour tout le monde ?").click()
    for person in (alice, bruno):
        gone = person.log().locator("li.msg", has_text="message envoyé par erreur")
        expect(gone).to_have_count(0)

    bruno.page.get_by_label("Your message").fill("typo here")
    bruno.page.get_by_role("button", name="Send").click()
    expect(alice.log().locator("li.msg", has_text="typo here")).to_have_count(1)
    own = bruno.log().locator("li.msg", has_text="typo here")
    own.get_by_role("button", name="Delete").click()
    own.get_by_role("button", name="Delete for everyone?").click()
    for person in (alice, bruno):
        expect(person.log().locator("li.msg", has_text="typo here")).to_have_count(0)
        assert_fits_width(person)


def test_the_conversation_list_shows_the_last_message_and_its_time(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    alice, bruno = private_pair(people, unique, live_server)
    alice.say("À demain !")
    expect(bruno.log().locator("li.msg", has_text="À demain !")).to_have_count(1)
    for person, other, line in (
        (alice, bruno, "Toi : À demain !"),
        (bruno, alice, "À demain !"),
    ):
        person.go("/#/conversations")
        entry = person.page.locator("li.conv", has_text=other.pseudo)
        expect(entry.locator(".conv-last")).to_have_text(line)
        expect(entry.locator("time.conv-time")).to_have_text(re.compile(r"^\d\d[:h ]\d\d"))
        assert_fits_width(person)


def test_bio_in_the_account_page_and_emoji_in_the_composer(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    alice, bruno = private_pair(people, unique, live_server)
    conversation = alice.page.url
    alice.go("/#/account")
    bio = alice.page.get_by_label("Ma bio")
    bio.fill("J'aime le jazz")
    alice.page.get_by_role("button", name="Enregistrer la bio").click()
    expect(alice.page.get_by_role("status").filter(has_text="Enregistré")).to_be_visible()
    # A veiled threat is refused with a reason: by the name policy since
    # session 9 (it reads threats in bios), or by the message filter.
    bio.fill("ce serait dommage qu'il arrive quelque chose à ta famille")
    alice.page.get_by_role("button", name="Enregistrer la bio").click()
    expect(alice.page.get_by_role("alert").first).to_be_visible()
    assert_fits_width(alice)
    alice.page.reload()
    expect(alice.page.get_by_label("Ma bio")).to_have_value("J'aime le jazz")

    alice.page.goto(conversation)
    alice.page.get_by_role("button", name="Émojis").click()
    alice.page.locator("#emoji-panel").get_by_role("button", name="👍").click()
    expect(alice.page.get_by_label("Ton message")).to_have_value("👍")
    alice.page.get_by_role("button", name="Envoyer").click()
    expect(bruno.log().locator("li.msg .text", has_text="👍")).to_have_count(1)
    bruno.page.get_by_label("Your message").fill("Merci ")
    bruno.page.get_by_role("button", name="Emoji").click()
    bruno.page.locator("#emoji-panel").get_by_role("button", name="🙏").click()
    expect(bruno.page.get_by_label("Your message")).to_have_value("Merci 🙏")
    for person in (alice, bruno):
        assert_fits_width(person)


def test_search_finds_a_message_of_my_conversation(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    alice, bruno = private_pair(people, unique, live_server)
    alice.say("Le code du portail est dans le mail")
    expect(bruno.log().locator("li.msg", has_text="Le code du portail")).to_have_count(1)
    for person, label, button, other in (
        (alice, "Rechercher dans les messages", "Rechercher", bruno),
        (bruno, "Search messages", "Search", alice),
    ):
        person.go("/#/conversations")
        person.page.get_by_label(label).fill("PORTAIL")
        person.page.get_by_role("button", name=button, exact=True).click()
        hit = person.page.locator(".search-results li", has_text="Le code du portail")
        expect(hit).to_have_count(1)
        expect(hit).to_contain_text(other.pseudo)
        assert_fits_width(person)
    bruno.page.get_by_label("Search messages").fill("introuvable")
    bruno.page.get_by_role("button", name="Search", exact=True).click()
    expect(bruno.page.locator(".search-results")).to_have_text("No message found.")
