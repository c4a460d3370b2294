"""The schema as SQLAlchemy Core tables. Repositories query these; the
database itself is built by the Alembic migrations (``migrations/versions``),
and a contract test checks that both agree."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from causerie.domain.bands import Band
from causerie.domain.models import (
    AccountStatus,
    ConversationState,
    DmPolicy,
    Gender,
    Role,
    RoomKind,
)
from causerie.storage.types import BandSet, ImageRefColumn, StrEnumType, UTCDateTime

# Explicit names so migrations can refer to constraints on both engines.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

users = Table(
    "users",
    metadata,
    Column("id", String, primary_key=True),
    Column("pseudo", String, nullable=False),
    Column("pseudo_key", String, nullable=False, unique=True),
    Column("gender", StrEnumType(Gender), nullable=False),
    Column("age", Integer, nullable=False),
    Column("band", StrEnumType(Band), nullable=False),
    Column("city_id", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("trust_level", Integer, nullable=False),
    Column("role", StrEnumType(Role), nullable=False),
    Column("status", StrEnumType(AccountStatus), nullable=False),
    Column("status_until", UTCDateTime),
    Column("muted_until", UTCDateTime),
    Column("password_hash", String),
    Column("email", String),
    Column("nearby_visible", Boolean, nullable=False),
    Column("dm_requests", StrEnumType(DmPolicy), nullable=False),
    Column("bio", Text, nullable=False),
    Column("language", String, nullable=False),
    Column("age_attested", Boolean, nullable=False),
    Column("city_changed_at", UTCDateTime),
    Column("message_count", Integer, nullable=False),
    Column("last_seen_at", UTCDateTime),
    Column("trust_locked_until", UTCDateTime),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", String, primary_key=True),
    Column("user_id", String, ForeignKey("users.id"), nullable=False, index=True),
    Column("token_hash", String, nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
    # Migration 0006: what the member's list of sessions shows.
    Column("last_seen_at", UTCDateTime),
    Column("user_agent", String),
)

# Single-use WebSocket tickets (migration 0006): a ticket in a URL may end up
# in a log, so it is worth nothing once used or 60 s old. Only its SHA-256 is
# kept. No foreign key: a ticket outlives nothing, expired rows are swept.
ws_tickets = Table(
    "ws_tickets",
    metadata,
    Column("ticket_hash", String, primary_key=True),
    Column("session_id", String, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False, index=True),
)

rooms = Table(
    "rooms",
    metadata,
    Column("id", String, primary_key=True),
    Column("kind", StrEnumType(RoomKind), nullable=False),
    Column("name", String, nullable=False),
    Column("theme", String),
    Column("bands", BandSet, nullable=False),
    Column("requires", String),
    Column("slug", String, unique=True),
    Column("description", Text, nullable=False),
    Column("last_seq", Integer, nullable=False),
    Column("archived", Boolean, nullable=False),
    Column("created_at", UTCDateTime),
)

messages = Table(
    "messages",
    metadata,
    Column("id", String, primary_key=True),
    Column("room_id", String, ForeignKey("rooms.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("author_id", String, ForeignKey("users.id"), nullable=False),
    Column("author_pseudo", String, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("client_id", String, nullable=False),
    Column("deleted", Boolean, nullable=False),
    # The attached photo, if any (migration 0009, docs/media.md).
    Column("image", ImageRefColumn),
    # The seq (same room) this message answers, if any (migration 0012).
    Column("reply_to", Integer),
    # When its author last changed the text (migration 0013).
    Column("edited_at", UTCDateTime),
    # History pages and resume read by (room_id, seq); retries look up by
    # (author_id, client_id). Both unique: they are also the invariants.
    UniqueConstraint("room_id", "seq"),
    UniqueConstraint("author_id", "client_id"),
)

conversations = Table(
    "conversations",
    metadata,
    Column("room_id", String, ForeignKey("rooms.id"), primary_key=True),
    Column("requester_id", String, ForeignKey("users.id"), nullable=False),
    Column("recipient_id", String, ForeignKey("users.id"), nullable=False),
    # The unordered pair, stored ordered, so "one conversation per pair" is a
    # plain unique constraint whoever asked first.
    Column("user_lo", String, nullable=False),
    Column("user_hi", String, nullable=False),
    Column("state", StrEnumType(ConversationState), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("decided_at", UTCDateTime),
    UniqueConstraint("user_lo", "user_hi"),
    # Not "user_lo < user_hi": PostgreSQL compares text by collation, which
    # need not agree with Python's code-point order used to build the pair.
    CheckConstraint("user_lo <> user_hi", name="distinct_pair"),
    # user_lo is served by the unique index's prefix.
    Index(None, "user_hi"),
)

blocks = Table(
    "blocks",
    metadata,
    Column("blocker_id", String, ForeignKey("users.id"), primary_key=True),
    Column("blocked_id", String, ForeignKey("users.id"), primary_key=True, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("blocker_id <> blocked_id", name="not_self"),
)

# --- moderation (migration 0003, docs/moderation.md) -------------------------
# No foreign key from evidence, notices or the audit log to live rows on
# purpose: they must outlive the deletion of what they describe.

cases = Table(
    "cases",
    metadata,
    Column("id", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("severity", String, nullable=False),
    Column("severity_rank", Integer, nullable=False),
    Column("status", String, nullable=False),
    Column("target_type", String, nullable=False),
    Column("target_id", String, nullable=False),
    Column("subject_id", String),
    Column("reasons", Text, nullable=False),
    Column("signals", Text, nullable=False),
    Column("escalated", Boolean, nullable=False),
    # Recruitment against someone who cannot consent: escalated outside (docs/moderation.md).
    Column("threat_to_life", Boolean, nullable=False, server_default=false()),
    # Notices from trusted flaggers are decided first (DSA art. 22, migration 0010).
    Column("priority", Integer, nullable=False, server_default="0"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime),
    Column("notice_id", String),
    Column("acted_by", String),
    Column("appeal_text", Text, nullable=False),
    # The queue: open cases by urgency then age; joining reports on a target.
    Index(None, "status", "severity_rank", "created_at"),
    Index(None, "target_type", "target_id"),
    Index(None, "subject_id"),
)

reports = Table(
    "reports",
    metadata,
    Column("id", String, primary_key=True),
    Column("case_id", String, ForeignKey("cases.id"), nullable=False, index=True),
    Column("reporter_id", String, nullable=False, index=True),
    Column("target_type", String, nullable=False),
    Column("target_id", String, nullable=False),
    Column("reason", String, nullable=False),
    Column("details", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", String, primary_key=True),
    Column("case_id", String, ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("content", Text, nullable=False),
    Column("legal_hold", Boolean, nullable=False),
)

case_actions = Table(
    "case_actions",
    metadata,
    Column("id", String, primary_key=True),
    Column("case_id", String, ForeignKey("cases.id"), nullable=False, index=True),
    Column("moderator_id", String, nullable=False),
    Column("action", String, nullable=False),
    Column("rule", Text, nullable=False),
    Column("facts", Text, nullable=False),
    Column("duration_hours", Integer),
    Column("subject_id", String, index=True),
    Column("created_at", UTCDateTime, nullable=False),
)

notices = Table(
    "notices",
    metadata,
    Column("id", String, primary_key=True),
    Column("user_id", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("text", Text, nullable=False),
    Column("rule", Text),
    Column("facts", Text),
    Column("appealable", Boolean, nullable=False),
    Column("case_id", String),
    Column("action", String),
    Column("acted_by", String),
    Index(None, "user_id", "created_at"),
)

# What the safety filter decided, per UTC day: one row per (decision, "")
# counts messages, one per (decision, reason) counts reasons. Refused and
# masked messages leave no other trace; the DSA transparency report needs
# their numbers (services/filter_tally.py, docs/transparency.md).
filter_tally = Table(
    "filter_tally",
    metadata,
    Column("day", Date, primary_key=True),
    Column("decision", String, primary_key=True),
    Column("reason", String, primary_key=True),
    Column("count", Integer, nullable=False),
)

held_messages = Table(
    "held_messages",
    metadata,
    Column("id", String, primary_key=True),
    Column("room_id", String, nullable=False),
    Column("author_id", String, nullable=False),
    Column("author_pseudo", String, nullable=False),
    Column("text", Text, nullable=False),
    Column("client_id", String, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("state", String, nullable=False),
    Column("case_id", String),
    Column("message_id", String),
    # A retried send of a held message holds it once.
    UniqueConstraint("author_id", "client_id"),
)

device_signals = Table(
    "device_signals",
    metadata,
    Column("user_id", String, primary_key=True),
    Column("device_hash", String, primary_key=True),
    Column("ip_hash", String, nullable=False, index=True),
    Column("seen_at", UTCDateTime, nullable=False),
    Index(None, "device_hash"),
)

attestation_nonces = Table(
    "attestation_nonces",
    metadata,
    Column("nonce_hash", String, primary_key=True),
    Column("user_id", String, nullable=False),
    Column("session_id", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String, nullable=False),
    Column("actor", String, nullable=False),
    Column("action", String, nullable=False),
    Column("subject", String, nullable=False, index=True),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String, nullable=False, unique=True),
    Column("hash", String, nullable=False),
)

# One row (id = 1): the seq and hash of the newest entry, so that removing
# the last entries is detected too.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String, nullable=False),
)

# --- events of operator commands (migration 0014, storage/outbox.py) -----------
# An operator command runs in its own process: with no Redis broker to
# publish through, it leaves its events here (encoded as the broker would)
# and the server relays them to its open screens. Rows are short-lived.
event_outbox = Table(
    "event_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("payload", Text, nullable=False),
)

# --- privacy (migration 0004, docs/privacy.md) --------------------------------
# What an erased account gave at sign-up, sealed away from every API: the LCEN
# keeps identification data one year after an account closes (for a judge's
# request), then ``causerie retention purge`` deletes it. No foreign key: the
# users row it came from is a tombstone by then.
identification_records = Table(
    "identification_records",
    metadata,
    Column("user_id", String, primary_key=True),
    Column("pseudo", String, nullable=False),
    Column("email", String),
    Column("created_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime, nullable=False, index=True),
)

# --- Causerie+ (docs/premium.md) ------------------------------------------------
# Who has the paid options, from when to when, from which source. Provider
# references (customer, subscription) are kept one year after the account
# closes (decree 2021-1362); card data never reaches the service.
entitlements = Table(
    "entitlements",
    metadata,
    Column("id", String, primary_key=True),
    Column("user_id", String, ForeignKey("users.id"), nullable=False, index=True),
    Column("source", String, nullable=False),
    Column("plan", String),
    Column("starts_at", UTCDateTime, nullable=False),
    Column("ends_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
    Column("revoke_reason", String),
    Column("cancel_at_period_end", Boolean, nullable=False),
    Column("provider_status", String),
    Column("customer_ref", String, index=True),
    Column("subscription_ref", String, unique=True),
)

# Each provider event is processed once: its id is stored in the same
# transaction as what it provisioned, so a redelivery finds it and does nothing.
payment_events = Table(
    "payment_events",
    metadata,
    Column("event_id", String, primary_key=True),
    Column("type", String, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
)

# --- photos in private conversations (migration 0009, docs/media.md) ---------
# No foreign keys to users or rooms: an image under legal hold must outlive
# the erasure of its uploader and of its conversation.

images = Table(
    "images",
    metadata,
    Column("id", String, primary_key=True),
    Column("room_id", String, nullable=False, index=True),
    Column("uploader_id", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("content_type", String, nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("byte_size", Integer, nullable=False),
    Column("sha256", String, nullable=False, index=True),
    Column("pdq", String, nullable=False),
    Column("pdq_quality", Integer, nullable=False),
    Column("nudity", Integer, nullable=False),
    Column("state", String, nullable=False),
    Column("blurred", Boolean, nullable=False),
    Column("storage_key", String, nullable=False),
    Column("message_id", String),
    Column("case_id", String),
    Column("legal_hold", Boolean, nullable=False),
    # Rate limits and erasure read an uploader's images by time.
    Index(None, "uploader_id", "created_at"),
)

# Known images: hashes moderators confirmed and hash lists operators import.
image_bank = Table(
    "image_bank",
    metadata,
    Column("kind", String, primary_key=True),  # "pdq" or "sha256"
    Column("value", String, primary_key=True),
    Column("source", String, nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
)

# A member's "accept images" choice; no row means their band's default.
media_prefs = Table(
    "media_prefs",
    metadata,
    Column("user_id", String, primary_key=True),
    Column("accept_images", Boolean, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# --- justice and the DSA outside the service (migration 0010, docs/legal.md) --
# No foreign keys to users, rooms or cases: a requisition, a hold or a ban must
# outlive the erasure of what it names.

# Notices from anyone (DSA art. 16). The reference is the id. ``outcome`` is
# set when the case is decided ("founded" / "unfounded"): art. 23 counts them.
dsa_notices = Table(
    "dsa_notices",
    metadata,
    Column("id", String, primary_key=True),
    Column("case_id", String, nullable=False, index=True),
    Column("target_url", Text, nullable=False),
    Column("reason", String, nullable=False),
    Column("explanation", Text, nullable=False),
    Column("name", String),
    Column("email", String, index=True),
    Column("flagger_id", String, index=True),
    Column("lang", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("decided_at", UTCDateTime),
    Column("outcome", String),
)

# E-mail waiting to leave (or left): the SMTP sender retries with backoff.
mail_outbox = Table(
    "mail_outbox",
    metadata,
    Column("id", String, primary_key=True),
    Column("to_addr", String, nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("ref", String, nullable=False, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    Column("last_error", Text),
    Index(None, "sent_at", "next_attempt_at"),
)

legal_requisitions = Table(
    "legal_requisitions",
    metadata,
    Column("id", String, primary_key=True),
    Column("requester", Text, nullable=False),
    Column("legal_basis", String, nullable=False),
    Column("case_reference", String, nullable=False),
    Column("scope", Text, nullable=False),  # JSON: accounts, conversations, period
    Column("deadline", UTCDateTime, nullable=False),
    Column("emergency", Boolean, nullable=False),
    Column("status", String, nullable=False),
    Column("recipient_key", Text),  # X25519 public key, base64; else a passphrase
    Column("created_by", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("approved_by", String),
    Column("approved_at", UTCDateTime),
    Column("exported_at", UTCDateTime),
    Column("export_sha256", String),
)

# Preservation orders: one row per frozen account or conversation.
legal_holds = Table(
    "legal_holds",
    metadata,
    Column("id", String, primary_key=True),
    Column("order_id", String, nullable=False, index=True),
    Column("subject_type", String, nullable=False),  # "user" | "room"
    Column("subject_id", String, nullable=False),
    Column("reference", String, nullable=False),
    Column("until", UTCDateTime, nullable=False),
    Column("created_by", String, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index(None, "subject_type", "subject_id"),
)

# Judicial bans (loi SREN 2024): the device hashes are copied at execution so
# the refusal of new sign-ups outlives the purge of the account's signals.
judicial_bans = Table(
    "judicial_bans",
    metadata,
    Column("id", String, primary_key=True),
    Column("user_id", String, nullable=False, index=True),
    Column("court", Text, nullable=False),
    Column("court_reference", String, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("until", UTCDateTime, nullable=False),
    Column("executed_at", UTCDateTime),
    Column("device_hashes", Text, nullable=False),
    Column("created_by", String, nullable=False),
    Column("alerted_at", UTCDateTime),
)

# DSA art. 18 packages for the authorities, tracked until acknowledged.
threat_packages = Table(
    "threat_packages",
    metadata,
    Column("id", String, primary_key=True),
    Column("case_id", String, nullable=False, unique=True),
    Column("content", Text, nullable=False),
    Column("status", String, nullable=False),  # prepared | sent | acknowledged
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    Column("sent_to", Text),
    Column("acknowledged_at", UTCDateTime),
    Column("ack_reference", String),
)

# Trusted flaggers (DSA art. 22): the token is kept as its SHA-256 only.
trusted_flaggers = Table(
    "trusted_flaggers",
    metadata,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False, unique=True),
    Column("token_hash", String, nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
)

# Misuse (DSA art. 23): a notifier (e-mail or flagger) warned, then suspended.
notifier_standing = Table(
    "notifier_standing",
    metadata,
    Column("notifier", String, primary_key=True),
    Column("warned_at", UTCDateTime),
    Column("suspended_until", UTCDateTime),
    Column("reason", Text),
)

# Average monthly active recipients (DSA art. 24(2)): one number per UTC day,
# the count of distinct accounts seen that day; no account id is kept.
active_daily = Table(
    "active_daily",
    metadata,
    Column("day", Date, primary_key=True),
    Column("count", Integer, nullable=False),
)

# --- delivered/read in private conversations (migration 0011, docs/protocol.md)
# How far each member of a conversation has received and read it. ``read_seq``
# stays 0 while the member has read receipts off: what is never sent is never
# kept either.
conversation_reads = Table(
    "conversation_reads",
    metadata,
    Column("room_id", String, ForeignKey("rooms.id"), primary_key=True),
    Column("user_id", String, ForeignKey("users.id"), primary_key=True, index=True),
    Column("delivered_seq", Integer, nullable=False),
    Column("read_seq", Integer, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# A member's "read receipts" choice; no row means on.
receipt_prefs = Table(
    "receipt_prefs",
    metadata,
    Column("user_id", String, ForeignKey("users.id"), primary_key=True),
    Column("read_receipts", Boolean, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# Every change of a message's text by its author, the text before included:
# moderators read the history; a copy goes to the case when the message is
# reported, held or flagged (migration 0013, services/edits.py).
message_edits = Table(
    "message_edits",
    metadata,
    Column("id", String, primary_key=True),
    Column("message_id", String, ForeignKey("messages.id"), nullable=False, index=True),
    Column("room_id", String, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("author_id", String, nullable=False, index=True),
    Column("previous_text", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("edited_at", UTCDateTime, nullable=False),
    Column("evidence", Boolean, nullable=False),
)

# One row per (message, member, emoji) from the fixed set (domain/chat.py);
# read per room by seq for history pages.
message_reactions = Table(
    "message_reactions",
    metadata,
    Column("message_id", String, ForeignKey("messages.id"), primary_key=True),
    Column("user_id", String, ForeignKey("users.id"), primary_key=True, index=True),
    Column("emoji", String, primary_key=True),
    Column("room_id", String, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index(None, "room_id", "seq"),
)

# Web Push (migration 0015, services/push.py): one row per device that opted
# in. Deleted on unsubscribe, when the push service answers 404/410, and with
# the account.
push_subscriptions = Table(
    "push_subscriptions",
    metadata,
    Column("id", String, primary_key=True),
    Column("user_id", String, ForeignKey("users.id"), nullable=False, index=True),
    Column("session_id", String),
    Column("endpoint", String, nullable=False, unique=True),
    Column("p256dh", String, nullable=False),
    Column("auth", String, nullable=False),
    Column("lang", String, nullable=False),
    Column("at_night", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
