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


def test_every_reason_and_signal_the_server_can_name_has_words() -> None:
    """The moderator console labels case reasons, filter reasons and
    conversation signals from the catalogue (``signal.*`` or ``reason.*``);
    a name without words showed raw (``model:grooming``, ``appeal``)."""
    from causerie.domain.moderation import SEVERITY_OF_REASON
    from causerie.safety import personal_data
    from causerie.safety.checks.model import HOLDABLE
    from causerie.safety.checks.personal_data import OFF_PLATFORM
    from causerie.safety.signals import KINDS

    # The filter's mask reasons too: the transparency page tables them.
    masked = {personal_data.PHONE, personal_data.EMAIL, personal_data.ADDRESS}
    masked |= {personal_data.HANDLE, OFF_PLATFORM}
    names = set(SEVERITY_OF_REASON) | set(HOLDABLE) | set(KINDS) | {"link"} | masked
    for language in LANGUAGES:
        words = set(client_catalogue(language)) | set(client_catalogue(language, "moderation"))
        missing = sorted(n for n in names if not {f"signal.{n}", f"reason.{n}"} & words)
        assert missing == [], language
