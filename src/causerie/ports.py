"""Protocols the services depend on. Storage, adapters and realtime implement
them; ``app.py`` picks the implementations. Every implementation of a port
passes the same contract tests (tests/contract)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Container, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self, TypedDict, TypeVar, Unpack, runtime_checkable

from causerie.domain.audit import AuditEntry, AuditPayload
from causerie.domain.bands import Band
from causerie.domain.chat import MessageEdit
from causerie.domain.events import Event
from causerie.domain.geo import Candidate, NeighbourTable
from causerie.domain.legal import (
    Decision,
    DsaNotice,
    HoldSubject,
    IdentificationRecord,
    JudicialBan,
    LegalHold,
    Mail,
    NoticeOutcome,
    NotifierStanding,
    PackageStatus,
    Requisition,
    RequisitionStatus,
    ThreatPackage,
    TrustedFlagger,
)
from causerie.domain.media import Image, ImageState, ProcessedImage
from causerie.domain.models import (
    AccountStatus,
    Block,
    City,
    Conversation,
    ConversationState,
    DmPolicy,
    Gender,
    Message,
    Role,
    Room,
    RoomKind,
    Session,
    User,
)
from causerie.domain.moderation import (
    Action,
    AttestationNonce,
    Case,
    CaseAction,
    CaseKind,
    CaseSignal,
    CaseStatus,
    DeviceSignal,
    Evidence,
    HeldMessage,
    HeldState,
    Notice,
    Report,
    Severity,
    TargetType,
)
from causerie.domain.premium import Entitlement, ProviderEvent, Subscription
from causerie.domain.push import PushOutcome, PushSubscription
from causerie.safety.pipeline import SenderContext, Verdict

if TYPE_CHECKING:  # a watcher is handed the services' Deps (never imported at run time)
    from causerie.services.deps import Deps

_T = TypeVar("_T")


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC now."""
        ...


# --- persistence -----------------------------------------------------------

# Typed patches: what ``update`` may change, field by field (``**patch``
# with these keys and types; a typo or a wrong type fails mypy, an unknown
# key also fails at run time in storage). Keys left out are unchanged.


class UserPatch(TypedDict, total=False):
    """Any ``User`` field except ``id`` and ``pseudo_key``."""

    pseudo: str
    gender: Gender
    age: int
    band: Band
    city_id: str
    created_at: datetime
    trust_level: int
    role: Role
    status: AccountStatus
    status_until: datetime | None
    muted_until: datetime | None
    has_password: bool
    email: str | None
    nearby_visible: bool
    dm_requests: DmPolicy
    bio: str
    language: str
    age_attested: bool
    city_changed_at: datetime | None
    message_count: int
    last_seen_at: datetime | None
    trust_locked_until: datetime | None


class RoomPatch(TypedDict, total=False):
    """Any ``Room`` field except ``id`` and ``last_seq``."""

    kind: RoomKind
    name: str
    theme: str | None
    bands: frozenset[Band]
    requires: str | None
    slug: str | None
    description: str
    archived: bool
    created_at: datetime | None


class CasePatch(TypedDict, total=False):
    """Any ``Case`` field except ``id``, ``kind`` and ``created_at``."""

    severity: Severity
    status: CaseStatus
    target_type: TargetType
    target_id: str
    reasons: tuple[str, ...]
    subject_id: str | None
    signals: tuple[CaseSignal, ...]
    escalated: bool
    threat_to_life: bool
    closed_at: datetime | None
    notice_id: str | None
    acted_by: str | None
    appeal_text: str
    priority: int


class HeldMessagePatch(TypedDict, total=False):
    """Any ``HeldMessage`` field except ``id``, ``author_id`` and ``client_id``."""

    room_id: str
    author_pseudo: str
    text: str
    reasons: tuple[str, ...]
    created_at: datetime
    state: HeldState
    case_id: str | None
    message_id: str | None


class ImagePatch(TypedDict, total=False):
    """Any ``Image`` field except its identity and hashes."""

    created_at: datetime
    content_type: str
    width: int
    height: int
    byte_size: int
    pdq_quality: int
    nudity: int
    state: ImageState
    blurred: bool
    storage_key: str
    message_id: str | None
    case_id: str | None
    legal_hold: bool


# The legal desk's records change only along their lifecycle: a patch names
# what may move; the rest stays as received.


class DsaNoticePatch(TypedDict, total=False):
    decided_at: datetime | None
    outcome: NoticeOutcome | None


class MailPatch(TypedDict, total=False):
    attempts: int
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None


class RequisitionPatch(TypedDict, total=False):
    status: RequisitionStatus
    approved_by: str | None
    approved_at: datetime | None
    exported_at: datetime | None
    export_sha256: str | None


class JudicialBanPatch(TypedDict, total=False):
    executed_at: datetime | None
    device_hashes: tuple[str, ...]
    alerted_at: datetime | None


class ThreatPackagePatch(TypedDict, total=False):
    status: PackageStatus
    sent_at: datetime | None
    sent_to: str | None
    acknowledged_at: datetime | None
    ack_reference: str | None


class TrustedFlaggerPatch(TypedDict, total=False):
    revoked_at: datetime | None


class UserRepo(Protocol):
    async def add(self, user: User, password_hash: str | None = None) -> None:
        """Insert; raises ``Conflict('pseudo_taken')`` when ``pseudo_key`` is used."""
        ...

    async def get(self, user_id: str) -> User | None: ...

    async def get_many(self, user_ids: Collection[str]) -> dict[str, User]: ...

    async def by_pseudo_key(self, key: str) -> User | None: ...

    async def password_hash(self, user_id: str) -> str | None: ...

    async def set_password(self, user_id: str, password_hash: str, email: str | None) -> None: ...

    async def update(self, user_id: str, **fields: Unpack[UserPatch]) -> User:
        """Set any ``User`` field except ``id``/``pseudo_key``; returns the new row."""
        ...

    async def nearby_listed(self, seen_since: datetime) -> list[User]:
        """Members opted in to nearby and seen after ``seen_since``."""
        ...

    async def count_message(self, user_id: str) -> None:
        """``message_count += 1`` (feeds trust levels)."""
        ...

    async def count_messages(self, counts: Mapping[str, int]) -> None:
        """``message_count += n`` for each (user, n): a batch of sends at once."""
        ...


class SessionRepo(Protocol):
    async def add(self, session: Session) -> None: ...

    async def by_token_hash(self, token_hash: str) -> Session | None: ...

    async def revoke(self, session_id: str, at: datetime) -> None: ...

    async def revoke_all(self, user_id: str, at: datetime) -> list[str]:
        """Revoke every live session of a user; returns their ids."""
        ...

    async def get(self, session_id: str) -> Session | None: ...

    async def live_of(self, user_id: str, now: datetime) -> list[Session]:
        """Neither revoked nor expired at ``now``, most recently used first."""
        ...

    async def touch(self, session_id: str, at: datetime, user_agent: str | None = None) -> None:
        """Record a use (``last_seen_at``), and the browser when given."""
        ...

    async def add_ticket(
        self, ticket_hash: str, session_id: str, expires_at: datetime, now: datetime
    ) -> None:
        """Store a WebSocket ticket's hash (and sweep tickets expired at ``now``)."""
        ...

    async def consume_ticket(self, ticket_hash: str, now: datetime) -> str | None:
        """Use a ticket up: its session id when it existed and was unexpired,
        else None; either way it is gone (single use, across nodes)."""
        ...


class RoomRepo(Protocol):
    async def add(self, room: Room) -> None: ...

    async def get(self, room_id: str) -> Room | None: ...

    async def get_many(self, room_ids: Collection[str]) -> dict[str, Room]:
        """The rooms that exist among ``room_ids``, in one query."""
        ...

    async def by_slug(self, slug: str) -> Room | None: ...

    async def list_public(self, include_archived: bool = False) -> list[Room]: ...

    async def update(self, room_id: str, **fields: Unpack[RoomPatch]) -> Room: ...

    async def next_seq(self, room_id: str) -> int:
        """Atomically ``last_seq += 1`` and return it (row-locked until commit,
        so seqs commit in order on PostgreSQL and SQLite alike)."""
        ...

    async def lock_many(self, room_ids: Collection[str]) -> dict[str, Room]:
        """The rooms that exist among ``room_ids``, row-locked until commit
        (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite writers hold the whole
        database): a batch may then hand out seqs from ``last_seq`` itself."""
        ...

    async def set_last_seqs(self, last_seqs: Mapping[str, int]) -> None:
        """Store the seq counters a batch advanced (rooms locked by ``lock_many``)."""
        ...

    async def heads(self, room_ids: Collection[str]) -> dict[str, int]:
        """``last_seq`` of the rooms that exist among ``room_ids``, in one
        read without locks (the hub's gap sweep)."""
        ...


class MessageRepo(Protocol):
    async def add(self, message: Message) -> None:
        """Insert; raises ``Conflict('duplicate_client_id')`` on (author, client_id)."""
        ...

    async def get(self, message_id: str) -> Message | None: ...

    async def by_client_id(self, author_id: str, client_id: str) -> Message | None: ...

    async def by_client_ids(
        self, keys: Collection[tuple[str, str]]
    ) -> dict[tuple[str, str], Message]:
        """The messages stored under any of these (author, client_id) keys."""
        ...

    async def add_many(self, messages: Sequence[Message]) -> None:
        """Insert all in one statement; an integrity error (a duplicate
        ``client_id`` or seq) raises and the caller's transaction is spoilt."""
        ...

    async def after(self, room_id: str, after_seq: int, upto_seq: int, limit: int) -> list[Message]:
        """Messages with ``after_seq < seq <= upto_seq``, ascending, at most ``limit``."""
        ...

    async def before(self, room_id: str, before_seq: int | None, limit: int) -> list[Message]:
        """The ``limit`` newest messages with ``seq < before_seq`` (all when None),
        returned ascending (newest last)."""
        ...

    async def activity(
        self, room_ids: Collection[str], since: datetime
    ) -> dict[str, tuple[int, datetime]]:
        """Per room with messages: (how many seqs were taken since ``since``,
        the newest message's time). Rooms without messages are absent."""
        ...

    async def search(
        self, room_ids: Collection[str], needle: str, limit: int, hidden: Collection[str]
    ) -> list[Message]:
        """Messages of these rooms whose text contains ``needle`` (case
        folded), not removed, not by ``hidden`` authors; newest first."""
        ...

    async def latest(self, room_ids: Collection[str]) -> dict[str, Message]:
        """Each room's newest message not removed, in one query; rooms
        without one are absent."""
        ...


class ConversationRepo(Protocol):
    async def add(self, conversation: Conversation) -> None:
        """Insert; raises ``Conflict('conversation_exists')`` if the unordered pair has one."""
        ...

    async def get(self, room_id: str) -> Conversation | None: ...

    async def between(self, user_a: str, user_b: str) -> Conversation | None: ...

    async def for_user(self, user_id: str) -> list[Conversation]: ...

    async def update(
        self,
        room_id: str,
        *,
        state: ConversationState,
        decided_at: datetime | None,
        requester_id: str | None = None,
        recipient_id: str | None = None,
    ) -> Conversation: ...


class BlockRepo(Protocol):
    async def add(self, block: Block) -> Block:
        """Insert or return the existing block (idempotent)."""
        ...

    async def remove(self, blocker_id: str, blocked_id: str) -> bool: ...

    async def list_by(self, blocker_id: str) -> list[Block]: ...

    async def hidden_for(self, user_id: str) -> frozenset[str]:
        """Every user blocked by, or blocking, ``user_id``."""
        ...


# --- moderation (docs/moderation.md) -------------------------------------------


class CaseRepo(Protocol):
    """Cases with their reports, evidence and the actions taken on them."""

    async def add(self, case: Case) -> None: ...

    async def get(self, case_id: str) -> Case | None: ...

    async def update(self, case_id: str, **fields: Unpack[CasePatch]) -> Case: ...

    async def open_for_target(
        self, kind: CaseKind, target_type: str, target_id: str
    ) -> Case | None:
        """The open case of ``kind`` on that target, if any (reports join it)."""
        ...

    async def queue(self, status: CaseStatus, kind: CaseKind | None, limit: int) -> list[Case]:
        """Most urgent first (severity rank), then oldest first."""
        ...

    async def for_subject(self, user_id: str) -> list[Case]:
        """Every case about an account, newest first."""
        ...

    async def by_notice(self, notice_id: str) -> Case | None:
        """The appeal case opened on a notice, if any."""
        ...

    async def appeals_of(self, notice_ids: Collection[str]) -> dict[str, Case]:
        """The appeal case opened on each of these notices (absent: none),
        in one query."""
        ...

    async def closed_since(self, since: datetime, limit: int) -> list[Case]:
        """Cases closed at or after ``since``, oldest decision first (the
        moderators' decisions exported as labels, services/labels.py)."""
        ...

    async def add_report(self, report: Report) -> None: ...

    async def reports(self, case_id: str) -> list[Report]: ...

    async def reporters_of(self, case_ids: Collection[str]) -> dict[str, set[str]]:
        """Who reported each of these cases (absent: nobody), in one query."""
        ...

    async def add_evidence(self, evidence: Evidence) -> None: ...

    async def evidence(self, case_id: str) -> list[Evidence]: ...

    async def add_action(self, action: CaseAction) -> None: ...

    async def actions(self, case_id: str) -> list[CaseAction]: ...

    async def actions_of(self, case_ids: Collection[str]) -> dict[str, list[CaseAction]]:
        """``actions`` of each of these cases (absent: none), in one query."""
        ...

    async def last_ban_at(self, user_ids: Collection[str]) -> dict[str, datetime]:
        """When each of these accounts was last banned (absent: never)."""
        ...

    async def delete_message(self, message_id: str) -> Message | None:
        """Moderator deletion: mark the message deleted; None if unknown."""
        ...


class NoticeRepo(Protocol):
    async def add(self, notice: Notice) -> None: ...

    async def get(self, notice_id: str) -> Notice | None: ...

    async def for_user(self, user_id: str, limit: int) -> list[Notice]:
        """Newest first."""
        ...


class AuditRepo(Protocol):
    async def append(
        self, *, at: str, actor: str, action: str, subject: str, payload: AuditPayload
    ) -> AuditEntry:
        """Chain a new entry after the newest one. Serialised across nodes
        (PostgreSQL: advisory lock held to commit; SQLite: the write lock)."""
        ...

    async def entries(self) -> list[AuditEntry]:
        """Every entry in seq order."""
        ...

    async def about(self, subject: str) -> list[AuditEntry]:
        """The entries about ``subject`` (``"case:ID"``…), in seq order,
        read through the subject index (never the whole log)."""
        ...

    async def head(self) -> tuple[int, str] | None: ...

    async def latest(self, action: str) -> AuditEntry | None:
        """The newest entry of ``action``, if any (read from the newest back)."""
        ...


class HeldMessageRepo(Protocol):
    async def add(self, held: HeldMessage) -> HeldMessage:
        """Insert, or return the one already held for (author, client_id)."""
        ...

    async def get(self, held_id: str) -> HeldMessage | None: ...

    async def update(self, held_id: str, **fields: Unpack[HeldMessagePatch]) -> HeldMessage: ...


class DeviceSignalRepo(Protocol):
    async def record(self, signal: DeviceSignal) -> None:
        """Insert or refresh (user, device)."""
        ...

    async def banned_matches(
        self, device_hash: str, ip_hash: str, exclude_user: str
    ) -> list[tuple[DeviceSignal, bool]]:
        """Signals of banned accounts sharing the device or the network; the
        flag says whether the device matched."""
        ...


class AttestationNonceRepo(Protocol):
    async def add(self, nonce: AttestationNonce) -> None: ...

    async def consume(self, nonce_hash: str, session_id: str, now: datetime) -> bool:
        """Mark used if it exists, belongs to ``session_id``, is unexpired and
        unused; True when this call consumed it (single use)."""
        ...


class PrivacyRepo(Protocol):
    """One person's data across the tables, for their GDPR rights (export,
    erasure), and what the retention law no longer lets us keep
    (docs/privacy.md). Never touches evidence or the audit log."""

    # --- export (reads) ---

    async def messages_by(
        self, author_id: str, after_client_id: str | None, limit: int
    ) -> list[Message]:
        """The author's messages with ``client_id > after_client_id``, in
        ``client_id`` order: the unique index's, so that paging through
        100,000 messages costs each page the same (no sort)."""
        ...

    async def sessions_of(self, user_id: str) -> list[Session]:
        """Every stored session of a user, oldest first."""
        ...

    async def device_signals_of(self, user_id: str) -> list[DeviceSignal]: ...

    async def reports_by(self, reporter_id: str) -> list[Report]:
        """The reports a user filed, oldest first."""
        ...

    async def actions_about(self, subject_id: str) -> list[CaseAction]:
        """Moderation actions taken about an account, oldest first."""
        ...

    async def held_by(self, author_id: str) -> list[HeldMessage]:
        """The author's messages the filter held, oldest first."""
        ...

    # --- erasure (writes) ---

    async def keep_identification(self, user: User, closed_at: datetime) -> None:
        """Seal what the account gave at sign-up (pseudo, e-mail, creation
        time) for the LCEN year; idempotent."""
        ...

    async def replace_pseudo_key(self, user_id: str, pseudo_key: str) -> None:
        """Give the pseudonym's uniqueness key up (``UserRepo.update`` never
        changes it)."""
        ...

    async def claim_erasure(self, user_id: str) -> bool:
        """Mark the account erased unless it already is, in one conditional
        update: of two concurrent erasures exactly one gets True (the other
        waits for its row lock, then finds it erased)."""
        ...

    async def erase_messages(
        self, author_id: str, pseudo: str, after_client_id: str | None, limit: int
    ) -> list[Message]:
        """Blank up to ``limit`` of the author's not yet blanked messages with
        ``client_id > after_client_id`` (the index's order, so that a long
        erasure costs each chunk the same): empty text, ``deleted``, author
        pseudo replaced. Returns them as they were, in ``client_id`` order."""
        ...

    async def erase_held(self, author_id: str, pseudo: str) -> int:
        """Blank the author's held messages; those still held are discarded."""
        ...

    async def remove_blocks(self, user_id: str) -> list[str]:
        """Delete every block made by or against a user; returns the other sides."""
        ...

    async def remove_pending_requests(self, user_id: str) -> list[Conversation]:
        """Delete the unanswered conversation requests a user sent or received."""
        ...

    async def delete_notices(self, user_id: str) -> int: ...

    # --- retention ---

    async def unfinished_erasures(self, limit: int, keep: Collection[str] = ()) -> list[str]:
        """Erased accounts that still have a message to blank (an erasure cut
        short, or a send that committed while it ran); ``keep``: accounts under
        a preservation order, left alone (docs/legal.md)."""
        ...

    async def count_expired(self, cutoff: datetime, keep: Collection[str] = ()) -> dict[str, int]:
        """What ``purge_expired`` would delete, per kind (a dry run)."""
        ...

    async def purge_expired(
        self, cutoff: datetime, limit: int, keep: Collection[str] = ()
    ) -> dict[str, int]:
        """Delete, per kind, at most ``limit`` rows of connection or
        identification data older than ``cutoff``, except ``keep``'s (accounts
        under a preservation order); returns the counts."""
        ...


class TransparencyRepo(Protocol):
    """Aggregates over the moderation records for the DSA transparency
    report (docs/transparency.md). Every period is ``[start, end)``; counts
    and medians are computed by the database (GROUP BY, window functions),
    so a year of records costs a handful of rows to read. Read-only."""

    async def reports_received(self, start: datetime, end: datetime) -> dict[tuple[str, str], int]:
        """Reports filed in the period, per (reason, target type)."""
        ...

    async def reports_decided(self, start: datetime, end: datetime) -> tuple[int, float | None]:
        """Reports whose case was closed in the period, and the median
        seconds from each report to that closing (None: none closed)."""
        ...

    async def reports_pending(self, start: datetime, end: datetime) -> int:
        """Reports filed in the period whose case was still open at ``end``."""
        ...

    async def cases_opened(
        self, kind: CaseKind, start: datetime, end: datetime
    ) -> dict[tuple[str, ...], int]:
        """Cases of ``kind`` opened in the period, per tuple of reasons."""
        ...

    async def cases_decided(
        self, kind: CaseKind, start: datetime, end: datetime
    ) -> tuple[int, float | None]:
        """Cases of ``kind`` closed in the period, and the median seconds
        from opening to closing (None: none closed)."""
        ...

    async def cases_pending(self, kind: CaseKind, start: datetime, end: datetime) -> int:
        """Cases of ``kind`` opened in the period and still open at ``end``."""
        ...

    async def actions_taken(self, start: datetime, end: datetime) -> dict[tuple[str, str], int]:
        """Moderation actions taken in the period, per (case kind, action)."""
        ...

    async def accounts_restricted(self, start: datetime, end: datetime) -> dict[str, int]:
        """Distinct accounts per action taken on them in the period."""
        ...

    async def held_messages(
        self, start: datetime, end: datetime
    ) -> dict[tuple[tuple[str, ...], str], int]:
        """Messages the filter held in the period, per (reasons, state now)."""
        ...

    async def add_filter_decisions(self, counts: Mapping[tuple[date, str, str], int]) -> None:
        """Add to the filter tally: (UTC day, decision, reason or "") → count."""
        ...

    async def filter_decisions(self, start: date, end: date) -> dict[tuple[str, str], int]:
        """The filter tally over days ``[start, end)``, per (decision, reason)."""
        ...

    async def appeals_by_action(self, start: datetime, end: datetime) -> dict[str | None, int]:
        """Appeals filed in the period, per action appealed (None: the
        notice is gone, purged with an erased account)."""
        ...


class UnitOfWork(Protocol):
    """One transaction. Leaving the block without ``commit()`` rolls back.
    Events queued with ``publish`` and ``after_commit`` callbacks run, in the
    order they were queued, only once the commit is durable; a rollback (or
    an exception leaving a savepoint) drops those queued inside it."""

    users: UserRepo
    sessions: SessionRepo
    rooms: RoomRepo
    messages: MessageRepo
    conversations: ConversationRepo
    blocks: BlockRepo
    cases: CaseRepo
    notices: NoticeRepo
    audit: AuditRepo
    held: HeldMessageRepo
    devices: DeviceSignalRepo
    nonces: AttestationNonceRepo

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    def savepoint(self) -> AbstractAsyncContextManager[None]:
        """A nested transaction: an exception inside undoes only its writes
        and the after-commit callbacks registered inside it."""
        ...

    def after_commit(self, callback: Callable[[], Awaitable[None]]) -> None: ...

    def publish(self, event: Event) -> None:
        """Publish ``event`` to every node once this transaction is durable
        (the only way services announce a change: never before the commit,
        never after a rollback)."""
        ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, write: bool = False, name: str | None = None) -> StorageUnitOfWork:
        """``write=True`` takes the write lock up front (``BEGIN IMMEDIATE`` on
        SQLite). Every transaction is named — ``name``, else the calling
        function — and its latency observed per name (``/metrics``)."""
        ...

    def publishing_to(self, events: EventPublisher) -> UnitOfWorkFactory:
        """The same factory (same engine, same writer queue) whose units of
        work ``publish`` to ``events`` (the composition root binds it)."""
        ...


@dataclass(frozen=True, slots=True)
class SendKey:
    """What a queued send will read, so a batch reads it once for all its
    sends: its author, its room, and whether its ``client_id`` was used."""

    author_id: str
    room_id: str
    client_id: str


class GroupCommit(Protocol):
    """Sends queued while a transaction commits share the next one: many
    messages, one fsync (storage/group_commit.py). Every result resolves only
    after the durable commit of its transaction."""

    def submit(self, write: Callable[[UnitOfWork], Awaitable[_T]], key: SendKey) -> Awaitable[_T]:
        """Queue ``write`` now (calls keep their order, so seqs follow them).

        ``write`` runs inside the shared transaction and must not raise to
        refuse: it returns its refusal as a value, before writing anything.
        An exception means the batch is spoiled: nothing of it is committed
        and every send is replayed alone, each in its own savepoint, where a
        ``CauserieError`` sinks only that send."""
        ...

    @property
    def pending(self) -> int:
        """Sends queued for the next batch (read by /metrics)."""
        ...


@runtime_checkable
class PrivacyUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also reaches ``PrivacyRepo``: the storage's own.
    Kept out of ``UnitOfWork`` on purpose: the group commit's batch unit of
    work (storage/batch_uow.py) never exports, erases or purges."""

    privacy: PrivacyRepo


@runtime_checkable
class TransparencyUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also reaches ``TransparencyRepo``: the storage's
    own, like ``PrivacyUnitOfWork`` (the batch unit of work reports nothing)."""

    transparency: TransparencyRepo


class EntitlementPatch(TypedDict, total=False):
    """Any ``Entitlement`` field except its identity: ``id``, ``user_id``,
    ``source`` and the ``subscription_ref`` it mirrors."""

    plan: str | None
    starts_at: datetime
    ends_at: datetime
    updated_at: datetime
    revoked_at: datetime | None
    revoke_reason: str | None
    cancel_at_period_end: bool
    provider_status: str | None
    customer_ref: str | None


class PremiumRepo(Protocol):
    """Causerie+ entitlements (docs/premium.md)."""

    async def add_event(self, event_id: str, event_type: str, at: datetime) -> bool:
        """Record a provider event; False when it was already recorded."""
        ...

    async def add(self, entitlement: Entitlement) -> None: ...

    async def update(self, entitlement_id: str, **fields: Unpack[EntitlementPatch]) -> Entitlement:
        """Raises ``NotFound`` for an unknown id."""
        ...

    async def by_subscription(self, subscription_ref: str) -> Entitlement | None: ...

    async def by_customer(self, customer_ref: str) -> list[Entitlement]: ...

    async def for_user(self, user_id: str) -> list[Entitlement]:
        """Newest first."""
        ...

    async def active(self, now: datetime) -> list[Entitlement]: ...

    async def with_subscription(self) -> list[Entitlement]:
        """Provider entitlements not revoked (the reconciliation's input)."""
        ...


@runtime_checkable
class PremiumUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also reaches ``PremiumRepo``: the storage's own,
    like ``PrivacyUnitOfWork`` (the batch unit of work sells nothing)."""

    premium: PremiumRepo


class LegalRepo(Protocol):
    """Justice and the DSA outside the service (docs/legal.md): the legal
    desk's records (``causerie.domain.legal``), operator paperwork never on
    a hot path. ``update_*`` raise ``NotFound`` for an unknown id."""

    async def add_notice(self, notice: DsaNotice) -> None: ...

    async def get_notice(self, notice_id: str) -> DsaNotice | None: ...

    async def notices_of_case(self, case_id: str) -> list[DsaNotice]:
        """Oldest first."""
        ...

    async def notice_counts(
        self, start: datetime, end: datetime
    ) -> list[tuple[str, bool, NoticeOutcome | None]]:
        """(reason, from a trusted flagger, outcome) of each notice received in [start, end)."""
        ...

    async def update_notice(
        self, notice_id: str, **fields: Unpack[DsaNoticePatch]
    ) -> DsaNotice: ...

    async def outcomes_of(
        self, *, email: str | None, flagger_id: str | None
    ) -> list[NoticeOutcome]:
        """Decided outcomes of one notifier's notices, newest first."""
        ...

    async def add_mail(self, mail: Mail) -> None: ...

    async def due_mail(self, now: datetime, limit: int) -> list[Mail]: ...

    async def mail(self, *, unsent_only: bool, limit: int) -> list[Mail]: ...

    async def mail_for_ref(self, ref: str) -> list[Mail]: ...

    async def update_mail(self, mail_id: str, **fields: Unpack[MailPatch]) -> Mail: ...

    async def add_requisition(self, requisition: Requisition) -> None: ...

    async def get_requisition(self, requisition_id: str) -> Requisition | None: ...

    async def update_requisition(
        self, requisition_id: str, **fields: Unpack[RequisitionPatch]
    ) -> Requisition: ...

    async def requisitions(self, limit: int) -> list[Requisition]:
        """Emergencies first, then by deadline."""
        ...

    async def add_hold(self, hold: LegalHold) -> None: ...

    async def holds_of_order(self, order_id: str) -> list[LegalHold]: ...

    async def extend_order(self, order_id: str, until: datetime) -> int: ...

    async def held(self, subject_type: HoldSubject, now: datetime) -> set[str]:
        """Ids of every ``subject_type`` under a hold still in force at ``now``."""
        ...

    async def identification_record(self, user_id: str) -> IdentificationRecord | None: ...

    async def add_ban(self, ban: JudicialBan) -> None: ...

    async def get_ban(self, ban_id: str) -> JudicialBan | None: ...

    async def update_ban(self, ban_id: str, **fields: Unpack[JudicialBanPatch]) -> JudicialBan: ...

    async def bans(self, limit: int) -> list[JudicialBan]:
        """Newest first."""
        ...

    async def unexecuted_bans(self, received_before: datetime) -> list[JudicialBan]: ...

    async def ban_ends(self, user_id: str, now: datetime) -> list[datetime]:
        """When each executed judicial ban of ``user_id`` still in force ends."""
        ...

    async def banned_devices(self, now: datetime) -> set[str]: ...

    async def add_package(self, package: ThreatPackage) -> None: ...

    async def get_package(self, package_id: str) -> ThreatPackage | None: ...

    async def package_of_case(self, case_id: str) -> ThreatPackage | None: ...

    async def update_package(
        self, package_id: str, **fields: Unpack[ThreatPackagePatch]
    ) -> ThreatPackage: ...

    async def packages(self, limit: int) -> list[ThreatPackage]:
        """Newest first."""
        ...

    async def threat_cases_without_package(self, limit: int) -> list[str]: ...

    async def decisions(
        self, start: datetime, end: datetime, actions: Collection[Action]
    ) -> list[Decision]: ...

    async def add_flagger(self, flagger: TrustedFlagger) -> None: ...

    async def flagger_by_token(self, token_hash: str) -> TrustedFlagger | None: ...

    async def flagger_by_name(self, name: str) -> TrustedFlagger | None: ...

    async def update_flagger(
        self, flagger_id: str, **fields: Unpack[TrustedFlaggerPatch]
    ) -> TrustedFlagger: ...

    async def flaggers(self) -> list[TrustedFlagger]:
        """By name."""
        ...

    async def standing(self, notifier: str) -> NotifierStanding | None: ...

    async def set_standing(self, standing: NotifierStanding) -> None:
        """Replace the notifier's standing whole."""
        ...

    async def count_active(self, since: datetime, until: datetime) -> int: ...

    async def set_active_day(self, day: date, count: int) -> None: ...

    async def active_days(self, first: date, last: date) -> dict[date, int]: ...


@runtime_checkable
class LegalUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also reaches ``LegalRepo`` (the batch unit of work
    answers no judge)."""

    legal: LegalRepo


# --- other engines -----------------------------------------------------------


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int, window_seconds: float, cost: int = 1) -> float:
        """Count ``cost`` against ``key``: 0.0 when allowed, else the seconds to
        wait before the next attempt could succeed (the hit is not counted)."""
        ...


class EventPublisher(Protocol):
    async def publish(self, event: Event) -> None:
        """Hand an event to every node (this one included). Call after commit."""
        ...

    async def publish_many(self, events: Sequence[Event]) -> None:
        """``publish`` each of ``events`` in order (a transaction's events at
        once: a group commit's batch fans out in one pass). Each is
        published even if an earlier one failed; the first failure is then
        raised."""
        ...


class Presence(Protocol):
    async def room_counts(self, room_ids: Sequence[str]) -> dict[str, int]:
        """Distinct users online in each room, across all nodes."""
        ...


class PresenceWriter(Protocol):
    """The node side of cross-node presence (``adapters.presence_redis``).

    Each node reports every connection entering (``join``) or leaving
    (``leave``) a room; the writer counts connections per (room, user), so a
    user with two tabs stays online while one remains. The shared store
    keeps, per node, the set of users online in each room; the reader side
    (``Presence.room_counts``) counts distinct users over the live nodes. A
    node is live until ``ttl`` seconds after its last ``heartbeat``: a node
    that dies without ``withdraw`` leaves the counts after at most ``ttl``.
    Each ``heartbeat`` rewrites the node's whole state, which repairs what
    the store lost (a Redis restart) or what a failed write left out.
    Writers never raise on store failures: they log, and the next heartbeat
    repairs. Call ``heartbeat`` once at start and every ``ttl / 3`` seconds
    after (``adapters.presence_roster.keep_alive``), ``withdraw`` at shutdown.
    A single node needs none of this: it reads its hub's own counts
    (``realtime.node.LocalPresence``)."""

    node_id: str
    ttl: float

    async def join(self, room_id: str, user_id: str) -> None:
        """One more connection of ``user_id`` in ``room_id`` on this node."""
        ...

    async def leave(self, room_id: str, user_id: str) -> None:
        """One connection fewer (unknown pairs are ignored)."""
        ...

    async def heartbeat(self) -> None:
        """Stay live for ``ttl`` more seconds; rewrite this node's state."""
        ...

    async def withdraw(self) -> None:
        """Shutdown: this node's users leave the counts now."""
        ...


class Gazetteer(Protocol):
    def get(self, city_id: str) -> City | None: ...

    def search(self, query: str, limit: int = 10) -> list[City]:
        """Prefix search, insensitive to case, accents, hyphens, apostrophes;
        most populous first."""
        ...

    def resolve(self, name_or_id: str) -> City | None:
        """An id, or a name: exact match insensitively; among homonyms the most
        populous, French cities first."""
        ...


class PaymentProvider(Protocol):
    """The payment provider (Stripe): checkout, the customer portal, and the
    subscription's state, read from the provider itself."""

    def verify(self, payload: bytes, signature: str | None) -> ProviderEvent:
        """The event if ``signature`` signs ``payload`` under one of the
        webhook secrets within the tolerance; else raise ``BadSignature``."""
        ...

    async def checkout_url(
        self, user_id: str, price_ref: str, success_url: str, cancel_url: str
    ) -> str: ...

    async def portal_url(self, customer_ref: str, return_url: str) -> str: ...

    async def cancel(self, ref: str) -> None:
        """Cancel a subscription at once (nothing more is billed)."""
        ...

    async def customer_of_charge(self, charge_ref: str) -> str | None:
        """The customer a charge was made to (a dispute names only the charge)."""
        ...

    async def subscription(self, ref: str) -> Subscription | None: ...

    async def subscriptions(self) -> list[Subscription]:
        """Every subscription the provider knows (reconciliation)."""
        ...

    async def aclose(self) -> None: ...


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str, password: str) -> bool: ...


# --- photos in private conversations (docs/media.md) -------------------------


class MediaRepo(Protocol):
    """Images, the bank of known images, the "accept images" choice."""

    async def add(self, image: Image) -> None: ...

    async def get(self, image_id: str) -> Image | None: ...

    async def update(self, image_id: str, **fields: Unpack[ImagePatch]) -> Image: ...

    async def of_rooms(self, room_ids: Iterable[str]) -> list[Image]: ...

    async def of_uploader(self, uploader_id: str) -> list[Image]: ...

    async def created_before(self, cutoff: datetime) -> list[Image]:
        """Images older than ``cutoff`` and not under legal hold."""
        ...

    async def delete(self, image_id: str) -> None: ...

    async def uploads_since(self, uploader_id: str, since: datetime) -> int: ...

    async def bank_add(self, kind: str, values: Iterable[str], source: str, at: datetime) -> int:
        """Add hashes (``kind`` "pdq" or "sha256"); returns how many were new."""
        ...

    async def bank_size(self) -> int: ...

    async def bank_has(self, kind: str, value: str) -> bool: ...

    async def bank_pdq(self) -> list[str]: ...

    async def accepts_images(self, user_id: str) -> bool | None:
        """The member's choice, or None when they never chose (band default)."""
        ...

    async def set_accepts_images(self, user_id: str, accept: bool, at: datetime) -> None: ...

    async def forget_prefs(self, user_id: str) -> None: ...


@runtime_checkable
class MediaUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also reaches ``MediaRepo``: the storage's own
    (image sends never go through the group commit's batch)."""

    media: MediaRepo


class ImageProcessor(Protocol):
    async def process(self, data: bytes) -> ProcessedImage:
        """Sniff, decode, clean, re-encode, hash and score one upload, off the
        event loop; raises ``unsupported_type`` or ``invalid_image``."""
        ...

    async def blurred_thumbnail(self, data: bytes) -> bytes:
        """A small blurred, greyed JPEG of a stored image (moderators' view)."""
        ...

    def close(self) -> None: ...


class ImageStore(Protocol):
    """Where re-encoded image files live: a directory or an object store."""

    async def put(self, key: str, data: bytes, content_type: str) -> None: ...

    async def get(self, key: str) -> bytes | None:
        """The bytes, or None when there is no such object."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the object; no error when it is already gone."""
        ...


# --- delivered/read in private conversations (docs/protocol.md) --------------


class ReceiptRepo(Protocol):
    async def positions(self, room_id: str) -> dict[str, tuple[int, int]]:
        """Per member of the room: (delivered seq, read seq)."""
        ...

    async def advance(
        self, room_id: str, user_id: str, delivered: int, read: int, at: datetime
    ) -> tuple[int, int]:
        """Move the member's positions forward (never back); returns them."""
        ...

    async def read_receipts(self, user_ids: Iterable[str]) -> dict[str, bool]:
        """Each member's choice; members who never chose are left out (on)."""
        ...

    async def set_read_receipts(self, user_id: str, on: bool, at: datetime) -> None: ...


@runtime_checkable
class ReceiptUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also reaches ``ReceiptRepo`` (the storage's own)."""

    receipts: ReceiptRepo


# --- editing one's own message, reactions (docs/protocol.md) -------------------


class EditRepo(Protocol):
    async def apply(self, edit: MessageEdit) -> Message:
        """Store the new text on the message (``edited_at`` set) and the edit
        in the history; returns the message as it is now."""
        ...

    async def for_message(self, message_id: str) -> list[MessageEdit]:
        """The message's edits, oldest first."""
        ...

    async def by_author(self, author_id: str) -> list[MessageEdit]:
        """Everything one member changed, oldest first (their data export)."""
        ...

    async def cases_about(self, message: Message) -> list[str]:
        """Ids of every case about this message, open or closed: reported,
        flagged, held by the filter before a moderator released it, a source
        of an incident opened on another message, or in the context sealed
        by a report on its author or on its room."""
        ...


class ReactionRepo(Protocol):
    async def add(self, message: Message, user_id: str, emoji: str, at: datetime) -> bool:
        """Idempotent: reacting twice with the same emoji keeps one row.
        True when a row was added."""
        ...

    async def remove(self, message_id: str, user_id: str, emoji: str) -> bool:
        """True when a row was removed."""
        ...

    async def for_message(self, message_id: str) -> list[tuple[str, str]]:
        """(emoji, user id) pairs, in the order they were added."""
        ...

    async def by_user(self, user_id: str) -> list[tuple[str, int, str, datetime]]:
        """One member's reactions as (room, seq, emoji, when), oldest first."""
        ...

    async def remove_all_by(self, user_id: str) -> int:
        """Take back every reaction of one member (erasure); how many."""
        ...

    async def for_seqs(
        self, room_id: str, seqs: Collection[int]
    ) -> dict[int, list[tuple[str, str]]]:
        """Per seq with reactions: its (emoji, user id) pairs, one query."""
        ...


@runtime_checkable
class ChatUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also reaches the edit history and the reactions
    (the storage's own; the group commit's batch never edits or reacts)."""

    edits: EditRepo
    reactions: ReactionRepo


# --- Web Push (docs/web-client.md, "Notifications") ---------------------------


class PushRepo(Protocol):
    async def save(self, subscription: PushSubscription) -> PushSubscription:
        """Insert, or replace the row with the same endpoint (a browser
        subscribing again, perhaps for another member on a shared device)."""
        ...

    async def for_user(self, user_id: str) -> list[PushSubscription]: ...

    async def delete(self, endpoint: str, user_id: str | None = None) -> bool:
        """Remove one endpoint (only the member's own when ``user_id`` is
        given); True when a row went."""
        ...

    async def delete_for_user(self, user_id: str) -> int: ...


@runtime_checkable
class PushUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also reaches ``PushRepo`` (the storage's own)."""

    push: PushRepo


class PushSender(Protocol):
    """Encrypts a payload for one subscription (RFC 8291) and posts it to
    its push service, signed with the server's VAPID key (RFC 8292)."""

    public_key: str  # the applicationServerKey browsers subscribe with (base64url)

    async def send(self, subscription: PushSubscription, payload: bytes, topic: str) -> PushOutcome:
        """Never raises for the push service's answers: ``GONE`` on 404/410."""
        ...


class StorageUnitOfWork(
    PrivacyUnitOfWork,
    TransparencyUnitOfWork,
    PremiumUnitOfWork,
    LegalUnitOfWork,
    MediaUnitOfWork,
    ReceiptUnitOfWork,
    ChatUnitOfWork,
    PushUnitOfWork,
    Protocol,
):
    """What ``deps.uow()`` opens: the storage's own unit of work, with every
    repository. Services that may run inside the group commit's batch take
    the narrower ``UnitOfWork`` (the batch never exports, sells, judges…);
    the others take this one, so nothing is ever down-cast at run time."""

    async def commit_quietly(self) -> None:
        """``commit`` in two steps, for the group commit: make the transaction
        durable now, and keep its events and after-commit callbacks for
        ``announce`` (the senders are answered in between)."""
        ...

    async def announce(self) -> None:
        """Run what ``commit_quietly`` kept, in order (as ``commit`` would)."""
        ...


# --- engines the composition root plugs into services -------------------------


class MessageChecker(Protocol):
    async def ready(self) -> None:
        """Wait until ``check`` answers without blocking (see services.filtering)."""
        ...

    def is_ready(self) -> bool:
        """Whether ``ready`` would return at once (``/healthz`` says so)."""
        ...

    def check(self, text: str, ctx: SenderContext) -> Verdict:
        """The safety filter's decision for one message (see safety.pipeline)."""
        ...

    def count(self, verdict: Verdict, day: date) -> None:
        """Count a decision made on ``day`` (metrics, transparency report)."""
        ...


class ConversationWatcher(Protocol):
    def observe_later(self, deps: Deps, message: Message, members: tuple[str, ...]) -> None:
        """Look at a committed private message without delaying its ack."""
        ...

    def observe_edit_later(self, deps: Deps, message: Message, members: tuple[str, ...]) -> None:
        """Look at the new text of an edited private message, later."""
        ...

    async def held_reasons(
        self,
        deps: Deps,
        uow: UnitOfWork,
        room_id: str,
        author_id: str,
        text: str,
        members: tuple[str, ...],
    ) -> list[str]:
        """Why a private message the filter passed must be held anyway (the
        conversation it completes), read before delivery; ``[]`` if not."""
        ...


class Notifier(Protocol):
    """Web Push (services/push.py): called after a commit, returns at once."""

    def private_message(
        self, deps: Deps, message: Message, recipients: tuple[str, ...], *, request: bool
    ) -> None: ...

    def notice(self, deps: Deps, user_id: str) -> None: ...


class MailSender(Protocol):
    async def send(self, to: str, subject: str, body: str, ref: str) -> None:
        """Hand one message to the mail server; raise if it was not accepted."""
        ...


class MemberDirectory(Protocol):
    """This node's index of listable members (``realtime.nearby_index``)."""

    neighbours: NeighbourTable

    async def ready(self) -> None: ...

    def pick(self, band: Band, city_id: str, want: int, skip: Container[str]) -> list[Candidate]:
        """Up to ``want`` candidates, nearest bucket first, random within a bucket."""
        ...


# --- real time: the broker, the roster, the socket, the metrics' sources ------
# Implemented by realtime/ (the in-memory twins), adapters/ (Redis) and
# transport/ (the socket edge), handed to the hub and to /metrics by the
# composition root. Plain and domain types only: ports.py never imports
# realtime/ or transport/ (dependencies point inward).

EventHandler = Callable[[Event], Awaitable[None]]
ResyncHandler = Callable[[], Awaitable[None]]


class RoomFeed(Protocol):
    """What the hub asks of the broker: a room's events, while it has members."""

    async def watch(self, room_id: str) -> None:
        """Returns once the room's events published from now on will arrive
        (or, if the broker is reconnecting, once it is noted: the resync that
        follows the reconnection fills what came meanwhile)."""
        ...

    def unwatch(self, room_id: str) -> None:
        """Stop receiving the room's events (takes effect shortly)."""
        ...


class Broker(RoomFeed, Protocol):
    """How events reach the nodes that need them (``realtime.broker``:
    in-memory; ``adapters.redis_broker``: Redis).

    Two kinds of events (``realtime.broker.room_of``): a room's events (a
    message posted, edited, deleted, its reactions) go only to the brokers
    that ``watch`` that room — a node watches a room while it has local
    members there —; every other event (frames and closes for a user or a
    session, blocks, nearby presence) goes to every broker, because any node
    may hold that user's sockets or cache.

    Delivery promise (the same for every implementation, checked by
    tests/contract/test_broker_contract.py): an event published after a
    commit is handed to the handler of every started broker sharing the same
    channel (this node's included) that it concerns — all of them, or for a
    room's event those watching the room since before it was published — at
    most once, in the order one publisher published them. Once ``watch``
    returns, the room's events published from then on arrive; after
    ``unwatch`` they stop (soon: a few may still come, the hub drops them).
    Events can be lost (a Redis restart, a network blip): the broker then
    calls ``on_resync`` once it is connected again, and the hub refetches
    from the database, which is the source of truth. Consumers never rely on
    the broker for durability. A ``watch`` takes effect after every
    ``unwatch`` called before it."""

    async def start(self, handler: EventHandler, on_resync: ResyncHandler) -> None:
        """Subscribe; returns once events published from now on will arrive."""
        ...

    async def publish(self, event: Event) -> None: ...

    async def stop(self) -> None: ...


class RosterWriter(Protocol):
    """Where the hub reports who is in which room (cross-node presence); a
    ``PresenceWriter`` is one."""

    async def join(self, room_id: str, user_id: str) -> None: ...

    async def leave(self, room_id: str, user_id: str) -> None: ...


class Sink(Protocol):
    """A synchronous byte path into one socket: the transport edge's
    (``transport.ws.direct.DirectSink``), written by ``realtime.connection``."""

    def write(self, wire: bytes) -> bool:
        """Write one complete frame; False (and nothing written) once the
        socket is not open for frames any more."""
        ...

    def buffered(self) -> int:
        """Bytes written but not yet taken by the kernel."""
        ...

    async def wait_writable(self) -> None:
        """Return once the transport is below its high-water mark (or lost)."""
        ...

    def abort_later(self, seconds: float) -> None:
        """Drop the socket in ``seconds`` unless it is gone by then."""
        ...

    def stop_reading(self) -> None:
        """Read nothing more from the peer."""
        ...


class WriterSource(Protocol):
    """The group commit's counters, as /metrics reads them at scrape time."""

    @property
    def pending(self) -> int: ...

    batches: int
    replayed_batches: int


class FilterSource(Protocol):
    """The safety filter's decision counts, as /metrics reads them."""

    @property
    def verdicts(self) -> Mapping[str, int]: ...


class BrokerCounters(Protocol):
    """A broker's plain counters (``adapters.redis_broker.BrokerStats``)."""

    published: int
    received: int
    dropped: int
    resyncs: int
    decoded: int


@runtime_checkable
class BrokerSource(Protocol):
    """A broker that reports its counters and lag (Redis; the in-memory one
    does not): /metrics checks for it with ``isinstance``."""

    stats: BrokerCounters
    observe_lag: Callable[[float], None] | None

    @property
    def queued(self) -> int: ...
