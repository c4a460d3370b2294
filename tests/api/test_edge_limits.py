"""The HTTP edge against a real server over raw sockets: oversized bodies
get 413 ``too_large`` before they are read (announced or chunked), memory
stays flat, and the header, body-idle and keep-alive timeouts close
connections that dawdle."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from causerie.transport.limits import DEFAULT_BODY_LIMIT, RouteLimit, body_limit_for
from tests.api.edge_helpers import (
    edge_server,
    port_of,
    read_response_head,
    read_until_closed,
)
from tests.harness import Server, signup
from tests.harness import test_settings as make_settings

MIB = 1024 * 1024


@pytest.fixture
async def edge(tmp_path: Path) -> AsyncIterator[Server]:
    # The edge does not depend on the database engine: SQLite only.
    settings = make_settings(
        tmp_path,
        f"sqlite:///{tmp_path / 'causerie.db'}",
        header_timeout_seconds=1.0,
        body_idle_timeout_seconds=1.0,
        keep_alive_timeout_seconds=1.0,
    )
    async with edge_server(settings) as live:
        yield live


def _rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def _problem(raw: bytes) -> tuple[bytes, dict[str, object]]:
    head, _, body = raw.partition(b"\r\n\r\n")
    return head, json.loads(body)


async def test_an_announced_300_mib_body_gets_413_at_once(edge: Server) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port_of(edge))
    writer.write(
        b"POST /api/v1/session/guest HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Accept-Language: fr\r\nContent-Length: %d\r\n\r\n" % (300 * MIB)
    )
    writer.write(b"{" + b" " * 1000)
    await writer.drain()
    started = time.monotonic()
    raw = await read_until_closed(reader, timeout=3)  # closed by the server, too
    assert time.monotonic() - started < 2
    head, body = _problem(raw)
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b"application/problem+json" in head
    assert body["code"] == "too_large" and body["status"] == 413
    assert body["limit"] == DEFAULT_BODY_LIMIT
    assert "volumineuse" in str(body["detail"])  # French, as asked
    writer.close()


async def test_a_chunked_body_over_the_limit_gets_413_and_memory_stays_flat(
    edge: Server,
) -> None:
    chunk = b"x" * 16384
    frame = b"%x\r\n%s\r\n" % (len(chunk), chunk)
    before = _rss_bytes()
    for _ in range(5):
        reader, writer = await asyncio.open_connection("127.0.0.1", port_of(edge))
        writer.write(
            b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        sent = 0
        try:
            # Up to 64 MiB per try; the server must stop us long before.
            while sent < 64 * MIB:
                writer.write(frame)
                await writer.drain()
                sent += len(chunk)
                if reader.at_eof() or len(reader._buffer) > 0:
                    break
        except ConnectionError:
            pass
        head = await read_response_head(reader, timeout=3)
        assert head.startswith(b"HTTP/1.1 413 "), head
        assert sent < 8 * MIB, f"the server let {sent} bytes in before refusing"
        writer.close()
    grown = _rss_bytes() - before
    assert grown < 32 * MIB, f"resident memory grew by {grown / MIB:.1f} MiB"


async def test_a_body_within_the_limit_still_works(edge: Server) -> None:
    member = await signup(edge)  # a JSON body through the limit
    assert member.token


async def test_routes_in_the_table_take_more_than_the_default(edge: Server) -> None:
    # The webhook's limit is above the default: 100 KiB is not refused as too
    # large (whatever the route then answers), 1 MiB is.
    async with edge.client() as http:
        body = b"{" + b" " * (100 * 1024) + b"}"
        allowed = await http.post("/api/v1/premium/stripe/webhook", content=body)
        assert allowed.status_code != 413
        too_big = await http.post("/api/v1/premium/stripe/webhook", content=body * 10)
        assert too_big.status_code == 413
        assert too_big.json()["code"] == "too_large"
        same_size_elsewhere = await http.post("/api/v1/reports", content=body)
        assert same_size_elsewhere.status_code == 413


def test_the_limit_table() -> None:
    assert body_limit_for("POST", "/api/v1/session") == DEFAULT_BODY_LIMIT
    upload = body_limit_for("POST", "/api/v1/conversations/abc/images")
    assert upload > DEFAULT_BODY_LIMIT
    assert body_limit_for("GET", "/api/v1/conversations/abc/images") == DEFAULT_BODY_LIMIT
    assert body_limit_for("POST", "/api/v1/conversations/abc/images/x") == DEFAULT_BODY_LIMIT
    table = (RouteLimit("PUT", r"/files/\d+", 5),)
    assert body_limit_for("PUT", "/files/12", table) == 5
    assert body_limit_for("PUT", "/files/x", table) == DEFAULT_BODY_LIMIT


async def test_a_trickled_request_head_is_cut_off(edge: Server) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port_of(edge))
    writer.write(b"GET /healthz HTTP/1.1\r\n")
    started = time.monotonic()
    closed = asyncio.create_task(read_until_closed(reader, timeout=6))
    for n in range(20):  # one header line every 0.3 s: the head never ends
        if closed.done():
            break
        try:
            writer.write(b"X-Slow-%d: 1\r\n" % n)
            await writer.drain()
        except ConnectionError:
            break
        await asyncio.sleep(0.3)
    raw = await closed
    assert raw.startswith(b"HTTP/1.1 408 ")
    assert time.monotonic() - started < 2.5
    writer.close()


async def test_a_silent_connection_is_closed(edge: Server) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port_of(edge))
    raw = await read_until_closed(reader, timeout=3)  # nothing sent at all
    assert raw.startswith(b"HTTP/1.1 408 ")
    writer.close()


async def test_a_stalled_body_is_cut_off(edge: Server) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port_of(edge))
    writer.write(
        b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n{"
    )
    await writer.drain()
    started = time.monotonic()
    await read_until_closed(reader, timeout=4)
    assert 0.8 < time.monotonic() - started < 3
    writer.close()


async def test_an_idle_kept_alive_connection_is_closed_and_a_busy_one_is_not(
    edge: Server,
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port_of(edge))
    for _ in range(3):  # three requests 0.5 s apart on one connection: all answered
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        await writer.drain()
        head = await read_response_head(reader, timeout=2)
        assert head.startswith(b"HTTP/1.1 200 ")
        length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
        await reader.readexactly(length)
        await asyncio.sleep(0.5)
    started = time.monotonic()
    assert await read_until_closed(reader, timeout=3) == b""
    assert time.monotonic() - started < 2
    writer.close()


def test_the_workers_get_the_edge_protocol_by_name_and_its_timeouts_from_the_environment() -> None:
    # `serve --workers N` sends uvicorn's config to other processes: the
    # protocol must be named by import path (a run-time class cannot be
    # pickled), its timeouts read from the environment there.
    from uvicorn.importer import import_from_string

    from causerie.transport.limits import EDGE_PROTOCOL_PATH, EdgeHttpProtocol

    assert import_from_string(EDGE_PROTOCOL_PATH) is EdgeHttpProtocol
    code = (
        "from causerie.transport.limits import EdgeHttpProtocol as P;"
        "print(P.HEADER_TIMEOUT, P.BODY_IDLE_TIMEOUT)"
    )
    env = {**os.environ, "CAUSERIE_HEADER_TIMEOUT_SECONDS": "3.5",
           "CAUSERIE_BODY_IDLE_TIMEOUT_SECONDS": "7"}  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["3.5", "7.0"], out.stderr
