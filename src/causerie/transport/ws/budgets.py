"""The flood budgets of one WebSocket connection, from the settings
(docs/security.md, "Flood budgets"; docs/protocol.md, "Limits")."""

from __future__ import annotations

from dataclasses import dataclass

from causerie.config import Settings
from causerie.realtime.budget import TokenBucket


def _bucket(rule: tuple[int, float]) -> TokenBucket:
    return TokenBucket(float(rule[0]), rule[1])


@dataclass(slots=True)
class FloodBudgets:
    """None everywhere under ``--no-rate-limits`` (load tests)."""

    frames: TokenBucket | None = None
    refusals: TokenBucket | None = None
    joins: TokenBucket | None = None
    replayed: TokenBucket | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> FloodBudgets:
        if settings.no_rate_limits:
            return cls()
        return cls(
            frames=_bucket(settings.ws_frames),
            refusals=_bucket(settings.ws_refusals),
            joins=_bucket(settings.ws_joins),
            replayed=_bucket(settings.ws_replayed),
        )


def socket_limits(settings: Settings) -> tuple[int | None, int | None]:
    """(per account, per address) open sockets on one node; None: no limit."""
    if settings.no_rate_limits:
        return None, None
    return settings.ws_sockets_per_user, settings.ws_sockets_per_address
