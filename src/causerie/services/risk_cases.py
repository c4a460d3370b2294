"""The risk monitor's escalation hook (services/risk.py): a conversation
that reaches ``medium`` or ``high`` opens an ``automatic`` case on its room,
with the signals that fired and the recent messages under legal hold. When
the signals add up to recruitment against someone who cannot consent, the
case is ``recruitment`` (critical) and marked as a threat to life or
safety; to sextortion, ``sextortion`` (critical)."""

from __future__ import annotations

from causerie.domain.incidents import source_signal
from causerie.domain.models import Message
from causerie.domain.moderation import THREAT_TO_LIFE_REASONS, CaseKind, TargetType
from causerie.domain.times import rfc3339
from causerie.safety.scorer import Assessment, Signal, crimes_of
from causerie.services.cases import open_case, snapshot
from causerie.services.deps import Deps

RISK_CONTEXT = 30


def fired_on(recent: list[Message], signal: Signal) -> str | None:
    """The message a scorer signal fired on, among the recent ones: the
    latest by its sender whose words hold the signal's evidence (the scorer
    counts messages from where it started watching, not by seq, so the
    index alone cannot name it). None when it scrolled out of the excerpt."""
    needle = " ".join(signal.evidence.casefold().split())
    for message in reversed(recent):
        if signal.sender_id and message.author_id != signal.sender_id:
            continue
        if needle and needle in " ".join(message.text.casefold().split()):
            return message.id
    return None


def _last_words(recent: list[Message], author_id: str | None) -> str | None:
    said = [m.text for m in recent if m.author_id == author_id and not m.deleted]
    return said[-1] if said else None


async def open_risk_case(
    deps: Deps, room_id: str, assessment: Assessment, message: Message
) -> None:
    """``Escalate`` for ``RiskMonitor``: one open case per room, re-rated
    (most urgent wins) when the conversation escalates again."""
    crimes = crimes_of(assessment)
    reason = "risk_high" if assessment.level == "high" else "risk_medium"
    for crime in ("recruitment", "sextortion", "ambush"):  # most severe first
        if crime in crimes:
            reason = crime
            break
    async with deps.uow(write=True) as uow:
        conversation = await uow.conversations.get(room_id)
        members = list(conversation.members()) if conversation else [message.author_id]
        recent = await uow.messages.before(room_id, message.seq + 1, RISK_CONTEXT)
        evidence = await snapshot(
            uow,
            content={
                "type": "conversation",
                "room": room_id,
                "risk": assessment.risk,
                "level": assessment.level,
                # The learned gate's word (safety/gate.py): why a medium
                # was raised, confirmed or never gated.
                "gate": assessment.gate,
                "reasons": list(assessment.reasons),
            },
            context=recent,
            user_ids=members,
        )
        await open_case(
            deps,
            uow,
            kind=CaseKind.AUTOMATIC,
            target_type=TargetType.ROOM,
            target_id=room_id,
            subject_id=assessment.suspect_id,
            reason=reason,
            threat_to_life=reason in THREAT_TO_LIFE_REASONS,
            signals=[
                {
                    "name": s.name,
                    "message_index": s.message_index,
                    "evidence": s.evidence,
                    "sender_id": s.sender_id,
                    "message_id": fired_on(recent, s),
                }
                for s in assessment.signals
            ],
            evidence=evidence,
            room_id=room_id,
            source=source_signal(
                "risk",
                reason=reason,
                target_type=TargetType.ROOM.value,
                target_id=room_id,
                at=rfc3339(deps.clock.now()),
                text=_last_words(recent, assessment.suspect_id) or message.text,
                room=room_id,
            ),
        )
        await uow.commit()
