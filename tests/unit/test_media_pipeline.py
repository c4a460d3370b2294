"""The image pipeline on real files: every metadata block gone from the
stored bytes, orientation applied, hostile files refused."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image
from tests import media_samples as samples

from causerie.adapters.media_images import process_image, trailing_bytes
from causerie.adapters.media_pool import PipelineLimits, Refused
from causerie.domain.media import ProcessedImage

LIMITS = PipelineLimits()


def processed(data: bytes, limits: PipelineLimits = LIMITS) -> ProcessedImage:
    result = process_image(data, limits)
    assert isinstance(result, ProcessedImage), result
    return result


def jpeg_markers(data: bytes) -> list[int]:
    """The markers of every segment before the first scan."""
    assert data[:2] == b"\xff\xd8"
    markers, i = [], 2
    while True:
        assert data[i] == 0xFF
        marker = data[i + 1]
        markers.append(marker)
        if marker == 0xDA:
            return markers
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")


def assert_clean(data: bytes) -> None:
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert "icc_profile" not in image.info
    assert "comment" not in image.info
    assert "xmp" not in image.info
    # Only JFIF (APP0), tables, frame and scan: no APP1 (EXIF/XMP), APP2
    # (ICC), APP13 (IPTC) or COM segment.
    allowed = {0xE0, 0xDB, 0xC0, 0xC4, 0xDA, 0xDD}
    assert set(jpeg_markers(data)) <= allowed
    for secret in (
        samples.SECRET_COMMENT,
        b"Paris-secret",
        samples.SECRET_PNG_TEXT.encode(),
        b"CauserieCam",
        b"Secret Model",
        b"Exif",
        b"ICC_PROFILE",
        b"http://ns.adobe.com",
    ):
        assert secret not in data


def test_sources_really_carry_the_metadata() -> None:
    # The test would prove nothing if the samples were clean to begin with.
    source = samples.jpeg_with_everything()
    image = Image.open(io.BytesIO(source))
    assert image.getexif().get_ifd(0x8825)  # GPS IFD
    assert "icc_profile" in image.info and image.info["comment"] == samples.SECRET_COMMENT
    assert b"Paris-secret" in source
    png = Image.open(io.BytesIO(samples.png_with_text()))
    assert png.info["Comment"] == samples.SECRET_PNG_TEXT and "icc_profile" in png.info
    assert b"Paris-secret" in samples.webp_with_exif()


@pytest.mark.parametrize(
    "make", [samples.jpeg_with_everything, samples.png_with_text, samples.webp_with_exif]
)
def test_every_metadata_block_is_gone(make: object) -> None:
    assert callable(make)
    result = processed(make())
    assert result.content_type == "image/jpeg"
    assert_clean(result.data)


def test_orientation_is_applied_before_the_exif_goes() -> None:
    # EXIF orientation 6: stored 640x480, shown rotated 90° clockwise.
    result = processed(samples.jpeg_with_everything(orientation=6))
    assert (result.width, result.height) == (480, 640)
    assert Image.open(io.BytesIO(result.data)).size == (480, 640)


def test_hashes_and_score() -> None:
    data = samples.plain_jpeg()
    result = processed(data)

    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert len(result.pdq) == 64 and int(result.pdq, 16) >= 0
    assert result.pdq_quality > 49
    assert 0 <= result.nudity <= 1000
    # The same picture re-encoded elsewhere keeps (nearly) the same PDQ hash.
    smaller = io.BytesIO()
    samples.scene().resize((320, 240)).save(smaller, format="JPEG", quality=60)
    again = processed(smaller.getvalue())
    assert again.sha256 != result.sha256
    assert (int(result.pdq, 16) ^ int(again.pdq, 16)).bit_count() <= 31


def test_large_images_are_scaled_down() -> None:
    result = processed(samples.plain_jpeg(size=(3000, 1000)))
    assert (result.width, result.height) == (2048, 683)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (samples.SVG, "unsupported_type"),
        (samples.HTML, "unsupported_type"),
        (b"%PDF-1.4 hello", "unsupported_type"),
        (b"", "unsupported_type"),
        (samples.jpeg_plus_zip(), "invalid_image"),
        (samples.jpeg_plus_html(), "invalid_image"),
        (samples.truncated_jpeg(), "invalid_image"),
        (samples.png_bomb(), "invalid_image"),
    ],
    ids=["svg", "html", "pdf", "empty", "jpeg+zip", "jpeg+html", "truncated", "bomb"],
)
def test_hostile_files_are_refused(data: bytes, code: str) -> None:
    result = process_image(data, LIMITS)
    assert isinstance(result, Refused)
    assert result.code == code


def test_pixel_limit_is_the_setting() -> None:
    data = samples.plain_jpeg(size=(200, 200))
    assert isinstance(process_image(data, PipelineLimits(max_pixels=50_000)), ProcessedImage)
    refused = process_image(data, PipelineLimits(max_pixels=39_999))
    assert isinstance(refused, Refused) and "pixels" in refused.why


def gif(frames: int = 1) -> bytes:
    out = io.BytesIO()
    images = [samples.scene(120, 80, seed=k).convert("P") for k in range(frames)]
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], comment=b"hi")
    return out.getvalue()


def test_gif_first_frame_and_gif_polyglots() -> None:
    assert isinstance(process_image(gif(3), LIMITS), ProcessedImage)
    assert trailing_bytes(gif(3), "image/gif") == 0
    # A script hidden after the trailer, even one ending in the trailer's byte.
    for payload in (b"<script>alert(1);", b"PK\x03\x04zip"):
        refused = process_image(gif() + payload, LIMITS)
        assert isinstance(refused, Refused) and refused.code == "invalid_image"


def test_zero_padding_after_the_image_is_not_a_polyglot() -> None:
    data = samples.plain_jpeg()
    assert trailing_bytes(data + b"\x00" * 64, "image/jpeg") == 0
    assert trailing_bytes(data + b"PK\x03\x04", "image/jpeg") == 4
