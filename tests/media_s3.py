"""A moto S3 server process for the media tests (a real HTTP server, not a
mocked client)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from causerie.adapters.media_s3 import S3ImageStore
from tests.conftest import service_missing


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
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
