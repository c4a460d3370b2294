"""Photos in private conversations: the rules, with no I/O.

Who may send an image, who accepts one, what the perceptual hashes and the
nudity score decide. The pipeline that decodes bytes lives in
``services/media_pipeline.py``; this module only reasons about its results."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from causerie.domain.bands import Band
from causerie.domain.errors import CauserieError

# PDQ's published starting thresholds (ThreatExchange): a match at Hamming
# distance <= 31 bits of 256, and hashes of quality <= 49 are too flat to
# compare (a blank image would match every other blank image).
PDQ_MATCH_DISTANCE = 31
PDQ_MIN_QUALITY = 50

CONTENT_TYPES = frozenset({"image/jpeg", "image/webp"})


class ImageState(StrEnum):
    READY = "ready"  # uploaded, clean, not yet attached to a message
    SENT = "sent"  # attached to exactly one message
    BLOCKED = "blocked"  # matched the bank: never shown unblurred, evidence kept
    HELD = "held"  # likely nude with a minor on either side: a moderator decides


class NudityBand(StrEnum):
    """What the client is told about its own upload, so it can warn the
    sender before sending (the exact score stays on the server)."""

    LOW = "low"
    LIKELY = "likely"


@dataclass(frozen=True, slots=True)
class ImageRef:
    """What a message carries about its image (the frame's ``image`` object)."""

    id: str
    width: int
    height: int
    blurred: bool


@dataclass(frozen=True, slots=True)
class Image:
    id: str
    room_id: str
    uploader_id: str
    created_at: datetime
    content_type: str
    width: int
    height: int
    byte_size: int
    sha256: str
    pdq: str
    pdq_quality: int
    nudity: int  # the model's score in per-mille (0..1000)
    state: ImageState
    blurred: bool
    storage_key: str
    message_id: str | None = None
    case_id: str | None = None
    legal_hold: bool = False

    def ref(self) -> ImageRef:
        return ImageRef(id=self.id, width=self.width, height=self.height, blurred=self.blurred)


@dataclass(frozen=True, slots=True)
class MediaPolicy:
    """Operator settings (config.py ``image_*``; defaults in docs/media.md)."""

    min_trust_level: int = 1
    min_account_age_days: float = 3.0
    # Per-mille scores of the nudity model: at or above ``nudity_likely`` an
    # image is "likely nude" (calibration in docs/media.md).
    nudity_likely: int = 500


def default_accepts_images(band: Band) -> bool:
    """Adults accept images from the people they talk with in private;
    teens have to turn it on themselves."""
    return band is not Band.TEEN


def check_may_send_image(
    *,
    trust_level: int,
    account_age_days: float,
    recipient_accepts: bool,
    policy: MediaPolicy,
) -> None:
    """The sender-side rules once the door has granted the conversation
    (same band, accepted, not blocked). Raises ``trust_required`` or
    ``not_allowed``."""
    if trust_level < policy.min_trust_level or account_age_days < policy.min_account_age_days:
        raise CauserieError("trust_required", level=policy.min_trust_level)
    if not recipient_accepts:
        raise CauserieError("not_allowed", reason="images_refused")


def nudity_band(score: int, policy: MediaPolicy) -> NudityBand:
    return NudityBand.LIKELY if score >= policy.nudity_likely else NudityBand.LOW


def delivery_for(
    score: int, *, sender_band: Band, recipient_band: Band, policy: MediaPolicy
) -> str:
    """``deliver``, ``blur`` or ``hold``: a likely-nude image never reaches a
    minor nor leaves one (held for a moderator); between adults it arrives
    blurred and the recipient chooses."""
    if nudity_band(score, policy) is NudityBand.LOW:
        return "deliver"
    if Band.TEEN in (sender_band, recipient_band):
        return "hold"
    return "blur"


def parse_pdq(text: str) -> int:
    """A 64-hex-digit PDQ hash as an integer; ``ValueError`` otherwise."""
    text = text.strip().lower()
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise ValueError("a PDQ hash is 64 hexadecimal digits")
    return int(text, 16)


def pdq_distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def pdq_matches(candidate: str, quality: int, bank: list[int]) -> bool:
    """Whether ``candidate`` is within the match distance of a bank hash;
    a low-quality hash never matches (see ``PDQ_MIN_QUALITY``)."""
    if quality < PDQ_MIN_QUALITY:
        return False
    value = parse_pdq(candidate)
    return any(pdq_distance(value, known) <= PDQ_MATCH_DISTANCE for known in bank)


@dataclass(frozen=True, slots=True)
class PipelineLimits:
    """What the image pipeline accepts and how it re-encodes."""

    max_pixels: int = 40_000_000  # a 48 MP phone photo is 48e6: refused; 12 MP is fine
    max_side: int = 2048  # re-encoded images are scaled down to this long side
    jpeg_quality: int = 85


@dataclass(frozen=True, slots=True)
class Refused:
    """An image the pipeline will not keep."""

    code: str  # "unsupported_type" or "invalid_image"
    why: str  # for logs and tests, never shown to members


@dataclass(frozen=True, slots=True)
class ProcessedImage:
    """What the pipeline gives back for an accepted upload."""

    data: bytes  # the re-encoded file, the only bytes kept
    content_type: str
    width: int
    height: int
    sha256: str  # of the bytes as uploaded
    pdq: str
    pdq_quality: int
    nudity: int  # per-mille


class HashListError(ValueError):
    def __init__(self, line: int, text: str) -> None:
        super().__init__(f"line {line}: not a PDQ hash (64 hexadecimal digits): {text[:80]!r}")
        self.line = line


def parse_hash_list(lines: Iterable[str]) -> list[str]:
    """PDQ hashes, one a line, as hash-sharing programmes export them: the
    hash first, optionally followed by other fields (``hash,quality,…`` or
    tab-separated); blank lines and ``#`` comments are skipped. Any other
    line refuses the whole list (``HashListError`` names it)."""
    hashes: list[str] = []
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        first = text.replace("\t", ",").replace(" ", ",").split(",")[0]
        try:
            parse_pdq(first)
        except ValueError:
            raise HashListError(number, text) from None
        hashes.append(first.lower())
    return hashes
