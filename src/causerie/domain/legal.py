"""Justice and the DSA outside the service (docs/legal.md): the records of
the legal desk — notices from anyone, the mail outbox, requisitions,
preservation holds, judicial bans, art. 18 packages, trusted flaggers,
notifier standing — and the statements of reasons' input. Pure data.

Each record's fields follow its table's columns, in the same order: the
desk's JSON (``dataclasses.asdict``) keeps the keys it had when rows were
plain dicts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from causerie.domain.errors import Invalid
from causerie.domain.moderation import CaseAction, CaseKind, TargetType
from causerie.domain.times import rfc3339


class NoticeOutcome(StrEnum):
    """A decided notice (art. 23 counts the unfounded ones)."""

    FOUNDED = "founded"
    UNFOUNDED = "unfounded"


class RequisitionStatus(StrEnum):
    RECEIVED = "received"
    APPROVED = "approved"  # by a second desk member (four eyes)
    EXPORTED = "exported"


class HoldSubject(StrEnum):
    USER = "user"
    ROOM = "room"


class PackageStatus(StrEnum):
    PREPARED = "prepared"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"


def parse_moment(text: str | None, field: str) -> datetime | None:
    """An RFC 3339 moment with its offset (``Z`` allowed); None when empty."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Invalid(field=field) from None
    if moment.tzinfo is None:
        raise Invalid(field=field)
    return moment


@dataclass(frozen=True, slots=True)
class Scope:
    """What a requisition or a preservation order covers: accounts,
    conversations, and an optional period [start, end)."""

    accounts: tuple[str, ...]
    conversations: tuple[str, ...]
    start: datetime | None
    end: datetime | None

    def as_json(self) -> dict[str, Any]:
        return {
            "accounts": list(self.accounts),
            "conversations": list(self.conversations),
            "from": rfc3339(self.start) if self.start else None,
            "to": rfc3339(self.end) if self.end else None,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Scope:
        return cls(
            tuple(value["accounts"]),
            tuple(value["conversations"]),
            parse_moment(value.get("from"), "from"),
            parse_moment(value.get("to"), "to"),
        )

    def dumps(self) -> str:
        """The stored form (a JSON text column)."""
        return json.dumps(self.as_json(), sort_keys=True)

    @classmethod
    def loads(cls, text: str) -> Scope:
        return cls.from_json(json.loads(text))

    def covers(self, moment: datetime) -> bool:
        return (self.start is None or moment >= self.start) and (
            self.end is None or moment < self.end
        )


@dataclass(frozen=True, slots=True)
class DsaNotice:
    """A notice from anyone (DSA art. 16); its id is the notifier's reference."""

    id: str
    case_id: str
    target_url: str
    reason: str
    explanation: str
    name: str | None
    email: str | None
    flagger_id: str | None
    lang: str
    created_at: datetime
    decided_at: datetime | None = None
    outcome: NoticeOutcome | None = None


@dataclass(frozen=True, slots=True)
class Mail:
    """One e-mail of the outbox, waiting or sent."""

    id: str
    to_addr: str
    subject: str
    body: str
    ref: str
    created_at: datetime
    attempts: int
    next_attempt_at: datetime
    sent_at: datetime | None = None
    last_error: str | None = None


@dataclass(frozen=True, slots=True)
class Requisition:
    id: str
    requester: str
    legal_basis: str
    case_reference: str
    scope: Scope
    deadline: datetime
    emergency: bool
    status: RequisitionStatus
    recipient_key: str | None  # X25519 public key, base64; else a passphrase
    created_by: str
    created_at: datetime
    approved_by: str | None = None
    approved_at: datetime | None = None
    exported_at: datetime | None = None
    export_sha256: str | None = None


@dataclass(frozen=True, slots=True)
class LegalHold:
    """One frozen account or conversation of a preservation order."""

    id: str
    order_id: str
    subject_type: HoldSubject
    subject_id: str
    reference: str
    until: datetime
    created_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class IdentificationRecord:
    """What an erased account gave at sign-up, sealed (decree 2021-1362)."""

    user_id: str
    pseudo: str
    email: str | None
    created_at: datetime
    closed_at: datetime


@dataclass(frozen=True, slots=True)
class JudicialBan:
    """A court's ban (loi SREN 2024); the device hashes are copied when it
    is executed."""

    id: str
    user_id: str
    court: str
    court_reference: str
    received_at: datetime
    until: datetime
    executed_at: datetime | None
    device_hashes: tuple[str, ...]
    created_by: str
    alerted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ThreatPackage:
    """A DSA art. 18 package for the authorities; ``content`` is its JSON."""

    id: str
    case_id: str
    content: str
    status: PackageStatus
    created_at: datetime
    sent_at: datetime | None = None
    sent_to: str | None = None
    acknowledged_at: datetime | None = None
    ack_reference: str | None = None


@dataclass(frozen=True, slots=True)
class TrustedFlagger:
    """A trusted flagger (DSA art. 22): its token is kept as its SHA-256 only."""

    id: str
    name: str
    token_hash: str
    created_at: datetime
    revoked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class NotifierStanding:
    """Misuse (DSA art. 23): a notifier (``email:…``, ``flagger:…``) or a
    member (``member:…``) warned, then suspended."""

    notifier: str
    warned_at: datetime | None = None
    suspended_until: datetime | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """A moderator's action with what a statement of reasons (art. 24(5))
    needs of its case, and the trusted flagger behind a notice case."""

    action: CaseAction
    case_kind: CaseKind
    case_reasons: tuple[str, ...]
    target_type: TargetType
    case_created_at: datetime
    flagger: str | None
