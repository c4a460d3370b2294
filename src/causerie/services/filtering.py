"""The safety filter as the services hold it: built in a worker thread at
start (its phrase index takes about a second), so the server answers at
once; writers ``await ready()`` before taking the write lock, so nobody
ever blocks the event loop or holds the lock while it is built."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections import Counter
from datetime import date

from causerie.domain.moderation import BLOCKED_WITH_CASE_TALLY, refusal_opens_case
from causerie.safety.pipeline import MessageFilter, SenderContext, Verdict, default_filter

TallyKey = tuple[date, str, str]
"""(UTC day, decision, reason or "" for the message itself)."""


class WarmingFilter:
    def __init__(self, link_min_trust: int) -> None:
        executor = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="filter-warmup")
        self._future = executor.submit(default_filter, link_min_trust)
        executor.shutdown(wait=False)
        # Decisions so far ("allow", "mask", "hold", "block"): read by /metrics.
        self.verdicts: Counter[str] = Counter()
        # The same per day and reason, until services/filter_tally.py stores it.
        self._tally: Counter[TallyKey] = Counter()

    async def ready(self) -> None:
        if not self._future.done():  # on every send: no new future once built
            await asyncio.wrap_future(self._future)

    def is_ready(self) -> bool:
        return self._future.done()

    def check(self, text: str, ctx: SenderContext) -> Verdict:
        # Blocks only if called before ready(): every writer awaits ready() first.
        built: MessageFilter = self._future.result()
        return built.check(text, ctx)

    def count(self, verdict: Verdict, day: date) -> None:
        decision = verdict.decision
        self.verdicts[decision] += 1
        tally = self._tally
        tally[(day, decision, "")] += 1
        for reason in verdict.reasons:
            tally[(day, decision, reason)] += 1
        if decision == "block" and refusal_opens_case(verdict.reasons):
            # Counted apart too: every path that refuses with a case (a send,
            # an edit, a private request, a caption, a bio) passes here.
            tally[(day, BLOCKED_WITH_CASE_TALLY, "")] += 1
            for reason in verdict.reasons:
                tally[(day, BLOCKED_WITH_CASE_TALLY, reason)] += 1

    def take_tally(self) -> Counter[TallyKey]:
        """What was counted since the last take (the counter starts again)."""
        taken, self._tally = self._tally, Counter()
        return taken

    def give_back(self, tally: Counter[TallyKey]) -> None:
        """Put back a tally that could not be stored: it goes with the next."""
        self._tally.update(tally)
