"""The server freezes its start-up heap once the filter is built
(``Settings.freeze_startup_heap``): a full collection scanned the ~850,000
objects of the filter's model and phrase index, the gazetteer and the
modules every time, with the event loop stopped for 0.1-1 s
(docs/benchmarks.md, session 6). ``causerie serve`` turns it on; apps built
by tests keep it off."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from causerie.app import create_app
from causerie.cli import main as cli
from causerie.config import Settings
from tests import harness


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Start and end with nothing frozen: the freeze is process-wide."""
    gc.unfreeze()
    yield
    gc.unfreeze()


async def _frozen_after_start(tmp_path: Path, freeze: bool) -> int:
    settings = harness.test_settings(
        tmp_path, f"sqlite:///{tmp_path}/heap.db", freeze_startup_heap=freeze
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        await app.state.deps.message_filter.ready()
        for _ in range(100):  # the freezer runs beside the lifespan
            if gc.get_freeze_count():
                break
            await asyncio.sleep(0.01)
        return gc.get_freeze_count()


async def test_the_start_up_heap_is_frozen_once_the_filter_is_built(
    tmp_path: Path, unfrozen: None
) -> None:
    frozen = await _frozen_after_start(tmp_path, freeze=True)
    # The filter's model and phrase index alone are hundreds of thousands.
    assert frozen > 100_000
    # Out of the collector's generations: a full collection no longer sees them.
    assert len(gc.get_objects()) < frozen


async def test_apps_built_by_tests_freeze_nothing(tmp_path: Path, unfrozen: None) -> None:
    assert await _frozen_after_start(tmp_path, freeze=False) == 0


def test_causerie_serve_turns_the_freeze_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[Settings] = []

    def fake_create_app(settings: Settings) -> object:
        built.append(settings)
        return object()

    def no_serving(*args: Any) -> None:
        return None

    monkeypatch.setattr("causerie.app.create_app", fake_create_app)
    monkeypatch.setattr(cli, "_serve_one", no_serving)
    result = CliRunner().invoke(cli.app, ["serve", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [s.freeze_startup_heap for s in built] == [True]
