"""/api/v1/docs works under the server's strict CSP: every script and style
comes from this server (the installed swagger-ui-bundle), none inline, none
from a CDN. The browser half is tests/e2e/test_sessions.py."""

from __future__ import annotations

import re

from tests.harness import Server


async def test_the_docs_page_loads_only_same_origin_files(server: Server) -> None:
    async with server.client() as http:
        page = await http.get("/api/v1/docs")
        assert page.status_code == 200
        assert "script-src 'self'" in page.headers["content-security-policy"]
        html = page.text
        assert "cdn" not in html.lower() and "https://" not in html
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
        assert scripts and all('src="/' in attrs and not body.strip() for attrs, body in scripts)
        urls = re.findall(r'(?:src|href)="(/[^"]+)"', html)
        assert any(u.endswith("swagger-ui-bundle.js") for u in urls)
        for url in urls:
            asset = await http.get(url)
            assert asset.status_code == 200, url
        start = await http.get("/api/v1/docs/start.js")
        assert "/api/v1/docs/openapi-3.0.json" in start.text
        assert start.headers["content-type"].startswith("text/javascript")


async def test_the_page_reads_the_api_description_as_openapi_30(server: Server) -> None:
    async with server.client() as http:
        reference = (await http.get("/api/v1/openapi.json")).json()
        shown = (await http.get("/api/v1/docs/openapi-3.0.json")).json()
    assert shown["openapi"] == "3.0.3"  # what the packaged Swagger UI 4 reads
    assert set(shown["paths"]) == set(reference["paths"])
    assert '{"type": "null"}' not in str(shown).replace("'", '"')
