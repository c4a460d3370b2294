"""``/api/v1/push``: Web Push opt-in per device (docs/web-client.md,
"Notifications")."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

from causerie.domain.errors import CauserieError
from causerie.domain.push import PushSubscription
from causerie.domain.times import rfc3339
from causerie.services import push
from causerie.services.push import PushNotifier
from causerie.transport.auth import AccountDep, AuthDep, DepsDep

router = APIRouter(prefix="/api/v1/push", tags=["account"])


class Keys(BaseModel):
    model_config = ConfigDict(extra="ignore")
    p256dh: StrictStr = Field(max_length=200)
    auth: StrictStr = Field(max_length=100)


class NewSubscription(BaseModel):
    """What ``PushSubscription.toJSON()`` gives, plus the member's choices."""

    model_config = ConfigDict(extra="ignore")
    endpoint: StrictStr = Field(max_length=1024)
    keys: Keys
    lang: StrictStr = Field(default="fr", max_length=5)
    at_night: StrictBool = False


class Endpoint(BaseModel):
    model_config = ConfigDict(extra="ignore")
    endpoint: StrictStr = Field(max_length=1024)


def _out(sub: PushSubscription) -> dict[str, Any]:
    return {
        "endpoint": sub.endpoint,
        "lang": sub.lang,
        "at_night": sub.at_night,
        "created_at": rfc3339(sub.created_at),
    }


def _notifier(deps: Any) -> PushNotifier:
    if not isinstance(deps.push, PushNotifier):
        raise CauserieError("not_found")
    return deps.push


@router.get("")
async def settings(auth: AuthDep, deps: DepsDep) -> Any:
    """The key browsers subscribe with; whether teens are held back at night."""
    return {
        "public_key": _notifier(deps).sender.public_key,
        "quiet_at_night": auth.user.band.value == "teen",
    }


@router.post("/subscriptions", status_code=201)
async def subscribe(body: NewSubscription, auth: AuthDep, deps: DepsDep) -> Any:
    _notifier(deps)
    sub = await push.subscribe(
        deps,
        auth.user,
        auth.session.id,
        endpoint=body.endpoint,
        p256dh=body.keys.p256dh,
        auth=body.keys.auth,
        lang=body.lang,
        at_night=body.at_night,
    )
    return _out(sub)


@router.post("/subscriptions/lookup")
async def lookup(body: Endpoint, auth: AuthDep, deps: DepsDep) -> Any:
    """This device's subscription as the server knows it (the endpoint is
    a capability: never in a URL, hence POST)."""
    sub = await push.device_subscription(deps, auth.user, body.endpoint)
    if sub is None:
        raise CauserieError("not_found")
    return _out(sub)


# Turning notifications off works under a sanction too (SANCTION_ALLOWED).
@router.post("/subscriptions/delete", status_code=204)
async def unsubscribe(body: Endpoint, auth: AccountDep, deps: DepsDep) -> Response:
    await push.unsubscribe(deps, auth.user, body.endpoint)
    return Response(status_code=204)
