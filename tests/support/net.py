"""Ports and probes for the services tests start (servers, moto, nginx),
and the one way a test serves an ASGI app on a socket in its own loop."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis
import uvicorn


def bound_socket() -> socket.socket:
    """A loopback socket on a port the OS picked, still held: a server in
    this process given it cannot lose the port to anyone in between."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def free_port() -> int:
    """A loopback port nobody listens on right now, for a server in another
    process (which binds it itself; in-process servers take ``bound_socket``)."""
    with bound_socket() as sock:
        return int(sock.getsockname()[1])


def port_of(sock: socket.socket) -> int:
    return int(sock.getsockname()[1])


@asynccontextmanager
async def serving(
    app: Any, sock: socket.socket, *extra: socket.socket, **options: Any
) -> AsyncIterator[uvicorn.Server]:
    """``app`` under uvicorn on ``sock`` (and ``extra`` sockets) in the
    running event loop, until the block ends; the sockets are closed then.
    ``options`` go to ``uvicorn.Config`` (default: no lifespan, warnings only)."""
    options.setdefault("log_level", "warning")
    options.setdefault("lifespan", "off")
    server = uvicorn.Server(uvicorn.Config(app, **options))
    task = asyncio.create_task(server.serve(sockets=[sock, *extra]))
    try:
        while not server.started:
            if task.done():
                task.result()  # the reason it could not start
            await asyncio.sleep(0.01)
        yield server
    finally:
        server.should_exit = True
        await task
        for each in (sock, *extra):
            each.close()


def wait_for_port(
    port: int,
    *,
    host: str = "127.0.0.1",
    timeout: float = 30.0,
    process: subprocess.Popen[bytes] | None = None,
) -> str | None:
    """None once something accepts connections on ``host:port``, else why
    not: ``process`` (the server being waited for) exited, or time ran out."""
    deadline = time.monotonic() + timeout
    while True:
        if process is not None and process.poll() is not None:
            return f"exited with {process.returncode}"
        with socket.socket() as sock:
            sock.settimeout(1.0)
            if sock.connect_ex((host, port)) == 0:
                return None
        if time.monotonic() > deadline:
            return f"nothing listens on {host}:{port} after {timeout:g} s"
        time.sleep(0.05)


def redis_problem(url: str) -> str | None:
    """None when the Redis at ``url`` answers PING, else why not."""
    client = redis.Redis.from_url(url, socket_connect_timeout=2.0, socket_timeout=2.0)
    try:
        client.ping()
    except (redis.RedisError, OSError) as error:
        return f"{type(error).__name__}: {error}"
    finally:
        client.close()
    return None
