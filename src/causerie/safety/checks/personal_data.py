"""Personal-data check: phone numbers, e-mails, street addresses, handles
and invitations to move to another app. Masked for teens and new accounts
(the people most exposed to being drawn off the platform), allowed between
established adults."""

from __future__ import annotations

import re

from causerie.safety import personal_data as pd
from causerie.safety.verdict import MASK, CheckResult, Scanned, SenderContext

OFF_PLATFORM = "off_platform"


def find_personal_data(message: Scanned) -> list[pd.Finding]:
    """Every piece of personal data in the message, in text order; found
    once per scanned message (phone numbers are the costliest search)."""
    known = message.memo.get("personal_data")
    if isinstance(known, tuple):
        return list(known)
    findings = _find_personal_data(message)
    message.memo["personal_data"] = tuple(findings)
    return findings


# Words that turn a community's group into an invitation or a handle given
# out ("rejoignez notre serveur de la classe: dsc mathsquad", "le discord de
# la classe c Zouzou#2210, demandez moi en ami", "… demandez moi en mp").
_ASKS_TO_JOIN = re.compile(
    r"(?i)\b(?:rejoin\w*|demand\w*|ajout\w*|add|join|dm|mp|pv|priv\w*|lien|link|invit\w*|"
    r"code|c['’]?est|c)\b|[#:@]"
)


def _find_personal_data(message: Scanned) -> list[pd.Finding]:
    text = message.text
    findings = [
        *pd.find_phone_numbers(text),
        *pd.find_emails(text),
        *pd.find_addresses(text),
        *pd.find_invite_links(text),
        *pd.find_written_out_contacts(text),
        *pd.find_shorthand_app_handles(text),
    ]
    normalised = message.normalised
    invitations = message.hits_of("cue", OFF_PLATFORM)
    # A named community's group ("notre serveur discord du lycée") is no
    # invitation to go private when it is the only one (review 9): another
    # invitation in the message ("… ajoute moi") keeps the app masked.
    community = message.hits_of("intent", "community_group")
    if (
        community
        and not _ASKS_TO_JOIN.search(message.text)
        and all(
            any(c.start <= cue.start and cue.end <= c.end for c in community) for cue in invitations
        )
    ):
        invitations = []
    for app in message.hits_of("app"):
        start, end = normalised.original_span(app.start, app.end)
        handle = (
            pd.find_handle_after(text, end)
            or pd.find_handle_before(text, start)
            or pd.find_same_handle(text, start, end)
        )
        near = pd.find_handle_near(text, start, end)
        if handle is None:
            handle = near
        elif (
            near is not None
            and handle.start <= near.start <= handle.end + 1
            and near.end > handle.end
        ):
            # The older finders stop at the first word of a handle said in
            # pieces ("telegram: dave rides underscore 77"): keep it whole.
            handle = pd.Finding(pd.HANDLE, handle.start, near.end)
        if handle is not None:
            findings.append(handle)
            findings.append(pd.Finding(pd.HANDLE, start, end))
        elif (
            any(cue.start <= app.start and app.end <= cue.end for cue in invitations)
            or pd.invited_to(text, start, end)
        ) and not pd.state_follows(text, end):
            findings.append(pd.Finding(OFF_PLATFORM, start, end))
    return sorted(findings, key=lambda f: (f.start, f.end))


class PersonalDataCheck:
    name = "personal_data"

    def __init__(self, new_account_days: float) -> None:
        self.new_account_days = new_account_days

    def protects(self, ctx: SenderContext) -> bool:
        return (
            ctx.band == "teen"
            or ctx.trust_level < 1
            or ctx.account_age_days < self.new_account_days
        )

    def __call__(self, message: Scanned, ctx: SenderContext) -> CheckResult | None:
        if not self.protects(ctx):
            return None
        findings = find_personal_data(message)
        if not findings:
            return None
        reasons = tuple(dict.fromkeys(f.kind for f in findings))
        return CheckResult(MASK, reasons, tuple((f.start, f.end) for f in findings))
