"""The web client's files: fingerprinted URLs, Brotli and gzip, cache headers."""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from importlib import resources
from pathlib import Path

import brotli
import httpx
import pytest
from starlette.applications import Starlette

from causerie.transport.web_assets import (
    IMMUTABLE,
    REVALIDATE,
    WebAssets,
    allow_styles,
    rewrite,
    static_graph,
    style_hashes,
)

WEB = Path(str(resources.files("causerie").joinpath("web")))


def client(root: Path) -> tuple[WebAssets, httpx.AsyncClient]:
    assets = WebAssets(root)
    app = Starlette()
    app.mount("/", assets)
    return assets, httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def test_rewrite_fingerprints_own_modules_and_files_only() -> None:
    known = {"/api.js", "/views/home.js", "/bell.svg", "/app.js"}
    js = (
        'import { get } from "./api.js";\n'
        "import { homeView } from './views/home.js';\n"
        'export { x } from "../api.js";\n'
        'const m = await import("./views/home.js");\n'
        'icon("/bell.svg"); fetch("/api/v1/rooms"); icon("/other.svg");\n'
    )
    out = rewrite("/app.js", js, "b1", known)
    assert 'from "./api.js?v=b1"' in out
    assert "from './views/home.js?v=b1'" in out
    assert 'from "../api.js?v=b1"' in out
    assert 'import("./views/home.js?v=b1")' in out
    assert 'icon("/bell.svg?v=b1")' in out
    assert '"/api/v1/rooms"' in out and '"/other.svg"' in out


def test_build_id_follows_content(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<script type="module" src="/app.js"></script>')
    (tmp_path / "app.js").write_text('import "./a.js";')
    (tmp_path / "a.js").write_text("export const a = 1;")
    first = WebAssets(tmp_path).build
    assert WebAssets(tmp_path).build == first
    (tmp_path / "a.js").write_text("export const a = 2;")
    second = WebAssets(tmp_path)
    assert second.build != first
    # The dependency changed, so the module importing it has a new URL too.
    assert f"./a.js?v={second.build}".encode() in second.assets["/app.js"].body
    assert f"/app.js?v={second.build}".encode() in second.assets["/index.html"].body


@pytest.mark.asyncio
async def test_headers_compression_and_revalidation() -> None:
    assets, http = client(WEB)
    async with http:
        index = await http.get("/", headers={"Accept-Encoding": "gzip"})
        assert index.status_code == 200
        assert index.headers["cache-control"] == REVALIDATE
        assert index.headers["content-encoding"] == "gzip"
        assert f"/app.js?v={assets.build}" in index.text

        versioned = await http.get(f"/app.js?v={assets.build}", headers={"Accept-Encoding": "gzip"})
        assert versioned.headers["cache-control"] == IMMUTABLE
        assert versioned.headers["vary"] == "Accept-Encoding"
        assert versioned.headers["content-type"].startswith("text/javascript")
        raw = assets.assets["/app.js"]
        assert raw.gzipped is not None and len(raw.gzipped) < len(raw.body) / 2

        stale = await http.get("/app.js?v=old")
        assert stale.headers["cache-control"] == REVALIDATE
        plain = await http.get("/app.js", headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert plain.content == raw.body == gzip.decompress(raw.gzipped)

        same = {"If-None-Match": index.headers["etag"], "Accept-Encoding": "gzip"}
        assert (await http.get("/", headers=same)).status_code == 304
        # The Brotli bytes are another representation: their own tag.
        other = {"If-None-Match": index.headers["etag"], "Accept-Encoding": "br"}
        brotli_index = await http.get("/", headers=other)
        assert brotli_index.status_code == 200
        assert brotli_index.headers["etag"] != index.headers["etag"]
        weak = {"If-None-Match": f'"x", W/{brotli_index.headers["etag"]}', "Accept-Encoding": "br"}
        assert (await http.get("/", headers=weak)).status_code == 304
        assert (await http.get("/nope.js")).status_code == 404
        assert (await http.post("/app.js")).status_code == 405
    # The whole client, compressed, is far below its raw size.
    assert assets.total_bytes(compressed=True) < assets.total_bytes(compressed=False) / 2


def test_index_preloads_the_static_graph_of_app_js_only(tmp_path: Path) -> None:
    (tmp_path / "views").mkdir()
    (tmp_path / "index.html").write_text(
        '<html>\n  <head>\n    <script type="module" src="/app.js"></script>\n  </head>\n</html>'
    )
    (tmp_path / "app.js").write_text(
        'import { a } from "./a.js";\nimport {\n  home,\n} from "./views/home.js";\n'
        'const later = () => import("./views/later.js");\n'
    )
    (tmp_path / "a.js").write_text("export const a = 1;")
    (tmp_path / "views" / "home.js").write_text(
        'import { b } from "../b.js";\nexport const home = b;'
    )
    (tmp_path / "b.js").write_text("export const b = 2;")
    (tmp_path / "views" / "later.js").write_text('import { a } from "../a.js";')
    assets = WebAssets(tmp_path)
    index = assets.assets["/index.html"].body.decode()
    preloaded = set(re.findall(r'rel="modulepreload" href="([^"?]+)\?v=', index))
    assert preloaded == {"/a.js", "/views/home.js", "/b.js"}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("br;q=1.0, gzip;q=0.8", "br"),
        ("gzip, br;q=0", "gzip"),
        ("br;q=0.1, gzip;q=1", "gzip"),  # the client's weights, not ours
        ("gzip;q=0., identity", None),  # "0." is a zero weight too
        ("gzip;q=abc", None),
        ("*", "br"),
        ("*;q=0.5, gzip", "gzip"),
        ("gzip", "gzip"),
        ("identity", None),
        ("", None),
    ],
)
async def test_best_accepted_encoding_is_sent(accept: str, expected: str | None) -> None:
    assets, http = client(WEB)
    raw = assets.assets["/i18n.js"]
    async with http:
        answer = await http.get(f"/i18n.js?v={assets.build}", headers={"Accept-Encoding": accept})
    assert answer.status_code == 200
    assert answer.headers.get("content-encoding") == expected
    assert answer.headers["vary"] == "Accept-Encoding"
    # httpx decodes gzip (and br when a decoder is installed): compare with
    # the stored forms instead of trusting its decoding.
    assert raw.brotli is not None and raw.gzipped is not None
    assert brotli.decompress(raw.brotli) == raw.body == gzip.decompress(raw.gzipped)
    # Brotli at its best level beats gzip -9 on the client's biggest module.
    assert len(raw.brotli) < len(raw.gzipped)


def test_png_is_not_compressed_again() -> None:
    assets = WebAssets(WEB)
    icon = assets.assets["/icons/icon-192.png"]
    assert icon.brotli is None and icon.gzipped is None


def test_start_screen_needs_no_signed_in_module() -> None:
    """What index.html preloads (app.js's static graph) is what a new
    visitor waits for: the start form, not the socket, the inbox or home."""
    raw = {"/" + p.relative_to(WEB).as_posix(): p.read_bytes() for p in WEB.rglob("*.js")}
    critical = static_graph("/app.js", raw)
    assert "/views/start.js" in critical
    for later in ("/socket.js", "/inbox.js", "/notices.js", "/views/home.js", "/profile.js"):
        assert later not in critical


def test_allow_styles_adds_to_style_src_only() -> None:
    csp = "default-src 'self'; style-src 'self'; script-src 'self'"
    out = allow_styles(csp, ["'sha256-abc='"])
    assert out == "default-src 'self'; style-src 'self' 'sha256-abc='; script-src 'self'"
    # Without a style-src, the new one starts from default-src (what applied before).
    assert allow_styles("default-src 'self' data:", ["'sha256-x='"]) == (
        "default-src 'self' data:; style-src 'self' data: 'sha256-x='"
    )


@pytest.mark.asyncio
async def test_index_inline_style_is_allowed_by_its_hash_alone(tmp_path: Path) -> None:
    block = "\n  .boot { color: red; }\n"
    (tmp_path / "index.html").write_text(f"<html><head><style>{block}</style></head></html>")
    (tmp_path / "legal.html").write_text("<html><head></head></html>")
    (tmp_path / "app.js").write_text("export const a = 1;")
    csp = "default-src 'self'; style-src 'self'; script-src 'self'"
    assets = WebAssets(tmp_path, csp=csp)
    app = Starlette()
    app.mount("/", assets)
    expected = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as http:
        index = await http.get("/")
        policy = index.headers["content-security-policy"]
        assert f"style-src 'self' 'sha256-{expected}'" in policy
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        # Pages and files without an inline style get no policy of their own
        # (the app's middleware adds its strict one).
        assert "content-security-policy" not in (await http.get("/legal.html")).headers
        assert "content-security-policy" not in (await http.get("/app.js")).headers


def test_shipped_index_has_one_inline_style_and_no_inline_script() -> None:
    html = (WEB / "index.html").read_text()
    assert len(style_hashes(html)) == 1
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


@pytest.mark.asyncio
async def test_index_preloads_me_only_for_a_browser_with_a_session_cookie() -> None:
    assets, http = client(WEB)
    me = 'rel="preload" href="/api/v1/me"'
    async with http:
        new = await http.get("/")
        assert me not in new.text
        assert "Cookie" in new.headers["vary"]
        for cookie in ("causerie_session=x", "a=1; causerie_csrf=y", "__Host-causerie_csrf=z"):
            back = await http.get("/", headers={"Cookie": cookie})
            assert me in back.text, cookie
            assert back.headers["etag"] != new.headers["etag"]
        # A cookie merely ending with the name is someone else's.
        other = await http.get("/", headers={"Cookie": "not_causerie_session=x"})
        assert me not in other.text
        # The same modules are preloaded either way, largest first (as
        # written: fingerprinting adds a few bytes per import).
        modules = re.findall(r'rel="modulepreload" href="([^"?]+)', new.text)
        assert modules == re.findall(r'rel="modulepreload" href="([^"?]+)', back.text)
        assert all(m in assets.assets for m in modules)
        sizes = [len((WEB / m.lstrip("/")).read_bytes()) for m in modules]
        assert sizes == sorted(sizes, reverse=True)


@pytest.mark.asyncio
async def test_catalogue_preload_comes_before_the_modules() -> None:
    """The start screen waits for its language's catalogue, the largest file
    it needs: asked first, it is not queued behind six small modules."""
    _, http = client(WEB)
    async with http:
        page = (await http.get("/", headers={"Accept-Language": "en"})).text
    catalogue = page.index('rel="preload" href="/i18n/en.json')
    assert "/i18n/fr.json" not in page
    assert catalogue < page.index('rel="modulepreload"')
    # The room screen's viewport tracking is not one of the start screen's requests.
    assert "/viewport.js" not in page
