"""HSTS on responses to requests that came over HTTPS — through a trusted
proxy's X-Forwarded-Proto — and never for a direct client forging it."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.api.edge_helpers import edge_server
from tests.harness import test_settings as make_settings


async def test_hsts_only_for_https_as_vouched_for_by_the_trusted_proxy(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'c.db'}")
    async with edge_server(settings, proxy_headers=True, forwarded_allow_ips="127.0.0.1") as live:
        async with httpx.AsyncClient(base_url=live.base_url) as http:
            https = await http.get("/healthz", headers={"X-Forwarded-Proto": "https"})
            assert https.headers["strict-transport-security"].startswith("max-age=31536000")
            plain = await http.get("/healthz")
            assert "strict-transport-security" not in plain.headers
            # On the static web client and on refusals too.
            page = await http.get("/", headers={"X-Forwarded-Proto": "https"})
            assert "strict-transport-security" in page.headers
            refused = await http.get("/api/v1/me", headers={"X-Forwarded-Proto": "https"})
            assert refused.status_code == 401
            assert "strict-transport-security" in refused.headers


async def test_a_direct_client_cannot_forge_https(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'c.db'}")
    # As `causerie serve` runs without --forwarded-allow-ips.
    async with edge_server(settings, proxy_headers=False) as live:
        async with httpx.AsyncClient(base_url=live.base_url) as http:
            forged = await http.get("/healthz", headers={"X-Forwarded-Proto": "https"})
            assert "strict-transport-security" not in forged.headers
