"""Photos in private conversations through the real API (docs/media.md),
on SQLite and PostgreSQL: who may send, the clean bytes, refusals, known
images, nudity, reports and the moderators' audited reveal."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from causerie.adapters.media_images import process_image
from causerie.adapters.media_pool import PipelineLimits
from causerie.domain.media import ProcessedImage
from causerie.services.media import import_hashes
from causerie.transport.http.images import MAX_IMAGE_BYTES
from causerie.transport.limits import body_limit_for
from tests import harness
from tests import media_samples as samples
from tests.api.moderation_helpers import case_for, report
from tests.harness import Member, Server, live_server, signup, staff
from tests.media_s3 import moto_url
from tests.support.clock import FakeClock
from tests.unit.test_media_pipeline import assert_clean

CONV = "/api/v1/conversations"
__all__ = ["moto_url"]  # the fixture, used by name


@pytest.fixture
async def server(tmp_path: Path, migrated_database_url: str) -> AsyncIterator[Server]:
    # Account age is its own test: here fresh test accounts may send.
    settings = harness.test_settings(tmp_path, migrated_database_url, image_min_account_days=0)
    async with live_server(settings) as live:
        yield live


async def friends(
    server: Server, *, age_a: int = 30, age_b: int = 30
) -> tuple[Member, Member, str]:
    """Two members in an accepted private conversation."""
    alice = await signup(server, trust=1, age=age_a)
    bob = await signup(server, trust=1, age=age_b)
    asked = await alice.http.post(CONV, json={"user_id": bob.id, "text": "Salut !"})
    assert asked.status_code == 201, asked.text
    room = str(asked.json()["id"])
    assert (await bob.http.post(f"{CONV}/{room}/accept")).status_code == 200
    return alice, bob, room


async def upload(member: Member, room: str, data: bytes, name: str = "photo.jpg") -> Any:
    return await member.http.post(
        f"{CONV}/{room}/images", files={"file": (name, data, "image/jpeg")}
    )


async def test_two_friends_exchange_a_photo_with_every_metadata_block_gone(
    server: Server,
) -> None:
    await exchange(server)


async def test_the_same_exchange_over_s3(
    tmp_path: Path, migrated_database_url: str, moto_url: str
) -> None:
    settings = harness.test_settings(
        tmp_path,
        migrated_database_url,
        image_min_account_days=0,
        image_store="s3",
        image_s3_endpoint=moto_url,
        image_s3_bucket=f"api-{tmp_path.name.lower().replace('_', '-')}"[:60],
        image_s3_access_key="test",
        image_s3_secret_key="test",
    )
    async with live_server(settings) as live:
        await exchange(live)
        # The bytes really are in the bucket, not on disk.
        assert not (tmp_path / "images").exists()


async def exchange(server: Server) -> None:
    alice, bob, room = await friends(server)
    carol = await signup(server, trust=1)
    sent = await upload(alice, room, samples.jpeg_with_everything(orientation=6))
    assert sent.status_code == 201, sent.text
    image = sent.json()
    assert image["content_type"] == "image/jpeg"
    assert (image["width"], image["height"]) == (480, 640)  # orientation applied
    assert image["nudity"] == "low" and image["blurred"] is False

    # Not sent yet: only its uploader can preview it.
    assert (await alice.http.get(f"/api/v1/images/{image['id']}")).status_code == 200
    assert (await bob.http.get(f"/api/v1/images/{image['id']}")).status_code == 404

    bob_ws = await bob.ws()
    await bob_ws.join(room)
    alice_ws = await alice.ws()
    await alice_ws.join(room)
    await alice_ws.send(
        {"type": "send", "room": room, "client_id": "p1", "image": image["id"], "text": "regarde"}
    )
    ack = await alice_ws.expect("ack")
    frame = await bob_ws.expect("message")
    assert frame["id"] == ack["id"] and frame["text"] == "regarde"
    assert frame["image"] == {"id": image["id"], "width": 480, "height": 640, "blurred": False}

    got = await bob.http.get(f"/api/v1/images/{image['id']}")
    assert got.status_code == 200 and got.headers["content-type"] == "image/jpeg"
    assert_clean(got.content)
    assert Image.open(io.BytesIO(got.content)).size == (480, 640)
    # Anyone else: as if it did not exist.
    assert (await carol.http.get(f"/api/v1/images/{image['id']}")).status_code == 404
    assert (await carol.http.get("/api/v1/images/nope")).status_code == 404

    # The same image cannot be attached twice; a photo alone needs no text.
    await alice_ws.send({"type": "send", "room": room, "client_id": "p2", "image": image["id"]})
    assert (await alice_ws.expect("error"))["code"] == "conflict"
    second = (await upload(alice, room, samples.plain_jpeg(seed=3))).json()
    await alice_ws.send({"type": "send", "room": room, "client_id": "p3", "image": second["id"]})
    await alice_ws.expect("ack")
    alone = await bob_ws.expect("message")
    assert alone["text"] == "" and alone["image"]["id"] == second["id"]

    # History (a fresh join) carries the image too; text frames have no key.
    replay, _ = await (await bob.ws()).join(room, since=0)
    assert "image" not in replay[0]
    assert replay[1]["image"]["id"] == image["id"]


@pytest.mark.parametrize(
    ("data", "name", "status", "code"),
    [
        (samples.SVG, "drawing.svg", 415, "unsupported_type"),
        (samples.HTML, "innocent.jpg", 415, "unsupported_type"),
        (samples.jpeg_plus_zip(), "photo.jpg", 422, "invalid_image"),
        (samples.jpeg_plus_html(), "photo.jpg", 422, "invalid_image"),
        (samples.truncated_jpeg(), "photo.jpg", 422, "invalid_image"),
        (samples.png_bomb(), "bomb.png", 422, "invalid_image"),
    ],
    ids=["svg", "html-named-jpg", "jpeg+zip", "jpeg+html", "truncated", "bomb"],
)
async def test_hostile_uploads_are_refused(
    server: Server, data: bytes, name: str, status: int, code: str
) -> None:
    alice, _, room = await friends(server)
    refused = await upload(alice, room, data, name)
    assert refused.status_code == status, refused.text
    assert refused.json()["code"] == code
    assert refused.headers["content-type"].startswith("application/problem+json")


async def test_size_caps(server: Server) -> None:
    alice, _, room = await friends(server)
    # The edge refuses bigger requests before reading them (transport/limits.py,
    # tested there); this route's limit leaves room for the file cap.
    assert body_limit_for("POST", f"{CONV}/{room}/images") > MAX_IMAGE_BYTES
    assert body_limit_for("POST", f"{CONV}/{room}") < MAX_IMAGE_BYTES
    # Under the edge limit but over the file cap.
    big = await upload(alice, room, b"\xff\xd8" + b"\x00" * (10 * 1024 * 1024 + 10))
    assert big.status_code == 413 and big.json()["code"] == "too_large"


async def test_who_may_send(server: Server) -> None:
    alice, bob, room = await friends(server)
    # Public rooms: no photos (not a conversation).
    public = (await alice.http.get("/api/v1/rooms")).json()[0]["id"]
    assert (await upload(alice, public, samples.plain_jpeg())).status_code == 404
    # Not a member: 404.
    carol = await signup(server, trust=1)
    assert (await upload(carol, room, samples.plain_jpeg())).status_code == 404
    # A request not yet accepted: no photos.
    dave = await signup(server, trust=1)
    asked = await alice.http.post(CONV, json={"user_id": dave.id, "text": "Bonjour"})
    pending = await upload(alice, str(asked.json()["id"]), samples.plain_jpeg())
    assert pending.status_code == 403 and pending.json()["code"] == "not_allowed"
    # The recipient turned photos off.
    off = await bob.http.patch("/api/v1/me", json={"accept_images": False})
    assert off.status_code == 200 and off.json()["accept_images"] is False
    refused = await upload(alice, room, samples.plain_jpeg())
    assert refused.status_code == 403 and refused.json()["code"] == "not_allowed"
    assert "photo" in refused.json()["detail"]
    await bob.http.patch("/api/v1/me", json={"accept_images": True})
    assert (await upload(alice, room, samples.plain_jpeg())).status_code == 201
    # Trust level 0: not yet.
    await harness.set_trust(server, alice.id, 0)
    low = await upload(alice, room, samples.plain_jpeg())
    assert low.status_code == 403 and low.json()["code"] == "trust_required"


async def test_teens_receive_no_photos_until_they_turn_them_on(server: Server) -> None:
    ado, ami, room = await friends(server, age_a=16, age_b=16)
    me = (await ami.http.get("/api/v1/me")).json()
    assert me["accept_images"] is False
    refused = await upload(ado, room, samples.plain_jpeg())
    assert refused.status_code == 403 and refused.json()["code"] == "not_allowed"
    await ami.http.patch("/api/v1/me", json={"accept_images": True})
    assert (await upload(ado, room, samples.plain_jpeg())).status_code == 201


async def test_new_accounts_wait(tmp_path: Path, migrated_database_url: str) -> None:
    async with live_server(harness.test_settings(tmp_path, migrated_database_url)) as live:
        alice, _, room = await friends(live)
        refused = await upload(alice, room, samples.plain_jpeg())
        assert refused.status_code == 403 and refused.json()["code"] == "trust_required"


async def test_rate_limit_per_account(tmp_path: Path, migrated_database_url: str) -> None:
    settings = harness.test_settings(
        tmp_path, migrated_database_url, image_min_account_days=0, images_per_user=(2, 3600.0)
    )
    async with live_server(settings) as live:
        alice, _, room = await friends(live)
        for _ in range(2):
            assert (await upload(alice, room, samples.plain_jpeg())).status_code == 201
        limited = await upload(alice, room, samples.plain_jpeg())
        assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"


def pdq_of(data: bytes) -> str:
    result = process_image(data, PipelineLimits())
    assert isinstance(result, ProcessedImage)
    return result.pdq


async def test_a_known_image_is_refused_and_opens_a_critical_case(server: Server) -> None:
    alice, bob, room = await friends(server)
    moderator = await staff(server)
    known = samples.plain_jpeg(seed=9)
    # A near copy (scaled, re-encoded) is what an operator's hash list would know.
    near = io.BytesIO()
    samples.scene(seed=9).resize((400, 300)).save(near, format="JPEG", quality=70)
    deps = server.app.state.deps
    await import_hashes(deps.uow, deps.clock.now(), [pdq_of(near.getvalue())], "test-list")
    refused = await upload(alice, room, known)
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "blocked_by_filter"
    assert refused.json()["reasons"] == ["known_image"]
    cases = [
        c
        for c in (await moderator.http.get("/api/v1/moderation/cases")).json()
        if c["target"]["type"] == "image"
    ]
    assert len(cases) == 1 and cases[0]["severity"] == "critical"
    assert cases[0]["reasons"] == ["known_image"] and cases[0]["subject_id"] == alice.id
    # Never shown to members; moderators see it blurred first.
    image_id = cases[0]["target"]["id"]
    assert (await alice.http.get(f"/api/v1/images/{image_id}")).status_code == 404
    assert (await bob.http.get(f"/api/v1/images/{image_id}")).status_code == 404
    thumb = await moderator.http.get(f"/api/v1/moderation/images/{image_id}/thumbnail")
    assert thumb.status_code == 200
    assert Image.open(io.BytesIO(thumb.content)).mode == "L"
    # An unrelated image still goes through.
    assert (await upload(alice, room, samples.plain_jpeg(seed=2))).status_code == 201


async def likely_nude_server(tmp_path: Path, migrated_database_url: str) -> Any:
    # No explicit image is needed (or wanted) in a test suite: the threshold
    # is the setting, so at 1 ‰ every photo counts as "likely nude" and the
    # policy around the model is what is tested here.
    settings = harness.test_settings(
        tmp_path, migrated_database_url, image_min_account_days=0, image_nudity_likely=1
    )
    return live_server(settings)


async def test_likely_nude_between_adults_arrives_blurred(
    tmp_path: Path, migrated_database_url: str
) -> None:
    async with await likely_nude_server(tmp_path, migrated_database_url) as live:
        alice, bob, room = await friends(live)
        sent = (await upload(alice, room, samples.plain_jpeg())).json()
        assert sent["nudity"] == "likely" and sent["blurred"] is True  # the sender is warned
        bob_ws = await bob.ws()
        await bob_ws.join(room)
        alice_ws = await alice.ws()
        await alice_ws.join(room)
        await alice_ws.send({"type": "send", "room": room, "client_id": "n1", "image": sent["id"]})
        await alice_ws.expect("ack")
        frame = await bob_ws.expect("message")
        assert frame["image"]["blurred"] is True
        # The recipient may still choose to look.
        assert (await bob.http.get(f"/api/v1/images/{sent['id']}")).status_code == 200


async def test_likely_nude_never_reaches_a_minor(
    tmp_path: Path, migrated_database_url: str
) -> None:
    async with await likely_nude_server(tmp_path, migrated_database_url) as live:
        moderator = await staff(live)
        ado, ami, room = await friends(live, age_a=16, age_b=17)
        await ami.http.patch("/api/v1/me", json={"accept_images": True})
        sent = (await upload(ado, room, samples.plain_jpeg())).json()
        assert sent["nudity"] == "likely"
        ami_ws = await ami.ws()
        await ami_ws.join(room)
        ado_ws = await ado.ws()
        await ado_ws.join(room)
        await ado_ws.send({"type": "send", "room": room, "client_id": "h1", "image": sent["id"]})
        error = await ado_ws.expect("error")
        assert error["code"] == "held_for_review" and error["reasons"] == ["nudity"]
        # Nothing arrived: the next frame the friend gets is the next text.
        await ado_ws.send_text(room, "pardon", "h2")
        assert "image" not in await ami_ws.expect("message")
        assert (await ami.http.get(f"/api/v1/images/{sent['id']}")).status_code == 404
        case = await case_for(moderator, sent["id"])
        assert case["severity"] == "high" and case["reasons"] == ["nudity_minor"]


async def test_reports_target_an_image_and_the_reveal_is_audited(server: Server) -> None:
    alice, bob, room = await friends(server)
    moderator = await staff(server)
    data = samples.plain_jpeg(seed=4)
    sent = (await upload(alice, room, data)).json()
    ws = await alice.ws()
    await ws.join(room)
    await ws.send({"type": "send", "room": room, "client_id": "r1", "image": sent["id"]})
    await ws.expect("ack")
    # No case about the photo yet: staff cannot browse a private photo.
    image_id = sent["id"]
    for path in (
        f"/api/v1/images/{image_id}",
        f"/api/v1/moderation/images/{image_id}/thumbnail",
    ):
        assert (await moderator.http.get(path)).status_code == 404, path
    unasked = await moderator.http.post(f"/api/v1/moderation/images/{image_id}/reveal")
    assert unasked.status_code == 404
    # Only someone who can see it may report it.
    carol = await signup(server, trust=1)
    assert (await report(carol, "image", sent["id"], "sexual_content")).status_code == 404
    filed = await report(bob, "image", sent["id"], "sexual_content")
    assert filed.status_code == 201, filed.text
    case = await case_for(moderator, sent["id"])
    assert case["target"]["type"] == "image"
    # Members cannot use the moderators' routes.
    assert (await bob.http.post(f"/api/v1/moderation/images/{sent['id']}/reveal")).status_code in (
        403,
        404,
    )
    before = await audit_actions(server)
    revealed = await moderator.http.post(f"/api/v1/moderation/images/{sent['id']}/reveal")
    assert revealed.status_code == 200
    assert_clean(revealed.content)
    after = await audit_actions(server)
    assert after[len(before) :] == [("image.reveal", f"image:{sent['id']}")]
    deps = server.app.state.deps
    async with deps.uow() as uow:
        reveal = [e for e in await uow.audit.entries() if e.action == "image.reveal"][-1]
    assert reveal.payload["case"] == case["id"]  # the reveal names the report's case
    # Confirmed: blocked, and every later copy is refused at upload.
    confirmed = await moderator.http.post(f"/api/v1/moderation/images/{sent['id']}/confirm")
    assert confirmed.json()["state"] == "blocked"
    assert (await bob.http.get(f"/api/v1/images/{sent['id']}")).status_code == 404
    again = await upload(alice, room, data)
    assert again.status_code == 422 and again.json()["reasons"] == ["known_image"]


async def audit_actions(server: Server) -> list[tuple[str, str]]:
    deps = server.app.state.deps
    async with deps.uow() as uow:
        entries = await uow.audit.entries()
    return [(e.action, e.subject) for e in entries]


async def send_image(member: Member, room: str, image_id: str, client_id: str) -> None:
    ws = await member.ws()
    await ws.join(room)
    await ws.send({"type": "send", "room": room, "client_id": client_id, "image": image_id})
    await ws.expect("ack")


async def test_export_lists_uploads_and_erasure_removes_them_except_evidence(
    server: Server,
) -> None:
    from tests.api.test_privacy import erase, export

    alice, bob, room = await friends(server)
    kept = (await upload(alice, room, samples.plain_jpeg(seed=31))).json()
    reported = (await upload(alice, room, samples.plain_jpeg(seed=32))).json()
    await send_image(alice, room, kept["id"], "e1")
    await send_image(alice, room, reported["id"], "e2")
    assert (await report(bob, "image", reported["id"], "harassment")).status_code == 201

    _, data = await export(alice)
    assert {(i["id"], i["state"]) for i in data["images"]} == {
        (kept["id"], "sent"),
        (reported["id"], "sent"),
    }
    _, theirs = await export(bob)
    assert theirs["images"] == []

    store = server.app.state.deps.media.store
    keys = await storage_keys(server, [kept["id"], reported["id"]])
    assert all([await store.get(k) is not None for k in keys.values()])
    assert (await erase(alice)).status_code == 204
    # Gone like the text of the messages...
    assert (await bob.http.get(f"/api/v1/images/{kept['id']}")).status_code == 404
    assert await store.get(keys[kept["id"]]) is None
    # ...except the reported one, evidence under legal hold.
    assert await store.get(keys[reported["id"]]) is not None


async def storage_keys(server: Server, image_ids: list[str]) -> dict[str, str]:
    deps = server.app.state.deps
    found: dict[str, str] = {}
    async with deps.uow() as uow:
        for image_id in image_ids:
            image = await uow.media.get(image_id)
            if image is not None:
                found[image_id] = image.storage_key
    return found


async def test_unsent_uploads_are_not_kept(server: Server) -> None:
    deps = server.app.state.deps
    real = deps.clock
    alice, _, room = await friends(server)
    first = (await upload(alice, room, samples.plain_jpeg(seed=41))).json()
    keys = await storage_keys(server, [first["id"]])
    deps.clock = FakeClock.shifted(hours=25)
    try:
        assert (await upload(alice, room, samples.plain_jpeg(seed=42))).status_code == 201
    finally:
        deps.clock = real
    assert await storage_keys(server, [first["id"]]) == {}
    assert await deps.media.store.get(keys[first["id"]]) is None


async def test_a_photo_the_bank_learns_of_after_upload_is_refused_at_send(
    server: Server,
) -> None:
    alice, bob, room = await friends(server)
    moderator = await staff(server)
    data = samples.plain_jpeg(seed=51)
    sent = (await upload(alice, room, data)).json()
    deps = server.app.state.deps
    await import_hashes(deps.uow, deps.clock.now(), [pdq_of(data)], "late-list")
    bob_ws = await bob.ws()
    await bob_ws.join(room)
    alice_ws = await alice.ws()
    await alice_ws.join(room)
    await alice_ws.send({"type": "send", "room": room, "client_id": "k1", "image": sent["id"]})
    error = await alice_ws.expect("error")
    assert error["code"] == "blocked_by_filter" and error["reasons"] == ["known_image"]
    await alice_ws.send_text(room, "rien", "k2")
    assert "image" not in await bob_ws.expect("message")
    case = await case_for(moderator, sent["id"])
    assert case["severity"] == "critical" and case["reasons"] == ["known_image"]
    assert (await alice.http.get(f"/api/v1/images/{sent['id']}")).status_code == 404


async def test_a_moderator_never_handles_a_photo_of_their_own_conversation(
    server: Server,
) -> None:
    alice, bob, room = await friends(server)
    await harness.set_role(server, bob.id, "moderator")
    sent = (await upload(alice, room, samples.plain_jpeg(seed=61))).json()
    await send_image(alice, room, sent["id"], "m1")
    for route in ("reveal", "confirm"):
        answer = await bob.http.post(f"/api/v1/moderation/images/{sent['id']}/{route}")
        assert answer.status_code == 404
    thumb = await bob.http.get(f"/api/v1/moderation/images/{sent['id']}/thumbnail")
    assert thumb.status_code == 404
    # As a member Bob still sees the photo itself, like anyone in the conversation.
    assert (await bob.http.get(f"/api/v1/images/{sent['id']}")).status_code == 200


async def test_a_failing_store_does_not_fail_an_erasure(server: Server) -> None:
    from tests.api.test_privacy import erase

    alice, _, room = await friends(server)
    sent = (await upload(alice, room, samples.plain_jpeg(seed=71))).json()
    engines = server.app.state.deps.media
    real = engines.store

    class Broken:
        async def put(self, key: str, data: bytes, content_type: str) -> None:
            await real.put(key, data, content_type)

        async def get(self, key: str) -> bytes | None:
            return await real.get(key)  # type: ignore[no-any-return]

        async def delete(self, key: str) -> None:
            raise OSError("the object store is down")

    engines.store = Broken()
    try:
        assert (await erase(alice)).status_code == 204
    finally:
        engines.store = real
    # The account is erased; the image row stays, for the operator to see.
    assert await storage_keys(server, [sent["id"]]) != {}
