"""Image files in a directory (the default: one machine, the data directory).

Writes go to a temporary file then an atomic rename, so a reader never sees
half a file; all file I/O runs in a thread, off the event loop."""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
from pathlib import Path

_KEY = re.compile(r"^[A-Za-z0-9_-]{8,80}$")


def checked_key(key: str) -> str:
    """Keys are ids we made; anything else (a ``..``, a slash) is a bug or an attack."""
    if not _KEY.match(key):
        raise ValueError(f"bad image key {key!r}")
    return key


class DiskImageStore:
    def __init__(self, root: Path) -> None:
        self._root = root

    def _path(self, key: str) -> Path:
        key = checked_key(key)
        # Two levels of fan-out keep directories small.
        return self._root / key[-2:] / key

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(self._put, self._path(key), data)

    @staticmethod
    def _put(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".up-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    async def get(self, key: str) -> bytes | None:
        path = self._path(key)

        def read() -> bytes | None:
            try:
                return path.read_bytes()
            except FileNotFoundError:
                return None

        return await asyncio.to_thread(read)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)
