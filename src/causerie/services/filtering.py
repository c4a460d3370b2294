"""The safety filter as the services hold it: built in a worker thread at
start (its phrase index takes about a second), so the server answers at
once; writers ``await ready()`` before taking the write lock, so nobody
ever blocks the event loop or holds the lock while it is built."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections import Counter

from causerie.safety.pipeline import MessageFilter, SenderContext, Verdict, default_filter


class WarmingFilter:
    def __init__(self, link_min_trust: int) -> None:
        executor = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="filter-warmup")
        self._future = executor.submit(default_filter, link_min_trust)
        executor.shutdown(wait=False)
        # Decisions so far ("allow", "mask", "hold", "block"): read by /metrics.
        self.verdicts: Counter[str] = Counter()

    async def ready(self) -> None:
        if not self._future.done():  # on every send: no new future once built
            await asyncio.wrap_future(self._future)

    def check(self, text: str, ctx: SenderContext) -> Verdict:
        # Blocks only if called before ready(): every writer awaits ready() first.
        built: MessageFilter = self._future.result()
        verdict = built.check(text, ctx)
        self.verdicts[verdict.decision] += 1
        return verdict
