"""``make bench``, photos (docs/media.md): images processed per second per
core, by stage, and the latency a photo adds to a conversation.

    .venv/bin/python bench/media_bench.py [--images 40] [--skip-server]

1. The pipeline in this process (one core): decode + orientation + fresh
   copy + re-encode, PDQ, the open_nsfw model, for a 12-megapixel phone
   photo (4000x3000 JPEG with EXIF/GPS) and a 1280x960 one.
2. A live server (SQLite, one image worker): the first upload (pool start
   and model load included), warm uploads, the ack of a ``send`` carrying a
   photo and of a text ``send`` on the same connection.

Numbers, never pass/fail."""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image
from tests import media_samples as samples

from causerie.adapters import media_images as pipeline


def phone_photo(size: tuple[int, int], seed: int) -> bytes:
    image = samples.scene(*size, seed=seed)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90, exif=samples.exif_with_gps(orientation=6))
    return out.getvalue()


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """Median seconds of ``repeat`` calls."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def stages(size: tuple[int, int], repeat: int) -> dict[str, float]:
    data = phone_photo(size, seed=3)
    limits = pipeline.PipelineLimits()
    pipeline.warm_up(limits)
    decoded: dict[str, Image.Image] = {}

    def clean() -> None:
        image = pipeline._decode(data, limits)
        fresh = pipeline._fresh_copy(image)
        if max(fresh.size) > limits.max_side:
            fresh.thumbnail((limits.max_side, limits.max_side), Image.Resampling.LANCZOS)
        fresh.save(io.BytesIO(), format="JPEG", quality=limits.jpeg_quality)
        decoded["fresh"] = fresh

    clean_s = timed(clean, repeat)
    fresh = decoded["fresh"]
    pdq_s = timed(lambda: pipeline._pdq(fresh), repeat)
    model_s = timed(lambda: pipeline._Scorer.score(fresh), repeat)
    whole_s = timed(lambda: pipeline.process_image(data, limits), repeat)
    return {
        "bytes": len(data),
        "decode_clean_reencode_ms": clean_s * 1000,
        "pdq_ms": pdq_s * 1000,
        "model_ms": model_s * 1000,
        "whole_ms": whole_s * 1000,
        "images_per_s_per_core": 1 / whole_s,
    }


async def server_latencies(uploads: int) -> dict[str, float]:
    import httpx
    import orjson
    import websockets
    from tests import harness

    with tempfile.TemporaryDirectory() as tmp:
        settings = harness.test_settings(
            Path(tmp), f"sqlite:///{tmp}/bench.db", image_min_account_days=0, no_rate_limits=True
        )
        async with harness.live_server(settings) as live:
            alice = await harness.signup(live, trust=1)
            bob = await harness.signup(live, trust=1)
            asked = await alice.http.post(
                "/api/v1/conversations", json={"user_id": bob.id, "text": "Salut"}
            )
            room = asked.json()["id"]
            await bob.http.post(f"/api/v1/conversations/{room}/accept")
            photo = phone_photo((1280, 960), seed=5)

            async def upload() -> tuple[float, str]:
                start = time.perf_counter()
                answer = await alice.http.post(
                    f"/api/v1/conversations/{room}/images",
                    files={"file": ("p.jpg", photo, "image/jpeg")},
                    timeout=httpx.Timeout(60),
                )
                assert answer.status_code == 201, answer.text
                return time.perf_counter() - start, answer.json()["id"]

            first, _ = await upload()
            warm = [await upload() for _ in range(uploads)]
            ws = await websockets.connect(
                live.ws_url, additional_headers={"Authorization": f"Bearer {alice.token}"}
            )
            await ws.send(orjson.dumps({"type": "join", "room": room}).decode())
            while orjson.loads(await ws.recv())["type"] != "joined":
                pass

            async def ack(frame: dict[str, Any]) -> float:
                start = time.perf_counter()
                await ws.send(orjson.dumps(frame).decode())
                while True:
                    got = orjson.loads(await ws.recv())
                    if (
                        got["type"] in ("ack", "error")
                        and got.get("client_id") == frame["client_id"]
                    ):
                        assert got["type"] == "ack", got
                        return time.perf_counter() - start

            image_acks = [
                await ack({"type": "send", "room": room, "client_id": f"i{n}", "image": image_id})
                for n, (_, image_id) in enumerate(warm)
            ]
            text_acks = [
                await ack({"type": "send", "room": room, "client_id": f"t{n}", "text": "coucou"})
                for n in range(len(warm))
            ]
            await ws.close()
    return {
        "first_upload_ms": first * 1000,
        "warm_upload_ms": statistics.median(t for t, _ in warm) * 1000,
        "image_send_ack_ms": statistics.median(image_acks) * 1000,
        "text_send_ack_ms": statistics.median(text_acks) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=20, help="repeats per measure")
    parser.add_argument("--skip-server", action="store_true")
    args = parser.parse_args()
    print("photos: the pipeline on one core (median of", args.images, "runs)")
    print(
        f"{'photo':>10} {'KiB':>6} {'clean':>8} {'PDQ':>7} {'model':>7} {'whole':>8} {'img/s':>6}"
    )
    for size in ((4000, 3000), (1280, 960)):
        row = stages(size, args.images)
        print(
            f"{size[0]}x{size[1]:<5} {row['bytes'] / 1024:6.0f} "
            f"{row['decode_clean_reencode_ms']:6.1f}ms {row['pdq_ms']:5.1f}ms "
            f"{row['model_ms']:5.1f}ms {row['whole_ms']:6.1f}ms {row['images_per_s_per_core']:6.1f}"
        )
    if args.skip_server:
        return
    row = asyncio.run(server_latencies(max(5, args.images // 2)))
    print("photos: a live server (SQLite, one image worker), 1280x960 photo, medians")
    print(f"  first upload (pool start + model load): {row['first_upload_ms']:7.1f} ms")
    print(f"  warm upload:                             {row['warm_upload_ms']:7.1f} ms")
    print(f"  send with a photo -> ack:                {row['image_send_ack_ms']:7.1f} ms")
    print(f"  text send -> ack (same connection):      {row['text_send_ack_ms']:7.1f} ms")


if __name__ == "__main__":
    main()
