"""The server's VAPID key pair (RFC 8292): push services accept a
notification only when it is signed by the key the browser subscribed
with. ``CAUSERIE_VAPID_PRIVATE_KEY`` (shared by every node), else a file
made once in the data directory, readable by its owner only — as
adapters/signal_key.py does for the signal key."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec

KEY_FILE = "vapid.key"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_private_key() -> str:
    """A fresh P-256 private key, as base64url of its 32 raw bytes."""
    key = ec.generate_private_key(ec.SECP256R1())
    return _b64(key.private_numbers().private_value.to_bytes(32, "big"))


def load_vapid_key(configured: str | None, data_dir: Path) -> str:
    if configured:
        return configured.strip()
    path = data_dir / KEY_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written aside then linked: of several workers starting together
        # one wins, and nobody reads a half-written key.
        draft = data_dir / f".{KEY_FILE}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(new_private_key())
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
