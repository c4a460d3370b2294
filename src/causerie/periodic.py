"""One background job run every so often: the shape every periodic task of
the server shares (nearby expiry, presence sweep, filter tally, retention).

It waits one period before the first run, logs a failed run and goes on
(the next run retries), and ``stop`` cancels it and waits for it. Imports
nothing of the project, so any layer may use it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class Periodic:
    def __init__(self, name: str, every: float, action: Callable[[], Awaitable[object]]) -> None:
        self.name = name
        self._every = every
        self._action = action
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._every)
            try:
                await self._action()
            except Exception:  # one failed run must not stop the job for good
                log.exception("%s failed", self.name)
