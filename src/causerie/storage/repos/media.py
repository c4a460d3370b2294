"""Images, the bank of known images, and each member's "accept images" choice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Unpack

from sqlalchemy import Row, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from causerie.domain.errors import NotFound
from causerie.domain.media import Image, ImageState
from causerie.ports import ImagePatch
from causerie.storage.repos._base import Repo, check_fields
from causerie.storage.tables import image_bank, images, media_prefs


def _image(row: Row[Any]) -> Image:
    values = dict(row._mapping)
    values["state"] = ImageState(values["state"])
    return Image(**values)


class SqlMediaRepo(Repo):
    async def add(self, image: Image) -> None:
        values = {c.name: getattr(image, c.name) for c in images.c}
        values["state"] = image.state.value
        await self._conn.execute(images.insert().values(values))

    async def get(self, image_id: str) -> Image | None:
        row = (await self._conn.execute(select(images).where(images.c.id == image_id))).first()
        return _image(row) if row is not None else None

    async def update(self, image_id: str, **fields: Unpack[ImagePatch]) -> Image:
        check_fields(Image, fields, {"id", "room_id", "uploader_id", "sha256", "pdq"})
        values: dict[str, Any] = dict(fields)
        if "state" in values:
            values["state"] = ImageState(values["state"]).value
        statement = update(images).where(images.c.id == image_id).values(values).returning(images)
        row = (await self._conn.execute(statement)).first()
        if row is None:
            raise NotFound("image")
        return _image(row)

    async def of_rooms(self, room_ids: Iterable[str]) -> list[Image]:
        wanted = list(room_ids)
        if not wanted:
            return []
        statement = select(images).where(images.c.room_id.in_(wanted)).order_by(images.c.created_at)
        return [_image(row) for row in await self._conn.execute(statement)]

    async def of_uploader(self, uploader_id: str) -> list[Image]:
        statement = (
            select(images).where(images.c.uploader_id == uploader_id).order_by(images.c.created_at)
        )
        return [_image(row) for row in await self._conn.execute(statement)]

    async def created_before(self, cutoff: datetime) -> list[Image]:
        """Images older than ``cutoff`` and not under legal hold (retention)."""
        statement = select(images).where(
            images.c.created_at < cutoff, images.c.legal_hold.is_(False)
        )
        return [_image(row) for row in await self._conn.execute(statement)]

    async def delete(self, image_id: str) -> None:
        await self._conn.execute(delete(images).where(images.c.id == image_id))

    async def uploads_since(self, uploader_id: str, since: datetime) -> int:
        statement = select(func.count()).where(
            images.c.uploader_id == uploader_id, images.c.created_at >= since
        )
        return int((await self._conn.execute(statement)).scalar_one())

    # --- the bank of known images -------------------------------------------

    async def bank_add(self, kind: str, values: Iterable[str], source: str, at: datetime) -> int:
        """Add hashes (``kind`` "pdq" or "sha256"); returns how many were new."""
        rows = [
            {"kind": kind, "value": v, "source": source, "added_at": at}
            for v in dict.fromkeys(values)
        ]
        if not rows:
            return 0
        before = await self.bank_size()
        insert = postgresql_insert if self._conn.dialect.name == "postgresql" else sqlite_insert
        for start in range(0, len(rows), 500):
            statement = insert(image_bank).values(rows[start : start + 500])
            await self._conn.execute(statement.on_conflict_do_nothing())
        return await self.bank_size() - before

    async def bank_size(self) -> int:
        return int(
            (await self._conn.execute(select(func.count()).select_from(image_bank))).scalar_one()
        )

    async def bank_has(self, kind: str, value: str) -> bool:
        statement = select(image_bank.c.value).where(
            image_bank.c.kind == kind, image_bank.c.value == value
        )
        return (await self._conn.execute(statement)).first() is not None

    async def bank_pdq(self) -> list[str]:
        statement = select(image_bank.c.value).where(image_bank.c.kind == "pdq")
        return [str(v) for v in (await self._conn.execute(statement)).scalars()]

    # --- "accept images" ----------------------------------------------------

    async def accepts_images(self, user_id: str) -> bool | None:
        """The member's choice, or None when they never chose (band default)."""
        statement = select(media_prefs.c.accept_images).where(media_prefs.c.user_id == user_id)
        value = (await self._conn.execute(statement)).scalar_one_or_none()
        return None if value is None else bool(value)

    async def set_accepts_images(self, user_id: str, accept: bool, at: datetime) -> None:
        insert = postgresql_insert if self._conn.dialect.name == "postgresql" else sqlite_insert
        statement = insert(media_prefs).values(user_id=user_id, accept_images=accept, updated_at=at)
        statement = statement.on_conflict_do_update(
            index_elements=["user_id"], set_={"accept_images": accept, "updated_at": at}
        )
        await self._conn.execute(statement)

    async def forget_prefs(self, user_id: str) -> None:
        await self._conn.execute(delete(media_prefs).where(media_prefs.c.user_id == user_id))
