"""No log line carries a query string with a ``token`` or ``ticket``: the
access log and the WebSocket handshake lines of a real uvicorn, captured."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from causerie.transport.limits import scrub
from tests.api.edge_helpers import edge_server
from tests.harness import signup
from tests.harness import test_settings as make_settings


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextmanager
def captured_logs() -> Iterator[list[str]]:
    """Lines of uvicorn's loggers (attached after uvicorn configured logging,
    which replaces the handlers it finds)."""
    handler = _Lines()
    loggers = [logging.getLogger(n) for n in ("uvicorn.access", "uvicorn.error")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


async def test_tokens_and_tickets_in_urls_never_reach_the_log(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'c.db'}")
    async with edge_server(settings, log_level="info", access_log=True) as live:
        with captured_logs() as captured:
            member = await signup(live)
            ticket = (await member.http.post("/api/v1/ws/ticket")).json()["ticket"]
            # The older ?token= still works, and so does a ticket; and refusals.
            for url in (
                f"{live.ws_url}?token={member.token}",
                f"{live.ws_url}?ticket={ticket}",
            ):
                ws = await connect(url)
                await ws.close()
            with pytest.raises(InvalidStatus):
                await connect(f"{live.ws_url}?ticket={ticket}")
            async with httpx.AsyncClient(base_url=live.base_url) as http:
                await http.get(f"/api/v1/me?token={member.token}")
                await http.get(f"/healthz?x=1&Token={member.token}")
                await http.get("/api/v1/cities?q=Lyon")
    text = "\n".join(captured)
    assert "/api/v1/ws" in text and "/api/v1/me" in text  # the lines are there
    assert member.token not in text
    assert ticket not in text
    assert "token=" not in text.lower() and "ticket=" not in text.lower()
    # Harmless query strings are kept.
    assert "/api/v1/cities?q=Lyon" in text


def test_scrub_cuts_only_secret_query_strings() -> None:
    assert scrub('"GET /a?token=abc HTTP/1.1"') == '"GET /a HTTP/1.1"'
    assert scrub("/ws?x=1&ticket=t") == "/ws"
    assert scrub("/ws?ticket") == "/ws"
    assert scrub("/search?q=tokens") == "/search?q=tokens"
    assert scrub("/search?mytoken=1") == "/search?mytoken=1"


def test_scrub_reads_parameter_names_as_the_server_does() -> None:
    """The names are matched after percent-decoding (``%74oken`` is what the
    WebSocket endpoint reads as ``token``), with ``;`` separators and any case."""
    assert scrub("/api/v1/ws?%74oken=abc") == "/api/v1/ws"
    assert scrub("/api/v1/ws?tok%65n=abc") == "/api/v1/ws"
    assert scrub("/api/v1/ws?%74icket=abc") == "/api/v1/ws"
    assert scrub("/api/v1/ws?a=1;token=abc") == "/api/v1/ws"
    assert scrub("/api/v1/ws?TOKEN=abc") == "/api/v1/ws"
    assert scrub("/api/v1/ws?tok%2Ben=abc") == "/api/v1/ws?tok%2Ben=abc"
