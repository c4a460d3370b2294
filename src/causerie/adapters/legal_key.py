"""The Ed25519 key that signs legal exports, kept outside the database:
``CAUSERIE_LEGAL_SIGNING_KEY`` (the 32-byte private seed, hex), else a file
made once in the data directory, readable by its owner only. The public key
is what the operator gives the authorities (``causerie legal public-key``)
so that they can check a signature without trusting the archive itself."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_FILE = "legal-signing.key"


def load_legal_key(configured: str | None, data_dir: Path) -> Ed25519PrivateKey:
    if configured:
        return _key(configured, "CAUSERIE_LEGAL_SIGNING_KEY")
    path = data_dir / KEY_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written aside then linked in place: concurrent first uses agree.
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
    if path.stat().st_mode & 0o077:
        raise RuntimeError(f"{path}: the legal signing key must be readable by its owner only")
    return _key(path.read_text().strip(), str(path))


def _key(text: str, source: str) -> Ed25519PrivateKey:
    try:
        seed = bytes.fromhex(text)
    except ValueError:
        seed = b""
    if len(seed) != 32:
        raise RuntimeError(f"{source}: an Ed25519 seed of 32 bytes in hex (64 characters)")
    return Ed25519PrivateKey.from_private_bytes(seed)
