"""A real server with the HTTP edge of ``causerie serve`` (header, body and
keep-alive timeouts), and raw-socket helpers to talk to it byte by byte."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn

from causerie.app import create_app
from causerie.config import Settings
from causerie.transport.limits import edge_uvicorn_options
from causerie.transport.ws.direct import uvicorn_options
from tests.harness import Server


def bound_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@asynccontextmanager
async def edge_server(
    settings: Settings, *, extra_sockets: tuple[socket.socket, ...] = (), **uvicorn_extra: Any
) -> AsyncIterator[Server]:
    """``settings`` served like ``causerie serve`` does, on a loopback port
    (and on ``extra_sockets``, e.g. the operator listener)."""
    app = create_app(settings)
    sock = bound_socket()
    port = sock.getsockname()[1]
    options: dict[str, Any] = {
        **uvicorn_options(),
        **edge_uvicorn_options(
            settings.header_timeout_seconds,
            settings.body_idle_timeout_seconds,
            settings.keep_alive_timeout_seconds,
        ),
        **uvicorn_extra,
    }
    options.setdefault("log_level", "warning")
    config = uvicorn.Config(app, lifespan="on", ws_ping_interval=None, **options)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock, *extra_sockets]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    live = Server(base_url=f"http://127.0.0.1:{port}", app=app)
    try:
        yield live
    finally:
        for member in live.members:
            await member.close()
        server.should_exit = True
        await task
        sock.close()
        for extra in extra_sockets:
            extra.close()


def port_of(server: Server) -> int:
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
