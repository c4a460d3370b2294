"""Shared by the Redis-backed suites (imported by them, not a conftest):
unique key prefixes and a TCP proxy that can cut Redis off. The ``redis_url``
fixture is tests/conftest.py's; the clock is tests/support/clock.py."""

from __future__ import annotations

import asyncio
from uuid import uuid4


def unique_prefix(kind: str) -> str:
    """A key/channel prefix no other test (or test run) shares."""
    return f"causerie-test:{kind}:{uuid4().hex}"


class TcpProxy:
    """A TCP relay in front of Redis that a test can cut (Redis goes away),
    resume (Redis is back, same address) or freeze (connections stay open but
    nothing flows: a half-open network)."""

    def __init__(self, target_host: str = "127.0.0.1", target_port: int = 6379) -> None:
        self._target = (target_host, target_port)
        self._server: asyncio.Server | None = None
        self._pumps: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._gates: set[asyncio.Event] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        """Stop listening and drop every connection."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        writers = list(self._writers)
        for writer in writers:
            writer.close()
        for pump in list(self._pumps):
            pump.cancel()
        await asyncio.gather(*self._pumps, return_exceptions=True)
        # Closed for good before the test's loop ends: a writer left to the
        # garbage collector warns in whichever test runs next on the worker.
        async with asyncio.timeout(5):
            await asyncio.gather(*(w.wait_closed() for w in writers), return_exceptions=True)
        self._writers.clear()
        self._gates.clear()

    async def resume(self) -> None:
        await self.start()

    def freeze(self) -> None:
        """Keep the open connections open but forward nothing more on them
        (new connections work)."""
        for gate in self._gates:
            gate.clear()
        self._gates.clear()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self._target)
        except OSError:
            writer.close()
            await writer.wait_closed()
            return
        self._writers.update((writer, up_writer))
        gate = asyncio.Event()
        gate.set()
        self._gates.add(gate)
        for src, dst in ((reader, up_writer), (up_reader, writer)):
            pump = asyncio.create_task(self._pump(src, dst, gate))
            self._pumps.add(pump)
            pump.add_done_callback(self._pumps.discard)

    async def _pump(
        self, src: asyncio.StreamReader, dst: asyncio.StreamWriter, gate: asyncio.Event
    ) -> None:
        try:
            while data := await src.read(65536):
                await gate.wait()
                dst.write(data)
                await dst.drain()
        except OSError:
            pass
        finally:
            dst.close()
            self._writers.discard(dst)
