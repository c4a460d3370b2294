"""ImageStore contract: the same tests on the disk store and on an
S3-compatible server (``moto_server``, a real HTTP process started here)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from tests.conftest import service_missing

from causerie.adapters.media_disk import DiskImageStore
from causerie.adapters.media_s3 import S3ImageStore
from causerie.ports import ImageStore


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    """A moto S3 server process on a free loopback port."""
    exe = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    if exe is None:
        service_missing("moto_server is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [exe, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/moto-api/", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    service_missing("moto_server did not start")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def s3_store(url: str, bucket: str) -> S3ImageStore:
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    return S3ImageStore(
        bucket=bucket,
        endpoint_url=url,
        region="us-east-1",
        access_key="test",
        secret_key="test",
    )


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
