"""Whether the safety filter and the risk scorer read private conversations,
per age band: an operator setting (``CAUSERIE_SCAN_PRIVATE_TEEN``,
``CAUSERIE_SCAN_PRIVATE_ADULT``), because the legal basis for reading
private communications can change (docs/privacy.md, "Scanning private
conversations"). Public rooms are always filtered. Bands never mix, so the
sender's band is the conversation's."""

from __future__ import annotations

from causerie.config import Settings
from causerie.domain.bands import Band


def scans_private(settings: Settings, band: Band) -> bool:
    return settings.scan_private_teen if band is Band.TEEN else settings.scan_private_adult
