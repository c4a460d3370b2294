"""The risk monitor's escalation hook (services/risk.py): a conversation
that reaches ``medium`` or ``high`` opens an ``automatic`` case on its room,
with the signals that fired and the recent messages under legal hold. When
the signals add up to recruitment against someone who cannot consent, the
case is ``recruitment`` (critical) and marked as a threat to life or
safety; to sextortion, ``sextortion`` (critical)."""

from __future__ import annotations

from causerie.domain.models import Message
from causerie.domain.moderation import THREAT_TO_LIFE_REASONS, CaseKind, TargetType
from causerie.safety.scorer import Assessment, crimes_of
from causerie.services.cases import open_case, snapshot
from causerie.services.deps import Deps

RISK_CONTEXT = 30


async def open_risk_case(
    deps: Deps, room_id: str, assessment: Assessment, message: Message
) -> None:
    """``Escalate`` for ``RiskMonitor``: one open case per room, re-rated
    (most urgent wins) when the conversation escalates again."""
    crimes = crimes_of(assessment)
    reason = "risk_high" if assessment.level == "high" else "risk_medium"
    for crime in ("recruitment", "sextortion"):  # most severe first
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
                }
                for s in assessment.signals
            ],
            evidence=evidence,
        )
        await uow.commit()
