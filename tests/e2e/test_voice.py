"""One voice (issue 16), on a phone: a send that failed offers "Réessayer",
and the retried message takes its place after what was said meanwhile; the
refusal is a sentence, not a code."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, PeopleFactory, fail_first_send, first_room_name

pytestmark = pytest.mark.browser

FIRST_TRY = "Premier essai, qui échoue"


def first_try(frame: dict[str, Any]) -> bool:
    return frame.get("text") == FIRST_TRY


def test_retry_keeps_the_conversation_in_order(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    alice, bruno = people(viewport=PHONE), people(viewport=PHONE)
    alice.page.route_web_socket(re.compile(r"/ws"), fail_first_send(first_try))
    alice.sign_up(unique("Alice"), city="Lyon")
    bruno.sign_up(unique("Bruno"), city="Villeurbanne", gender="male")
    room = first_room_name(alice)
    alice.open_room(room)
    bruno.open_room(room)

    alice.say(FIRST_TRY)
    # Unsent messages wait below the conversation's log, not in it.
    failed = alice.page.get_by_role("listitem").filter(has_text=FIRST_TRY)
    alert = failed.get_by_role("alert")
    expect(alert).to_contain_text("Un problème est survenu de notre côté : réessaie.")
    expect(alert).not_to_contain_text("internal")
    # Readable on the light failed card (it used to be the own bubble's white ink).
    retry_ink = failed.get_by_role("button", name="Réessayer").evaluate(
        "el => getComputedStyle(el).color"
    )
    assert retry_ink != "rgb(255, 255, 255)"
    bruno.say("Entre-temps, Bruno parle")
    expect(alice.log().locator("li.msg .text", has_text="Entre-temps")).to_have_count(1)

    failed.get_by_role("button", name="Réessayer").click()
    expect(alice.page.get_by_role("button", name="Réessayer")).to_have_count(0)
    # The retried message comes after Bruno's, for both of them.
    for person in (alice, bruno):
        expect(person.log().locator("li.msg .text", has_text=FIRST_TRY)).to_have_count(1)
        shown = person.log().locator("li.msg .text").all_inner_texts()
        assert shown.index("Entre-temps, Bruno parle") < shown.index(FIRST_TRY), shown


def test_retry_answers_the_message_the_failed_one_answered(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    """Réessayer sends the failed message with its own reply, while the
    reply being drafted meanwhile (and its bar) stays with the draft."""
    sent: list[dict[str, Any]] = []

    alice, bruno = people(viewport=PHONE), people(viewport=PHONE)
    alice.page.route_web_socket(re.compile(r"/ws"), fail_first_send(first_try, sent))
    alice.sign_up(unique("Alice"), city="Lyon")
    bruno.sign_up(unique("Bruno"), city="Villeurbanne", gender="male")
    room = first_room_name(alice)
    alice.open_room(room)
    bruno.open_room(room)
    bruno.say("Première question de Bruno")
    bruno.say("Seconde question de Bruno")
    first = alice.log().locator("li.msg", has_text="Première question")
    second = alice.log().locator("li.msg", has_text="Seconde question")
    expect(second).to_have_count(1)

    first.get_by_role("button", name="Répondre").click()
    alice.say(FIRST_TRY)
    failed = alice.page.get_by_role("listitem").filter(has_text=FIRST_TRY)
    expect(failed.get_by_role("button", name="Réessayer")).to_be_visible()

    second.get_by_role("button", name="Répondre").click()
    alice.page.get_by_label("Ton message").fill("brouillon")
    failed.get_by_role("button", name="Réessayer").click()
    expect(alice.page.get_by_role("button", name="Réessayer")).to_have_count(0)

    assert [f.get("reply_to") for f in sent] == [sent[0]["reply_to"]] * 2, sent
    assert sent[0]["reply_to"] is not None
    bar = alice.page.locator(".reply-bar:not(.edit-bar)")
    expect(bar).to_be_visible()
    expect(bar).to_contain_text("Seconde question")
    expect(alice.page.get_by_label("Ton message")).to_have_value("brouillon")
