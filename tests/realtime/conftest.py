"""The real server is what these tests are about: every ``server`` here
serves HTTP and WebSockets on a loopback socket from the start."""

import pytest

from tests.harness import server

__all__ = ["server"]


@pytest.fixture
def http_over_tcp() -> bool:
    return True
