"""The web client lists the report reasons itself (an ES module, no build
step): it must offer exactly the server's reasons, each labelled in FR and EN."""

from __future__ import annotations

import re
from importlib import resources

from causerie.domain.moderation import REASONS

WEB = resources.files("causerie") / "web"


def test_the_report_form_offers_exactly_the_servers_reasons_with_labels() -> None:
    profile = (WEB / "profile.js").read_text()
    block = re.search(r"const REASONS = \[(.*?)\];", profile, re.DOTALL)
    assert block is not None
    assert tuple(re.findall(r'"([a-z_]+)"', block.group(1))) == REASONS
    i18n = (WEB / "i18n.js").read_text()
    for reason in REASONS:
        assert i18n.count(f'"reason.{reason}":') == 2, reason  # French and English
