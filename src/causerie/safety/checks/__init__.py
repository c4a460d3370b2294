"""The per-message checks, one small module each, run in order by
``causerie.safety.pipeline``. A check returns None to allow."""

from __future__ import annotations

from typing import Protocol

from causerie.safety.verdict import CheckResult, Scanned, SenderContext


class Check(Protocol):
    name: str

    def __call__(self, message: Scanned, ctx: SenderContext) -> CheckResult | None: ...
