"""The markdown table ``bench/run_realtime.py`` prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

HEADER = (
    "| run | server | N | phase | msg/s | deliveries/s | × websockets relay | × raw relay "
    "| delivery p50 / p99 ms | ack p50 / p99 ms | lost / dup | server CPU | server peak RSS "
    "| server CPU µs / delivery | generator CPU | load |"
)


@dataclass
class Row:
    run: str
    server: str
    members: str
    phase: str = ""
    report: dict[str, Any] | None = None
    phase_report: dict[str, Any] | None = None
    ratio_ws: float | None = None
    ratio_raw: float | None = None
    cpu_ratio_ws: float | None = None
    cpu_ratio_raw: float | None = None
    """The same ratios by server CPU time per delivery (relay's / Causerie's)."""
    load: str = ""
    note: str = ""


def _num(value: Any, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and digits:
        return f"{value:,.{digits}f}"
    return f"{round(value):,}"


def _pair(a: Any, b: Any) -> str:
    def one(v: Any) -> str:
        if v is None:
            return "–"
        return f"{v:,.1f}" if v < 100 else f"{v:,.0f}"

    return f"{one(a)} / {one(b)}"


def _mib(value: Any) -> str:
    return "–" if value is None else f"{value / 2**20:,.0f} MiB"


def _pct(value: Any) -> str:
    return "–" if value is None else f"{value:.0f} %"


def _ratio(by_rate: float | None, by_cpu: float | None) -> str:
    if by_rate is None:
        return "–"
    text = f"{by_rate:.2f}"
    return text if by_cpu is None else f"{text} (CPU {by_cpu:.2f})"


def cpu_per_delivery(p: dict[str, Any]) -> float | None:
    cpu, deliveries = p.get("server_cpu_s"), p.get("deliveries")
    if not cpu or not deliveries:
        return None
    return float(cpu) / float(deliveries)


def _per_delivery(p: dict[str, Any]) -> str:
    """Server CPU time per delivery: on a shared machine, where a server gets
    only part of its core, this is steadier than deliveries/s."""
    value = cpu_per_delivery(p)
    return "–" if value is None else f"{value * 1e6:,.1f}"


def render(rows: list[Row]) -> str:
    lines = [HEADER, "|" + "---|" * HEADER.count(" | ") + "---|"]
    for row in rows:
        r, p = row.report or {}, row.phase_report or {}
        if row.note:
            cells = [row.run, row.server, row.members, row.phase, row.note] + [""] * 10 + [row.load]
        else:
            lost = r.get("lost")
            dup = r.get("duplicated")
            integrity = f"{_num(lost)} / {_num(dup)}"
            if not p.get("drained", True):
                integrity += (
                    f" ⚠ not drained after the phase: {_num(p.get('unacked_sends'))} sends "
                    f"unacked, {_num(p.get('outstanding_deliveries'))} deliveries to go"
                )
            closed = sum(r.get("closed_by_server", {}).values())
            if closed:
                integrity += f" ⚠ {closed} closed by the server"
            if r.get("ack_gaps") or r.get("ack_duplicates"):
                integrity += " ⚠ ack seqs not gapless"
            cells = [
                row.run,
                row.server,
                row.members,
                row.phase,
                _num(p.get("messages_per_s")),
                _num(p.get("deliveries_per_s")),
                _ratio(row.ratio_ws, row.cpu_ratio_ws),
                _ratio(row.ratio_raw, row.cpu_ratio_raw),
                ("" if p.get("drained", True) else "≥ ")
                + _pair(p.get("delivery_p50_ms"), p.get("delivery_p99_ms")),
                _pair(p.get("ack_p50_ms"), p.get("ack_p99_ms")),
                integrity,
                _pct(p.get("server_cpu_pct")),
                _mib(r.get("server_peak_rss")),
                _per_delivery(p),
                _pct(p.get("generator_cpu_pct")),
                row.load,
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def idle_line(report: dict[str, Any]) -> str:
    idle = report.get("idle", {})
    per = idle.get("bytes_per_connection")
    return (
        f"idle connections: {idle.get('alive', 0):,} open and joined ({idle.get('joined', 0):,}"
        f" joins) of {idle.get('target', 0):,} tried in {idle.get('open_seconds')} s; "
        f"server RSS {_mib(idle.get('server_rss_before'))} → {_mib(idle.get('server_rss_after'))}"
        f" (peak {_mib(idle.get('server_peak_rss'))}), "
        f"{'–' if per is None else f'{per / 1024:,.1f} KiB'} per connection; "
        f"errors {idle.get('errors') or 'none'}"
    )
