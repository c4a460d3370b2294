"""The per-message filter that runs before delivery.

Checks run in order and the first one that does not allow decides: the
content rules (lexicon and intent rules, merged: the gravest of their
decisions, every category they saw as reasons), links (block below a trust
level), personal data (mask for teens and new accounts). The text is
normalised once and scanned once by the shared phrase automaton; each check
reads that scan.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from causerie.safety.catalogue import phrase_index
from causerie.safety.checks import Check
from causerie.safety.checks.intent import IntentCheck
from causerie.safety.checks.lexicon import LexiconCheck
from causerie.safety.checks.links import LinkCheck
from causerie.safety.checks.model import ModelCheck
from causerie.safety.checks.personal_data import PersonalDataCheck
from causerie.safety.normalise import normalise
from causerie.safety.phrases import PhraseIndex
from causerie.safety.verdict import (
    ALLOW,
    MASK,
    CheckResult,
    Scanned,
    SenderContext,
    Verdict,
    apply_masks,
    gravest,
)

__all__ = ["MessageFilter", "SenderContext", "Verdict", "default_filter", "scan"]

NEW_ACCOUNT_DAYS = 3.0
# Scans kept for the scorer (a few messages in flight per worker are enough).
_RECENT_MESSAGES = 256


def scan(text: str, index: PhraseIndex | None = None) -> Scanned:
    """Normalise ``text`` and find every phrase of the shared index in it.
    With the shared index, the last messages' scans are kept: the server
    runs the filter and then the conversation scorer on the same text, and
    the second one reuses the first's work (and its ``memo``)."""
    if index is None or index is phrase_index():
        return _scan_shared(text)
    return _scan(text, index)


@lru_cache(maxsize=_RECENT_MESSAGES)
def _scan_shared(text: str) -> Scanned:
    return _scan(text, phrase_index())


def _scan(text: str, index: PhraseIndex) -> Scanned:
    normalised = normalise(text)
    return Scanned(text, normalised, tuple(index.find(normalised)))


class MessageFilter:
    """An ordered chain of checks; pure and thread-safe once built."""

    def __init__(self, checks: Sequence[Check], index: PhraseIndex | None = None) -> None:
        self.checks = tuple(checks)
        self.index = index or phrase_index()

    def check(self, text: str, ctx: SenderContext) -> Verdict:
        """The decision for one message from a sender in ``ctx``: the first
        check that holds or blocks it, else the masks of every check."""
        message = scan(text, self.index)
        masks: list[CheckResult] = []
        for check in self.checks:
            result = check(message, ctx)
            if result is None or result.decision == ALLOW:
                continue
            if result.decision == MASK:
                # A mask still delivers the message, so the checks after it
                # (the learned layer) are still asked: a handle or a number
                # added to a sextortion demand must not buy its delivery.
                masks.append(result)
                continue
            # Held or refused whole: the masks' reasons say what else it held.
            reasons = (*result.reasons, *(reason for m in masks for reason in m.reasons))
            return Verdict(result.decision, list(dict.fromkeys(reasons)), text)
        if masks:
            spans = tuple(span for m in masks for span in m.spans)
            reasons = tuple(reason for m in masks for reason in m.reasons)
            return Verdict(MASK, list(dict.fromkeys(reasons)), apply_masks(text, spans))
        return Verdict(ALLOW, [], text)


class MergedCheck:
    """Several checks as one: the gravest decision (``verdict.gravest``: a
    refusal that opens a case > hold > block > mask) with the reasons of
    every check that gave it. A sextortion that is also a threat is held
    with both reasons; a held message reaches a moderator even when another
    rule would only have refused it; a minor sexualised in a threat is
    refused, and its case carries both reasons."""

    def __init__(self, name: str, checks: Sequence[Check]) -> None:
        self.name = name
        self.checks = tuple(checks)

    def __call__(self, message: Scanned, ctx: SenderContext) -> CheckResult | None:
        results = [r for r in (check(message, ctx) for check in self.checks) if r is not None]
        results = [r for r in results if r.decision != ALLOW]
        if not results:
            return None
        decision = gravest((r.decision, r.reasons) for r in results)
        chosen = [r for r in results if (r.decision == MASK) == (decision == MASK)]
        reasons = tuple(dict.fromkeys(reason for r in chosen for reason in r.reasons))
        return CheckResult(decision, reasons, tuple(span for r in chosen for span in r.spans))


@cache
def default_filter(link_min_trust: int = 1) -> MessageFilter:
    """The standard chain, its data loaded once and cached per setting."""
    return MessageFilter(
        [
            MergedCheck("content", [LexiconCheck(), IntentCheck()]),
            LinkCheck(min_trust=link_min_trust),
            PersonalDataCheck(new_account_days=NEW_ACCOUNT_DAYS),
            # Learned layer (issue 12): last; it can only turn an allow or a mask into a hold.
            ModelCheck(),
        ]
    )
