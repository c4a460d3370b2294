"""MediaRepo contract (images, the bank, "accept images"), on SQLite and
PostgreSQL; and a message's image reference through MessageRepo."""

from __future__ import annotations

import dataclasses
from typing import Any

from tests.factories import Store, at, make_dm_room, make_message, make_user

from causerie.domain.ids import new_id
from causerie.domain.media import Image, ImageRef, ImageState
from causerie.ports import MediaUnitOfWork, UnitOfWorkFactory


def make_image(**overrides: Any) -> Image:
    image_id = new_id()
    values: dict[str, Any] = {
        "id": image_id,
        "room_id": "room-1",
        "uploader_id": "user-1",
        "created_at": at(0),
        "content_type": "image/jpeg",
        "width": 640,
        "height": 480,
        "byte_size": 12345,
        "sha256": "ab" * 32,
        "pdq": "0f" * 32,
        "pdq_quality": 90,
        "nudity": 12,
        "state": ImageState.READY,
        "blurred": False,
        "storage_key": image_id,
    }
    values.update(overrides)
    return Image(**values)


async def test_images_round_trip_and_update(uow_factory: UnitOfWorkFactory) -> None:
    first = make_image()
    old = make_image(room_id="room-2", created_at=at(-100))
    held = make_image(room_id="room-2", created_at=at(-100), legal_hold=True)
    async with uow_factory(write=True) as uow:
        assert isinstance(uow, MediaUnitOfWork)
        for image in (first, old, held):
            await uow.media.add(image)
        await uow.commit()
    async with uow_factory(write=True) as uow:
        assert isinstance(uow, MediaUnitOfWork)
        assert await uow.media.get(first.id) == first
        assert await uow.media.get("nope") is None
        updated = await uow.media.update(
            first.id, state=ImageState.SENT, message_id="m1", blurred=True
        )
        assert updated == dataclasses.replace(
            first, state=ImageState.SENT, message_id="m1", blurred=True
        )
        assert [i.id for i in await uow.media.of_rooms(["room-2"])] == [old.id, held.id]
        # Retention never sees what is under legal hold.
        assert [i.id for i in await uow.media.created_before(at(-1))] == [old.id]
        assert await uow.media.uploads_since("user-1", at(-1)) == 1
        assert len(await uow.media.of_uploader("user-1")) == 3
        await uow.media.delete(old.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert isinstance(uow, MediaUnitOfWork)
        assert await uow.media.get(old.id) is None
        assert (await uow.media.get(first.id)) == updated


async def test_bank_is_a_set(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory(write=True) as uow:
        assert isinstance(uow, MediaUnitOfWork)
        assert await uow.media.bank_add("pdq", ["a" * 64, "b" * 64, "a" * 64], "import", at())
        assert await uow.media.bank_add("pdq", ["a" * 64, "c" * 64], "moderator", at()) == 1
        assert await uow.media.bank_add("sha256", ["a" * 64], "moderator", at()) == 1
        await uow.commit()
    async with uow_factory() as uow:
        assert isinstance(uow, MediaUnitOfWork)
        assert sorted(await uow.media.bank_pdq()) == ["a" * 64, "b" * 64, "c" * 64]
        assert await uow.media.bank_has("sha256", "a" * 64)
        assert not await uow.media.bank_has("sha256", "b" * 64)
        assert await uow.media.bank_size() == 4


async def test_accept_images_choice(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory(write=True) as uow:
        assert isinstance(uow, MediaUnitOfWork)
        assert await uow.media.accepts_images("u1") is None
        await uow.media.set_accepts_images("u1", True, at())
        await uow.media.set_accepts_images("u1", False, at(1))
        await uow.media.set_accepts_images("u2", True, at(1))
        await uow.commit()
    async with uow_factory(write=True) as uow:
        assert isinstance(uow, MediaUnitOfWork)
        assert await uow.media.accepts_images("u1") is False
        assert await uow.media.accepts_images("u2") is True
        await uow.media.forget_prefs("u2")
        assert await uow.media.accepts_images("u2") is None


async def test_a_message_carries_its_image_reference(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    author, room = make_user(), make_dm_room()
    ref = ImageRef(id=new_id(), width=300, height=200, blurred=True)
    with_image = make_message(room, author, 1, image=ref)
    plain = make_message(room, author, 2)
    await store(author, room)
    async with uow_factory(write=True) as uow:
        await uow.messages.add(with_image)
        await uow.messages.add_many([plain])
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.messages.get(with_image.id) == with_image
        assert (await uow.messages.get(plain.id)) == plain
        assert plain.image is None
