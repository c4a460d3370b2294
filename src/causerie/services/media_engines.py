"""The engines the photo feature runs on (docs/media.md), built once by the
composition root and carried by ``Deps.media``."""

from __future__ import annotations

from dataclasses import dataclass

from causerie.domain.media import MediaPolicy
from causerie.ports import ImageProcessor, ImageStore


@dataclass(slots=True)
class MediaEngines:
    processor: ImageProcessor
    store: ImageStore
    policy: MediaPolicy
