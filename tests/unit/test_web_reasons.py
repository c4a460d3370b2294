"""The web client lists the report reasons itself (an ES module, no build
step): it must offer exactly the server's reasons, each labelled in FR and EN
(in the catalogue the browser receives)."""

from __future__ import annotations

import re
from importlib import resources

from causerie.domain.moderation import REASONS
from causerie.i18n import LANGUAGES, client_catalogue

WEB = resources.files("causerie") / "web"


def test_the_report_form_offers_exactly_the_servers_reasons_with_labels() -> None:
    profile = (WEB / "profile.js").read_text()
    block = re.search(r"const REASONS = \[(.*?)\];", profile, re.DOTALL)
    assert block is not None
    assert tuple(re.findall(r'"([a-z_]+)"', block.group(1))) == REASONS
    for language in LANGUAGES:
        missing = [r for r in REASONS if f"reason.{r}" not in client_catalogue(language)]
        assert missing == [], language
