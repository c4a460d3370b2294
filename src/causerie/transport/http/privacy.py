"""The member's own data (docs/privacy.md): ``GET /api/v1/me/export`` (a
JSON file) and ``DELETE /api/v1/me`` (erasure)."""

from __future__ import annotations

import unicodedata
from collections.abc import AsyncIterator
from urllib.parse import quote

import orjson
from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from causerie.services import data_export, erasure
from causerie.services.data_export import Export
from causerie.transport.auth import AccountDep, DepsDep, clear_session_cookies

router = APIRouter(prefix="/api/v1", tags=["privacy"])


class Erasure(BaseModel):
    model_config = ConfigDict(extra="ignore")
    confirm: StrictStr = Field(max_length=200)
    password: StrictStr | None = Field(default=None, max_length=1000)


def attachment(pseudo: str, day: str) -> str:
    """``Content-Disposition`` for ``causerie-export-<pseudo>-<date>.json``:
    an ASCII ``filename`` for every browser, and RFC 6266's UTF-8
    ``filename*`` for pseudos with accents."""
    name = f"causerie-export-{pseudo}-{day}.json"
    folded = unicodedata.normalize("NFKD", pseudo).encode("ascii", "ignore").decode()
    # Pseudos are letters, digits, "_", "-" and ".": folded to ASCII (accents
    # dropped, other scripts lost), nothing is left to escape in the quotes.
    plain = "".join(c if c.isascii() and (c.isalnum() or c in "_-.") else "_" for c in folded)
    header = f'attachment; filename="causerie-export-{plain or "member"}-{day}.json"'
    if plain != pseudo:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


async def _document(export: Export) -> AsyncIterator[bytes]:
    """The export as one JSON object, its messages streamed page by page."""
    head = orjson.dumps(export.sections)
    yield head[:-1] + b',"messages":['
    first = True
    async for page in export.messages:
        if not page:
            continue  # never a stray comma
        chunk = b",".join(orjson.dumps(item) for item in page)
        yield chunk if first else b"," + chunk
        first = False
    yield b"]}"


@router.get("/me/export", response_class=StreamingResponse)
async def export_me(auth: AccountDep, deps: DepsDep) -> StreamingResponse:
    export = await data_export.export_data(deps, auth)
    day = export.generated_at.date().isoformat()
    return StreamingResponse(
        _document(export),
        media_type="application/json",
        headers={"Content-Disposition": attachment(export.user.pseudo, day)},
    )


@router.delete("/me", status_code=204)
async def erase_me(body: Erasure, auth: AccountDep, deps: DepsDep) -> Response:
    """Erase the account. 204: every session has ended. Connection data and
    reported content are kept as the law requires (docs/privacy.md)."""
    await erasure.erase_account(deps, auth, confirm=body.confirm, password=body.password)
    response = Response(status_code=204)
    clear_session_cookies(response, deps.settings)
    return response
