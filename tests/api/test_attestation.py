"""Age attestation ("double anonymat"): nonce bound to the session, a token
signed by a trusted provider key, single use, expiring; band correction."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from joserfc.jwk import OKPKey

from causerie.cli.attest import sign_attestation
from tests import harness
from tests.api.moderation_helpers import open_cases
from tests.harness import Member, Server, live_server, signup, staff


@pytest.fixture
def provider(tmp_path: Path) -> tuple[dict[str, Any], Path]:
    """A trusted provider key (private JWK) and the server's JWKS file."""
    key = OKPKey.generate_key("Ed25519", parameters={"kid": "p1"})
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [key.as_dict(private=False)]}))
    return key.as_dict(private=True), jwks


@pytest.fixture
async def attesting_server(
    tmp_path: Path, migrated_database_url: str, provider: tuple[dict[str, Any], Path]
) -> AsyncIterator[Server]:
    settings = harness.test_settings(tmp_path, migrated_database_url, attestation_jwks=provider[1])
    async with live_server(settings) as live:
        yield live


async def _nonce(member: Member) -> str:
    response = await member.http.post("/api/v1/attestations/nonce")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["expires_at"].endswith("Z")
    return str(body["nonce"])


async def _attest(member: Member, token: str) -> Any:
    return await member.http.post("/api/v1/attestations", json={"token": token})


async def test_adult_attests_and_enters_adult_only_rooms(
    attesting_server: Server, provider: tuple[dict[str, Any], Path]
) -> None:
    adult = await signup(attesting_server, age=30)
    rooms = (await adult.http.get("/api/v1/rooms")).json()
    gated = [r for r in rooms if r["requires"] == "age_attestation"]
    assert gated, "the catalogue has adult-only rooms"
    refused = await adult.http.get(f"/api/v1/rooms/{gated[0]['id']}/messages")
    assert refused.status_code == 403 and refused.json()["code"] == "attestation_required"
    already_open = await adult.ws()
    await already_open.send({"type": "join", "room": gated[0]["id"], "since": None})
    assert (await already_open.expect("error"))["code"] == "attestation_required"
    token = sign_attestation(provider[0], await _nonce(adult), True, issuer="p1", ttl=60)
    response = await _attest(adult, token)
    assert response.status_code == 201, response.text
    assert response.json()["user"]["age_attested"] is True
    me = (await adult.http.get("/api/v1/me")).json()
    assert me["age_attested"] is True and "adult_rooms" in me["capabilities"]
    allowed = await adult.http.get(f"/api/v1/rooms/{gated[0]['id']}/messages")
    assert allowed.status_code == 200
    # The socket opened before the attestation sees it too.
    await already_open.join(gated[0]["id"])


async def test_nonce_is_single_use_and_bound_to_the_session(
    attesting_server: Server, provider: tuple[dict[str, Any], Path]
) -> None:
    adult, other = await signup(attesting_server), await signup(attesting_server)
    nonce = await _nonce(adult)
    token = sign_attestation(provider[0], nonce, True, issuer="p1", ttl=60)
    stolen = await _attest(other, token)
    assert stolen.status_code == 422 and stolen.json()["code"] == "attestation_invalid"
    assert (await _attest(adult, token)).status_code == 201
    reused = await _attest(adult, token)
    assert reused.status_code == 422 and reused.json()["reason"] == "nonce"
    unknown = sign_attestation(provider[0], "never-issued", True, issuer="p1", ttl=60)
    assert (await _attest(adult, unknown)).json()["reason"] == "nonce"


async def test_expired_token_and_expired_nonce_are_refused(
    attesting_server: Server, provider: tuple[dict[str, Any], Path], migrated_database_url: str
) -> None:
    adult = await signup(attesting_server)
    expired = sign_attestation(provider[0], await _nonce(adult), True, issuer="p1", ttl=-5)
    response = await _attest(adult, expired)
    assert response.status_code == 422 and response.json()["reason"] == "expired"
    nonce = await _nonce(adult)
    deps = attesting_server.app.state.deps
    from sqlalchemy import update

    from causerie.storage.tables import attestation_nonces

    async with deps.uow(write=True) as uow:  # the nonce's ten minutes are over
        await uow._conn.execute(  # type: ignore[attr-defined]
            update(attestation_nonces).values(expires_at=deps.clock.now())
        )
        await uow.commit()
    late = sign_attestation(provider[0], nonce, True, issuer="p1", ttl=60)
    assert (await _attest(adult, late)).json()["reason"] == "nonce"


async def test_wrong_key_or_extra_claims_are_refused(
    attesting_server: Server, provider: tuple[dict[str, Any], Path]
) -> None:
    adult = await signup(attesting_server)
    rogue = OKPKey.generate_key("Ed25519", parameters={"kid": "p1"}).as_dict(private=True)
    forged = sign_attestation(rogue, await _nonce(adult), True, issuer="p1", ttl=60)
    response = await _attest(adult, forged)
    assert response.status_code == 422 and response.json()["reason"] == "signature"
    garbage = await _attest(adult, "not.a.token")
    assert garbage.status_code == 422
    assert (await adult.http.get("/api/v1/me")).json()["age_attested"] is False


async def test_under_18_attestation_moves_adult_to_teen_band(
    attesting_server: Server, provider: tuple[dict[str, Any], Path]
) -> None:
    liar = await signup(attesting_server, age=25)
    moderator = await staff(attesting_server)
    ws = await liar.ws()
    token = sign_attestation(provider[0], await _nonce(liar), False, issuer="p1", ttl=60)
    response = await _attest(liar, token)
    assert response.status_code == 201
    user = response.json()["user"]
    assert user["band"] == "teen" and user["age"] == 17
    await ws.conn.wait_closed()
    assert ws.conn.close_code == 4008  # reconnect: the band changed
    rooms = (await liar.http.get("/api/v1/rooms")).json()
    assert rooms and all(r["requires"] is None for r in rooms)
    [case] = [c for c in await open_cases(moderator) if c["target"]["id"] == liar.id]
    assert case["kind"] == "automatic" and case["reasons"] == ["age_band_mismatch"]
    assert case["severity"] == "high"


async def test_over_18_attestation_moves_teen_to_adult_band(
    attesting_server: Server, provider: tuple[dict[str, Any], Path]
) -> None:
    teen = await signup(attesting_server, age=16)
    token = sign_attestation(provider[0], await _nonce(teen), True, issuer="p1", ttl=60)
    user = (await _attest(teen, token)).json()["user"]
    assert user["band"] == "adult" and user["age"] == 18 and user["age_attested"] is True


async def test_without_a_configured_provider_attestations_are_refused(server: Server) -> None:
    adult = await signup(server)
    await _nonce(adult)
    response = await _attest(adult, "x.y.z")
    assert response.status_code == 422 and response.json()["reason"] == "no_provider"


async def test_operator_can_turn_the_adult_room_requirement_off(
    tmp_path: Path, migrated_database_url: str
) -> None:
    settings = harness.test_settings(
        tmp_path, migrated_database_url, adult_rooms_require_attestation=False
    )
    async with live_server(settings) as live:
        adult = await signup(live, age=30)
        rooms = (await adult.http.get("/api/v1/rooms")).json()
        assert all(r["requires"] is None for r in rooms)
        async with live.app.state.deps.uow() as uow:
            gated = [r for r in await uow.rooms.list_public() if r.requires == "age_attestation"]
        assert gated, "the catalogue still marks its adult-only rooms"
        history = await adult.http.get(f"/api/v1/rooms/{gated[0].id}/messages")
        assert history.status_code == 200
        ws = await adult.ws()
        await ws.join(gated[0].id)
