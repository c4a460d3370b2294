"""The tamper-evident audit log: each entry carries the SHA-256 of the one
before it, over a canonical serialisation, so editing, removing or
reordering any entry breaks the chain from there on. Pure functions: storage
appends under a lock, ``verify_chain`` checks what it reads."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

GENESIS = "0" * 64

# What an entry's payload may hold: JSON, since it is hashed and stored as
# canonical JSON (sorted keys). Read-only views, so that a ``list[str]`` or
# a ``dict[str, int]`` is one.
JsonValue: TypeAlias = (
    str | int | float | bool | Sequence["JsonValue"] | Mapping[str, "JsonValue"] | None
)
AuditPayload: TypeAlias = Mapping[str, JsonValue]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: str  # RFC 3339 UTC with microseconds: hashed as text, never re-parsed
    actor: str
    action: str
    subject: str
    payload: AuditPayload
    prev_hash: str
    hash: str


def canonical(
    seq: int, at: str, actor: str, action: str, subject: str, payload: AuditPayload, prev: str
) -> bytes:
    """One byte string per entry: JSON with sorted keys, no spaces, UTF-8."""
    body = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "subject": subject,
        "payload": payload,
        "prev_hash": prev,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(
    seq: int, at: str, actor: str, action: str, subject: str, payload: AuditPayload, prev: str
) -> str:
    return hashlib.sha256(canonical(seq, at, actor, action, subject, payload, prev)).hexdigest()


def chain_entry(
    previous: AuditEntry | None,
    *,
    at: str,
    actor: str,
    action: str,
    subject: str,
    payload: AuditPayload,
) -> AuditEntry:
    """The entry that follows ``previous`` (the first one when None)."""
    seq = 1 if previous is None else previous.seq + 1
    prev = GENESIS if previous is None else previous.hash
    digest = entry_hash(seq, at, actor, action, subject, payload, prev)
    return AuditEntry(seq, at, actor, action, subject, payload, prev, digest)


@dataclass(frozen=True, slots=True)
class ChainFault:
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.problem}"


def verify_chain(
    entries: Iterable[AuditEntry], head: tuple[int, str] | None = None
) -> tuple[int, ChainFault | None]:
    """Walk the entries in stored order; returns how many were checked and
    the first fault. ``head`` is the (seq, hash) the log recorded for its last
    entry: it catches removal of the newest entries."""
    expected_seq, expected_prev, count = 1, GENESIS, 0
    last: AuditEntry | None = None
    for entry in entries:
        if entry.seq != expected_seq:
            problem = f"missing or reordered (expected seq {expected_seq})"
            return count, ChainFault(entry.seq, problem)
        if entry.prev_hash != expected_prev:
            return count, ChainFault(entry.seq, "prev_hash does not match the previous entry")
        digest = entry_hash(
            entry.seq,
            entry.at,
            entry.actor,
            entry.action,
            entry.subject,
            entry.payload,
            entry.prev_hash,
        )
        if digest != entry.hash:
            return count, ChainFault(entry.seq, "content was edited (hash mismatch)")
        count += 1
        last = entry
        expected_seq, expected_prev = entry.seq + 1, entry.hash
    if head is not None:
        head_seq, head_hash = head
        if last is None or last.seq != head_seq or last.hash != head_hash:
            seen = 0 if last is None else last.seq
            return count, ChainFault(
                seen + 1, f"entries after {seen} were removed (head {head_seq})"
            )
    return count, None
