"""A stand-in push service, on a loopback port: what Mozilla's or Google's
would do with our requests, checked as strictly as they would. Each POST
must carry a VAPID ``Authorization: vapid t=<JWT>, k=<key>`` (RFC 8292)
whose ES256 signature verifies with the server's public key and whose
``aud`` is this service's origin; its body must decrypt (aes128gcm,
RFC 8291) with the subscription's private key — held here, as the browser
would hold it. Tests read what arrived, already decrypted."""

from __future__ import annotations

import base64
import itertools
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import http_ece
import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.support.net import bound_socket, port_of, serving

_ids = itertools.count(1)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Device:
    """One browser's subscription: its endpoint and its private keys."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    status: int = 201  # what the service answers for this endpoint

    def subscription(self, **extra: Any) -> dict[str, Any]:
        """The body of ``POST /api/v1/push/subscriptions``, as the client sends it."""
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "keys": {"p256dh": b64(point), "auth": b64(self.auth)},
            **extra,
        }


@dataclass
class Received:
    endpoint: str
    payload: dict[str, Any]
    headers: dict[str, str]


@dataclass
class PushStandIn:
    origin: str = ""
    server_key: str = ""  # the VAPID public key every request must be signed with
    devices: dict[str, Device] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def device(self, status: int = 201) -> Device:
        endpoint = f"{self.origin}/push/{next(_ids)}"
        device = Device(endpoint, ec.generate_private_key(ec.SECP256R1()), b"a" * 8 + b"uth-sec!")
        device.status = status
        self.devices[endpoint] = device
        return device

    def _check_vapid(self, header: str) -> str | None:
        """None when the signature holds, else why not."""
        scheme, _, rest = header.partition(" ")
        if scheme != "vapid":
            return "scheme"
        parts = dict(p.strip().split("=", 1) for p in rest.split(","))
        if parts.get("k") != self.server_key:
            return "key"
        head, claims, signature = parts["t"].split(".")
        raw = unb64(signature)
        der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(self.server_key))
        try:
            key.verify(der, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            return "signature"
        body = orjson.loads(unb64(claims))
        if orjson.loads(unb64(head)).get("alg") != "ES256":
            return "alg"
        if body.get("aud") != self.origin or body.get("exp", 0) <= time.time():
            return "claims"
        if not str(body.get("sub", "")).startswith(("mailto:", "https:")):
            return "sub"
        return None

    async def _push(self, request: Request) -> Response:
        endpoint = f"{self.origin}{request.url.path}"
        device = self.devices.get(endpoint)
        if device is None:
            return Response(status_code=404)
        why = self._check_vapid(request.headers.get("authorization", ""))
        if why is not None or request.headers.get("content-encoding") != "aes128gcm":
            self.refused.append(why or "encoding")
            return Response(status_code=401)
        if device.status >= 400:
            return Response(status_code=device.status)
        plain = http_ece.decrypt(
            await request.body(),
            private_key=device.private_key,
            auth_secret=device.auth,
            version="aes128gcm",
        )
        self.received.append(Received(endpoint, orjson.loads(plain), dict(request.headers)))
        return Response(status_code=device.status)


@asynccontextmanager
async def push_standin() -> AsyncIterator[PushStandIn]:
    standin = PushStandIn()
    app = Starlette(routes=[Route("/push/{n}", standin._push, methods=["POST"])])
    sock = bound_socket()
    standin.origin = f"http://127.0.0.1:{port_of(sock)}"
    async with serving(app, sock):
        yield standin
