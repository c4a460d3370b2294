"""``causerie attest``: a test age-assurance provider (Ed25519 keys, signed
attestations), for operators and tests. A real provider does the same on its
side: it sees a random nonce, never which site asked."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from joserfc import jws
from joserfc.jwk import OKPKey

attest_app = typer.Typer(no_args_is_help=True, help="Test age-attestation provider.")


@attest_app.command("keygen")
def keygen(
    out: Annotated[Path, typer.Option("--out", help="Folder for the key files.")],
    kid: Annotated[str, typer.Option("--kid")] = "test-provider",
) -> None:
    """Write provider.key.json (private JWK) and jwks.json (public key set
    to give the server as ``--attestation-jwks`` / CAUSERIE_ATTESTATION_JWKS)."""
    out.mkdir(parents=True, exist_ok=True)
    key = OKPKey.generate_key("Ed25519", parameters={"kid": kid})
    private = out / "provider.key.json"
    private.write_text(json.dumps(key.as_dict(private=True)))
    private.chmod(0o600)
    (out / "jwks.json").write_text(json.dumps({"keys": [key.as_dict(private=False)]}))
    typer.echo(f"{private}\n{out / 'jwks.json'}")


def sign_attestation(
    key_data: dict[str, object], nonce: str, over_18: bool, *, issuer: str, ttl: int
) -> str:
    """A compact JWS (alg Ed25519, RFC 9864) over exactly {over_18, nonce, exp, iss}."""
    key = OKPKey.import_key(key_data)  # type: ignore[arg-type]
    claims = {"over_18": over_18, "nonce": nonce, "exp": int(time.time()) + ttl, "iss": issuer}
    header = {"alg": "Ed25519", "kid": key.kid} if key.kid else {"alg": "Ed25519"}
    return jws.serialize_compact(header, json.dumps(claims), key, algorithms=["Ed25519"])


@attest_app.command("sign")
def sign(
    key: Annotated[Path, typer.Option("--key", exists=True, dir_okay=False)],
    nonce: Annotated[str, typer.Option("--nonce")],
    over_18: Annotated[bool, typer.Option("--over-18/--under-18")],
    issuer: Annotated[str, typer.Option("--issuer")] = "test-provider",
    ttl: Annotated[int, typer.Option("--ttl", help="Seconds until it expires.")] = 300,
) -> None:
    """Print a signed attestation for ``nonce``."""
    data = json.loads(key.read_text())
    typer.echo(sign_attestation(data, nonce, over_18, issuer=issuer, ttl=ttl))
