"""Age check hand-off (docs/trust.md): the member is sent to the named
provider with a nonce, a return address and the client's state, and comes
back with the signed answer; nothing is pasted. The nonce stays bound to
the session that asked: an answer brought to another session is refused."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc.jwk import OKPKey

from causerie.cli.attest import sign_attestation
from tests import harness
from tests.harness import Server, live_server, signup

PROVIDER = "https://verif.example/check?lang=fr"
STATE = "s" * 24


@pytest.fixture
def provider(tmp_path: Path) -> tuple[dict[str, Any], Path]:
    """A trusted provider key (private JWK) and the server's JWKS file."""
    key = OKPKey.generate_key("Ed25519", parameters={"kid": "p1"})
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [key.as_dict(private=False)]}))
    return key.as_dict(private=True), jwks


@pytest.fixture
async def handoff_server(
    tmp_path: Path, migrated_database_url: str, provider: tuple[dict[str, Any], Path]
) -> AsyncIterator[Server]:
    settings = harness.test_settings(
        tmp_path,
        migrated_database_url,
        attestation_jwks=provider[1],
        attestation_provider_url=PROVIDER,
        attestation_provider_name="Vérif'Âge",
        public_url="https://causerie.example",
    )
    async with live_server(settings) as live:
        yield live


async def test_the_member_is_sent_to_the_named_provider_and_comes_back(
    handoff_server: Server, provider: tuple[dict[str, Any], Path]
) -> None:
    adult = await signup(handoff_server, age=30)
    info = (await adult.http.get("/api/v1/attestations/provider")).json()
    assert info == {"name": "Vérif'Âge", "handoff": True}

    sent = await adult.http.post("/api/v1/attestations/handoff", json={"state": STATE})
    assert sent.status_code == 201, sent.text
    body = sent.json()
    assert body["provider"] == "Vérif'Âge"
    url = urlsplit(body["url"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://verif.example/check"
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query["lang"] == "fr" and query["state"] == STATE
    # Back to a page of the client, the answer in the fragment (no server log).
    assert query["return_to"] == "https://causerie.example/#/attestation/return"

    # The provider signs over the nonce it was given; the client posts it.
    token = sign_attestation(provider[0], query["nonce"], True, issuer="p1", ttl=60)
    # Brought to another member's session (a forged return), it is refused.
    other = await signup(handoff_server, age=30)
    stolen = await other.http.post("/api/v1/attestations", json={"token": token})
    assert stolen.status_code == 422 and stolen.json()["reason"] == "nonce"
    done = await adult.http.post("/api/v1/attestations", json={"token": token})
    assert done.status_code == 201 and done.json()["user"]["age_attested"] is True


async def test_a_state_the_client_did_not_make_is_refused(handoff_server: Server) -> None:
    adult = await signup(handoff_server, age=30)
    for state in ("short", "x" * 65, "a b" * 10):
        bad = await adult.http.post("/api/v1/attestations/handoff", json={"state": state})
        assert bad.status_code == 422, state


async def test_without_a_provider_url_the_manual_route_stays(server: Server) -> None:
    adult = await signup(server, age=30)
    info = (await adult.http.get("/api/v1/attestations/provider")).json()
    assert info == {"name": None, "handoff": False}
    sent = await adult.http.post("/api/v1/attestations/handoff", json={"state": STATE})
    assert sent.status_code == 422 and sent.json()["reason"] == "no_provider"


async def test_teens_never_see_the_adult_check(handoff_server: Server) -> None:
    """The check is offered where adult-only rooms are: a teen has none."""
    teen = await signup(handoff_server, age=16)
    rooms = (await teen.http.get("/api/v1/rooms")).json()
    assert rooms and all(r["requires"] is None for r in rooms)
    me = (await teen.http.get("/api/v1/me")).json()
    assert "adult_rooms" not in me["capabilities"]
