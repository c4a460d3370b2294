"""The legal export's format (docs/legal.md, "The export format"): pure
functions, no I/O, shared by the server and the receiving side.

Inside: a zip whose ``manifest.json`` lists the SHA-256 of every other file,
``manifest.sig`` the Ed25519 signature of ``manifest.json``'s exact bytes
(base64) and ``signing-key.pub`` the signer's public key (raw, base64) — to
be compared with the one the operator published, which ``verify`` can be
given. Outside: the zip encrypted with AES-256-GCM::

    CAUSERIE-LEGAL-1\\n
    {"mode": "x25519"|"scrypt", "nonce": b64, ...}\\n     (the header, also the AAD)
    ciphertext+tag

``x25519``: an ephemeral key agreed with the requester's public key,
HKDF-SHA256 (salt = ephemeral public || recipient public, info
``causerie legal export v1``). ``scrypt``: a passphrase given out of band,
scrypt (n = 2^15, r = 8, p = 1) over a random 16-byte salt."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"CAUSERIE-LEGAL-1\n"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PUBLIC_KEY = "signing-key.pub"
HKDF_INFO = b"causerie legal export v1"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
# A fixed timestamp inside the zip: the same data gives the same bytes.
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode(), validate=True)


def raw_public(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build(files: dict[str, bytes], meta: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    """The signed zip of ``files`` (path -> bytes) with its manifest."""
    manifest = {**meta, "files": {path: sha256(data) for path, data in sorted(files.items())}}
    manifest_bytes = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in [
            *sorted(files.items()),
            (MANIFEST, manifest_bytes),
            (SIGNATURE, b64(key.sign(manifest_bytes)).encode()),
            (PUBLIC_KEY, b64(raw_public(key.public_key())).encode()),
        ]:
            archive.writestr(zipfile.ZipInfo(path, ZIP_TIME), data)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    problem: str | None = None  # the first file, or "signature", that fails
    manifest: dict[str, Any] | None = None


def verify(data: bytes, trusted_key: bytes | None = None) -> Verdict:
    """Check the signature over the manifest, then every file's SHA-256.
    ``trusted_key`` (raw Ed25519 public key) is the operator's published key;
    without it the key inside the archive is used (integrity, not origin)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        manifest_bytes = archive.read(MANIFEST)
        signature = unb64(archive.read(SIGNATURE).decode())
        public = (
            trusted_key if trusted_key is not None else unb64(archive.read(PUBLIC_KEY).decode())
        )
        Ed25519PublicKey.from_public_bytes(public).verify(signature, manifest_bytes)
    except (KeyError, ValueError, InvalidSignature, zipfile.BadZipFile):
        return Verdict(False, "signature")
    manifest = json.loads(manifest_bytes)
    listed: dict[str, str] = manifest.get("files", {})
    for name in names:
        if name in (MANIFEST, SIGNATURE, PUBLIC_KEY):
            continue
        if name not in listed or sha256(archive.read(name)) != listed[name]:
            return Verdict(False, name)
    for name in listed:
        if name not in names:
            return Verdict(False, name)
    return Verdict(True, None, manifest)


# --- encryption ------------------------------------------------------------------


def _seal(key: bytes, header: dict[str, Any], plain: bytes) -> bytes:
    header_bytes = json.dumps(header, sort_keys=True).encode() + b"\n"
    nonce = unb64(header["nonce"])
    return MAGIC + header_bytes + AESGCM(key).encrypt(nonce, plain, MAGIC + header_bytes)


def _x25519_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=HKDF_INFO)
    return hkdf.derive(shared)


def _scrypt_key(passphrase: str, salt: bytes) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return kdf.derive(passphrase.encode())


def encrypt_to_key(plain: bytes, recipient_public: bytes) -> bytes:
    recipient = X25519PublicKey.from_public_bytes(recipient_public)
    ephemeral = X25519PrivateKey.generate()
    eph_public = raw_public(ephemeral.public_key())
    key = _x25519_key(ephemeral.exchange(recipient), eph_public, recipient_public)
    header = {"mode": "x25519", "ephemeral": b64(eph_public), "nonce": b64(os.urandom(12))}
    return _seal(key, header, plain)


def encrypt_with_passphrase(plain: bytes, passphrase: str) -> bytes:
    salt = os.urandom(16)
    header = {
        "mode": "scrypt",
        "salt": b64(salt),
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "nonce": b64(os.urandom(12)),
    }
    return _seal(_scrypt_key(passphrase, salt), header, plain)


class DecryptError(ValueError):
    pass


def decrypt(
    sealed: bytes, *, private_key: bytes | None = None, passphrase: str | None = None
) -> bytes:
    """The zip inside; ``DecryptError`` on a wrong key, passphrase or file."""
    if not sealed.startswith(MAGIC):
        raise DecryptError("not a Causerie legal export")
    rest = sealed[len(MAGIC) :]
    header_bytes, _, body = rest.partition(b"\n")
    header_bytes += b"\n"
    try:
        header = json.loads(header_bytes)
        nonce = unb64(header["nonce"])
        if header["mode"] == "x25519":
            if private_key is None:
                raise DecryptError("this export is encrypted to a key: give the private key")
            own = X25519PrivateKey.from_private_bytes(private_key)
            ephemeral = unb64(header["ephemeral"])
            shared = own.exchange(X25519PublicKey.from_public_bytes(ephemeral))
            key = _x25519_key(shared, ephemeral, raw_public(own.public_key()))
        elif header["mode"] == "scrypt":
            if passphrase is None:
                raise DecryptError("this export is encrypted with a passphrase: give it")
            key = _scrypt_key(passphrase, unb64(header["salt"]))
        else:
            raise DecryptError(f"unknown mode {header['mode']!r}")
        return AESGCM(key).decrypt(nonce, body, MAGIC + header_bytes)
    except InvalidTag:
        raise DecryptError("wrong key or passphrase, or the file was altered") from None
    except (KeyError, ValueError) as error:
        if isinstance(error, DecryptError):
            raise
        raise DecryptError(f"malformed export: {error}") from None


def new_recipient_keypair() -> tuple[bytes, bytes]:
    """(private, public) raw X25519 bytes, for the receiving side."""
    private = X25519PrivateKey.generate()
    return (
        private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        ),
        raw_public(private.public_key()),
    )
