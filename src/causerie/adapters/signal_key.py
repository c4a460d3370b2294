"""The server secret that keys the device and network hashes.

Unkeyed, a SHA-256 of an IPv4 address is reversed by hashing all 2³²
addresses; keyed (HMAC), the stored hashes reveal nothing without the key,
which lives outside the database: ``CAUSERIE_SIGNAL_KEY`` (every node of a
deployment must share it), else a file made once in the data directory
(enough for one machine, whatever its number of workers)."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

log = logging.getLogger(__name__)

KEY_FILE = "signal.key"


def load_signal_key(configured: str | None, data_dir: Path, *, shared: bool) -> bytes:
    """The key: ``configured`` when given, else the data directory's file
    (created, readable by its owner only, on first use). ``shared`` says
    other machines may run nodes: each would make its own file, so say so."""
    if configured:
        return _usable(configured, "CAUSERIE_SIGNAL_KEY")
    path = data_dir / KEY_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written aside, then linked in place: of several workers starting
        # together one wins, and nobody ever reads a half-written key.
        draft = data_dir / f".{KEY_FILE}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    key = _usable(path.read_text().strip(), str(path))
    if shared:
        log.warning(
            "ban-evasion hashes keyed by %s: set the same CAUSERIE_SIGNAL_KEY on every "
            "node of this deployment, or nodes on other machines will not match signals",
            path,
        )
    return key


# A short key could be found by trying keys, which is what keying is for.
MIN_KEY_CHARS = 32


def _usable(key: str, source: str) -> bytes:
    if len(key) < MIN_KEY_CHARS:
        raise RuntimeError(
            f"{source}: a signal key needs at least {MIN_KEY_CHARS} characters "
            "(e.g. `openssl rand -hex 32`)"
        )
    return key.encode()
