"""The catalogue as the browser gets it: one language per file, long-cached,
and each page preloading the language its reader will see."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from causerie.i18n import client_catalogue
from causerie.transport.web_assets import IMMUTABLE, REVALIDATE, WebAssets

WEB = Path(str(resources.files("causerie").joinpath("web")))


@pytest.fixture(scope="module")
def assets() -> WebAssets:
    return WebAssets(WEB)


def _client(assets: WebAssets) -> httpx.AsyncClient:
    app = Starlette()
    app.mount("/", assets)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_each_language_is_served_alone_and_long_cached(assets: WebAssets) -> None:
    async with _client(assets) as http:
        french = await http.get(f"/i18n/fr.json?v={assets.build}")
        english = await http.get(f"/i18n/en.json?v={assets.build}")
    assert french.headers["cache-control"] == IMMUTABLE
    assert french.json() == client_catalogue("fr")
    assert english.json()["nav.rooms"] == "Rooms"
    assert french.json()["nav.rooms"] == "Salons"
    # The server's own sentences stay on the server.
    assert not [k for k in french.json() if k.startswith("problem.")]
    # The moderator console's words are a part of their own.
    assert not [k for k in french.json() if k.startswith("mod.")]
    async with _client(assets) as http:
        console = await http.get(f"/i18n/en.moderation.json?v={assets.build}")
    assert console.headers["cache-control"] == IMMUTABLE
    assert console.json() == client_catalogue("en", "moderation")


def test_the_catalogue_is_part_of_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed sentence must reach browsers: the build id covers it."""
    (tmp_path / "index.html").write_text('<html lang="fr"><head>\n  </head></html>')
    before = WebAssets(tmp_path)
    assert "/i18n/fr.json" in before.assets
    monkeypatch.setattr(
        "causerie.transport.web_assets.catalogue_files",
        lambda: {"/i18n/fr.json": b'{"nav.rooms":"Les salons"}'},
    )
    assert WebAssets(tmp_path).build != before.build


@pytest.mark.parametrize(
    ("headers", "language"),
    [
        ({"Accept-Language": "en-GB,en;q=0.9"}, "en"),
        ({"Accept-Language": "de, fr;q=0.5"}, "fr"),
        ({}, "fr"),
        # The person's choice (i18n.js's cookie) beats the browser's languages.
        ({"Accept-Language": "en", "Cookie": "causerie_lang=fr"}, "fr"),
        ({"Accept-Language": "fr", "Cookie": "x=1; causerie_lang=en"}, "en"),
        # A signed-in page (it also preloads GET /me) in its reader's language.
        ({"Cookie": "causerie_session=s; causerie_lang=en"}, "en"),
    ],
)
async def test_a_page_preloads_its_readers_language(
    assets: WebAssets, headers: dict[str, str], language: str
) -> None:
    async with _client(assets) as http:
        page = await http.get("/", headers=headers)
    assert page.headers["cache-control"] == REVALIDATE
    assert "Accept-Language" in page.headers["vary"] and "Cookie" in page.headers["vary"]
    html = page.text
    assert f'<html lang="{language}">' in html
    preloads = re.findall(r'<link rel="preload" href="/i18n/(\w+)\.json\?v=(\w+)"', html)
    assert preloads == [(language, assets.build)]
    signed_in = "causerie_session" in headers.get("Cookie", "")
    assert ('href="/api/v1/me"' in html) == signed_in


async def test_the_client_module_holds_no_sentences(assets: WebAssets) -> None:
    """i18n.js used to carry both languages (78 KB); the words now come
    from the catalogue, one language at a time."""
    body = assets.assets["/i18n.js"].body.decode()
    assert "Salons" not in body and "Rooms" not in body
    assert len(body) < 8_000
    sent = json.loads(assets.assets["/i18n/fr.json"].body)
    assert sent["home.recent"][0][1] == "p"  # compiled, not ICU text
