"""The image pipeline behind the ``ImageProcessor`` port: a process pool, so
decoding, hashing and the model never hold the event loop (nor the GIL of
the process serving WebSockets).

Created by the composition root and closed at shutdown. ``spawn`` rather
than ``fork``: forking a process that runs an event loop and threads copies
their locks in whatever state they are. The serving process never imports
Pillow, NumPy, PDQ or the model: the pool runs small trampolines that import
``media_images`` in the worker (about 30 MiB kept out of every node)."""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from causerie.domain.errors import CauserieError
from causerie.domain.media import PipelineLimits, ProcessedImage, Refused

# The limits and the refusal are the domain's (media_images needs them too,
# without importing this module); handed on for the composition root.
__all__ = ["PipelineLimits", "ProcessPoolImages", "Refused"]


# The trampolines import ``media_images`` in the worker only: loading it
# here would pull Pillow, NumPy, PDQ and the model into the serving process.
def _warm_up(limits: PipelineLimits) -> None:
    from causerie.adapters.media_images import warm_up

    warm_up(limits)


def _process(data: bytes, limits: PipelineLimits) -> ProcessedImage | Refused:
    from causerie.adapters.media_images import process_image

    return process_image(data, limits)


def _thumbnail(data: bytes) -> bytes:
    from causerie.adapters.media_images import blurred_thumbnail

    return blurred_thumbnail(data)


class ProcessPoolImages:
    def __init__(self, workers: int, limits: PipelineLimits) -> None:
        self._limits = limits
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        # Started on first use: a node that never sees an image pays nothing.
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm_up,
                initargs=(self._limits,),
            )
        return self._pool

    async def process(self, data: bytes) -> ProcessedImage:
        """The re-encoded image and its hashes and score; raises
        ``unsupported_type`` or ``invalid_image``."""
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self._executor(), _process, data, self._limits)
        except BrokenProcessPool:
            # A worker died (out of memory on a hostile file): refuse this
            # upload and start a fresh pool for the next one.
            self._pool = None
            raise CauserieError("invalid_image") from None
        if isinstance(result, Refused):
            raise CauserieError(result.code)
        return result

    async def blurred_thumbnail(self, data: bytes) -> bytes:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor(), _thumbnail, data)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
