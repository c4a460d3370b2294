"""What a moderator reads of one incident (issue 16, item 9): every source
that fed the case — the reports, as presented to this moderator (reporters
named to admins only), and the automatic alerts — and the conversation
around it with the messages the sources and signals point at marked."""

from __future__ import annotations

from typing import Any

from causerie.domain.incidents import SOURCE, sources
from causerie.domain.moderation import Case, CaseKind, Evidence, Report, TargetType
from causerie.domain.times import rfc3339
from causerie.ports import UnitOfWork

CONVERSATION_MAX = 40


async def case_sources(
    uow: UnitOfWork, case: Case, reports: list[Report], presented: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Reports and automatic alerts of the case, oldest first. A case opened
    before sources were recorded shows its own automatic alert as one."""
    found: list[dict[str, Any]] = [
        {
            "kind": "report",
            "reason": report.reason,
            "at": rfc3339(report.created_at),
            "target": {"type": report.target_type.value, "id": report.target_id},
            "report": shown,
        }
        for report, shown in zip(reports, presented, strict=True)
    ]
    automatic = [s for s in sources(case) if s.get("kind") != "report"]
    if not automatic and case.kind is not CaseKind.REPORT and not sources(case):
        automatic = [
            {
                "name": SOURCE,
                "kind": "flag",
                "reason": case.reasons[0] if case.reasons else None,
                "at": rfc3339(case.created_at),
                "target": {"type": case.target_type.value, "id": case.target_id},
            }
        ]
    for source in automatic:
        item = {k: source.get(k) for k in ("kind", "reason", "at", "target", "excerpt")}
        if source.get("refused"):  # refused by the filter, kept for this case
            item["refused"] = True
        target = source.get("target")
        if source.get("kind") == "held_message" and target and target.get("type") == "message":
            held = await uow.held.get(str(target.get("id")))
            if held is not None:
                item["held"] = {"id": held.id, "state": held.state.value}
        found.append(item)
    found.sort(key=lambda s: str(s.get("at") or ""))
    return found


def flagged_ids(case: Case, evidence: list[Evidence]) -> set[str]:
    """The messages the case is about: reported or held ones, and those a
    signal fired on."""
    ids: set[str] = set()
    if case.target_type is TargetType.MESSAGE:
        ids.add(case.target_id)
    for signal in case.signals:
        if signal.get("message_id"):
            ids.add(str(signal["message_id"]))
        target = signal.get("target")
        if signal.get("name") == "source" and target and target.get("type") == "message":
            ids.add(str(target.get("id")))
    for item in evidence:
        inner = item.content.get("content") if item.kind == "snapshot" else None
        if isinstance(inner, dict) and inner.get("type") in ("message", "held_message"):
            ids.add(str(inner.get("id")))
    return ids


def conversation_of(case: Case, evidence: list[Evidence]) -> list[dict[str, Any]]:
    """The messages around the incident, from every snapshot under legal
    hold, each once, in order; held messages (which take no seq) after the
    delivered ones; ``flagged`` on those the case is about."""
    flagged = flagged_ids(case, evidence)
    seen: dict[str, dict[str, Any]] = {}
    for item in evidence:
        if item.kind != "snapshot":
            continue
        content = item.content
        for message in content.get("context") or []:
            if isinstance(message, dict):
                key = str(message.get("id") or f"seq:{message.get('seq')}")
                seen.setdefault(key, _line(message, False))
        inner = content.get("content")
        if isinstance(inner, dict) and inner.get("type") in ("message", "held_message"):
            held = inner.get("type") == "held_message"
            line = _line({**inner, "ts": inner.get("ts") or rfc3339(item.created_at)}, held)
            seen[str(inner.get("id"))] = line
    lines = sorted(
        seen.values(),
        key=lambda m: (m["held"], m["seq"] if m["seq"] is not None else 0, m["ts"] or ""),
    )
    for line in lines:
        line["flagged"] = line["id"] in flagged
    return lines[-CONVERSATION_MAX:]


def _line(message: dict[str, Any], held: bool) -> dict[str, Any]:
    seq = message.get("seq")
    return {
        "id": message.get("id"),
        "seq": seq if isinstance(seq, int) else None,
        "author_pseudo": message.get("author_pseudo"),
        "text": message.get("text"),
        "ts": message.get("ts"),
        "deleted": bool(message.get("deleted")),
        "held": held,
    }
