"""The shared test support behaves as the tests that use it assume."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from tests.support.clock import FakeClock
from tests.support.net import free_port, wait_for_port


def test_a_fake_clock_stands_still_until_told() -> None:
    at = datetime(2031, 3, 10, 12, tzinfo=UTC)
    clock = FakeClock(at)
    assert clock.now() == clock.now() == at
    clock.advance(90, hours=1)
    assert clock.now() == at + timedelta(hours=1, seconds=90)
    clock.set(at)
    assert clock.now() == at


def test_a_shifted_clock_follows_real_time_moved() -> None:
    clock = FakeClock.shifted(days=40)
    first = clock.now() - timedelta(days=40)
    assert abs(first - datetime.now(UTC)) < timedelta(seconds=5)
    clock.advance(days=1)
    assert clock.now() - datetime.now(UTC) > timedelta(days=40, hours=23)


def test_a_free_port_is_free_and_the_probe_sees_a_listener() -> None:
    port = free_port()
    assert wait_for_port(port, timeout=0.2) is not None  # nobody listens yet
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
        sock.listen()
        assert wait_for_port(port, timeout=5) is None


def test_the_probe_stops_when_the_server_exits() -> None:
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    process.wait(10)
    assert wait_for_port(free_port(), timeout=30, process=process) == "exited with 3"
