"""The per-message filter that runs before delivery.

Checks run in order and the first one that does not allow decides:
lexicon (hold or block), links (block below a trust level), personal data
(mask for teens and new accounts). The text is normalised once and scanned
once by the shared phrase automaton; each check reads that scan.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from causerie.safety.catalogue import phrase_index
from causerie.safety.checks import Check
from causerie.safety.checks.lexicon import LexiconCheck
from causerie.safety.checks.links import LinkCheck
from causerie.safety.checks.personal_data import PersonalDataCheck
from causerie.safety.normalise import normalise
from causerie.safety.phrases import PhraseIndex
from causerie.safety.verdict import (
    ALLOW,
    MASK,
    Scanned,
    SenderContext,
    Verdict,
    apply_masks,
)

__all__ = ["MessageFilter", "SenderContext", "Verdict", "default_filter", "scan"]

NEW_ACCOUNT_DAYS = 3.0


def scan(text: str, index: PhraseIndex | None = None) -> Scanned:
    """Normalise ``text`` and find every phrase of the shared index in it."""
    normalised = normalise(text)
    hits = tuple((index or phrase_index()).find(normalised))
    return Scanned(text, normalised, hits)


class MessageFilter:
    """An ordered chain of checks; pure and thread-safe once built."""

    def __init__(self, checks: Sequence[Check], index: PhraseIndex | None = None) -> None:
        self.checks = tuple(checks)
        self.index = index or phrase_index()

    def check(self, text: str, ctx: SenderContext) -> Verdict:
        """The decision for one message from a sender in ``ctx``."""
        message = scan(text, self.index)
        for check in self.checks:
            result = check(message, ctx)
            if result is None or result.decision == ALLOW:
                continue
            delivered = apply_masks(text, result.spans) if result.decision == MASK else text
            return Verdict(result.decision, list(result.reasons), delivered)
        return Verdict(ALLOW, [], text)


@cache
def default_filter(link_min_trust: int = 1) -> MessageFilter:
    """The standard chain, its data loaded once and cached per setting."""
    return MessageFilter(
        [
            LexiconCheck(),
            LinkCheck(min_trust=link_min_trust),
            PersonalDataCheck(new_account_days=NEW_ACCOUNT_DAYS),
        ]
    )
