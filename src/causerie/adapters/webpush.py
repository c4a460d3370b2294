"""``ports.PushSender`` with pywebpush: the payload encrypted for the
browser (aes128gcm, RFC 8291) and the request signed with the server's
VAPID key (RFC 8292, py-vapid)."""

from __future__ import annotations

import base64
import logging
from urllib.parse import urlsplit

import aiohttp
from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid
from pywebpush import WebPushException, webpush_async

from causerie.domain.push import PushOutcome, PushSubscription

log = logging.getLogger(__name__)

# A notification older than a day is noise: the push service may drop it.
TTL_SECONDS = 24 * 3600
TIMEOUT_SECONDS = 10.0


class WebPushSender:
    def __init__(self, private_key: str, subject: str) -> None:
        self._vapid = Vapid.from_string(private_key=private_key)
        self._subject = subject
        raw = self._vapid.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.public_key = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    async def send(self, subscription: PushSubscription, payload: bytes, topic: str) -> PushOutcome:
        info: dict[str, str | bytes | dict[str, str | bytes]] = {
            "endpoint": subscription.endpoint,
            "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
        }
        parts = urlsplit(subscription.endpoint)
        claims: dict[str, str | int] = {
            "sub": self._subject,
            "aud": f"{parts.scheme}://{parts.netloc}",
        }
        try:
            await webpush_async(
                info,
                payload.decode(),
                vapid_private_key=self._vapid,
                vapid_claims=claims,
                ttl=TTL_SECONDS,
                timeout=TIMEOUT_SECONDS,
                # A newer notification about the same thing replaces one not
                # yet delivered (a phone off all night gets one, not fifty).
                headers={"Topic": topic, "Urgency": "normal"},
            )
        except WebPushException as exc:
            status = getattr(exc.response, "status", None)
            if status in (404, 410):
                return PushOutcome.GONE
            log.warning("push to %s refused: %s", parts.netloc, status)
            return PushOutcome.FAILED
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning("push to %s failed: %s", parts.netloc, type(exc).__name__)
            return PushOutcome.FAILED
        return PushOutcome.SENT
