"""Every sentence a person reads, server and client, in one catalogue per
language (``fr.json``, ``en.json``: ICU MessageFormat source texts).

The server formats them here (catalogue.py, formatting.py); the browser
receives the same messages compiled to a small tree, one language at a time
(see docs/web-client.md, "One voice"), and formats that tree with the same
rules (src/causerie/web/messageformat.js)."""

from causerie.i18n.catalogue import LANGUAGES, client_catalogue, has, message, source
from causerie.i18n.formatting import Compact, format_compact

__all__ = [
    "LANGUAGES",
    "Compact",
    "client_catalogue",
    "format_compact",
    "has",
    "message",
    "source",
]
