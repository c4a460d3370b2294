"""Settings: one pydantic-settings class, every field overridable by a
``CAUSERIE_<NAME>`` environment variable (or the matching CLI option)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CAUSERIE_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path("./data")
    database_url: str | None = None
    redis_url: str | None = None
    # Prefix of every Redis key and channel: several deployments (or test
    # runs) can share one Redis.
    redis_namespace: str = "causerie"
    # Keys the ban-evasion hashes; unset: a key file in data_dir (one machine).
    signal_key: str | None = Field(default=None, repr=False)
    no_rate_limits: bool = False

    # Sessions
    session_days: int = 30
    # Served over HTTPS (directly or behind a TLS proxy): cookies get Secure
    # and the ``__Host-`` prefix. Off for plain http://localhost (make run).
    cookie_secure: bool = False
    ws_ticket_seconds: int = Field(default=60, ge=5, le=600)

    # The HTTP edge (docs/security.md, "Limits"): the whole request head
    # within header_timeout, no body byte for body_idle_timeout ends the
    # request, keep_alive_timeout between requests on one connection.
    header_timeout_seconds: float = Field(default=10.0, gt=0)
    body_idle_timeout_seconds: float = Field(default=30.0, gt=0)
    keep_alive_timeout_seconds: float = Field(default=5.0, gt=0)
    # /metrics: answered to this bearer token, or on the operator listener.
    metrics_token: str | None = Field(default=None, repr=False)
    metrics_host: str | None = None
    metrics_port: int | None = None

    # Login (docs/security.md): per (pseudo, address), `login_free_failures`
    # wrong passwords, then a wait that doubles with each further failure
    # (from 1 s, at most login_max_backoff_seconds); one failure is forgotten
    # every login_failure_decay_seconds. Per pseudo across every address a
    # looser ceiling, which never applies to an address the owner logged in from.
    login_free_failures: int = Field(default=5, ge=1)
    login_max_backoff_seconds: float = Field(default=900.0, gt=0)
    login_failure_decay_seconds: float = Field(default=600.0, gt=0)
    login_failures_per_pseudo: tuple[int, float] = (100, 3600.0)
    # argon2id cost; tests lower it (the defaults cost ~165 ms a hash here).
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536

    # Trust levels (documented in docs/trust.md)
    dm_min_trust: int = 1
    link_min_trust: int = 1
    trust1_after_minutes: int = 30
    trust1_after_messages: int = 20
    trust2_after_days: int = 7
    trust2_after_messages: int = 200

    # Rate limits: (count, window seconds). Per-IP limits stay generous on
    # purpose: French mobile carriers put many people behind one address
    # (CGNAT), so an address is a weak identity; per-account limits do the work.
    signup_per_ip: tuple[int, float] = (200, 3600.0)
    login_per_ip: tuple[int, float] = (60, 300.0)
    login_per_pseudo: tuple[int, float] = (10, 300.0)
    send_per_user: tuple[int, float] = (20, 10.0)
    send_per_user_trusted: tuple[int, float] = (60, 10.0)
    dm_requests_per_user: tuple[int, float] = (10, 3600.0)
    api_per_user: tuple[int, float] = (600, 60.0)

    # Nearby (docs/nearby.md). Queries are limited per account and per
    # address; the city-change limit is a policy, kept on by --no-rate-limits.
    nearby_per_user: tuple[int, float] = (20, 60.0)
    nearby_per_ip: tuple[int, float] = (300, 60.0)
    nearby_min_trust: int = 0
    nearby_requires_attestation: bool = False
    # Rooms marked ``requires: age_attestation`` (adult-only) ask for one.
    adult_rooms_require_attestation: bool = True
    nearby_teens: bool = False  # teens get no nearby list unless turned on
    nearby_active_minutes: int = Field(default=30, ge=1)
    nearby_seen_every_seconds: int = Field(default=240, ge=1)  # refresh while connected
    city_changes_per_day: int = Field(default=3, ge=1)

    # Real-time
    # Queue path (no direct sink): frames a connection may have waiting.
    outbox_limit: int = Field(default=1000, ge=10)
    # Direct path: bytes a connection's socket may have buffered before it is
    # closed with 4008 (docs/scale.md, "Fan-out on one node").
    outbox_bytes: int = Field(default=1_048_576, ge=65_536)
    max_frame_bytes: int = 16384
    # Sends of one connection awaiting their commit before its reader waits:
    # enough for a client's burst to share one group commit, still bounded.
    sends_in_flight: int = Field(default=64, ge=1, le=1024)
    # Once the safety filter is built, move the start-up heap (its model and
    # phrase index, the gazetteer: about 850,000 objects) out of the cycle
    # collector's reach (gc.freeze): every full collection scanned it again,
    # 0.3-4.5 s with the event loop stopped, several times a minute under load
    # (docs/benchmarks.md, session 6). `causerie serve` turns it on; off by
    # default because tests build many apps in one process, whose heaps
    # would stay frozen.
    freeze_startup_heap: bool = False
    # How often the safety filter's decisions are stored (transparency report).
    filter_tally_every_seconds: float = Field(default=60.0, gt=0)
    replay_batch: int = 500
    # Every node compares its rooms' head seqs with what it delivered this
    # often, and fills the difference: a message whose publish was lost is
    # delivered within this time (docs/scale.md).
    gap_sweep_seconds: float = Field(default=2.0, gt=0)
    # How often every node looks for events operator commands left in the
    # event outbox (a ban from the CLI closes open sockets within this time).
    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    # Seconds a database statement (lock waits included) and a wait for a
    # pooled connection may take before the request fails with 503
    # ``unavailable`` (WebSocket: an ``unavailable`` error frame).
    db_statement_timeout: float = Field(default=10.0, gt=0)
    db_pool_timeout: float = Field(default=5.0, gt=0)
    # Flood budgets of one WebSocket connection (docs/security.md, "Flood
    # budgets"): (count, window seconds) token buckets, lifted by
    # --no-rate-limits. Frames of any kind; refused frames past the second
    # budget close the connection with 4029; joins and leaves; messages
    # replayed by ``join`` with ``since`` (a replay over budget slows down).
    ws_frames: tuple[int, float] = (120, 10.0)
    ws_refusals: tuple[int, float] = (30, 10.0)
    ws_joins: tuple[int, float] = (60, 60.0)
    ws_replayed: tuple[int, float] = (20_000, 60.0)
    # Open sockets per account and per address on one node; past them a new
    # socket is accepted then closed with 4029. Addresses stay generous:
    # mobile carriers and schools put many people behind one (CGNAT).
    ws_sockets_per_user: int = Field(default=16, ge=1)
    ws_sockets_per_address: int = Field(default=256, ge=1)

    # Moderation and trust & safety (docs/moderation.md, docs/trust.md)
    reports_per_user: tuple[int, float] = (20, 3600.0)
    evasion_window_days: int = 7
    # Same network as a recently banned account also holds a sign-up. French
    # mobile carriers share addresses (CGNAT): a hold, never a refusal.
    evasion_match_network: bool = True
    # Age attestation: a JWKS file of trusted providers' public keys (Ed25519).
    attestation_jwks: Path | None = None
    attestation_nonce_minutes: int = 10
    attestations_per_user: tuple[int, float] = (20, 3600.0)
    # The hand-off (docs/trust.md): the provider's page the member is sent
    # to, and its name in plain words on the button. Without a URL the
    # client keeps the manual route (copy the code, paste the answer).
    attestation_provider_url: str | None = None
    attestation_provider_name: str = ""

    # Web Push (docs/web-client.md, "Notifications"). The VAPID private key
    # (base64url): every node must share it, or subscriptions made through
    # one node are refused by the push service when another signs; else a
    # file made once in the data directory (adapters/vapid_key.py).
    vapid_private_key: str | None = Field(default=None, repr=False)
    # Who the push services may contact about our traffic (RFC 8292 "sub").
    vapid_subject: str = "mailto:push@causerie.invalid"
    # Endpoints the server agrees to post to: the browsers' push services.
    # Anything else would let a member make the server call any address.
    # ``*.`` matches a host's subdomains; the scheme and port must match.
    push_services: tuple[str, ...] = (
        "https://fcm.googleapis.com",
        "https://updates.push.services.mozilla.com",
        "https://*.push.apple.com",
        "https://*.notify.windows.com",
    )
    push_subscriptions_per_user: int = Field(default=10, ge=1)

    # Photos in private conversations (docs/media.md, defaults explained there).
    image_min_trust: int = Field(default=1, ge=0)
    image_min_account_days: float = Field(default=3.0, ge=0)
    images_per_user: tuple[int, float] = (30, 3600.0)
    images_per_conversation: tuple[int, float] = (20, 3600.0)
    image_max_pixels: int = Field(default=40_000_000, ge=10_000)
    image_max_side: int = Field(default=2048, ge=256)
    # Per-mille open_nsfw score from which an image is "likely nude"
    # (calibrated in docs/media.md).
    image_nudity_likely: int = Field(default=500, ge=1, le=1000)
    image_workers: int = Field(default=1, ge=1)  # processes decoding images, per node
    image_store: Literal["disk", "s3"] = "disk"
    image_s3_bucket: str = "causerie-images"
    image_s3_endpoint: str | None = None  # MinIO or any S3-compatible server
    image_s3_region: str = "us-east-1"
    image_s3_access_key: str | None = Field(default=None, repr=False)
    image_s3_secret_key: str | None = Field(default=None, repr=False)

    # Privacy and retention (docs/privacy.md). LCEN: connection and
    # identification data are kept one year, then purged.
    connection_data_days: int = Field(default=365, ge=1)
    export_per_user: tuple[int, float] = (3, 3600.0)
    # The purge runs inside the server: every ``retention_check_minutes`` a
    # node looks whether the last run is ``retention_every_hours`` old.
    retention_job: bool = True
    retention_every_hours: int = Field(default=24, ge=1)
    retention_check_minutes: int = Field(default=60, ge=1)

    # Causerie+ through Stripe (docs/premium.md). Without a secret key and
    # prices the shop says it is not configured; nothing is faked.
    stripe_secret_key: str | None = Field(default=None, repr=False)
    # Several secrets, comma-separated, while one is being rotated.
    stripe_webhook_secret: str | None = Field(default=None, repr=False)
    # ``month=price_…,quarter=price_…,year=price_…``
    stripe_prices: str = ""
    stripe_api_base: str | None = None  # a stand-in server in tests
    premium_grace_days: int = Field(default=3, ge=0, le=30)
    # Where the provider sends the member back after checkout or the portal.
    public_url: str = "http://127.0.0.1:8000"
    # Justice and the DSA outside the service (docs/legal.md). Without an SMTP
    # host, e-mail waits in the outbox, shown to operators.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = Field(default=None, repr=False)
    smtp_from: str = "causerie@localhost"
    smtp_starttls: bool = True
    smtp_timeout_seconds: float = Field(default=20.0, gt=0)
    mail_every_seconds: float = Field(default=30.0, gt=0)
    # Notices from anyone (DSA art. 16), per client address.
    dsa_notices_per_ip: tuple[int, float] = (10, 3600.0)
    # Signs legal exports; unset: a 0600 key file in data_dir.
    legal_signing_key: str | None = Field(default=None, repr=False)
    # Art. 18: where a threat to life is reported (e.g. "PHAROS, ...; OCRVP").
    authority_contacts: str = "PHAROS (internet-signalement.gouv.fr); 17 / 112"
    # Art. 23: unfounded notices before a warning, then a suspension.
    notifier_warn_after: int = Field(default=3, ge=1)
    notifier_suspend_after: int = Field(default=5, ge=1)
    notifier_suspend_days: int = Field(default=90, ge=1)
    # Art. 23(1): a member's content removed as illegal this many times within
    # member_misuse_days: a warning, then a suspension of member_suspend_days.
    member_warn_after: int = Field(default=2, ge=1)
    member_suspend_after: int = Field(default=3, ge=1)
    member_misuse_days: int = Field(default=180, ge=1)
    member_suspend_days: int = Field(default=30, ge=1)
    # Judicial bans (loi SREN 2024) are executed within this many hours.
    judicial_ban_hours: int = Field(default=24, ge=1)
    # The filter and scorer on private conversations, per age band
    # (legal basis: docs/privacy.md, "Scanning private conversations").
    scan_private_teen: bool = True
    scan_private_adult: bool = True
    # Mentions légales (LCEN art. 6-III): the operator's own.
    publisher_name: str = "(publisher not configured)"
    publisher_address: str = ""
    publisher_contact: str = ""
    publication_director: str = ""
    host_name: str = "(host not configured)"
    host_address: str = ""
    host_contact: str = ""

    def stripe_price_map(self) -> dict[str, str]:
        """``stripe_prices`` as {interval: price id}; malformed parts ignored."""
        pairs = (part.split("=", 1) for part in self.stripe_prices.split(",") if "=" in part)
        return {k.strip(): v.strip() for k, v in pairs if k.strip() and v.strip()}

    def stripe_webhook_secrets(self) -> list[str]:
        raw = self.stripe_webhook_secret or ""
        return [s.strip() for s in raw.split(",") if s.strip()]

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'causerie.db').resolve()}"

    def prepared_database_url(self) -> str:
        """``effective_database_url``, with the data directory made for the
        default SQLite file."""
        if self.database_url is None:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        return self.effective_database_url
