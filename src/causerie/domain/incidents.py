"""One case per incident (issue 16, item 9): a report and an automatic
alert (a held message, a risky conversation) about the same author in the
same room within ``INCIDENT_WINDOW`` are one case. Each thing that fed a
case is recorded among its signals as a *source*: what kind, on which
target, when, an excerpt; never who reported (reporters are named to
admins only, from the reports themselves). Pure rules, no I/O."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from causerie.domain.moderation import Case, CaseKind, CaseSignal

INCIDENT_WINDOW = timedelta(hours=24)
# Appeals and notices from outside stand alone: an appeal is about a
# decision, a notice has its own legal clock (docs/legal.md).
MERGEABLE = frozenset({CaseKind.REPORT, CaseKind.AUTOMATIC})
SOURCE = "source"
EXCERPT_MAX = 140


def excerpt(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT_MAX else text[: EXCERPT_MAX - 1] + "…"


def source_signal(
    kind: str,
    *,
    reason: str,
    target_type: str,
    target_id: str,
    at: str,
    text: str | None = None,
    room: str | None = None,
    refused: bool = False,
) -> CaseSignal:
    """``kind``: ``report``, ``held_message``, ``risk`` or ``flag``;
    ``refused``: the filter refused the text (kept for the case)."""
    signal: CaseSignal = {
        "name": SOURCE,
        "kind": kind,
        "reason": reason,
        "target": {"type": target_type, "id": target_id},
        "room": room,
        "at": at,
        "excerpt": excerpt(text) if text else None,
    }
    if refused:
        signal["refused"] = True
    return signal


def sources(case: Case) -> list[CaseSignal]:
    return [s for s in case.signals if s.get("name") == SOURCE]


def source_count(case: Case) -> int:
    """Cases opened before sources were recorded count as one."""
    return max(1, len(sources(case)))


def case_excerpt(case: Case) -> str | None:
    """What the queue row quotes: the first source that has words (an
    appeal, which has no source, quotes what the member wrote)."""
    if case.appeal_text:
        return case.appeal_text
    return next((s["excerpt"] for s in sources(case) if s.get("excerpt")), None)


def merged_targets(case: Case) -> list[tuple[str, str]]:
    """The targets of the sources that joined the case from elsewhere: their
    parties stay parties to the merged case (separation of duties)."""
    own = (case.target_type.value, case.target_id)
    found: list[tuple[str, str]] = []
    for s in sources(case):
        target = s.get("target")
        pair = (str(target.get("type")), str(target.get("id"))) if target else ("None", "None")
        if pair != own and pair not in found:
            found.append(pair)
    return found


def same_incident(
    candidate: Case, rooms: Iterable[str], room_id: str | None, now: datetime
) -> bool:
    """``candidate`` (an open case about the same account) is the incident
    a new source belongs to: same room, recent enough, mergeable kinds."""
    return (
        room_id is not None
        and candidate.kind in MERGEABLE
        and now - candidate.created_at <= INCIDENT_WINDOW
        and room_id in set(rooms)
    )
