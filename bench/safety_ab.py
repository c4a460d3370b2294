"""Two versions of the safety layer, measured turn about on a shared machine.

    .venv/bin/python bench/safety_ab.py OLD_TREE NEW_TREE [--slices 16] [--per-slice 300]

On a machine shared with other work, runs of ``bench/safety_bench.py`` one
after the other do not separate a 20 % change (the load moves more than that
from one minute to the next). This runs the two trees in two processes
(each imports ``causerie`` from its own ``src``) and alternates slices of
messages between them, the order swapped every other slice, so that both see
the same load; each message's cost is the thread CPU time of the call (as in
``safety_bench``). Both processes get the same texts (``safety_bench``'s, made
unique by a counter). Printed per workload: p50/p99 of each tree over every
slice, and the median and range of the new/old ratio of slice medians.

Workloads (``safety_bench``'s):
- ``filter``: ``default_filter().check`` on the mix, a teen's new account;
- ``chat``: the filter on the send path's 64-byte texts, an adult guest;
- ``pipeline``: the filter, then the scorer's ``add_message`` + ``assess``;
- ``corpus``: the same pipeline on the training corpus's messages
  (``safety_bench.corpus_text``), real-style chat;
- ``scorer``: ``add_message`` + ``assess`` alone (its own scan and model),
  a conversation that keeps growing (past 10,000 messages over a long run).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]
WORKLOADS = ("filter", "chat", "pipeline", "corpus", "scorer")


def _worker() -> None:
    """Reads ``workload count`` lines, answers each with the samples (µs)."""
    sys.path.insert(1, str(HERE))
    from bench.safety_bench import MESSAGES, _mix_text, chat_text, corpus_text

    from causerie.safety.pipeline import SenderContext, default_filter
    from causerie.safety.scorer import ConversationScorer, Participant

    flt = default_filter()
    teen = SenderContext("teen", trust_level=0, account_age_days=1.0)
    guest = SenderContext("adult", trust_level=0, account_age_days=0.0)
    scorer = ConversationScorer()
    people = [Participant("a", 30), Participant("b", 15)]
    states = {name: scorer.start(people) for name in ("pipeline", "corpus", "scorer")}
    for text in MESSAGES:  # warm caches (data files, automaton, model)
        flt.check(text, teen)
    done = dict.fromkeys(WORKLOADS, 0)

    def step(workload: str, i: int) -> None:
        if workload == "filter":
            flt.check(_mix_text(i), teen)
        elif workload == "chat":
            flt.check(chat_text(i), guest)
        else:
            text = corpus_text(i) if workload == "corpus" else _mix_text(i)
            if workload in ("pipeline", "corpus"):
                flt.check(text, teen)
            states[workload], _ = scorer.add_message(states[workload], "ab"[i % 2], text)
            scorer.assess(states[workload])

    # The texts are made before the clock starts: their formatting is not the
    # safety layer's cost.
    print("ready", flush=True)
    for line in sys.stdin:
        workload, count = line.split()
        samples = []
        clock = time.thread_time_ns
        for _ in range(int(count)):
            i = done[workload]
            done[workload] += 1
            start = clock()
            step(workload, i)
            samples.append((clock() - start) / 1000)
        print(json.dumps(samples), flush=True)


def _start(tree: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(tree / "src"))
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--worker"],
        cwd=tree,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "ready":
        raise SystemExit(f"the worker for {tree} did not start")
    return proc


def _ask(proc: subprocess.Popen[str], workload: str, count: int) -> list[float]:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(f"{workload} {count}\n")
    proc.stdin.flush()
    samples: list[float] = json.loads(proc.stdout.readline())
    return samples


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(int(len(ordered) * q), len(ordered) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("old", type=Path, nargs="?")
    parser.add_argument("new", type=Path, nargs="?")
    parser.add_argument("--slices", type=int, default=16)
    parser.add_argument("--per-slice", type=int, default=300)
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker()
        return
    if args.old is None or args.new is None:
        parser.error("OLD and NEW trees are needed")
    procs = {"old": _start(args.old.resolve()), "new": _start(args.new.resolve())}
    print(f"load average at start: {os.getloadavg()}")
    for workload in args.workloads.split(","):
        got: dict[str, list[float]] = {"old": [], "new": []}
        ratios: list[float] = []
        for k in range(args.slices):
            order = ("old", "new") if k % 2 == 0 else ("new", "old")
            medians: dict[str, float] = {}
            for side in order:
                samples = _ask(procs[side], workload, args.per_slice)
                got[side] += samples
                medians[side] = statistics.median(samples)
            ratios.append(medians["new"] / medians["old"])
        row: dict[str, Any] = {
            side: f"p50 {statistics.median(s):7.1f}  p99 {_pct(s, 0.99):7.1f} µs"
            for side, s in got.items()
        }
        print(
            f"{workload:9s} old {row['old']} | new {row['new']} | new/old per slice: median "
            f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})",
            flush=True,
        )
    print(f"load average at end: {os.getloadavg()}")
    for proc in procs.values():
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()


if __name__ == "__main__":
    main()
