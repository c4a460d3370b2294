"""Start and stop the processes of a bench run: Causerie servers, the two
relays, the load generator — each pinned to a core with ``taskset``."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench"


def raise_fd_limit() -> tuple[int, int]:
    """Soft ``ulimit -n`` up to the hard limit (children inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pinned(core: int | None, command: list[str]) -> list[str]:
    """``taskset -c core command`` (taskset execs, so the pid stays the command's)."""
    if core is None or shutil.which("taskset") is None:
        return command
    return ["taskset", "-c", str(core), *command]


def machine_load() -> str:
    """1-minute load average and, when the kernel reports it, CPU pressure."""
    load = os.getloadavg()[0]
    text = f"{load:.2f}"
    with contextlib.suppress(OSError, IndexError, ValueError):
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
        text += f" (psi {float(line.split()[1].split('=')[1]):.0f}%)"
    return text


@dataclass
class Running:
    name: str
    proc: subprocess.Popen[bytes]
    base: str
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid


def _wait_ready(running: Running, seconds: float, http: bool) -> None:
    deadline = time.monotonic() + seconds
    port = int(running.base.rsplit(":", 1)[1])
    while time.monotonic() < deadline:
        if running.proc.poll() is not None:
            raise RuntimeError(
                f"{running.name} exited with {running.proc.returncode}; see {running.log}"
            )
        try:
            if http:
                if httpx.get(running.base + "/healthz", timeout=2).status_code == 200:
                    return
            else:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
        except (httpx.TransportError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{running.name} not ready after {seconds:.0f} s; see {running.log}")


def stop(running: Running) -> None:
    if running.proc.poll() is None:
        running.proc.terminate()
        try:
            running.proc.wait(15)
        except subprocess.TimeoutExpired:
            running.proc.kill()
            running.proc.wait(5)


@contextlib.contextmanager
def causerie(
    workdir: Path,
    core: int | None,
    *,
    name: str = "causerie",
    database_url: str | None = None,
    redis_url: str | None = None,
) -> Iterator[Running]:
    """``causerie serve --no-rate-limits`` on a free port, SQLite under ``workdir``
    unless ``database_url`` is given."""
    port = free_port()
    data_dir = workdir / name
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "causerie.cli.main", "serve", "--host", "127.0.0.1",
        "--port", str(port), "--data-dir", str(data_dir), "--no-rate-limits",
        "--log-level", "warning",
    ]  # fmt: skip
    if database_url:
        command += ["--database-url", database_url]
    if redis_url:
        command += ["--redis-url", redis_url]
    log = workdir / f"{name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(pinned(core, command), stdout=out, stderr=out, cwd=REPO)
    running = Running(name, proc, f"http://127.0.0.1:{port}", log)
    try:
        # Slow on a loaded machine: the filter's phrase index is built at start.
        _wait_ready(running, 240, http=True)
        yield running
    finally:
        stop(running)


@contextlib.contextmanager
def relay(script: str, workdir: Path, core: int | None) -> Iterator[Running]:
    """One of the bench relays (``relay_websockets.py`` or ``relay_raw.py``)."""
    port = free_port()
    command = [sys.executable, str(BENCH / script), "--port", str(port)]
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / f"{script}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(pinned(core, command), stdout=out, stderr=out, cwd=REPO)
    running = Running(script, proc, f"http://127.0.0.1:{port}", log)
    try:
        _wait_ready(running, 30, http=False)
        yield running
    finally:
        stop(running)


def generate(
    args: list[str], core: int | None, timeout: float, workdir: Path, label: str
) -> dict[str, Any]:
    """Run ``python -m bench.loadgen`` to completion; its JSON report.
    A failure is returned as ``{"error": ...}`` so the table still prints."""
    command = pinned(core, [sys.executable, "-m", "bench.loadgen", *args])
    errlog = workdir / f"loadgen-{label}.err"
    with errlog.open("wb") as err:
        try:
            done = subprocess.run(
                command, cwd=REPO, stdout=subprocess.PIPE, stderr=err, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            return {"error": f"load generator timed out after {timeout:.0f} s"}
    if done.returncode != 0:
        tail = errlog.read_text(errors="replace").strip().splitlines()[-1:]
        return {"error": f"load generator failed: {' '.join(tail)[:200]}"}
    result: dict[str, Any] = json.loads(done.stdout)
    return result
