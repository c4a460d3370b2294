"""Ports and probes for the services tests start (servers, moto, nginx)."""

from __future__ import annotations

import socket
import subprocess
import time


def free_port() -> int:
    """A loopback port nobody listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
