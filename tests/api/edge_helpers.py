"""A real server with the HTTP edge of ``causerie serve`` (header, body and
keep-alive timeouts), and raw-socket helpers to talk to it byte by byte."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from causerie.app import create_app
from causerie.config import Settings
from causerie.transport.limits import edge_uvicorn_options
from causerie.transport.ws.direct import uvicorn_options
from tests.harness import Server
from tests.support import net


@asynccontextmanager
async def edge_server(
    settings: Settings, *, extra_sockets: tuple[socket.socket, ...] = (), **uvicorn_extra: Any
) -> AsyncIterator[Server]:
    """``settings`` served like ``causerie serve`` does, on a loopback port
    (and on ``extra_sockets``, e.g. the operator listener); every request
    over TCP, since the edge is what these tests are about."""
    app = create_app(settings)
    sock = net.bound_socket()
    options: dict[str, Any] = {
        **uvicorn_options(),
        **edge_uvicorn_options(
            settings.header_timeout_seconds,
            settings.body_idle_timeout_seconds,
            settings.keep_alive_timeout_seconds,
        ),
        "lifespan": "on",
        "ws_ping_interval": None,
        **uvicorn_extra,
    }
    async with net.serving(app, sock, *extra_sockets, **options):
        live = Server(app=app, base_url=f"http://127.0.0.1:{net.port_of(sock)}")
        try:
            yield live
        finally:
            await live.close()


def port_of(server: Server) -> int:
    assert server.base_url is not None
    return int(server.base_url.rsplit(":", 1)[1])


async def read_until_closed(reader: asyncio.StreamReader, timeout: float) -> bytes:
    """Everything the server sends until it closes (or ``timeout``: TimeoutError)."""
    data = b""
    async with asyncio.timeout(timeout):
        while chunk := await reader.read(65536):
            data += chunk
    return data


async def read_response_head(reader: asyncio.StreamReader, timeout: float) -> bytes:
    async with asyncio.timeout(timeout):
        return await reader.readuntil(b"\r\n\r\n")
