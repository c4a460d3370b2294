"""The nudity threshold's calibration set and its false-positive rate.

Only benign images, generated here or shipped by an installed package (no
explicit image is needed, wanted or kept): real photographs (scikit-learn's
two sample photos, cropped and scaled many ways), synthetic scenes
(gradients, shapes), rendered chat screenshots, beach-like bands of sand,
sea and sky, and the hard cases for a nudity model — fields, gradients and
blobs in human skin tones, with and without noise.

    .venv/bin/python eval/media_calibration.py [--per-kind N] [--json]

prints, per kind and overall, the score quantiles and the share of images
at or above each candidate threshold (the false-positive rate, since every
image here is benign). docs/media.md reports the numbers."""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from causerie.adapters.media_images import _Scorer

# Fitzpatrick-like skin tones, light to dark (sRGB).
SKIN = [
    (255, 224, 196),
    (241, 194, 167),
    (224, 172, 138),
    (198, 134, 103),
    (161, 102, 74),
    (120, 75, 52),
    (87, 56, 40),
]
THRESHOLDS = [300, 400, 500, 600, 700, 800, 900]


def _photos() -> list[Image.Image]:
    from sklearn.datasets import load_sample_images

    return [Image.fromarray(a) for a in load_sample_images().images]


def photo_crops(rng: random.Random, n: int) -> Iterator[Image.Image]:
    photos = _photos()
    for i in range(n):
        photo = photos[i % len(photos)]
        w, h = photo.size
        cw, ch = rng.randint(w // 4, w), rng.randint(h // 4, h)
        x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
        crop = photo.crop((x, y, x + cw, y + ch))
        if rng.random() < 0.5:
            crop = crop.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        yield crop.resize((max(64, cw // 2), max(64, ch // 2)))


def scenes(rng: random.Random, n: int) -> Iterator[Image.Image]:
    for _ in range(n):
        w, h = rng.choice([(640, 480), (480, 640), (800, 600), (512, 512)])
        image = Image.new("RGB", (w, h))
        draw = ImageDraw.Draw(image)
        top = tuple(rng.randint(0, 255) for _ in range(3))
        bottom = tuple(rng.randint(0, 255) for _ in range(3))
        for y in range(h):
            t = y / h
            draw.line(
                [(0, y), (w, y)],
                fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=False)),
            )
        for _ in range(rng.randint(3, 25)):
            x, y, r = rng.randint(0, w), rng.randint(0, h), rng.randint(5, 120)
            color = tuple(rng.randint(0, 255) for _ in range(3))
            shape = rng.choice([draw.ellipse, draw.rectangle])
            shape([x - r, y - r, x + r, y + r], fill=color)
        yield image


def screenshots(rng: random.Random, n: int) -> Iterator[Image.Image]:
    font = ImageFont.load_default()
    words = [
        "salut",
        "ça",
        "va",
        "on",
        "se",
        "voit",
        "demain",
        "au",
        "parc",
        "hello",
        "see",
        "you",
        "tomorrow",
        "photo",
    ]
    for _ in range(n):
        w, h = rng.choice([(360, 740), (1280, 800), (414, 896)])
        dark = rng.random() < 0.3
        image = Image.new("RGB", (w, h), (24, 24, 28) if dark else (246, 246, 246))
        draw = ImageDraw.Draw(image)
        draw.rectangle([0, 0, w, 56], fill=tuple(rng.randint(30, 200) for _ in range(3)))
        y = 70
        while y < h - 50:
            left = 10 if rng.random() < 0.5 else w // 3
            bubble = (60, 60, 70) if dark else (rng.randint(200, 235), 230, 250)
            draw.rounded_rectangle([left, y, left + w // 2, y + 40], 10, fill=bubble)
            text = " ".join(rng.choice(words) for _ in range(4))
            draw.text(
                (left + 8, y + 12), text, fill=(230, 230, 230) if dark else (20, 20, 20), font=font
            )
            y += 52
        yield image


def beaches(rng: random.Random, n: int) -> Iterator[Image.Image]:
    for _ in range(n):
        w, h = 640, 480
        image = Image.new("RGB", (w, h))
        draw = ImageDraw.Draw(image)
        sky, sea = rng.randint(120, 200), rng.randint(200, 300)
        draw.rectangle([0, 0, w, sky], fill=(rng.randint(100, 180), 190, 240))
        draw.rectangle([0, sky, w, sea], fill=(20, rng.randint(90, 140), rng.randint(150, 200)))
        sand = rng.choice(SKIN[:4])  # sand is skin-coloured: the hard part
        draw.rectangle([0, sea, w, h], fill=sand)
        for _ in range(rng.randint(0, 6)):  # parasols, towels
            x, y = rng.randint(0, w), rng.randint(sea, h)
            draw.pieslice(
                [x - 40, y - 40, x + 40, y + 40],
                180,
                360,
                fill=tuple(rng.randint(0, 255) for _ in range(3)),
            )
        yield image.filter(ImageFilter.GaussianBlur(rng.choice([0, 1, 2])))


def skin_fields(rng: random.Random, n: int) -> Iterator[Image.Image]:
    for _ in range(n):
        w, h = rng.choice([(512, 512), (640, 480), (480, 640)])
        tone = rng.choice(SKIN)
        image = Image.new("RGB", (w, h), tone)
        draw = ImageDraw.Draw(image)
        kind = rng.choice(["flat", "gradient", "blobs"])
        if kind == "gradient":
            other = rng.choice(SKIN)
            for y in range(h):
                t = y / h
                draw.line(
                    [(0, y), (w, y)],
                    fill=tuple(int(a + (b - a) * t) for a, b in zip(tone, other, strict=False)),
                )
        elif kind == "blobs":  # rounded skin-coloured shapes on a background
            image.paste(tuple(rng.randint(0, 255) for _ in range(3)), (0, 0, w, h))
            for _ in range(rng.randint(1, 4)):
                x, y = rng.randint(0, w), rng.randint(0, h)
                rx, ry = rng.randint(40, 200), rng.randint(40, 260)
                draw.ellipse([x - rx, y - ry, x + rx, y + ry], fill=rng.choice(SKIN))
        image = image.filter(ImageFilter.GaussianBlur(rng.choice([0, 3, 8])))
        if rng.random() < 0.5:
            noise = Image.effect_noise((w, h), rng.choice([8, 20])).convert("RGB")
            image = Image.blend(image, noise, 0.15)
        yield image


KINDS: dict[str, Callable[[random.Random, int], Iterator[Image.Image]]] = {
    "photo_crops": photo_crops,
    "scenes": scenes,
    "screenshots": screenshots,
    "beaches": beaches,
    "skin_tones": skin_fields,
}


def quantile(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-kind", type=int, default=60)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    scores: dict[str, list[int]] = {}
    for kind, make in KINDS.items():
        scores[kind] = [_Scorer.score(img.convert("RGB")) for img in make(rng, args.per_kind)]
    everything = [s for values in scores.values() for s in values]
    report = {
        "images": len(everything),
        "per_kind": {
            kind: {
                "n": len(v),
                "median": quantile(v, 0.5),
                "p95": quantile(v, 0.95),
                "max": max(v),
                "fp_at": {t: sum(s >= t for s in v) / len(v) for t in THRESHOLDS},
            }
            for kind, v in scores.items()
        },
        "fp_at": {t: sum(s >= t for s in everything) / len(everything) for t in THRESHOLDS},
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{len(everything)} benign images (seed {args.seed}); scores in per-mille")
    head = "kind".ljust(12) + " n   median p95  max  " + " ".join(f"≥{t}" for t in THRESHOLDS)
    print(head)
    for kind, row in report["per_kind"].items():  # type: ignore[attr-defined]
        rates = " ".join(f"{row['fp_at'][t]:4.0%}" for t in THRESHOLDS)
        print(f"{kind:12} {row['n']:3} {row['median']:6} {row['p95']:4} {row['max']:4}  {rates}")
    rates = " ".join(f"{report['fp_at'][t]:4.0%}" for t in THRESHOLDS)  # type: ignore[index]
    print(f"{'all':12} {len(everything):3}{'':17}  {rates}")


if __name__ == "__main__":
    main()
