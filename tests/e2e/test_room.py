"""Two people in a public room: live messages, a network drop, and text
that looks like HTML."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import httpx
import pytest
from playwright.sync_api import expect
from websockets.sync.client import connect

from tests.e2e.conftest import LiveServer, PeopleFactory, Person, first_room_name

pytestmark = pytest.mark.browser


def meet(people: PeopleFactory, unique: Callable[[str], str]) -> tuple[Person, Person, str]:
    alice, bruno = people(), people()
    alice.sign_up(unique("Alice"), city="Lyon")
    bruno.sign_up(unique("Bruno"), city="Villeurbanne", gender="male")
    room = first_room_name(alice)
    alice.open_room(room)
    bruno.open_room(room)
    return alice, bruno, room


def messages(person: Person, text: str):
    return person.log().locator("li.msg .text", has_text=text)


def test_two_people_meet_and_talk(people: PeopleFactory, unique: Callable[[str], str]) -> None:
    alice, bruno, _ = meet(people, unique)

    alice.say("Salut Bruno, tu vas bien ?")
    expect(messages(bruno, "Salut Bruno, tu vas bien ?")).to_have_count(1)
    bruno.say("Très bien, et toi ?")
    expect(messages(alice, "Très bien, et toi ?")).to_have_count(1)

    # Each side shows each message once, acknowledged (not pending), in order.
    for person in (alice, bruno):
        expect(person.page.locator("li.msg.pending")).to_have_count(0)
        texts = person.log().locator("li.msg .text").all_inner_texts()
        assert texts[-2:] == ["Salut Bruno, tu vas bien ?", "Très bien, et toi ?"]
    expect(alice.log().locator("li.msg.mine .text")).to_have_text(["Salut Bruno, tu vas bien ?"])

    # The author is listed beside the conversation, and opens a profile card.
    bruno.page.locator(".members").get_by_role("button", name=alice.pseudo).click()
    card = bruno.page.get_by_role("dialog")
    expect(card.get_by_role("heading", name=alice.pseudo)).to_be_visible()
    expect(card).to_contain_text("Lyon")
    for action in ("Message privé", "Bloquer", "Signaler"):
        expect(card.get_by_role("button", name=action)).to_be_visible()
    bruno.page.keyboard.press("Escape")
    expect(card).to_be_hidden()


def test_offline_and_back_misses_nothing_and_doubles_nothing(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    alice, bruno, _ = meet(people, unique)
    alice.say("avant la coupure")
    expect(messages(bruno, "avant la coupure")).to_have_count(1)
    # Bruno can see it a moment before Alice's ack arrives: wait for the ack,
    # so that only the message written offline is pending below.
    expect(alice.page.locator("li.msg.pending")).to_have_count(0)

    alice.context.set_offline(True)
    expect(alice.page.get_by_role("status").filter(has_text="Hors ligne")).to_be_visible()
    missed = [f"pendant la coupure {n}" for n in range(1, 4)]
    for text in missed:
        bruno.say(text)
    alice.say("écrit hors ligne")  # stays pending until the network is back
    expect(alice.page.locator("li.msg.pending")).to_have_count(1)
    for text in missed:
        expect(messages(bruno, text)).to_have_count(1)
    expect(messages(alice, "pendant la coupure")).to_have_count(0)

    alice.context.set_offline(False)
    expect(alice.page.get_by_role("status").filter(has_text="Connecté")).to_be_visible()
    for text in missed:
        expect(messages(alice, text)).to_have_count(1)
    expect(messages(bruno, "écrit hors ligne")).to_have_count(1)
    expect(alice.page.locator("li.msg.pending")).to_have_count(0)
    expect(messages(alice, "écrit hors ligne")).to_have_count(1)

    texts = alice.log().locator("li.msg .text").all_inner_texts()
    start = texts.index("avant la coupure")
    assert texts[start + 1 : start + 4] == missed
    seqs = [
        int(s)
        for s in alice.log().locator("li.msg").evaluate_all("els => els.map(e => e.dataset.seq)")
    ]
    assert seqs == sorted(seqs) and len(seqs) == len(set(seqs))


PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    '<a href="javascript:alert(3)">clique</a> <b>gras</b>',
    "<svg onload=alert(4)></svg>",
]


def test_html_payloads_are_shown_as_text_and_run_nothing(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    alice, bruno, _ = meet(people, unique)
    for payload in PAYLOADS:
        alice.say(payload)
    for person in (alice, bruno):
        shown = person.log().locator("li.msg .text")
        expect(shown.filter(has_text="<svg onload=alert(4)></svg>")).to_have_count(1)
        texts = shown.all_inner_texts()
        assert texts[-len(PAYLOADS) :] == PAYLOADS
        # No element was created from the text: only the client's own markup.
        assert person.log().locator("img, script, svg, a, b").count() == 0
    # The `people` fixture fails the test on any dialog (alert) or console error.
    assert not alice.dialogs and not bruno.dialogs


def test_history_loads_on_scroll_up_without_duplicates(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    person = people()
    person.sign_up(unique("Lecteur"))
    room_name = first_room_name(person)
    rooms = person.page.evaluate("fetch('/api/v1/rooms').then(r => r.json())")
    room_id = next(r["id"] for r in rooms if r["name"] == room_name)

    answer = httpx.post(
        f"{live_server.base_url}/api/v1/session/guest",
        json={"pseudo": unique("Bavard"), "gender": "male", "age": 40, "city": "Nantes"},
    )
    token = answer.json()["token"]
    url = live_server.base_url.replace("http", "ws") + "/api/v1/ws"
    texts = [f"message numéro {n}" for n in range(1, 71)]
    with connect(url, additional_headers={"Authorization": f"Bearer {token}"}) as ws:
        ws.send(json.dumps({"type": "join", "room": room_id, "since": None}))
        for text in texts:
            ws.send(
                json.dumps(
                    {"type": "send", "room": room_id, "client_id": str(uuid.uuid4()), "text": text}
                )
            )
            while json.loads(ws.recv(timeout=10))["type"] != "ack":
                pass

    person.open_room(room_name)
    shown = person.log().locator("li.msg .text", has_text="message numéro")
    expect(shown).to_have_count(50)
    expect(shown.last).to_have_text("message numéro 70")
    person.page.locator(".scroller").evaluate("el => { el.scrollTop = 0; }")
    expect(shown).to_have_count(70)
    assert shown.all_inner_texts() == texts
