"""The catalogue as the browser gets it: one file per language, compiled at
start from the ICU source (causerie/i18n) and served among the client's
files (/i18n/<lang>.json, fingerprinted and long-cached like them), so a
page downloads only its own language; the moderator console's words are a
part of their own (/i18n/<lang>.moderation.json), fetched by its views.

Each HTML page is also made once per language: ``<html lang>`` says it, and
a preload link asks for that language's catalogue while the modules
download (i18n.js waits for it before anything draws, so without the hint
it would cost one more round trip). The language is the one the person
chose (the ``causerie_lang`` cookie i18n.js sets) or else the browser's."""

from __future__ import annotations

import orjson
from starlette.datastructures import Headers
from starlette.requests import cookie_parser

from causerie.i18n import LANGUAGES, client_catalogue
from causerie.i18n.catalogue import PARTS
from causerie.transport.i18n import pick_language

COOKIE = "causerie_lang"


def catalogue_path(language: str, part: str | None = None) -> str:
    return f"/i18n/{language}.{part}.json" if part else f"/i18n/{language}.json"


def catalogue_files() -> dict[str, bytes]:
    """Path -> body of every language's client catalogue and of its parts."""
    return {
        catalogue_path(language, part): orjson.dumps(client_catalogue(language, part))
        for language in LANGUAGES
        for part in (None, *PARTS)
    }


def localise_page(html: str, language: str, build: str) -> str:
    """``html`` in ``language``: its lang attribute, and its catalogue preloaded."""
    html = html.replace('<html lang="fr">', f'<html lang="{language}">', 1)
    link = (
        f'    <link rel="preload" href="{catalogue_path(language)}?v={build}" '
        'as="fetch" crossorigin="anonymous">\n'
    )
    # Before the modules' preloads: the catalogue is the largest file the first
    # screen waits for, so it starts first (transport/web_assets.py, _preload).
    first_module = '    <link rel="modulepreload"'
    if first_module in html:
        return html.replace(first_module, link + first_module, 1)
    return html.replace("  </head>", link + "  </head>", 1)


def page_language(headers: Headers) -> str:
    chosen = cookie_parser(headers.get("cookie", "")).get(COOKIE)
    return pick_language(headers.get("accept-language"), chosen)
