"""ImageStore contract: the same tests on the disk store and on an
S3-compatible server (``moto_server``, a real HTTP process started here)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tests.media_s3 import moto_url, s3_store

from causerie.adapters.media_disk import DiskImageStore
from causerie.ports import ImageStore

__all__ = ["moto_url"]  # the fixture, used by name


@pytest.fixture(params=["disk", "s3"])
async def image_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ImageStore]:
    if request.param == "disk":
        yield DiskImageStore(tmp_path / "images")
        return
    url = request.getfixturevalue("moto_url")
    store = s3_store(url, f"causerie-{tmp_path.name.lower().replace('_', '-')}"[:60])
    await store.ensure_bucket()
    yield store


async def test_put_get_delete(image_store: ImageStore) -> None:
    key = "01HXYZABCDEFGH"
    assert await image_store.get(key) is None
    await image_store.put(key, b"\xff\xd8jpeg bytes", "image/jpeg")
    assert await image_store.get(key) == b"\xff\xd8jpeg bytes"
    await image_store.put(key, b"replaced", "image/jpeg")
    assert await image_store.get(key) == b"replaced"
    await image_store.delete(key)
    assert await image_store.get(key) is None
    await image_store.delete(key)  # already gone: no error


async def test_keys_are_checked(image_store: ImageStore) -> None:
    for bad in ("../../etc/passwd", "a/b", "", "short"):
        with pytest.raises(ValueError):
            await image_store.put(bad, b"x", "image/jpeg")


async def test_large_object(image_store: ImageStore) -> None:
    data = os.urandom(3 * 1024 * 1024)
    await image_store.put("large-object-1", data, "image/jpeg")
    assert await image_store.get("large-object-1") == data
