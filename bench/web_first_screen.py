"""Time to the first usable screen of the web client on a slow mobile network.

    .venv/bin/python bench/web_first_screen.py [--runs 3] [--kbps 400] [--rtt 400]

Starts ``causerie serve`` (SQLite in a temporary folder), opens Debian's
Chromium at 360 x 740 and throttles it through the DevTools protocol
(``Network.emulateNetworkConditions``: 400 kbit/s both ways, 400 ms round
trip — a poor 3G link). It measures, from the navigation's start:

- **first visit** (empty cache): until the quick-start form's button
  "Entrer dans Causerie" is visible, i.e. a new visitor can act (the form
  is drawn with its submit handler attached: visible means working);
- **return visit** (same browser, cache kept, signed in): until the home
  page's room list is shown.

Also the first paint of the first visit (the browser's first-contentful-paint,
i.e. the loading state, index.html's "Chargement…"), from the page's own clock.

Also printed: requests made and bytes received on the wire, per visit.
Numbers, never pass/fail (docs/benchmarks.md); the target is ≤ 3 s.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import CDPSession, Page, sync_playwright  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402


def throttle(cdp: CDPSession, kbps: int, rtt_ms: int) -> None:
    bytes_per_s = kbps * 1000 / 8
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": rtt_ms,
            "downloadThroughput": bytes_per_s,
            "uploadThroughput": bytes_per_s,
        },
    )


class Wire:
    """Requests and encoded bytes seen by the DevTools network domain."""

    def __init__(self, cdp: CDPSession) -> None:
        self.requests = 0
        self.bytes = 0
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.loadingFinished", self._finished)

    def _request(self, _event: dict[str, Any]) -> None:
        self.requests += 1

    def _finished(self, event: dict[str, Any]) -> None:
        self.bytes += int(event.get("encodedDataLength", 0))

    def reset(self) -> None:
        self.requests = 0
        self.bytes = 0


def timed(page: Page, url: str, ready: str) -> float:
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(ready, state="visible", timeout=60_000)
    return time.perf_counter() - start


def first_paint(page: Page) -> float:
    """Seconds from the navigation's start to the first contentful paint."""
    ms = page.evaluate(
        "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1000"
    )
    return float(ms) / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kbps", type=int, default=400)
    parser.add_argument("--rtt", type=int, default=400)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"Chromium is needed at {CHROMIUM}")

    first: list[float] = []
    painted: list[float] = []
    again: list[float] = []
    wire_first: list[tuple[int, int]] = []
    wire_again: list[tuple[int, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp) / "data", Path(tmp) / "server.log")
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                for run in range(args.runs):
                    context = browser.new_context(
                        locale="fr-FR", viewport={"width": 360, "height": 740}
                    )
                    page = context.new_page()
                    cdp = context.new_cdp_session(page)
                    wire = Wire(cdp)
                    throttle(cdp, args.kbps, args.rtt)
                    first.append(
                        timed(page, server.base_url + "/#/start", "text=Entrer dans Causerie")
                    )
                    wire_first.append((wire.requests, wire.bytes))
                    painted.append(first_paint(page))
                    # Sign up (unthrottled timing does not matter here), then come back.
                    page.get_by_label("Pseudo", exact=True).fill(
                        f"Bench{run}x{int(time.time()) % 10000}"
                    )
                    page.get_by_label("Genre", exact=True).select_option("female")
                    page.get_by_label("Âge", exact=True).fill("25")
                    page.get_by_label("Ville", exact=True).fill("Lyo")
                    page.get_by_role("option", name=re.compile("Lyon")).first.click()
                    page.get_by_role("button", name="Entrer dans Causerie").click()
                    page.wait_for_selector(".room-card", timeout=60_000)
                    page.goto("about:blank")
                    wire.reset()
                    again.append(timed(page, server.base_url + "/#/", ".room-card"))
                    wire_again.append((wire.requests, wire.bytes))
                    context.close()
                browser.close()
        finally:
            stop_server(server)

    print(
        f"web first screen, {args.kbps} kbit/s, {args.rtt} ms RTT, 360x740, "
        f"{args.runs} runs (median, min–max)"
    )
    print(
        f"  first visit -> loading state painted (first-contentful-paint): "
        f"{statistics.median(painted):.2f} s ({min(painted):.2f}–{max(painted):.2f})"
    )
    for name, times, wires in (
        ("first visit (empty cache) -> start form usable", first, wire_first),
        ("return visit (cache, signed in) -> rooms shown", again, wire_again),
    ):
        requests = statistics.median(r for r, _ in wires)
        kib = statistics.median(b for _, b in wires) / 1024
        print(
            f"  {name}: {statistics.median(times):.2f} s "
            f"({min(times):.2f}–{max(times):.2f}); "
            f"{requests:.0f} requests, {kib:.1f} KiB on the wire"
        )


if __name__ == "__main__":
    main()
