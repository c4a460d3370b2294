"""Errors the core raises. Each carries a stable machine ``code`` from the
API contract; the transport layer maps codes to HTTP statuses / WebSocket
error frames and renders a human sentence in the caller's language."""

from __future__ import annotations

from typing import Any


class CauserieError(Exception):
    """Base of every refusal the service can give. ``params`` feed the
    translated message and, when ``expose`` lists them, the problem body."""

    code = "invalid"

    def __init__(self, code: str | None = None, /, **params: Any) -> None:
        if code is not None:
            self.code = code
        self.params = params
        super().__init__(self.code, params)


class Invalid(CauserieError):
    code = "invalid"


class NotFound(CauserieError):
    """Also raised for objects the caller may not see: indistinguishable."""

    code = "not_found"


class NotAllowed(CauserieError):
    code = "not_allowed"


class TrustRequired(CauserieError):
    code = "trust_required"


class AttestationRequired(CauserieError):
    code = "attestation_required"


class Conflict(CauserieError):
    code = "conflict"


class Unauthenticated(CauserieError):
    code = "unauthenticated"


class RateLimited(CauserieError):
    code = "rate_limited"

    def __init__(self, retry_after: float) -> None:
        super().__init__(retry_after=max(1, round(retry_after + 0.499)))

    @property
    def retry_after(self) -> int:
        return int(self.params["retry_after"])
