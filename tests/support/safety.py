"""The safety rules' own verdict, the learned layer left out: class tests
check a rule class, not the shipped model's reading of the same words."""

from __future__ import annotations

from functools import cache

from causerie.safety.pipeline import MessageFilter, SenderContext, Verdict, default_filter
from causerie.safety.scorer import ConversationScorer, Participant

# Settled senders (trust level 2, two months old) in each context.
TEEN_PUBLIC = SenderContext("teen", 2, 60.0, False)
TEEN_DM = SenderContext("teen", 2, 60.0, True)
ADULT_PUBLIC = SenderContext("adult", 2, 60.0, False)
ADULT_DM = SenderContext("adult", 2, 60.0, True)


@cache
def _rules_filter() -> MessageFilter:
    checks = default_filter(link_min_trust=1).checks
    return MessageFilter([c for c in checks if c.name != "model"])


def rules_check(text: str, ctx: SenderContext) -> Verdict:
    """The rules' whole verdict (with the delivered, masked text)."""
    return _rules_filter().check(text, ctx)


def rules_verdict(text: str, ctx: SenderContext) -> tuple[str, list[str]]:
    """The rules' decision and reasons for ``text`` from ``ctx``."""
    verdict = rules_check(text, ctx)
    return verdict.decision, list(verdict.reasons)


def conversation_levels(
    messages: list[tuple[str, str]],
    room_kind: str = "dm",
    *,
    people: str = "ab",
    age: int = 30,
    account_days: float = 300.0,
) -> list[str]:
    """The scorer's level after each message of a conversation between
    settled adults (one letter per participant)."""
    scorer = ConversationScorer()
    participants = [Participant(p, declared_age=age, account_age_days=account_days) for p in people]
    state = scorer.start(participants, room_kind)
    levels = []
    for sender, text in messages:
        state, _ = scorer.add_message(state, sender, text)
        levels.append(scorer.assess(state).level)
    return levels
