"""Members nearby: the opt-in switch and what it says, the list grouped by
distance bucket, a card leading to a private-message request, teens told the
list is not for them, and the account page's city change."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, LiveServer, PeopleFactory, Person, assert_fits_width

pytestmark = pytest.mark.browser

BUCKETS = re.compile(r"^À moins de (5|10|25|50|100) km$")


def nearby_column(person: Person):
    return person.page.get_by_role("tabpanel", name="À proximité")


def opt_in(person: Person) -> None:
    column = nearby_column(person)
    switch = column.get_by_role("switch", name="Apparaître dans « À proximité »")
    expect(switch).not_to_be_checked()
    # What others will see is said before the switch is turned on.
    expect(column).to_contain_text("jamais ta position exacte")
    expect(column).to_contain_text("Active l'option pour voir les membres proches de toi.")
    switch.check()
    expect(switch).to_be_checked()
    expect(column.get_by_text("Active l'option")).to_be_hidden()


def test_nearby_column_lists_people_of_nearby_towns_and_opens_a_request(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    alice = people()
    bruno = people(viewport=PHONE)
    alice.sign_up(unique("Alice"), city="Lyon")
    bruno.sign_up(unique("Bruno"), city="Villeurbanne", gender="male")

    # Both have the home page open (a WebSocket each: "recently active").
    opt_in(alice)
    expect(nearby_column(alice)).to_contain_text("Personne à proximité pour le moment.")

    bruno.page.get_by_role("tab", name="À proximité").click()
    opt_in(bruno)
    bruno_column = nearby_column(bruno)
    card = bruno_column.get_by_role("button", name=re.compile(re.escape(alice.pseudo)))
    expect(card).to_be_visible()
    expect(card).to_contain_text("25 ans · Lyon")
    named_alice = bruno.page.get_by_role("button", name=re.compile(re.escape(alice.pseudo)))
    bucket = bruno_column.locator("section.bucket", has=named_alice).get_by_role("heading")
    expect(bucket).to_have_text(BUCKETS)
    # Never a number of kilometres finer than the bucket, never coordinates.
    assert not re.search(r"\d+[.,]\d+", bruno_column.inner_text())
    assert_fits_width(bruno)

    # Alice sees Bruno once her list refreshes (a reload asks again).
    alice.page.reload()
    alice_card = nearby_column(alice).get_by_role(
        "button", name=re.compile(re.escape(bruno.pseudo))
    )
    expect(alice_card).to_contain_text("Villeurbanne")

    # From the card: the profile, then a private-message request.
    live_server.trust(alice.pseudo, 1)
    alice_card.click()
    dialog = alice.page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name=bruno.pseudo)).to_be_visible()
    dialog.get_by_role("button", name="Message privé").click()
    dialog.get_by_label("Ton premier message").fill("Salut, on est voisins !")
    dialog.get_by_role("button", name="Envoyer la demande").click()
    expect(alice.page.get_by_role("heading", level=1, name=bruno.pseudo)).to_be_visible()
    expect(alice.page.get_by_text("Demande envoyée")).to_be_visible()

    # Bruno accepts; when Alice proposes to meet, Bruno gets safety guidance
    # as a banner above the conversation (a WebSocket `notice` frame).
    bruno.page.get_by_role("link", name=re.compile("Messages privés")).click()
    bruno.page.get_by_role("region", name="Demandes reçues").get_by_role(
        "button", name="Accepter"
    ).click()
    expect(bruno.page.get_by_role("heading", level=1, name=alice.pseudo)).to_be_visible()
    bruno.say("Avec plaisir")
    expect(alice.page.get_by_text("Demande envoyée")).to_be_hidden(timeout=25_000)
    alice.say("On se voit samedi au parc ?")
    banner = bruno.page.get_by_role("note").filter(has_text="Avant de rencontrer quelqu'un")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("lieu public")
    assert_fits_width(bruno)
    banner.get_by_role("button", name="J'ai compris").click()
    expect(banner).to_be_hidden()


def test_teens_are_told_the_nearby_list_is_not_for_them(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    teen = people(viewport=PHONE)
    teen.sign_up(unique("Zoe"), age=16, city="Lyon")
    teen.page.get_by_role("tab", name="À proximité").click()
    column = nearby_column(teen)
    expect(column).to_contain_text("n'est pas disponible dans l'espace 15–17 ans")
    expect(column.get_by_role("switch")).to_have_count(0)
    assert_fits_width(teen)


def test_account_page_changes_city_and_shows_what_i_can_do(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    camille = people(viewport=PHONE)
    camille.sign_up(unique("Camille"), city="Lyon")
    camille.page.get_by_role("link", name="Mon compte").click()
    page = camille.page

    can = page.get_by_role("region", name="Ce que tu peux faire")
    expect(can).to_contain_text("Écrire dans les salons")
    expect(
        can.get_by_role("listitem").filter(has_text="Proposer une conversation privée")
    ).to_contain_text("pas encore")
    expect(can).to_contain_text("Débloquer le niveau 1")
    expect(can.get_by_role("progressbar", name="Messages envoyés")).to_be_visible()

    city = page.get_by_role("region", name="Ma ville")
    field = city.get_by_label("Ville", exact=True)
    field.fill("Vill")
    page.get_by_role("option", name=re.compile("^Villeurbanne")).first.click()
    city.get_by_role("button", name="Changer de ville").click()
    expect(city.get_by_role("status")).to_have_text(
        "C'est fait : ta ville est maintenant Villeurbanne."
    )
    expect(page.locator(".profile-summary .facts")).to_contain_text("Villeurbanne")
    assert_fits_width(camille)
