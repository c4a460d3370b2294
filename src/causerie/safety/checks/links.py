"""Link check: links are refused below a trust level (new accounts are how
spam and phishing arrive); trusted accounts post them freely."""

from __future__ import annotations

from causerie.safety.links import find_links
from causerie.safety.personal_data import find_emails
from causerie.safety.verdict import BLOCK, CheckResult, Scanned, SenderContext


class LinkCheck:
    name = "links"

    def __init__(self, min_trust: int) -> None:
        self.min_trust = min_trust

    def __call__(self, message: Scanned, ctx: SenderContext) -> CheckResult | None:
        if ctx.trust_level >= self.min_trust:
            return None
        emails = [(f.start, f.end) for f in find_emails(message.text)]
        if not find_links(message.text, emails):
            return None
        return CheckResult(BLOCK, ("link",))
