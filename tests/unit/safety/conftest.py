"""Shared by the safety unit tests: the shipped filter, built once per test
module (building it loads the model and compiles every pattern)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from causerie.safety import model as learned
from causerie.safety.pipeline import MessageFilter, default_filter


@pytest.fixture(scope="module")
def flt() -> MessageFilter:
    return default_filter()


@pytest.fixture
def rules_only() -> Iterator[None]:
    """The rules' own verdict: the learned layer may not stand in for them
    (a module that wants it for every test defines its own autouse one)."""
    saved = learned.ENABLED
    learned.ENABLED = False
    yield
    learned.ENABLED = saved
