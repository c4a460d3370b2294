"""The safety rules' own verdict, the learned layer left out: class tests
check a rule class, not the shipped model's reading of the same words."""

from __future__ import annotations

from functools import cache

from causerie.safety.pipeline import MessageFilter, SenderContext, Verdict, default_filter

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
