"""Photos in private conversations (docs/media.md): upload, send, fetch,
each member's "accept images" choice, the bank of known images.

An upload is checked (door, trust, the other member's choice, rate limits)
before a single byte is decoded; decoding, cleaning, hashing and scoring run
in the process pool behind ``ImageProcessor``. A known image is refused at
upload, sealed as evidence and opens a critical case. A likely-nude image is
kept blurred: between adults it is delivered blurred, and when a minor is on
either side it is held for a moderator the moment it is sent."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from causerie.domain.bands import Band
from causerie.domain.errors import CauserieError, Conflict, NotAllowed, NotFound
from causerie.domain.ids import new_id
from causerie.domain.media import (
    Image,
    ImageState,
    NudityBand,
    check_may_send_image,
    default_accepts_images,
    delivery_for,
    nudity_band,
    parse_pdq,
    pdq_matches,
)
from causerie.domain.models import ConversationState, Message, User, Viewer
from causerie.domain.moderation import CaseKind, TargetType
from causerie.domain.text import MAX_MESSAGE_CHARS, clean_text
from causerie.domain.times import rfc3339
from causerie.ports import MediaUnitOfWork, StorageUnitOfWork, UnitOfWorkFactory
from causerie.services import audit
from causerie.services.access import RoomAccess, check_can_act
from causerie.services.cases import open_case, snapshot
from causerie.services.deps import Deps
from causerie.services.duties import require_staff
from causerie.services.held import hold_message
from causerie.services.media_engines import MediaEngines
from causerie.services.messages import (
    RefusedWithCase,
    Sent,
    accepted,
    check_client_id,
    filter_now,
    store,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Uploaded:
    image: Image
    nudity: NudityBand  # so the client can warn before sending


def _media_uow(uow: StorageUnitOfWork) -> MediaUnitOfWork:
    return uow


def _engines(deps: Deps) -> MediaEngines:
    engines = deps.media
    if engines is None:
        raise CauserieError("not_configured")
    return engines


async def accepts_images(uow: StorageUnitOfWork, user: User) -> bool:
    """The member's choice, else their band's default (teens: off)."""
    chosen = await _media_uow(uow).media.accepts_images(user.id)
    return default_accepts_images(user.band) if chosen is None else chosen


async def accepts_images_of(deps: Deps, user: User) -> bool:
    async with deps.uow() as uow:
        return await accepts_images(uow, user)


async def set_accepts_images(deps: Deps, user: User, accept: bool) -> None:
    """PATCH /me ``accept_images`` (the caller already passed the door)."""
    async with deps.uow(write=True) as uow:
        await _media_uow(uow).media.set_accepts_images(user.id, accept, deps.clock.now())
        await uow.commit()


async def _check_sender(
    deps: Deps, uow: StorageUnitOfWork, viewer: Viewer, room_id: str
) -> tuple[Viewer, RoomAccess]:
    """The author re-read, the one door, then the photo rules: an accepted
    private conversation only, trust and account age, the other's choice."""
    user = await uow.users.get(viewer.id)
    if user is None:
        raise CauserieError("unauthenticated")
    viewer = Viewer(user=user, hidden=viewer.hidden)
    now = deps.clock.now()
    check_can_act(user, now)
    access = await deps.door.access_room(uow, viewer, room_id, for_write=True)
    conversation, other = access.conversation, access.other
    if conversation is None or other is None:
        raise NotFound()  # public rooms have no photos: not a conversation
    if conversation.state is not ConversationState.OPEN:
        raise NotAllowed(reason="images_private_only")
    check_may_send_image(
        trust_level=user.trust_level,
        account_age_days=(now - user.created_at).total_seconds() / 86400,
        recipient_accepts=await accepts_images(uow, other),
        policy=_engines(deps).policy,
    )
    return viewer, access


async def _known(uow: MediaUnitOfWork, sha256: str, pdq: str, quality: int) -> bool:
    if await uow.media.bank_has("sha256", sha256):
        return True
    return pdq_matches(pdq, quality, [parse_pdq(h) for h in await uow.media.bank_pdq()])


async def _seal(
    deps: Deps,
    uow: MediaUnitOfWork,
    image: Image,
    *,
    reason: str,
    members: tuple[str, ...],
) -> Image:
    """Open (or join) the case on this image with its evidence under legal hold."""
    evidence = await snapshot(
        uow,
        content={"type": "image", **image_evidence(image)},
        context=await uow.messages.before(image.room_id, None, 20),
        user_ids=members,
    )
    case = await open_case(
        deps,
        uow,
        kind=CaseKind.AUTOMATIC,
        target_type=TargetType.IMAGE,
        target_id=image.id,
        subject_id=image.uploader_id,
        reason=reason,
        evidence=evidence,
    )
    return await uow.media.update(image.id, case_id=case.id, legal_hold=True)


def image_evidence(image: Image) -> dict[str, Any]:
    return {
        "id": image.id,
        "room": image.room_id,
        "uploader_id": image.uploader_id,
        "sha256": image.sha256,
        "pdq": image.pdq,
        "pdq_quality": image.pdq_quality,
        "nudity_per_mille": image.nudity,
        "width": image.width,
        "height": image.height,
        "state": image.state.value,
        "storage_key": image.storage_key,
    }


async def upload_image(deps: Deps, viewer: Viewer, room_id: str, data: bytes) -> Uploaded:
    engines = _engines(deps)
    # Checked before decoding anything: a refused sender costs no CPU.
    async with deps.uow() as uow:
        viewer, access = await _check_sender(deps, uow, viewer, room_id)
    await deps.rate_limit(f"image:user:{viewer.id}", deps.settings.images_per_user)
    await deps.rate_limit(f"image:room:{room_id}", deps.settings.images_per_conversation)
    await purge_unsent(deps, viewer.id)
    processed = await engines.processor.process(data)
    assert access.other is not None and access.conversation is not None
    other, members = access.other, access.conversation.members()
    image = Image(
        id=new_id(),
        room_id=room_id,
        uploader_id=viewer.id,
        created_at=deps.clock.now(),
        content_type=processed.content_type,
        width=processed.width,
        height=processed.height,
        byte_size=len(processed.data),
        sha256=processed.sha256,
        pdq=processed.pdq,
        pdq_quality=processed.pdq_quality,
        nudity=processed.nudity,
        state=ImageState.READY,
        blurred=delivery_for(
            processed.nudity,
            sender_band=viewer.user.band,
            recipient_band=other.band,
            policy=engines.policy,
        )
        != "deliver",
        storage_key=new_id(),
    )
    # The file first: a row never points at bytes that are not there.
    await engines.store.put(image.storage_key, processed.data, image.content_type)
    async with deps.uow(write=True) as uow:
        media = _media_uow(uow)
        known = await _known(media, image.sha256, image.pdq, image.pdq_quality)
        if known:
            image = replace(image, state=ImageState.BLOCKED, blurred=True)
        await media.media.add(image)
        if known:
            image = await _seal(deps, media, image, reason="known_image", members=members)
        await uow.commit()
    if known:
        raise CauserieError("blocked_by_filter", reasons=["known_image"])
    return Uploaded(image, nudity_band(image.nudity, engines.policy))


async def attach_image(
    deps: Deps, uow: StorageUnitOfWork, viewer: Viewer, room_id: str, image_id: str
) -> tuple[Image, Viewer, RoomAccess]:
    """Inside the send's write transaction: the uploader's own ready image of
    this conversation, still allowed (choices and the bank may have changed
    since the upload). Refusals raise; a hold or a match is recorded by
    ``refuse_on_send`` in a transaction of its own."""
    media = _media_uow(uow)
    image = await media.media.get(image_id)
    if image is None or image.uploader_id != viewer.id or image.room_id != room_id:
        raise NotFound()
    if image.state is not ImageState.READY:
        raise Conflict()  # already sent: one image, one message
    viewer, access = await _check_sender(deps, uow, viewer, room_id)
    assert access.other is not None
    if await _known(media, image.sha256, image.pdq, image.pdq_quality):
        raise _Refusal("known_image", image)
    policy = _engines(deps).policy
    verdict = delivery_for(
        image.nudity, sender_band=viewer.user.band, recipient_band=access.other.band, policy=policy
    )
    if verdict == "hold":
        raise _Refusal("nudity", image)
    return image, viewer, access


class _Refusal(CauserieError):
    """An image refused at send: recorded (case, legal hold) after the
    send's transaction was rolled back, then told to the sender."""

    def __init__(self, reason: str, image: Image) -> None:
        code = "blocked_by_filter" if reason == "known_image" else "held_for_review"
        super().__init__(code, reasons=[reason])
        self.reason = reason
        self.image = image


async def record_refusal(deps: Deps, refusal: CauserieError) -> None:
    """Keep what a refused image send needs: the image blocked or held, a
    case with the evidence under legal hold."""
    if not isinstance(refusal, _Refusal):
        return
    image = refusal.image
    state = ImageState.BLOCKED if refusal.reason == "known_image" else ImageState.HELD
    reason = "known_image" if refusal.reason == "known_image" else "nudity_minor"
    async with deps.uow(write=True) as uow:
        media = _media_uow(uow)
        current = await media.media.update(image.id, state=state, blurred=True)
        conversation = await uow.conversations.get(image.room_id)
        members = conversation.members() if conversation else (image.uploader_id,)
        await _seal(deps, media, current, reason=reason, members=members)
        await uow.commit()


async def mark_sent(uow: StorageUnitOfWork, image: Image, message: Message) -> None:
    await _media_uow(uow).media.update(image.id, state=ImageState.SENT, message_id=message.id)


def caption(text: str | None) -> str:
    """A photo's optional text: cleaned like a message, may be empty."""
    cleaned = clean_text(text or "")
    if len(cleaned) > MAX_MESSAGE_CHARS:
        raise CauserieError("too_long", max=MAX_MESSAGE_CHARS)
    return cleaned


async def image_for_viewer(deps: Deps, viewer: Viewer, image_id: str) -> tuple[Image, bytes]:
    """The stored bytes, for the conversation's members (while the image is
    ready or sent) and staff; 404 for anyone else. A blocked or held image
    is never given to members, only revealed to staff on purpose."""
    engines = _engines(deps)
    async with deps.uow() as uow:
        image = await _media_uow(uow).media.get(image_id)
        if image is None:
            raise NotFound()
        conversation = await uow.conversations.get(image.room_id)
        member = conversation is not None and viewer.id in conversation.members()
        if not member and viewer.user.is_staff:
            staff_view = True
        else:
            staff_view = False
            if image.state not in (ImageState.READY, ImageState.SENT):
                raise NotFound()
            if image.state is ImageState.READY and image.uploader_id != viewer.id:
                raise NotFound()  # not sent yet: only its uploader previews it
            await deps.door.access_room(uow, viewer, image.room_id)
    if staff_view:  # staff outside the conversation: a reveal, audited
        return await staff_image(deps, viewer.user, image_id, reveal=True)
    data = await engines.store.get(image.storage_key)
    if data is None:
        raise NotFound()
    return image, data


async def staff_image(
    deps: Deps, staff: User, image_id: str, *, reveal: bool
) -> tuple[Image, bytes]:
    """Moderators see a blurred, greyed thumbnail; ``reveal`` gives the image
    itself and is written to the audit log."""
    now = deps.clock.now()
    require_staff(staff, now)
    engines = _engines(deps)
    async with deps.uow(write=reveal) as uow:
        image = await _media_uow(uow).media.get(image_id)
        if image is None:
            raise NotFound()
        # A moderator never handles a photo of their own conversation (the
        # uploader, the reporter and the recipient are all its members).
        conversation = await uow.conversations.get(image.room_id)
        if image.uploader_id == staff.id or (
            conversation is not None and staff.id in conversation.members()
        ):
            raise NotFound()
        # A private photo is seen by staff only through a case about it (an
        # automatic one, or a member's report): never by browsing ids.
        case_id = image.case_id
        if case_id is None:
            reported = await uow.cases.open_for_target(
                CaseKind.REPORT, TargetType.IMAGE.value, image.id
            )
            case_id = reported.id if reported is not None else None
        if case_id is None:
            raise NotFound()
        if reveal:
            await audit.record(
                uow,
                now,
                actor=f"moderator:{staff.id}",
                action="image.reveal",
                subject=f"image:{image.id}",
                payload={"case": case_id, "room": image.room_id},
            )
            await uow.commit()
    data = await engines.store.get(image.storage_key)
    if data is None:
        raise NotFound()
    if reveal:
        return image, data
    return image, await engines.processor.blurred_thumbnail(data)


async def confirm_image(deps: Deps, staff: User, image_id: str) -> Image:
    """A moderator confirms an image is illegal: its hashes join the bank
    (every later copy is refused at upload), it is blocked and kept as
    evidence."""
    now = deps.clock.now()
    require_staff(staff, now)
    async with deps.uow(write=True) as uow:
        media = _media_uow(uow)
        image = await media.media.get(image_id)
        if image is None:
            raise NotFound()
        conversation = await uow.conversations.get(image.room_id)
        if conversation is not None and staff.id in conversation.members():
            raise NotFound()  # never a photo of one's own conversation
        await media.media.bank_add("sha256", [image.sha256], "moderator", now)
        await media.media.bank_add("pdq", [image.pdq], "moderator", now)
        image = await media.media.update(
            image.id, state=ImageState.BLOCKED, blurred=True, legal_hold=True
        )
        await audit.record(
            uow,
            now,
            actor=f"moderator:{staff.id}",
            action="image.confirm",
            subject=f"image:{image.id}",
            payload={"sha256": image.sha256, "pdq": image.pdq, "case": image.case_id},
        )
        await uow.commit()
    return image


async def import_hashes(
    uow_factory: UnitOfWorkFactory, now: datetime, hashes: list[str], source: str
) -> int:
    """Add PDQ hashes to the bank (an operator's import, ``causerie media
    import-hashes``); returns how many were new."""
    async with uow_factory(write=True) as uow:
        added = await _media_uow(uow).media.bank_add("pdq", hashes, source, now)
        await uow.commit()
    return added


async def report_target(
    deps: Deps, uow: StorageUnitOfWork, reporter: Viewer, image_id: str
) -> tuple[str, bool, dict[str, Any]]:
    """For ``services/reports.py``: an image the reporter may see (a sent image
    of a conversation they are in), its evidence, and the image sealed."""
    media = _media_uow(uow)
    image = await media.media.get(image_id)
    if image is None or image.state is ImageState.READY:
        raise NotFound()
    access = await deps.door.access_reportable_room(uow, reporter, image.room_id)
    members = access.conversation.members() if access.conversation else (reporter.id,)
    evidence = await snapshot(
        uow,
        content={"type": "image", **image_evidence(image)},
        context=await uow.messages.before(image.room_id, None, 20),
        user_ids=members,
    )
    await media.media.update(image.id, legal_hold=True)
    uploader = await uow.users.get(image.uploader_id)
    teen = reporter.user.band is Band.TEEN or (uploader is not None and uploader.band is Band.TEEN)
    return image.uploader_id, teen, evidence


async def send_image_message(
    deps: Deps, viewer: Viewer, room_id: str, client_id: str, text: str, image_id: str
) -> Sent:
    """A ``send`` with ``image``: idempotent per (author, client_id) like any
    message, in one write transaction of its own (photos are rare; the text
    path's group commit is left exactly as it is)."""
    client_id = check_client_id(client_id)
    rule = deps.settings.send_per_user
    if viewer.user.trust_level >= 2:
        rule = deps.settings.send_per_user_trusted
    await deps.rate_limit(f"send:user:{viewer.id}", rule)
    await deps.message_filter.ready()
    body = caption(text)
    try:
        async with deps.uow(write=True) as uow:
            existing = await uow.messages.by_client_id(viewer.id, client_id)
            if existing is not None:
                return Sent(existing, duplicate=True)
            image, viewer, access = await attach_image(deps, uow, viewer, room_id, image_id)
            if body:
                screened = filter_now(deps, viewer, body, is_private=True)
                if not screened.deliverable:
                    raise screened.refusal()  # rolls the photo's send back
                body = screened.text
            message = await store(
                deps, uow, accepted(viewer, access, body), client_id, image=image.ref()
            )
            await mark_sent(uow, image, message)
            await uow.commit()
    except RefusedWithCase as refused:  # the caption: kept for moderators
        await hold_message(deps, viewer, room_id, client_id, body, refused.reasons, refused=True)
        raise
    except CauserieError as refused:
        await record_refusal(deps, refused)
        raise
    return Sent(message)


# --- export, erasure, abandoned uploads (docs/media.md, docs/privacy.md) ----

UNSENT_HOURS = 24


async def export_images(uow: StorageUnitOfWork, user_id: str) -> list[dict[str, Any]]:
    """The export's ``images`` section: what the member uploaded (the bytes
    stay fetchable at ``/api/v1/images/{id}`` while the account exists)."""
    return [
        {
            "id": image.id,
            "room": image.room_id,
            "created_at": rfc3339(image.created_at),
            "width": image.width,
            "height": image.height,
            "state": image.state.value,
            "message_id": image.message_id,
        }
        for image in await _media_uow(uow).media.of_uploader(user_id)
    ]


async def erase_uploads(deps: Deps, user_id: str) -> int:
    """At erasure, like the text of messages: the member's images go, files
    and rows; those under legal hold (evidence of a case) stay."""
    engines = _engines(deps)
    async with deps.uow() as uow:
        doomed = [i for i in await _media_uow(uow).media.of_uploader(user_id) if not i.legal_hold]
    gone = []
    for image in doomed:
        # The file first: a row without a file answers 404, a file without a
        # row would be kept forever. The account is already erased when this
        # runs: a store that fails must not turn that into an error, so the
        # row stays (and the file with it) and the failure is logged.
        try:
            await engines.store.delete(image.storage_key)
        except Exception:
            log.exception("erasure: image %s could not be deleted from the store", image.id)
            continue
        gone.append(image)
    async with deps.uow(write=True) as uow:
        for image in gone:
            await _media_uow(uow).media.delete(image.id)
        await uow.commit()
    return len(gone)


async def purge_unsent(deps: Deps, uploader_id: str) -> int:
    """Uploads never attached to a message within ``UNSENT_HOURS`` are not
    kept: cleared at the uploader's next upload (bounded, no sweep)."""
    engines = _engines(deps)
    cutoff = deps.clock.now() - timedelta(hours=UNSENT_HOURS)
    async with deps.uow() as uow:
        stale = [
            i
            for i in await _media_uow(uow).media.of_uploader(uploader_id)
            if i.state is ImageState.READY and i.created_at < cutoff and not i.legal_hold
        ]
    for image in stale:
        await engines.store.delete(image.storage_key)
    if stale:
        async with deps.uow(write=True) as uow:
            for image in stale:
                await _media_uow(uow).media.delete(image.id)
            await uow.commit()
    return len(stale)
