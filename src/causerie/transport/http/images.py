"""Photos in private conversations (docs/media.md): upload, fetch, and the
moderators' blurred view, reveal and confirmation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Response, UploadFile
from pydantic import BaseModel

from causerie.domain.errors import CauserieError
from causerie.domain.media import Image
from causerie.services import media
from causerie.transport.auth import DepsDep, ViewerDep

router = APIRouter(tags=["photos"])

# The file itself; the edge's per-route body limit (transport/limits.py)
# already refused larger requests before reading them.
MAX_IMAGE_BYTES = 10 * 1024 * 1024


class ImageOut(BaseModel):
    id: str
    width: int
    height: int
    content_type: str
    # Additive: the sender is warned before sending a likely-nude photo.
    nudity: str
    blurred: bool


class ImageState(BaseModel):
    id: str
    state: str


def _bytes(image: Image, data: bytes) -> Response:
    return Response(
        content=data,
        media_type=image.content_type,
        headers={"Content-Disposition": "inline", "Cache-Control": "private, no-store"},
    )


@router.post("/api/v1/conversations/{room_id}/images", status_code=201, response_model=ImageOut)
async def upload(
    room_id: str,
    file: Annotated[UploadFile, File()],
    viewer: ViewerDep,
    deps: DepsDep,
) -> Any:
    data = await file.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise CauserieError("too_large")
    uploaded = await media.upload_image(deps, viewer, room_id, data)
    image = uploaded.image
    return {
        "id": image.id,
        "width": image.width,
        "height": image.height,
        "content_type": image.content_type,
        "nudity": uploaded.nudity.value,
        "blurred": image.blurred,
    }


@router.get("/api/v1/images/{image_id}", response_class=Response)
async def fetch(image_id: str, viewer: ViewerDep, deps: DepsDep) -> Response:
    image, data = await media.image_for_viewer(deps, viewer, image_id)
    return _bytes(image, data)


@router.get("/api/v1/moderation/images/{image_id}/thumbnail", response_class=Response)
async def thumbnail(image_id: str, viewer: ViewerDep, deps: DepsDep) -> Response:
    """Blurred and greyed: what a moderator sees before choosing to reveal."""
    _, data = await media.staff_image(deps, viewer.user, image_id, reveal=False)
    return Response(content=data, media_type="image/jpeg", headers={"Cache-Control": "no-store"})


@router.post("/api/v1/moderation/images/{image_id}/reveal", response_class=Response)
async def reveal(image_id: str, viewer: ViewerDep, deps: DepsDep) -> Response:
    """The image itself, on purpose; the reveal is written to the audit log."""
    image, data = await media.staff_image(deps, viewer.user, image_id, reveal=True)
    return _bytes(image, data)


@router.post("/api/v1/moderation/images/{image_id}/confirm", response_model=ImageState)
async def confirm(image_id: str, viewer: ViewerDep, deps: DepsDep) -> Any:
    """Confirmed illegal: blocked, kept as evidence, its hashes join the bank."""
    image = await media.confirm_image(deps, viewer.user, image_id)
    return {"id": image.id, "state": image.state.value}
