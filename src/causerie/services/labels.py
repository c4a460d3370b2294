"""Moderators' decisions as labelled examples for retraining the safety
filter's learned layer (``causerie safety export-labels``, docs/safety.md).

A closed case on a message (a held message, or a reported one) becomes one
line in the corpus format of ``eval/corpus/GUIDE.md``: confirmed by a
sanction, the message is an example of the case's categories; dismissed or
released, it is a negative (the filter or the reporter was wrong).

What is exported, and what is not:
- only cases decided within the retention window of connection data
  (``connection_data_days``): evidence is kept for good under legal hold,
  but that is for moderators and judges; reusing it to train a model is
  another purpose, allowed no longer than the data it comes from;
- never the text of an account that has been erased (GDPR art. 17: it is
  kept as evidence, not for anything else);
- no ids, times or case numbers; pseudos (of the author and of everyone in
  the evidence, and any word that is a member's pseudo) become stable
  placeholders ``membre1``, ``membre2``… for the whole export; phone
  numbers, e-mails, addresses and handles are masked.

Every export is written to the audit log with its counts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from causerie.config import Settings
from causerie.domain.bands import Band
from causerie.domain.models import AccountStatus, Room, RoomKind, User
from causerie.domain.moderation import SANCTIONS, Action, Case, CaseAction, CaseKind, TargetType
from causerie.domain.times import rfc3339
from causerie.ports import Clock, UnitOfWork, UnitOfWorkFactory
from causerie.safety.checks.personal_data import find_personal_data
from causerie.safety.names import pseudo_key
from causerie.safety.pipeline import scan
from causerie.safety.verdict import apply_masks
from causerie.services import audit

AUDIT_ACTION = "safety.export_labels"
EXPORT_LIMIT = 100_000
NEW_ACCOUNT_DAYS = 3
PLACEHOLDER = "membre"
DISMISSING = frozenset({Action.DISMISS, Action.RELEASE})
_WORD = re.compile(r"@?\w(?:[\w.-]*\w)?")

# Report reasons and filter reasons as the guide's categories.
CATEGORY_OF_REASON = {
    "harassment": "harassment",
    "hate": "hate",
    "sexual_content": "sexual_content",
    "minor_at_risk": "minor_sexualisation",
    "minor_sexualisation": "minor_sexualisation",
    "threat": "threat",
    "meeting_danger": "ambush",
    "scam": "scam",
    "personal_data": "personal_data",
    "phone_number": "personal_data",
    "email": "personal_data",
    "street_address": "personal_data",
    "social_handle": "personal_data",
    "off_platform": "off_platform",
    "link": "link",
    "recruitment": "recruitment",
    "sextortion": "sextortion",
    "doxxing": "doxxing",
    "grooming": "grooming",
    "ambush": "ambush",
}
# The guide's verdict for a category; several: hold, then block, then mask
# (as the filter: a message a moderator must see is never just refused).
_HOLD = frozenset({"threat", "sextortion", "recruitment", "scam", "doxxing", "grooming", "ambush"})
_BLOCK = frozenset({"hate", "minor_sexualisation", "harassment", "link"})
_MASK = frozenset({"personal_data", "off_platform"})


@dataclass(slots=True)
class LabelExport:
    cutoff: datetime  # decisions before it are past retention
    lines: list[dict[str, Any]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


def category_of(reason: str) -> str | None:
    """A report or filter reason as a guide category (``model:x`` is x)."""
    return CATEGORY_OF_REASON.get(reason.removeprefix("model:"))


def verdict_for(categories: set[str], context: str) -> str:
    """The guide's verdict for a confirmed message in ``context``."""
    teen = "teen" in context
    if categories & _HOLD or ("sexual_content" in categories and not teen):
        return "hold"
    if categories & _BLOCK or ("sexual_content" in categories and teen):
        return "block"
    if categories & _MASK:
        return "mask"
    return "allow"


def context_of(room: Room) -> str:
    band = "teen" if Band.TEEN in room.bands else "adult"
    return f"dm_{band}" if room.kind is RoomKind.DM else f"{band}_public"


class Pseudonyms:
    """Stable placeholders for pseudos across one export."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}
        self._known: dict[str, bool] = {}  # pseudo key -> a member has it

    def placeholder(self, pseudo: str) -> str:
        key = pseudo_key(pseudo) or pseudo.casefold()
        if key not in self._names:
            self._names[key] = f"{PLACEHOLDER}{len(self._names) + 1}"
        return self._names[key]

    async def replace_members(self, text: str, uow: UnitOfWork) -> str:
        """Every word that is some member's pseudo (by its uniqueness key, so
        look-alike spellings too), ``@mentions`` included. A common word that
        happens to be a pseudo is replaced as well: a lost word costs the
        example less than a name left in it."""
        out: list[str] = []
        cursor = 0
        for match in _WORD.finditer(text):
            word = match.group().removeprefix("@")
            key = pseudo_key(word)
            if key not in self._known:
                self._known[key] = await uow.users.by_pseudo_key(key) is not None if key else False
            if self._known[key]:
                out.append(text[cursor : match.start()])
                out.append(self.placeholder(word))
                cursor = match.end()
        out.append(text[cursor:])
        return "".join(out)

    def replace(self, text: str, pseudos: set[str]) -> str:
        # Longest first, so that "lea_2009" is replaced before "lea".
        for pseudo in sorted(pseudos, key=len, reverse=True):
            if not pseudo:
                continue
            pattern = re.compile(r"(?<!\w)@?" + re.escape(pseudo) + r"(?!\w)", re.IGNORECASE)
            if pattern.search(text):  # a pseudo gets a number only when it is met
                text = pattern.sub(self.placeholder(pseudo), text)
        return text


def mask_personal_data(text: str) -> str:
    spans = tuple((f.start, f.end) for f in find_personal_data(scan(text)))
    return apply_masks(text, spans) if spans else text


def _decision(actions: list[CaseAction]) -> str | None:
    """confirmed, dismissed, or None (lifted on appeal, or no decision)."""
    closing = [a for a in actions if a.action is not Action.ESCALATE]
    if not closing:
        return None
    last = max(closing, key=lambda a: a.created_at).action
    if last in SANCTIONS:
        return "confirmed"
    if last in DISMISSING:
        return "dismissed"
    return None  # lift: the decision was undone


def _item(evidence: list[dict[str, Any]]) -> dict[str, Any] | None:
    for snapshot in evidence:
        content = snapshot.get("content")
        if isinstance(content, dict) and content.get("type") in ("message", "held_message"):
            return snapshot
    return None


def _reasons(case: Case, snapshot: dict[str, Any]) -> list[str]:
    reasons = [r for r in case.reasons if r != "held_by_filter"]
    reasons += [str(s.get("name", "")) for s in case.signals if isinstance(s, dict)]
    reasons += [str(r) for r in snapshot["content"].get("reasons", [])]
    report = snapshot.get("report")
    if isinstance(report, dict):
        reasons.append(str(report.get("reason", "")))
    return reasons


async def _line(
    uow: UnitOfWork, case: Case, names: Pseudonyms, export: LabelExport
) -> dict[str, Any] | None:
    decision = _decision(await uow.cases.actions(case.id))
    if decision is None:
        export.skipped["no decision"] += 1
        return None
    snapshots = [e.content for e in await uow.cases.evidence(case.id) if e.kind == "snapshot"]
    snapshot = _item(snapshots)
    if snapshot is None:
        export.skipped["no message in evidence"] += 1
        return None
    content = snapshot["content"]
    author_id, text = str(content.get("author_id", "")), str(content.get("text", ""))
    author = await uow.users.get(author_id)
    if author is None or author.status is AccountStatus.ERASED:
        export.skipped["author erased"] += 1
        return None
    if not text.strip():
        export.skipped["empty text"] += 1
        return None
    room = await uow.rooms.get(str(content.get("room", "")))
    if room is None:
        export.skipped["room gone"] += 1
        return None
    categories = sorted({c for r in _reasons(case, snapshot) if (c := category_of(r))})
    if decision == "confirmed" and not categories:
        export.skipped["confirmed without a category"] += 1
        return None
    context = context_of(room)
    labels = set(categories) if decision == "confirmed" else set()
    return {
        "lang": author.language if author.language in ("fr", "en") else "fr",
        "context": context,
        "new_account": _is_new(author, case),
        "text": mask_personal_data(
            await names.replace_members(names.replace(text, _pseudos(author, snapshot)), uow)
        ),
        "verdict": verdict_for(labels, context),
        "categories": sorted(labels),
        "source": "moderation",
        "decision": decision,
        "case_categories": categories,
    }


def _is_new(author: User, case: Case) -> bool:
    return case.created_at - author.created_at < timedelta(days=NEW_ACCOUNT_DAYS)


def _pseudos(author: User, snapshot: dict[str, Any]) -> set[str]:
    found = {author.pseudo, str(snapshot["content"].get("author_pseudo", ""))}
    found |= {str(u.get("pseudo", "")) for u in snapshot.get("users", []) if isinstance(u, dict)}
    found |= {
        str(m.get("author_pseudo", "")) for m in snapshot.get("context", []) if isinstance(m, dict)
    }
    return {p for p in found if p}


async def export_labels(
    uow_factory: UnitOfWorkFactory, clock: Clock, settings: Settings, *, actor: str = "operator"
) -> LabelExport:
    """Every decided message case still within retention, as corpus lines."""
    now = clock.now()
    export = LabelExport(cutoff=now - timedelta(days=settings.connection_data_days))
    names = Pseudonyms()
    async with uow_factory() as uow:
        decided = await uow.cases.closed_since(export.cutoff, EXPORT_LIMIT)
        for case in decided:
            if case.kind is CaseKind.APPEAL or case.target_type is not TargetType.MESSAGE:
                export.skipped["not a message case"] += 1
                continue
            line = await _line(uow, case, names, export)
            if line is not None:
                line = {"id": f"moderation-m{len(export.lines) + 1:05d}", **line}
                export.lines.append(line)
    async with uow_factory(write=True) as uow:
        await audit.record(
            uow,
            clock.now(),
            actor=actor,
            action=AUDIT_ACTION,
            subject="labels",
            payload={
                "cutoff": rfc3339(export.cutoff),
                "exported": len(export.lines),
                "confirmed": sum(line["decision"] == "confirmed" for line in export.lines),
                "skipped": dict(sorted(export.skipped.items())),
            },
        )
        await uow.commit()
    return export
