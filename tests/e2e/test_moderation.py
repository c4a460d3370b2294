"""A report going through the moderation queue to a sanction, the statement
of reasons the sanctioned person sees, an appeal decided by a second
moderator, and the notices of everyone involved. Also the age attestation
("double anonymat") in front of an adult-only room."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, LiveServer, PeopleFactory, Person, assert_fits_width
from tests.e2e.test_room import meet, messages

pytestmark = pytest.mark.browser

RULE = "Règle 2 — pas de harcèlement"
FACTS = "Insultes répétées envers un membre du salon"


def make_moderator(person: Person, live_server: LiveServer, pseudo: str) -> None:
    person.sign_up(pseudo, city="Lyon")
    live_server.role(pseudo, "moderator")
    person.page.reload()  # the role comes with GET /me
    person.page.get_by_role("link", name="Modération").click()
    expect(person.page.get_by_role("heading", level=1, name="Modération")).to_be_visible()


def test_report_queue_sanction_statement_of_reasons_and_appeal(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    rita, omar, _ = meet(people, unique)
    # Signed by its author: other tests on this shared server say it too.
    rude = f"franchement ton avis ne vaut rien, tais-toi (de {omar.pseudo})"
    omar.say(rude)
    expect(messages(rita, rude)).to_have_count(1, timeout=20_000)

    # Rita reports the message from the profile card it opens.
    rita.log().locator("li.msg", has_text=rude).get_by_role("button", name=omar.pseudo).click()
    card = rita.page.get_by_role("dialog")
    card.get_by_role("button", name="Signaler").click()
    expect(card.get_by_role("heading", name="Signaler ce message")).to_be_visible()
    card.get_by_role("button", name="Envoyer le signalement").click()
    expect(card.get_by_text("Choisis le motif qui correspond le mieux.")).to_be_visible()
    card.get_by_label("Motif").select_option(label="Harcèlement")
    card.get_by_label("Précisions (facultatif)").fill("Il m'insulte depuis tout à l'heure")
    card.get_by_role("button", name="Envoyer le signalement").click()
    expect(card.get_by_role("status")).to_contain_text("Ton signalement est reçu")
    rita.page.keyboard.press("Escape")

    # A moderator finds it in the queue, with a severity badge.
    mona = people()
    make_moderator(mona, live_server, unique("Mona"))
    expect(
        mona.page.get_by_text(re.compile(r"Journal d'audit intact \(\d+ entrées\)"))
    ).to_be_visible()
    row = (
        mona.page.get_by_role("link")
        .filter(has_text="Harcèlement")
        .filter(has_text="Signalement · message")
        .first
    )
    expect(row.locator(".severity")).to_have_text("Moyenne")
    row.click()

    # The case: the content, its context, the report, the account's history.
    case = mona.page.locator(".case")
    expect(case.get_by_role("heading", level=1)).to_have_text(re.compile("Signalement · message"))
    content = case.get_by_role("region", name="Contenu signalé")
    expect(content).to_contain_text(rude)
    expect(content).to_contain_text(omar.pseudo)
    expect(case.get_by_role("region", name="Signalements")).to_contain_text(
        "Il m'insulte depuis tout à l'heure"
    )
    history = case.get_by_role("region", name="Historique du compte")
    expect(history).to_contain_text(omar.pseudo)
    expect(history).to_contain_text("Sanctions : aucun")

    # The decision needs a rule and facts: they make the statement of reasons.
    form = case.get_by_role("region", name="Décider")
    form.get_by_label("Décision").select_option(label="Suspendre")
    form.get_by_role("button", name="Appliquer").click()
    expect(form.get_by_text("Ce champ est obligatoire.").first).to_be_visible()
    form.get_by_label("Règle appliquée").fill(RULE)
    form.get_by_label("Les faits").fill(FACTS)
    form.get_by_label("Durée (heures)").fill("24")
    form.get_by_role("button", name="Appliquer").click()
    expect(case.get_by_role("status")).to_have_text("Décision enregistrée : Suspendre.")
    expect(case.locator(".case-head")).to_contain_text("Fermé")

    # Omar, in the room, is shown at once why and how to appeal.
    page = omar.page
    expect(page.get_by_role("heading", level=1, name="Ton compte est suspendu")).to_be_visible()
    notice = page.locator("article.notice-card.sanction")
    expect(notice.get_by_role("heading")).to_have_text("Décision de modération")
    expect(notice).to_contain_text(FACTS)
    expect(notice).to_contain_text(RULE)
    # Nothing else is offered to a suspended account, but its own data:
    # export and erasure stay rights (invariant 10).
    page.goto(omar.base_url + "/#/")
    expect(page).to_have_url(re.compile("#/suspended$"))
    my_data = page.locator("section.my-data")
    expect(my_data.get_by_role("button", name="Télécharger mes données")).to_be_visible()
    notice.get_by_role("button", name="Faire appel").click()
    notice.get_by_label("Pourquoi contestes-tu cette décision ?").fill(
        "Je répondais à une provocation, je m'excuse."
    )
    notice.get_by_role("button", name="Envoyer mon appel").click()
    expect(notice.get_by_role("status")).to_contain_text("Ton appel est reçu")

    # The appeal waits in its own queue, for another moderator: the one who
    # decided never sees it there (separation of duties).
    max_ = people(viewport=PHONE)
    make_moderator(max_, live_server, unique("Max"))
    assert_fits_width(max_)
    max_.page.get_by_role("link", name="Appels").click()
    # Other tests share this server: Omar's appeal is found by his id.
    omar_id = omar.page.evaluate("fetch('/api/v1/me').then((r) => r.json())")["id"]
    queue = max_.page.evaluate(
        "fetch('/api/v1/moderation/cases?status=open&kind=appeal').then((r) => r.json())"
    )
    (appeal_id,) = [c["id"] for c in queue if c["subject_id"] == omar_id]
    appeal_url = f"#/moderation/case/{appeal_id}"
    appeal_row = max_.page.locator(f'.case-row[href="{appeal_url}"]')
    expect(appeal_row).to_contain_text("Appel")
    mona.page.get_by_role("link", name="File de modération").click()
    mona.page.get_by_role("link", name="Appels").click()
    expect(mona.page.locator(".moderation .case-list, .moderation .empty").first).to_be_visible()
    expect(mona.page.locator(f'.case-row[href="{appeal_url}"]')).to_have_count(0)
    # A second moderator, on a phone, grants it.
    appeal_row.click()
    appeal = max_.page.get_by_role("region", name="L'appel", exact=True)
    expect(appeal).to_contain_text("Je répondais à une provocation")
    expect(appeal).to_contain_text("Suspendre")
    assert_fits_width(max_)
    decide = max_.page.get_by_role("region", name="Décider de l'appel")
    decide.get_by_label("Décision").select_option(label="Accepter l'appel (lever la décision)")
    decide.get_by_label("Règle appliquée").fill(RULE)
    decide.get_by_label("Les faits").fill("Provocation établie, excuses présentées")
    decide.get_by_role("button", name="Appliquer").click()
    expect(max_.page.get_by_role("status")).to_contain_text("Décision enregistrée")
    assert_fits_width(max_)

    # Omar has his account back and the decision on his appeal.
    page.reload()
    expect(page.get_by_role("heading", name=f"Salut {omar.pseudo} !")).to_be_visible()
    bell = page.get_by_role("link", name=re.compile("^Notifications"))
    expect(bell.locator(".badge")).to_have_text("1")
    bell.click()
    outcome = page.locator("article.notice-card.appeal_outcome")
    expect(outcome).to_contain_text("Provocation établie")
    expect(bell.locator(".badge")).to_be_hidden()

    # Rita is told what happened to her report.
    rita.page.reload()
    rita.page.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(rita.page.locator("article.notice-card.report_outcome")).to_contain_text("signalement")


def test_moderation_pages_are_for_moderators_only(
    people: PeopleFactory, unique: Callable[[str], str]
) -> None:
    someone = people()
    someone.sign_up(unique("Sam"))
    expect(someone.page.get_by_role("link", name="Modération")).to_have_count(0)
    someone.go("/#/moderation")
    expect(someone.page).to_have_url(re.compile("#/$"))


def test_adult_room_asks_for_a_double_blind_age_check(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> None:
    nina = people(viewport=PHONE)
    nina.sign_up(unique("Nina"), age=30)
    room = nina.page.locator(".room-card", has=nina.page.locator(".tag.warn")).first
    name = room.locator(".room-name").inner_text()
    room.click()
    panel = nina.page.get_by_role("region", name="Vérification d'âge en double anonymat")
    expect(panel).to_contain_text("Le vérificateur ne sait pas quel site le lui demande")
    expect(panel).to_contain_text("Causerie ne sait pas qui tu es")
    expect(nina.page.get_by_label("Ton message")).to_be_hidden()
    assert_fits_width(nina)

    panel.get_by_role("button", name="Obtenir mon code").click()
    code = panel.get_by_label("Ton code à usage unique")
    nonce = code.input_value()
    assert len(nonce) >= 16

    # A wrong token is refused with the server's reason.
    panel.get_by_label("Réponse du vérificateur").fill("pas.un.jeton")
    panel.get_by_role("button", name="Valider").click()
    expect(panel.get_by_role("alert")).to_be_visible()

    token = live_server.attest(nonce, over_18=True)
    panel.get_by_label("Réponse du vérificateur").fill(token)
    panel.get_by_role("button", name="Valider").click()
    expect(panel.get_by_role("status")).to_have_text("C'est fait : ton âge est vérifié.")
    expect(nina.page.get_by_role("heading", level=1, name=name)).to_be_visible()
    expect(nina.page.get_by_role("status").filter(has_text="Connecté")).to_be_visible()
    nina.say("Bonsoir")
    expect(messages(nina, "Bonsoir")).to_have_count(1)
    expect(nina.page.locator("li.msg.pending")).to_have_count(0)
