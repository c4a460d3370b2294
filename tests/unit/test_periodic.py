"""The periodic job every background sweep of the server is built on."""

from __future__ import annotations

import asyncio

from causerie.periodic import Periodic


async def test_runs_every_period_survives_a_failure_and_stops() -> None:
    runs = 0

    async def action() -> None:
        nonlocal runs
        runs += 1
        if runs == 1:
            raise RuntimeError("the first run fails")

    job = Periodic("test job", 0.01, action)
    job.start()
    job.start()  # a second start does not make a second task
    for _ in range(200):
        if runs >= 3:
            break
        await asyncio.sleep(0.01)
    await job.stop()
    assert runs >= 3  # went on after the failing first run
    stopped_at = runs
    await asyncio.sleep(0.05)
    assert runs == stopped_at
    await job.stop()  # stopping twice is harmless


async def test_the_first_run_waits_one_period() -> None:
    ran = asyncio.Event()

    async def action() -> None:
        ran.set()

    job = Periodic("slow job", 60.0, action)
    job.start()
    await asyncio.sleep(0.05)
    assert not ran.is_set()
    await job.stop()
