"""Draws the web app's icons (PNG, for the manifest and iOS) with Pillow.

    .venv/bin/python scripts/make_icons.py

Writes src/causerie/web/icons/icon-{192,512}.png, maskable-512.png (the
mark inside the safe zone, the background to the edges) and
apple-touch-icon.png. The PNGs are committed: the server only serves them.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "src" / "causerie" / "web" / "icons"
TOP, BOTTOM = (99, 102, 241), (168, 85, 247)  # the logo's gradient (styles.css .logo)


def gradient(size: int) -> Image.Image:
    image = Image.new("RGB", (size, size))
    pixels = image.load()
    assert pixels is not None
    for y in range(size):
        for x in range(size):
            t = (x + y) / (2 * (size - 1))
            pixels[x, y] = tuple(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM, strict=True))
    return image


def font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, px)
        except OSError:
            continue
    return ImageFont.load_default(px)


def icon(size: int, *, maskable: bool = False) -> Image.Image:
    """A rounded gradient square with a white "C"; maskable: full bleed,
    the letter within the central 80 % safe zone."""
    scale = 4  # drawn large, then reduced: smooth edges
    big = size * scale
    art = gradient(big).convert("RGBA")
    if not maskable:
        mask = Image.new("L", (big, big), 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=255)
        art.putalpha(mask)
    draw = ImageDraw.Draw(art)
    letter = font(int(big * (0.5 if maskable else 0.62)))
    draw.text((big / 2, big / 2), "C", font=letter, fill="white", anchor="mm")
    return art.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon(192).save(OUT / "icon-192.png", optimize=True)
    icon(512).save(OUT / "icon-512.png", optimize=True)
    icon(512, maskable=True).save(OUT / "maskable-512.png", optimize=True)
    icon(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(OUT.parent.parent.parent.parent), path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
