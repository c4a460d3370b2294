"""Real image files built with Pillow for the media tests, the benchmark
and the calibration: every metadata block a phone may write, and the
hostile files an uploader may craft (bombs, polyglots, truncations)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin, TiffImagePlugin
from PIL.ExifTags import GPS, IFD, Base

SECRET_COMMENT = b"causerie-secret-comment-48.8566N"
SECRET_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:Description photoshop:City="Paris-secret"/></x:xmpmeta>'
)
SECRET_PNG_TEXT = "causerie-secret-png-text"
GPS_LATITUDE = ((48, 1), (51, 1), (2400, 100))


def scene(width: int = 640, height: int = 480, seed: int = 1) -> Image.Image:
    """A varied synthetic picture (gradient sky, sea, shapes): enough detail
    for a PDQ hash of good quality."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = int(255 * y / height)
        draw.line([(0, y), (width, y)], fill=((seed * 37 + shade) % 256, 120, 255 - shade))
    for k in range(12):
        x = (seed * 53 + k * 97) % width
        y = (seed * 31 + k * 61) % height
        r = 10 + (seed * 7 + k * 13) % 60
        color = ((k * 40 + seed) % 256, (k * 90) % 256, (seed * 11 + k * 20) % 256)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=color)
    return image


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[Base.Make] = "CauserieCam"
    exif[Base.Model] = "Secret Model 9"
    exif[Base.Orientation] = orientation
    gps = {
        GPS.GPSLatitudeRef: "N",
        GPS.GPSLatitude: tuple(TiffImagePlugin.IFDRational(*p) for p in GPS_LATITUDE),
        GPS.GPSLongitudeRef: "E",
        GPS.GPSLongitude: tuple(
            TiffImagePlugin.IFDRational(*p) for p in ((2, 1), (21, 1), (700, 100))
        ),
    }
    exif[IFD.GPSInfo] = gps
    return exif


def icc_profile() -> bytes:
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return bytes(profile.tobytes())


def jpeg_with_everything(orientation: int = 1, size: tuple[int, int] = (640, 480)) -> bytes:
    """A JPEG carrying GPS EXIF, XMP, an ICC profile and a comment."""
    out = io.BytesIO()
    scene(*size).save(
        out,
        format="JPEG",
        exif=exif_with_gps(orientation),
        icc_profile=icc_profile(),
        comment=SECRET_COMMENT,
        xmp=SECRET_XMP,
        quality=90,
    )
    return out.getvalue()


def png_with_text(mode: str = "RGBA") -> bytes:
    """A PNG with tEXt/iTXt chunks, EXIF and an ICC profile."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET_PNG_TEXT)
    info.add_itxt("Description", SECRET_PNG_TEXT + "-itxt")
    image = scene(320, 240).convert(mode)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info, exif=exif_with_gps(), icc_profile=icc_profile())
    return out.getvalue()


def webp_with_exif() -> bytes:
    out = io.BytesIO()
    scene(300, 200, seed=5).save(
        out, format="WEBP", exif=exif_with_gps(), icc_profile=icc_profile(), xmp=SECRET_XMP
    )
    return out.getvalue()


def plain_jpeg(seed: int = 1, size: tuple[int, int] = (640, 480)) -> bytes:
    out = io.BytesIO()
    scene(*size, seed=seed).save(out, format="JPEG", quality=90)
    return out.getvalue()


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels."""
    out = io.BytesIO()
    Image.new("L", (1, 1)).save(out, format="PNG")
    data = bytearray(out.getvalue())
    ihdr = 8 + 8  # signature, then the IHDR chunk's length and type
    data[ihdr : ihdr + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr - 4 : ihdr + 13]))
    data[ihdr + 13 : ihdr + 17] = struct.pack(">I", crc)
    return bytes(data)


def jpeg_plus_zip() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.html", "<script>alert(1)</script>")
    return plain_jpeg() + archive.getvalue()


def jpeg_plus_html() -> bytes:
    return plain_jpeg() + b"<html><body><script>alert(document.cookie)</script></body></html>"


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def truncated_jpeg() -> bytes:
    data = plain_jpeg()
    return data[: len(data) // 2]


def screenshot(text: str, seed: int = 0, size: tuple[int, int] = (360, 640)) -> Image.Image:
    """A chat-app-like screenshot: bars, bubbles and rendered text."""
    image = Image.new("RGB", size, (245, 245, 245))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default()
    draw.rectangle([0, 0, size[0], 48], fill=(40 + seed % 60, 90, 160))
    y = 60
    for i in range(12):
        left = 10 if i % 2 else size[0] // 3
        draw.rounded_rectangle([left, y, left + size[0] // 2, y + 36], 8, fill=(220, 230, 250))
        draw.text((left + 8, y + 10), f"{text} {i + seed}", fill=(20, 20, 20), font=font)
        y += 46
    return image
