"""A moto S3 server process for the media tests (a real HTTP server, not a
mocked client)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from causerie.adapters.media_s3 import S3ImageStore
from tests.conftest import service_missing
from tests.support.net import free_port, wait_for_port


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    """A moto S3 server process on a free loopback port."""
    exe = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    if exe is None:
        service_missing("moto_server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [exe, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        why = wait_for_port(port, timeout=30, process=process)
        if why is not None:
            service_missing(f"moto_server did not start ({why})")
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
