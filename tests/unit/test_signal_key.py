"""The ban-evasion hashes are keyed by a secret kept outside the database."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest

from causerie.adapters.signal_key import KEY_FILE, load_signal_key
from causerie.services.evasion import signal_hash


def test_a_key_file_is_made_once_private_and_then_reused(tmp_path: Path) -> None:
    first = load_signal_key(None, tmp_path, shared=False)
    assert len(first) == 64
    mode = stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode)
    assert mode == 0o600
    assert load_signal_key(None, tmp_path, shared=False) == first
    assert [p.name for p in tmp_path.iterdir()] == [KEY_FILE]  # no draft left behind
    configured = "from the environment, long enough to be a key"
    assert load_signal_key(configured, tmp_path, shared=True) == configured.encode()


def test_an_unusable_key_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE).write_text("")
    with pytest.raises(RuntimeError):
        load_signal_key(None, tmp_path, shared=False)


def test_a_short_configured_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        load_signal_key("short", tmp_path, shared=True)


def test_hashes_depend_on_the_key_and_are_not_plain_sha256() -> None:
    address = "203.0.113.7"
    one, other = signal_hash(b"k1" * 16, "ip", address), signal_hash(b"k2" * 16, "ip", address)
    assert one != other
    assert one == signal_hash(b"k1" * 16, "ip", address)
    assert one != hashlib.sha256(f"causerie:ip:{address}".encode()).hexdigest()
