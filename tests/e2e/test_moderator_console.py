"""The moderator console on a 360 px phone (issue 16, item 9): a report and
a held message of one incident are one case; the queue row names the
person and quotes them; each signal says in words which message it fired
on; the rule comes from the catalogue and the notice cites it, once; an
appeal reduces a ban to a 7-day suspension and the member's page follows.

The incident is set up through the API (the author and the reporter are
bots): what is under test is the console and the member's pages."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect
from websockets.sync.client import connect

from tests.e2e.conftest import PHONE, LiveServer, PeopleFactory, Person, assert_fits_width

pytestmark = pytest.mark.browser

RUDE = "franchement ton avis ne vaut rien, tais-toi"
HELD = "je vais te tuer"
RULE_FR = "Pas de harcèlement ni d'insultes envers une personne"


def guest(live_server: LiveServer, pseudo: str) -> dict[str, Any]:
    answer = httpx.post(
        f"{live_server.base_url}/api/v1/session/guest",
        json={"pseudo": pseudo, "gender": "male", "age": 31, "city": "Lyon"},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def said(live_server: LiveServer, token: str, room: str, text: str) -> dict[str, Any]:
    """Sends ``text`` to ``room``; the server's answer (ack or error frame)."""
    url = live_server.base_url.replace("http", "ws") + "/api/v1/ws"
    with connect(url, additional_headers={"Authorization": f"Bearer {token}"}) as ws:
        ws.send(json.dumps({"type": "join", "room": room, "since": None}))
        frame = {"type": "send", "room": room, "client_id": str(uuid.uuid4()), "text": text}
        ws.send(json.dumps(frame))
        while True:
            answer: dict[str, Any] = json.loads(ws.recv(timeout=10))
            if answer["type"] in ("ack", "error"):
                return answer


def moderator(people: PeopleFactory, live_server: LiveServer, pseudo: str) -> Person:
    person = people(viewport=PHONE)
    person.sign_up(pseudo)
    live_server.role(pseudo, "moderator")
    person.page.reload()  # the role comes with GET /me
    return person


def test_one_case_per_incident_rules_and_an_appeal_that_reduces_a_ban(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    omar, rita = guest(live_server, unique("Omar")), guest(live_server, unique("Rita"))
    auth = {"Authorization": f"Bearer {omar['token']}"}
    rooms = httpx.get(f"{live_server.base_url}/api/v1/rooms", headers=auth, timeout=10).json()
    room = next(r["id"] for r in rooms if r["requires"] is None)
    posted = said(live_server, omar["token"], room, RUDE)
    assert posted["type"] == "ack"
    assert said(live_server, omar["token"], room, HELD)["code"] == "held_for_review"
    reported = httpx.post(
        f"{live_server.base_url}/api/v1/reports",
        headers={"Authorization": f"Bearer {rita['token']}"},
        json={"target_type": "message", "target_id": posted["id"], "reason": "harassment"},
        timeout=10,
    )
    assert reported.status_code == 201, reported.text
    pseudo = omar["user"]["pseudo"]

    # The queue, on a phone: one row for the incident, with who and what.
    mona = moderator(people, live_server, unique("Mona"))
    mona.go("/#/moderation")
    row = mona.page.locator(".case-row", has_text=pseudo)
    expect(row).to_have_count(1)
    # The excerpt is the first source's words: the held message came first.
    expect(row).to_contain_text(f"« {HELD} »")
    expect(row.locator(".tag.sources")).to_have_text("2 sources")
    expect(row.locator(".severity")).to_have_text("Moyenne")
    assert_fits_width(mona)
    row.click()

    # The case: its two sources, the conversation with both messages
    # flagged, and each signal in words pointing at its message.
    case = mona.page.locator(".case")
    sources = case.get_by_role("region", name="Sources du dossier")
    expect(sources.locator("li")).to_have_count(2)
    expect(sources).to_contain_text("Signalement · Harcèlement · Personne ayant signalé n° 1")
    expect(sources).to_contain_text("Message retenu par le filtre")
    conversation = case.get_by_role("region", name="Conversation")
    flagged = conversation.locator("li.flagged")
    expect(flagged).to_have_count(2)
    expect(flagged.first).to_contain_text(RUDE)
    expect(flagged.last).to_contain_text(HELD)
    expect(flagged.last).to_contain_text("retenu, jamais distribué")
    signals = case.get_by_role("region", name="Signaux")
    threat = signals.locator("li.signal", has_text="Menace")
    expect(threat).to_contain_text(f"sur le message de {pseudo} :")
    expect(threat.locator("q")).to_have_text(HELD)
    threat.get_by_role("link", name="Voir le message").click()
    expect(flagged.last).to_be_focused()
    assert_fits_width(mona)

    # The decision cites a rule of the catalogue; it is suggested for harassment.
    form = case.get_by_role("region", name="Décider")
    form.get_by_label("Décision").select_option(label="Bannir")
    form.get_by_label("Règle", exact=True).select_option(label=f"1. {RULE_FR} (suggérée)")
    expect(form.get_by_label("Règle appliquée")).to_be_hidden()
    form.get_by_label("Les faits").fill("Insultes, puis une menace de mort retenue par le filtre")
    form.get_by_role("button", name="Appliquer").click()
    expect(case.get_by_role("status")).to_have_text("Décision enregistrée : Bannir.")
    expect(case.get_by_role("region", name="Décisions déjà prises")).to_contain_text(
        f"Règle 1 — {RULE_FR}"
    )

    # Omar, on his phone, reads the decision: each thing said once.
    page = people(viewport=PHONE)
    page.context.add_cookies(
        [
            {"name": "causerie_session", "value": omar["token"], "url": live_server.base_url},
            {
                "name": "causerie_csrf",
                "value": omar.get("csrf_token", ""),
                "url": live_server.base_url,
            },
        ]
    )
    page.go("/#/")
    expect(page.page).to_have_url(re.compile("#/suspended$"))
    expect(page.page.get_by_role("heading", level=1)).to_have_text("Ton compte est banni")
    notice = page.page.locator("article.notice-card.sanction")
    expect(notice.locator(".notice-text")).to_have_text("Ton compte est banni.")
    card = notice.inner_text()
    assert card.count(f"Règle 1 — {RULE_FR}") == 1
    assert card.count("menace de mort retenue") == 1
    assert card.lower().count("fais appel") + card.count("faire appel de cette") == 1
    assert_fits_width(page)
    notice.get_by_role("button", name="Faire appel").click()
    notice.get_by_label("Pourquoi contestes-tu cette décision ?").fill(
        "Je me suis emporté, je ne menaçais personne pour de vrai."
    )
    notice.get_by_role("button", name="Envoyer mon appel").click()
    expect(notice.get_by_role("status")).to_contain_text("Ton appel est reçu")
    expect(page.page.locator(".suspended .appeal-state")).to_have_text(
        re.compile("Ton appel est en cours d'examen")
    )

    # A second moderator reduces the ban to a 7-day suspension.
    max_ = moderator(people, live_server, unique("Max"))
    max_.go("/#/moderation/appeals")
    max_.page.locator(".case-row", has_text=pseudo).click()
    decide = max_.page.get_by_role("region", name="Décider de l'appel")
    decide.get_by_label("Décision").select_option(label="Accepter en partie (réduire la sanction)")
    decide.get_by_label("Nouvelle sanction").select_option(label="Suspendre")
    decide.get_by_label("Durée (jours)").fill("7")
    decide.get_by_label("Règle", exact=True).select_option(label=f"1. {RULE_FR} (suggérée)")
    decide.get_by_label("Les faits").fill("Première fois ; une semaine suffit.")
    assert_fits_width(max_)
    decide.get_by_role("button", name="Appliquer").click()
    expect(max_.page.get_by_role("status")).to_contain_text("Décision enregistrée")

    # Omar's page follows, without a reload: suspended now, until a date.
    expect(page.page.get_by_role("heading", level=1)).to_have_text(
        "Ton compte est suspendu", timeout=30_000
    )
    expect(page.page.locator(".suspended .until")).to_be_visible()
    # The deadline says its time zone, as the statement of reasons does.
    expect(page.page.locator(".suspended .until")).to_contain_text(re.compile(r"UTC|GMT"))
    expect(page.page.locator(".suspended .appeal-state")).to_have_text(
        "Ton appel a abouti en partie : les détails sont ci-dessous."
    )
    outcome = page.page.locator("article.notice-card.appeal_outcome")
    expect(outcome.locator(".notice-text")).to_contain_text("réduite à une suspension jusqu'au")
    expect(notice.locator(".appeal-state")).to_have_text("Sanction réduite en appel")
    assert_fits_width(page)
