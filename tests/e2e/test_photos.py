"""Photos in private conversations in the browser (docs/media.md): one member
on a 360 px phone attaches a real JPEG carrying GPS, the other on a desktop
gets it without any metadata, blurred with its choices, then full size.

The server runs with a nudity threshold of 1 ‰, so every photo counts as
"likely nude": that is the path with the most screens (the warning before
sending, the blurred photo, show / block / report). No explicit image is
used or needed."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests import media_samples as samples
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    LiveServer,
    PeopleFactory,
    Person,
    fail_first_send,
    start_server,
    stop_server,
)
from tests.e2e.test_moderation import make_moderator
from tests.unit.test_media_pipeline import assert_clean

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("causerie-photos")
    server = start_server(
        root / "data",
        root / "server.log",
        {"CAUSERIE_IMAGE_MIN_ACCOUNT_DAYS": "0", "CAUSERIE_IMAGE_NUDITY_LIKELY": "1"},
    )
    yield server
    stop_server(server)


def private_conversation(
    people: PeopleFactory, unique: Callable[[str], str], live_server: LiveServer
) -> tuple[Person, Person]:
    """Alice (phone) and Bruno (desktop) in an accepted private conversation."""
    alice, bruno = people(viewport=PHONE), people(viewport=DESKTOP)
    alice.sign_up(unique("Alice"), city="Lyon")
    bruno.sign_up(unique("Bruno"), city="Villeurbanne", gender="male")
    live_server.trust(alice.pseudo, 1)
    live_server.trust(bruno.pseudo, 1)
    # Bruno asks from Alice's public profile: open it from the room they share.
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
    nav = alice.page.get_by_role("link", name=re.compile("Messages privés|MP"))
    nav.first.click()
    request = alice.page.get_by_role("region", name="Demandes reçues")
    request.get_by_role("button", name="Accepter").click()
    expect(alice.page.get_by_role("heading", level=1, name=bruno.pseudo)).to_be_visible()
    return alice, bruno


def test_a_photo_from_a_phone_arrives_clean_and_blurred_with_its_choices(
    people: PeopleFactory,
    unique: Callable[[str], str],
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    alice, bruno = private_conversation(people, unique, live_server)
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(samples.jpeg_with_everything(orientation=6))

    # The phone: gallery (or camera) → preview, progress, then the warning.
    camera = alice.page.locator("#photo-camera")
    expect(camera).to_have_attribute("capture", "environment")
    expect(camera).to_have_attribute("accept", "image/*")
    alice.page.set_input_files("#photo-gallery", str(photo))
    expect(alice.page.get_by_alt_text("Aperçu de ta photo")).to_be_visible()
    expect(alice.page.get_by_text("Cette photo semble dénudée")).to_be_visible(timeout=30_000)
    alice.page.get_by_label("Un mot avec la photo (facultatif)").fill("la vue d'ici")
    if os.environ.get("CAUSERIE_SCREENSHOTS") == "1":
        alice.page.screenshot(path=str(SCREENSHOTS / "photo-send-phone.png"))
    alice.page.get_by_role("button", name="Envoyer quand même").click()
    expect(alice.page.locator("li.msg.mine.pending")).to_have_count(0, timeout=15_000)
    expect(alice.page.get_by_text("Envoyée floutée")).to_be_visible()

    # The desktop: blurred, nothing fetched until Bruno chooses to see it.
    figure = bruno.page.locator("li.msg figure.photo-figure.blurred")
    expect(figure).to_have_count(1, timeout=15_000)
    expect(figure.get_by_text("Photo floutée")).to_be_visible()
    expect(figure.locator("img")).to_have_count(0)
    for choice in ("Afficher", "Bloquer", "Signaler"):
        expect(figure.get_by_role("button", name=choice)).to_be_visible()
    if os.environ.get("CAUSERIE_SCREENSHOTS") == "1":
        bruno.page.screenshot(path=str(SCREENSHOTS / "photo-blurred-desktop.png"))
    figure.get_by_role("button", name="Signaler").click()
    expect(figure.get_by_text("la photo est signalée")).to_be_visible()
    figure.get_by_role("button", name="Afficher").click()
    image = figure.locator("img")
    expect(image).to_be_visible()
    bruno.page.wait_for_function(
        "img => img.complete && img.naturalWidth === 480 && img.naturalHeight === 640",
        arg=image.element_handle(),
    )
    # Tap to view full size; a tap closes it.
    figure.get_by_role("button", name="Voir la photo en grand").click()
    viewer = bruno.page.locator("dialog.photo-viewer")
    expect(viewer).to_be_visible()
    if os.environ.get("CAUSERIE_SCREENSHOTS") == "1":
        bruno.page.screenshot(path=str(SCREENSHOTS / "photo-full-desktop.png"))
    viewer.click()
    expect(viewer).to_be_hidden()

    # The bytes the browser got: no EXIF, GPS, XMP, ICC or comment.
    src = image.get_attribute("src")
    assert src is not None
    answer = bruno.context.request.get(live_server.base_url + src)
    assert answer.status == 200
    assert_clean(answer.body())

    # Bruno's report reaches the queue: the moderator sees a blurred, grey
    # thumbnail first and reveals the photo on purpose.
    mona = people(viewport=DESKTOP)
    make_moderator(mona, live_server, unique("Mona"))
    image_id = src.rsplit("/", 1)[1]
    mona.go("/#/moderation")
    mona.page.locator(".case-row", has_text="photo").first.click()
    section = mona.page.get_by_role("region", name="La photo")
    thumb = section.get_by_role("img", name="Vignette floutée et grisée de la photo")
    expect(thumb).to_be_visible()
    assert f"/moderation/images/{image_id}/thumbnail" in (thumb.get_attribute("src") or "")
    section.get_by_role("button", name="Révéler la photo (journalisé)").click()
    expect(section.get_by_text("c'est inscrit au journal d'audit")).to_be_visible()
    expect(section.get_by_role("img", name="Photo en grand")).to_be_visible()
    if os.environ.get("CAUSERIE_SCREENSHOTS") == "1":
        mona.page.screenshot(path=str(SCREENSHOTS / "photo-moderation-desktop.png"))


def test_retrying_a_failed_photo_sends_the_photo_again(
    people: PeopleFactory,
    unique: Callable[[str], str],
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    """Réessayer on a photo that failed sends the photo (its pending text is
    only a placeholder), with its caption, and Bruno receives a photo."""
    sent: list[dict[str, Any]] = []

    alice, bruno = private_conversation(people, unique, live_server)
    alice.page.route_web_socket(
        re.compile(r"/ws"), fail_first_send(lambda frame: bool(frame.get("image")), sent)
    )
    alice.page.reload()
    expect(alice.page.get_by_role("heading", level=1, name=bruno.pseudo)).to_be_visible()
    sent.clear()
    photo = tmp_path / "vue.jpg"
    photo.write_bytes(samples.plain_jpeg())
    alice.page.set_input_files("#photo-gallery", str(photo))
    alice.page.get_by_label("Un mot avec la photo (facultatif)").fill("la vue d'ici")
    send = alice.page.get_by_role("button", name=re.compile("Envoyer la photo|Envoyer quand même"))
    expect(send).to_be_enabled(timeout=30_000)
    send.click()
    retry = alice.page.get_by_role("button", name="Réessayer")
    expect(retry).to_be_visible()
    retry.click()
    expect(alice.page.get_by_role("button", name="Réessayer")).to_have_count(0)
    photos = [f for f in sent if f.get("type") == "send"]
    assert len(photos) == 2, photos
    assert photos[1]["image"] == photos[0]["image"]
    assert photos[1]["text"] == "la vue d'ici"
    expect(bruno.page.locator("li.msg figure.photo-figure")).to_have_count(1, timeout=15_000)
