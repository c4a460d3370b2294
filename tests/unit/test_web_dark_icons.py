"""The line icons (<img> SVG files with a hard-coded ink) stay visible in the
dark scheme: the stylesheet's dark rule for their element filters the ink to
a colour that stands out from the dark background (WCAG 3:1 for graphics)."""

from __future__ import annotations

import math
import re
from importlib import resources

import pytest

WEB = resources.files("causerie") / "web"
CSS = re.sub(r"/\*.*?\*/", "", (WEB / "styles.css").read_text("utf-8"), flags=re.S)
DARK_SURFACE = "#1c1b2c"  # the header's and the composer's background in the dark scheme

# Each icon file and the selector of the element that shows it (app.js's
# nav icon, images.js's camera and gallery buttons).
ICONS = {
    "bell.svg": ".nav-icon",
    "shield.svg": ".nav-icon",
    "camera.svg": ".attach-button img",
    "gallery.svg": ".attach-button img",
}


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _apply(filters: str, rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """The CSS filter functions this stylesheet uses (Filter Effects 1)."""
    for name, argument in re.findall(r"([a-z-]+)\(([^)]*)\)", filters):
        if name == "invert":
            amount = float(argument)
            rgb = tuple(amount * (1 - c) + (1 - amount) * c for c in rgb)  # type: ignore[assignment]
        elif name == "hue-rotate":
            angle = math.radians(float(argument.removesuffix("deg")))
            cos, sin = math.cos(angle), math.sin(angle)
            matrix = (
                (0.213 + cos * 0.787 - sin * 0.213, 0.715 - cos * 0.715 - sin * 0.715,
                 0.072 - cos * 0.072 + sin * 0.928),
                (0.213 - cos * 0.213 + sin * 0.143, 0.715 + cos * 0.285 + sin * 0.140,
                 0.072 - cos * 0.072 - sin * 0.283),
                (0.213 - cos * 0.213 - sin * 0.787, 0.715 - cos * 0.715 + sin * 0.715,
                 0.072 + cos * 0.928 + sin * 0.072),
            )  # fmt: skip
            mixed = [sum(m * c for m, c in zip(row, rgb, strict=True)) for row in matrix]
            rgb = tuple(min(1.0, max(0.0, c)) for c in mixed)  # type: ignore[assignment]
        else:
            pytest.fail(f"filter {name} not modelled by this test")
    return rgb


def _dark_filter(selector: str) -> str:
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", CSS):
        wanted = f':root[data-scheme="dark"] {selector}'
        if wanted in [s.strip() for s in selectors.split(",")]:
            found = re.search(r"filter:\s*([^;]+)", body)
            if found:
                return found.group(1)
    return ""


@pytest.mark.parametrize(("icon", "selector"), sorted(ICONS.items()))
def test_an_icon_stands_out_in_the_dark_scheme(icon: str, selector: str) -> None:
    svg = (WEB / icon).read_text("utf-8")
    ink = re.search(r'stroke="(#[0-9a-fA-F]{6})"', svg)
    assert ink is not None
    shown = _apply(_dark_filter(selector), _rgb(ink.group(1)))
    assert _contrast(shown, _rgb(DARK_SURFACE)) >= 3
