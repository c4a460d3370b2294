"""``/api/v1/docs``: Swagger UI served from the installed ``swagger-ui-bundle``
package, under the server's own strict CSP (scripts and styles from 'self'
only). FastAPI's built-in page loads them from a CDN and starts them with an
inline script, both of which that CSP blocks: the page stayed blank."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import swagger_ui_bundle  # type: ignore[import-untyped]
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

DOCS = "/api/v1/docs"
ASSETS = f"{DOCS}/assets"

_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Causerie API v1</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
<link rel="icon" href="{ASSETS}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="{DOCS}/start.js"></script>
</body>
</html>
"""

# An external file, not an inline script: script-src is 'self' only.
_START = """window.ui = SwaggerUIBundle({
  url: "/api/v1/docs/openapi-3.0.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
});
"""


def as_openapi_30(node: Any) -> Any:
    """The packaged Swagger UI (4.15) reads OpenAPI 3.0 only, FastAPI writes
    3.1: the same description with 3.1's ``anyOf: [X, {type: null}]`` as
    3.0's ``nullable``. For the browsable page only; /api/v1/openapi.json
    stays the reference."""
    if isinstance(node, list):
        return [as_openapi_30(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: as_openapi_30(value) for key, value in node.items()}
    variants = result.get("anyOf")
    if isinstance(variants, list) and {"type": "null"} in variants:
        rest = [v for v in variants if v != {"type": "null"}]
        result.pop("anyOf")
        if len(rest) == 1:
            result.update(rest[0])
        else:
            result["anyOf"] = rest
        result["nullable"] = True
    if "openapi" in result:
        result["openapi"] = "3.0.3"
    return result


def install_api_docs(app: FastAPI) -> None:
    """Mount before the web client's catch-all static mount."""
    assets = Path(swagger_ui_bundle.swagger_ui_path)

    @app.get(DOCS, include_in_schema=False)
    async def docs_page() -> HTMLResponse:
        return HTMLResponse(_PAGE)

    @app.get(f"{DOCS}/start.js", include_in_schema=False)
    async def docs_start() -> Response:
        return Response(_START, media_type="text/javascript")

    @app.get(f"{DOCS}/openapi-3.0.json", include_in_schema=False)
    async def docs_schema() -> JSONResponse:
        return JSONResponse(as_openapi_30(app.openapi()))

    app.mount(ASSETS, StaticFiles(directory=assets), name="api-docs-assets")
