"""Shared by the safety unit tests: the shipped filter, built once per test
module (building it loads the model and compiles every pattern)."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import MessageFilter, default_filter


@pytest.fixture(scope="module")
def flt() -> MessageFilter:
    return default_filter()
