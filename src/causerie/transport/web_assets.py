"""The web client's files, fingerprinted, compressed and cached (issue 16).

No bundler: at start the server reads src/causerie/web/ once, computes one
build id (a hash over every file's path and bytes) and rewrites the client's
own URLs to carry it — ``/app.js`` becomes ``/app.js?v=<build>`` in
index.html, ``import … from "./api.js"`` becomes ``"./api.js?v=<build>"`` in
every module, the icons and the manifest likewise. A URL with the current
build id is answered ``Cache-Control: public, max-age=31536000, immutable``;
index.html (and any URL without the id, or with an old one) is
``no-cache`` with an ETag, so a deploy is picked up on the next load and
nothing else is fetched again. Each text file is compressed once at start,
with Brotli at its best level (about a fifth smaller than gzip on this
JavaScript) and with gzip at level 9, and sent in the best encoding the
browser accepts (``Vary: Accept-Encoding``). Browsers offer ``br`` only
over HTTPS (and to localhost), so gzip stays for plain HTTP.

One build id for all files (rather than a hash per file) because the modules
import each other in cycles: a per-file hash of rewritten content would have
no fixed point, and a per-file hash of the original bytes would let a cached
module keep importing an old dependency."""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import mimetypes
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import brotli
from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

from causerie.transport.auth import CSRF_COOKIE, SESSION_COOKIE
from causerie.transport.errors import problem
from causerie.transport.i18n import SUPPORTED, pick_language
from causerie.transport.web_catalogue import catalogue_files, localise_page, page_language

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Worth compressing: text. PNG icons are compressed already.
_TEXT = {".js", ".css", ".html", ".svg", ".json", ".webmanifest", ".txt"}
# Relative module specifiers in static and dynamic imports and re-exports.
_IMPORT = re.compile(r"""((?:\bfrom|\bimport)\s*\(?\s*)(["'])(\.{1,2}/[^"'?#]+?\.js)\2""")
# Root-relative URLs of the client's own files in HTML, JS and the manifest:
# "/app.js", "/styles.css", "/bell.svg", "/icons/icon-192.png"…
_ROOT_URL = re.compile(r"""(["'(])(/[A-Za-z0-9_./-]+\.(?:js|css|svg|png|webmanifest))(["')])""")


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    brotli: bytes | None
    media_type: str
    etag: str
    # The page's own Content-Security-Policy when it has inline styles to allow.
    csp: str | None = None


# Who am I, asked while the modules download, not after (api.js's fetch of
# GET /me, same mode and credentials, takes this answer).
_ME_PRELOAD = '    <link rel="preload" href="/api/v1/me" as="fetch" crossorigin="anonymous">\n'
# A session cookie (or its CSRF twin, set and cleared with it), __Host- over HTTPS.
_SESSION = re.compile(rf"(?:^|;)\s*(?:__Host-)?(?:{SESSION_COOKIE}|{CSRF_COOKIE})=")

# An HTML page's inline <style> blocks (index.html's loading state).
_INLINE_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def style_hashes(html: str) -> list[str]:
    """CSP source expressions for each inline style block of ``html``."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in _INLINE_STYLE.findall(html)
    ]


def allow_styles(csp: str, sources: list[str]) -> str:
    """``csp`` with ``sources`` added to its style-src directive (created
    from default-src, or 'self', when absent); nothing else changes."""
    directives = [d.strip() for d in csp.split(";") if d.strip()]
    names = [d.split()[0] for d in directives]
    if "style-src" not in names:
        fallback = next((d for d in directives if d.split()[0] == "default-src"), "x 'self'")
        directives.append("style-src " + " ".join(fallback.split()[1:]))
        names.append("style-src")
    at = names.index("style-src")
    directives[at] = " ".join([directives[at], *sources])
    return "; ".join(directives)


def _media_type(path: str) -> str:
    if path.endswith(".webmanifest"):
        return "application/manifest+json"
    if path.endswith(".js"):
        return "text/javascript; charset=utf-8"
    guessed, _ = mimetypes.guess_type(path)
    if guessed and guessed.startswith("text/"):
        return f"{guessed}; charset=utf-8"
    return guessed or "application/octet-stream"


@functools.lru_cache(maxsize=256)
def _brotli(body: bytes) -> bytes:
    """Brotli at its best level: about half a second for the whole client,
    so done once per process and file version (the tests build many apps)."""
    compressed: bytes = brotli.compress(body, quality=11)
    return compressed


@functools.lru_cache(maxsize=256)
def _compressed(body: bytes) -> tuple[bytes, bytes]:
    """gzip 9 and Brotli 11 of ``body``, once per process: the app is built
    again for every test (and every worker), from the same files, and these
    two are most of what building it costs."""
    return gzip.compress(body, 9, mtime=0), _brotli(body)


def _asset(path: str, body: bytes, csp: str | None) -> Asset:
    """``body`` as served: compressed when it is text, with its ETag, and an
    HTML page with inline styles gets ``csp`` allowing them by hash."""
    text = Path(path).suffix in _TEXT
    hashes = style_hashes(body.decode("utf-8")) if path.endswith(".html") else []
    gzipped, brotlied = _compressed(body) if text else (None, None)
    return Asset(
        body,
        gzipped,
        brotlied,
        _media_type(path),
        '"' + hashlib.sha256(body).hexdigest()[:16] + '"',
        allow_styles(csp, hashes) if csp and hashes else None,
    )


def build_id(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode())
        digest.update(b"\0")
        digest.update(files[path])
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def rewrite(path: str, text: str, build: str, known: set[str]) -> str:
    """``text`` with every URL of a file in ``known`` carrying ``?v=build``."""

    def module(match: re.Match[str]) -> str:
        head, quote, spec = match.groups()
        return f"{head}{quote}{spec}?v={build}{quote}"

    def rooted(match: re.Match[str]) -> str:
        left, url, right = match.groups()
        if url not in known:
            return match.group(0)
        return f"{left}{url}?v={build}{right}"

    if path.endswith(".js"):
        text = _IMPORT.sub(module, text)
    return _ROOT_URL.sub(rooted, text)


# Static imports only (an import() call is dynamic and has a parenthesis).
_STATIC = re.compile(
    r"""^\s*(?:import|export)\b[^;()]*?\bfrom\s*(["'])(\.{1,2}/[^"']+?\.js)\1""", re.M
)


def static_graph(entry: str, raw: dict[str, bytes]) -> set[str]:
    """``entry`` and every module it imports statically, transitively."""
    seen: set[str] = set()
    todo = [entry]
    while todo:
        path = todo.pop()
        if path in seen or path not in raw:
            continue
        seen.add(path)
        folder = posixpath.dirname(path)
        for _, spec in _STATIC.findall(raw[path].decode("utf-8")):
            todo.append(posixpath.normpath(posixpath.join(folder, spec)))
    return seen


class WebAssets:
    """An ASGI app serving the client from memory."""

    def __init__(self, root: Path, csp: str | None = None) -> None:
        """``csp``: the app's Content-Security-Policy; an HTML page with an
        inline style block is sent it with that block's hash added."""
        raw = {
            "/" + p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".")
        }
        # The message catalogue, compiled from causerie/i18n (web_catalogue.py).
        raw.update(catalogue_files())
        self.build = build_id(raw)
        known = set(raw)
        self.assets: dict[str, Asset] = {}
        # index.html for a browser holding a session cookie: it also preloads
        # GET /me, which a new visitor's page never asks (app.js skips it).
        self.signed_in_index: Asset | None = None
        for path, original in raw.items():
            if Path(path).suffix not in _TEXT:
                self.assets[path] = _asset(path, original, None)
                continue
            text = rewrite(path, original.decode("utf-8"), self.build, known)
            if path == "/index.html":
                text = self._preload(text, raw)
                signed_in = text.replace("  </head>", _ME_PRELOAD + "  </head>", 1)
                self.signed_in_index = _asset(path, signed_in.encode("utf-8"), csp)
            self.assets[path] = _asset(path, text.encode("utf-8"), csp)
        # Each page once per language (web_catalogue.py): its lang, and a
        # preload of that language's catalogue; index.html in both its forms.
        forms = {(path, False): a for path, a in self.assets.items() if path.endswith(".html")}
        if self.signed_in_index is not None:
            forms[("/index.html", True)] = self.signed_in_index
        self.pages = {
            (path, signed_in, language): _asset(
                path,
                localise_page(page.body.decode("utf-8"), language, self.build).encode(),
                csp,
            )
            for (path, signed_in), page in forms.items()
            for language in SUPPORTED
        }

    def _preload(self, html: str, raw: dict[str, bytes]) -> str:
        """Ask at once for every module app.js needs before it can draw (its
        static imports, transitively) instead of discovering them import by
        import, one round trip per level of the graph. Views app.js loads
        with import() are left to load when opened. Largest first: over
        HTTP/1.1's six connections the big module's bytes keep the link busy
        while the small ones that queue behind wait for their round trip."""
        graph = static_graph("/app.js", raw) - {"/app.js"}
        links = "".join(
            f'    <link rel="modulepreload" href="{path}?v={self.build}">\n'
            for path in sorted(graph, key=lambda path: (-len(raw[path]), path))
        )
        return html.replace("  </head>", links + "  </head>", 1)

    def total_bytes(self, *, compressed: bool) -> int:
        """All the files' bytes, as sent to a browser that accepts gzip
        (``compressed``) or to one that accepts nothing."""
        return sum(
            len(a.gzipped) if compressed and a.gzipped is not None else len(a.body)
            for a in self.assets.values()
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            raise RuntimeError("WebAssets serves HTTP only")
        response = self.respond(scope)
        await response(scope, receive, send)

    def respond(self, scope: Scope) -> Response:
        headers = Headers(scope=scope)
        # Under /api/ the contract's problem+json, even for a path no route
        # knows (this mount is the app's last resort).
        api = scope["path"].startswith("/api/")
        language = pick_language(headers.get("accept-language"))
        if scope["method"] not in ("GET", "HEAD"):
            if api:
                return problem("not_found", {}, language)
            return PlainTextResponse("Method Not Allowed", 405, headers={"Allow": "GET, HEAD"})
        path = scope["path"]
        if path == "/" or path.endswith("/"):
            path += "index.html"
        asset = self.assets.get(path)
        session = path == "/index.html" and _SESSION.search(headers.get("cookie", ""))
        if session and self.signed_in_index is not None:
            asset = self.signed_in_index
        if asset is None:
            return (
                problem("not_found", {}, language) if api else PlainTextResponse("Not Found", 404)
            )
        query = scope.get("query_string", b"").decode("latin-1")
        page = path.endswith(".html")
        fingerprinted = f"v={self.build}" in query.split("&") and not page
        vary = "Accept-Encoding"
        if page:
            # By the session cookie (index.html's two forms) and the language.
            form = (path, bool(session), page_language(headers))
            asset = self.pages.get(form, asset)
            vary = "Accept-Encoding, Accept-Language, Cookie"
        coding = _choose_coding(headers.get("accept-encoding", ""), asset)
        # One ETag per representation: a cache revalidating the gzip bytes
        # must not be told its copy is the Brotli one (RFC 9110, 8.8.3).
        etag = asset.etag if coding == "identity" else f'{asset.etag[:-1]}-{coding}"'
        out = {
            "Cache-Control": IMMUTABLE if fingerprinted else REVALIDATE,
            "ETag": etag,
            "Vary": vary,
        }
        if asset.csp is not None:
            out["Content-Security-Policy"] = asset.csp
        if etag in _entity_tags(headers.get("if-none-match", "")):
            return Response(status_code=304, headers=out)
        if coding == "br" and asset.brotli is not None:
            out["Content-Encoding"] = "br"
            return Response(asset.brotli, media_type=asset.media_type, headers=out)
        if coding == "gzip" and asset.gzipped is not None:
            out["Content-Encoding"] = "gzip"
            return Response(asset.gzipped, media_type=asset.media_type, headers=out)
        return Response(asset.body, media_type=asset.media_type, headers=out)


def _entity_tags(header: str) -> set[str]:
    """The tags an If-None-Match lists (weak ones compare as strong: only
    GET and HEAD come here)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _choose_coding(header: str, asset: Asset) -> str:
    """The best coding the asset has and the client accepts, by the client's
    weights, Brotli before gzip among equals; else the bytes as they are."""
    weights = _coding_weights(header)
    offered = [("br", asset.brotli), ("gzip", asset.gzipped)]
    best, best_q = "identity", 0.0
    for name, body in offered:
        q = weights.get(name, weights.get("*", 0.0))
        if body is not None and q > best_q:
            best, best_q = name, q
    return best


def _coding_weights(header: str) -> dict[str, float]:
    """Each content coding an Accept-Encoding header names, with its weight
    (RFC 9110, section 12.5.3): ``q=0`` refuses it, a bad weight counts as 0."""
    weights: dict[str, float] = {}
    for item in header.split(","):
        name, *params = item.split(";")
        q = 1.0
        for param in params:
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        if name.strip():
            weights[name.strip().lower()] = q
    return weights
