"""Percentiles and server process figures."""

from __future__ import annotations

import math
import time
from array import array
from dataclasses import dataclass
from pathlib import Path

import psutil  # type: ignore[import-untyped]  # no stubs installed

MAX_SAMPLES = 4_000_000
"""Latency samples kept per phase (32 MB of doubles); later ones are dropped."""


class Samples:
    """Latency samples in seconds, bounded in memory."""

    def __init__(self) -> None:
        self.values = array("d")
        self.dropped = 0

    def add(self, value: float) -> None:
        if len(self.values) < MAX_SAMPLES:
            self.values.append(value)
        else:
            self.dropped += 1

    def percentiles_ms(self, *points: float) -> list[float | None]:
        """Nearest-rank percentiles in milliseconds (None without samples)."""
        ordered = sorted(self.values)
        if not ordered:
            return [None for _ in points]
        out: list[float | None] = []
        for p in points:
            rank = max(1, math.ceil(p / 100 * len(ordered)))
            out.append(round(ordered[rank - 1] * 1000, 2))
        return out


def peak_rss_bytes(pid: int) -> int | None:
    """The kernel's high-water mark of the process's resident set (VmHWM)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


@dataclass
class ProcessSample:
    cpu_seconds: float
    wall: float
    rss: int


class ServerProbe:
    """CPU time and memory of the server processes under test."""

    def __init__(self, pids: list[int]) -> None:
        self.processes = [psutil.Process(pid) for pid in pids]

    def sample(self) -> ProcessSample:
        cpu = 0.0
        rss = 0
        for proc in self.processes:
            times = proc.cpu_times()
            cpu += times.user + times.system
            rss += proc.memory_info().rss
        return ProcessSample(cpu, time.perf_counter(), rss)

    def peak_rss(self) -> int | None:
        peaks = [peak_rss_bytes(p.pid) for p in self.processes]
        if any(p is None for p in peaks):
            return None
        return sum(p for p in peaks if p is not None)
