"""Age attestation ("double anonymat"): the server issues a nonce bound to
the session; a third-party age-assurance provider signs, with Ed25519
(compact JWS), claims that say only ``over_18``, the ``nonce``, ``exp`` and
``iss``. The provider never learns which site asked (it only sees a random
nonce); the server never learns who the person is. Trusted provider keys are
a JWKS file (``attestation_jwks``)."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from causerie.domain.bands import Band
from causerie.domain.errors import CauserieError, Invalid
from causerie.domain.events import CLOSE_RESYNC, CloseUser
from causerie.domain.models import User
from causerie.domain.moderation import AttestationNonce, CaseKind, TargetType
from causerie.ports import UserPatch
from causerie.services.accounts import Authenticated
from causerie.services.cases import open_case, user_snapshot
from causerie.services.deps import Deps

ALLOWED_CLAIMS = frozenset({"over_18", "nonce", "exp", "iss"})
TOKEN_MAX = 4096
# Close code asking clients to reconnect (and re-read their band).


class AttestationInvalid(CauserieError):
    code = "attestation_invalid"


@dataclass(frozen=True, slots=True)
class IssuedNonce:
    nonce: str
    expires_at: datetime


def _hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def load_keys(path: Path | None) -> KeySet | None:
    """The trusted provider keys; None when no provider is configured."""
    if path is None or not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text())
    return KeySet.import_key_set(data)  # type: ignore[arg-type]


async def issue_nonce(deps: Deps, auth: Authenticated) -> IssuedNonce:
    await deps.rate_limit(f"attest:user:{auth.user.id}", deps.settings.attestations_per_user)
    now = deps.clock.now()
    nonce = secrets.token_urlsafe(24)
    expires = now + timedelta(minutes=deps.settings.attestation_nonce_minutes)
    async with deps.uow(write=True) as uow:
        await uow.nonces.add(
            AttestationNonce(
                nonce_hash=_hash(nonce),
                user_id=auth.user.id,
                session_id=auth.session.id,
                created_at=now,
                expires_at=expires,
            )
        )
        await uow.commit()
    return IssuedNonce(nonce, expires)


# Where the provider sends the member back: a page of the client, in the
# fragment, so that the signed answer appended to it reaches neither a
# server log nor a Referer header.
RETURN_PATH = "/#/attestation/return"
# The client's random value, kept in its sessionStorage and echoed back by
# the provider: a return the client did not start is refused before any
# request (the nonce, bound to this session, refuses it again on the server).
_STATE = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True, slots=True)
class Handoff:
    url: str
    provider: str
    expires_at: datetime


def provider_name(settings: Any) -> str | None:
    """The provider the member is sent to, in plain words; None without one."""
    if settings.attestation_provider_url is None or settings.attestation_jwks is None:
        return None
    return str(settings.attestation_provider_name or settings.attestation_provider_url)


async def hand_off(deps: Deps, auth: Authenticated, state: str) -> Handoff:
    """A fresh nonce, and the provider's address carrying it with where to
    come back (``return_to``) and the client's ``state``."""
    name = provider_name(deps.settings)
    if name is None:
        raise AttestationInvalid(reason="no_provider")
    if not _STATE.fullmatch(state):
        raise Invalid(field="state")
    issued = await issue_nonce(deps, auth)
    base = str(deps.settings.attestation_provider_url)
    query = urlencode(
        {
            "nonce": issued.nonce,
            "return_to": deps.settings.public_url.rstrip("/") + RETURN_PATH,
            "state": state,
        }
    )
    return Handoff(f"{base}{'&' if '?' in base else '?'}{query}", name, issued.expires_at)


def verify_token(token: str, keys: KeySet, now: datetime) -> dict[str, Any]:
    """The claims of a valid attestation, else ``AttestationInvalid``."""
    if len(token) > TOKEN_MAX:
        raise AttestationInvalid(reason="malformed")
    try:
        obj = jws.deserialize_compact(token, keys, algorithms=["Ed25519"])
        claims = json.loads(obj.payload)
    except (JoseError, ValueError) as exc:
        raise AttestationInvalid(reason="signature") from exc
    if not isinstance(claims, dict) or set(claims) != ALLOWED_CLAIMS:
        raise AttestationInvalid(reason="claims")
    if not isinstance(claims["over_18"], bool) or not isinstance(claims["nonce"], str):
        raise AttestationInvalid(reason="claims")
    if not isinstance(claims["exp"], int) or claims["exp"] <= now.timestamp():
        raise AttestationInvalid(reason="expired")
    if not isinstance(claims["iss"], str) or not claims["iss"]:
        raise AttestationInvalid(reason="claims")
    return claims


async def accept_attestation(deps: Deps, auth: Authenticated, token: str) -> User:
    """Verify, consume the nonce (single use, this session, unexpired), set
    ``age_attested``; an attestation that contradicts the declared band moves
    the account to the right band and opens a case for review."""
    keys = load_keys(deps.settings.attestation_jwks)
    if keys is None:
        raise AttestationInvalid(reason="no_provider")
    now = deps.clock.now()
    claims = verify_token(token, keys, now)
    over_18: bool = claims["over_18"]
    async with deps.uow(write=True) as uow:
        if not await uow.nonces.consume(_hash(claims["nonce"]), auth.session.id, now):
            raise AttestationInvalid(reason="nonce")
        user = await uow.users.get(auth.user.id)
        if user is None:
            raise AttestationInvalid(reason="nonce")
        fields: UserPatch = {"age_attested": True}
        wrong_band = (user.band is Band.ADULT) != over_18
        if wrong_band:
            fields["band"] = Band.ADULT if over_18 else Band.TEEN
            fields["age"] = max(user.age, 18) if over_18 else min(user.age, 17)
        before = user
        user = await uow.users.update(user.id, **fields)
        if wrong_band:
            await open_case(
                deps,
                uow,
                kind=CaseKind.AUTOMATIC,
                target_type=TargetType.USER,
                target_id=user.id,
                subject_id=user.id,
                reason="age_band_mismatch",
                signals=[
                    {
                        "name": "age_band_mismatch",
                        "declared_age": before.age,
                        "declared_band": before.band.value,
                        "attested_over_18": over_18,
                        "issuer": claims["iss"],
                    }
                ],
                evidence={
                    "content": {"type": "attestation", "before": user_snapshot(before)},
                    "context": [],
                    "users": [user_snapshot(user)],
                },
            )
            # Live sockets joined rooms of the old band: make them reconnect.
            event = CloseUser(user.id, CLOSE_RESYNC, "band_changed")
            uow.publish(event)
        await uow.commit()
    return user
