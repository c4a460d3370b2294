"""What the use cases need, gathered once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass, field

from causerie.config import Settings
from causerie.domain.errors import RateLimited
from causerie.domain.trust import TrustThresholds
from causerie.ports import (
    Clock,
    ConversationWatcher,
    EventPublisher,
    Gazetteer,
    GroupCommit,
    MessageChecker,
    Notifier,
    PasswordHasher,
    PaymentProvider,
    Presence,
    RateLimiter,
    UnitOfWorkFactory,
)
from causerie.services.access import Door
from causerie.services.media_engines import MediaEngines
from causerie.services.premium_cache import EntitlementCache


@dataclass(slots=True)
class Deps:
    uow: UnitOfWorkFactory
    clock: Clock
    events: EventPublisher
    limiter: RateLimiter
    presence: Presence
    gazetteer: Gazetteer
    passwords: PasswordHasher
    message_filter: MessageChecker
    settings: Settings
    # Keys the stored device/network hashes (adapters/signal_key.py).
    signal_key: bytes
    watcher: ConversationWatcher | None = None
    # The group commit every text message is written through (storage/group_commit.py).
    writer: GroupCommit | None = None
    # Causerie+ (docs/premium.md): the provider when keys are set, and the cache.
    payments: PaymentProvider | None = None
    premium_cache: EntitlementCache | None = None
    # Photos in private conversations (docs/media.md): the pool and the store.
    media: MediaEngines | None = None
    # Web Push to members without an open socket (services/push.py).
    push: Notifier | None = None
    # The one door, its access policy fixed here, once, from the settings.
    door: Door = field(init=False)

    def __post_init__(self) -> None:
        self.door = Door(
            adult_rooms_require_attestation=self.settings.adult_rooms_require_attestation
        )

    @property
    def trust(self) -> TrustThresholds:
        s = self.settings
        return TrustThresholds(
            level1_minutes=s.trust1_after_minutes,
            level1_messages=s.trust1_after_messages,
            level2_days=s.trust2_after_days,
            level2_messages=s.trust2_after_messages,
        )

    async def rate_limit(self, key: str, rule: tuple[int, float]) -> None:
        """Raise ``RateLimited`` when ``key`` is over ``rule`` = (count, window)."""
        if self.settings.no_rate_limits:
            return
        wait = await self.limiter.hit(key, rule[0], rule[1])
        if wait > 0:
            raise RateLimited(wait)
