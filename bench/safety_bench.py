"""Speed of the safety layer on one core.

    .venv/bin/python bench/safety_bench.py [--seconds 3] [--no-model]

CPU time of this thread is measured (wall time is noisy on a shared
machine). Prints p50/p99 per message and messages/s for

- the filter alone (``default_filter().check``) on a mix of typical chat
  messages (a teen's new account: every check runs), and on the send-path
  benchmark's 64-byte texts (``bench/send_path_bench.py``: letters-only
  tags and a French sentence) from an adult guest's new account;
- the whole per-message pipeline as the server runs it: the filter, then the
  conversation scorer's ``add_message`` + ``assess`` on the same message;
- the same pipeline on the training corpus's labelled messages
  (``eval/corpus/train``: real-style chat, longer and messier than the mix;
  its p99 is the one the issue's 1 ms goal is judged on);
- the scorer's per-message cost (``add_message`` + ``assess``) at
  conversation lengths 10, 100, 1,000 and 10,000, p50 and p99 (it must stay
  flat);
- the filter on the 64-byte chat texts with ``--gap`` ms of sleep before each
  message (default 10: the steady phase of ``run_realtime.py``, 100 msg/s):
  a message that arrives after the core has idled costs several times the
  back-to-back figure on this machine (caches and the CPU's state are cold),
  which is why the steady phase's CPU per message is far above the burst's.

Every measured message is made unique (a counter is appended) so that no
cache keyed by the text (the learned layer keeps its last predictions so
that the scorer reuses the filter's) serves a message twice: the figures are
those of a message seen for the first time. ``--no-model`` runs the rules
alone (the figures "before" the learned layer).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.loadgen.scenario import letters

from causerie.safety import model as learned
from causerie.safety.pipeline import SenderContext, default_filter
from causerie.safety.scorer import ConversationScorer, Participant

MESSAGES = [
    "salut ça va ?",
    "t'as vu le match hier soir ? incroyable la fin",
    "on se retrouve au ciné samedi avec les autres",
    "hey how are you doing today?",
    "lol that's so funny 😂",
    "je vais te tuer au prochain match mdr",
    "appelle moi au 06 12 34 56 78",
    "ajoute moi sur snap: lea_2009",
    "did you finish the chemistry homework? question 3 was hard",
    "Bonjour à tous, quelqu'un connaît un bon resto à Lyon près de la gare Part-Dieu ?",
    "zéro six douze trente-quatre cinquante-six soixante-dix-huit",
    "va voir www.exemple.com",
    "c'est trop bien, merci beaucoup pour ton aide hier, vraiment",
    "t'as quel âge ?",
    "ok",
]


# The send-path benchmark's texts: a letters-only tag, then this, cut at 64 bytes.
_FILLER = "salut tout le monde, on se retrouve ce soir au parc ou pas ? "


def chat_text(i: int, size: int = 64) -> str:
    """The ``i``-th text of ``bench/send_path_bench.py`` (unique, no digits)."""
    return (f"{letters(i % 10)} {letters(i)} " + _FILLER * 4)[:size]


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(int(len(ordered) * q), len(ordered) - 1)]


def _report(name: str, samples: list[float]) -> None:
    samples.sort()
    total_s = sum(samples) / 1e6
    print(f"{name}: {len(samples)} messages")
    print(f"  p50 {statistics.median(samples):8.1f} µs")
    print(f"  p99 {_percentile(samples, 0.99):8.1f} µs")
    print(f"  max {samples[-1]:8.1f} µs")
    print(f"  throughput {len(samples) / total_s:,.0f} messages/s (one core)")


def _mix_text(i: int) -> str:
    return f"{MESSAGES[i % len(MESSAGES)]} {i}"


_CORPUS = Path(__file__).resolve().parents[1] / "eval" / "corpus" / "train"


@cache
def _corpus_texts() -> tuple[str, ...]:
    """The training split's labelled messages (eval/corpus/train), in a fixed
    shuffled order: real-style chat from 100+ authors, longer and messier
    than ``MESSAGES`` (a median of 81 characters against 29), with
    numbers, handles, links and quotes where the mix has few. The p99 of
    the pipeline is set by these."""
    texts = [
        json.loads(line)["text"]
        for path in sorted(_CORPUS.glob("*/messages.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    random.Random(12).shuffle(texts)
    return tuple(texts)


def corpus_text(i: int) -> str:
    """The ``i``-th corpus message, made unique by a letters-only tag (a
    digit would send every message down the phone finder's slow path)."""
    texts = _corpus_texts()
    return f"{texts[i % len(texts)]} {letters(i)}"


def _measure(
    seconds: float,
    step: Callable[[str], None],
    text_of: Callable[[int], str] = _mix_text,
    gap_s: float = 0.0,
) -> list[float]:
    for text in MESSAGES:  # warm caches (data files, automaton, model)
        step(text)
    samples: list[float] = []
    deadline = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < deadline:
        text = text_of(i)
        if gap_s:
            time.sleep(gap_s)
        start = time.thread_time_ns()
        step(text)
        samples.append((time.thread_time_ns() - start) / 1000)
        i += 1
    return samples


def bench_filter(seconds: float) -> None:
    flt = default_filter()
    ctx = SenderContext("teen", trust_level=0, account_age_days=1.0)

    def step(text: str) -> None:
        flt.check(text, ctx)

    _report("filter", _measure(seconds, step))


def bench_filter_chat(seconds: float) -> None:
    flt = default_filter()
    # An adult guest just signed up, as in the send-path benchmark: the
    # link and personal-data checks run too.
    ctx = SenderContext("adult", trust_level=0, account_age_days=0.0)

    def step(text: str) -> None:
        flt.check(text, ctx)

    _report("filter, 64-byte chat texts", _measure(seconds, step, chat_text))


def bench_filter_after_idle(seconds: float, gap_ms: float) -> None:
    flt = default_filter()
    ctx = SenderContext("adult", trust_level=0, account_age_days=0.0)

    def step(text: str) -> None:
        flt.check(text, ctx)

    samples = _measure(seconds, step, chat_text, gap_s=gap_ms / 1000)
    _report(f"filter, 64-byte chat texts, {gap_ms:g} ms idle before each", samples)


def bench_pipeline(
    seconds: float, text_of: Callable[[int], str] = _mix_text, what: str = ""
) -> None:
    flt = default_filter()
    ctx = SenderContext("teen", trust_level=0, account_age_days=1.0)
    scorer = ConversationScorer()
    state = scorer.start([Participant("a", 30), Participant("b", 15)])

    def step(text: str) -> None:
        nonlocal state
        flt.check(text, ctx)
        state, _ = scorer.add_message(state, "a", text)
        scorer.assess(state)

    _report(f"pipeline (filter + scorer, one message){what}", _measure(seconds, step, text_of))


def bench_scorer() -> None:
    scorer = ConversationScorer()
    state = scorer.start([Participant("a", 30), Participant("b", 15)])
    print("scorer: µs per add_message + assess at conversation length L (messages L..L+w)")
    done = 0
    for checkpoint in (10, 100, 1_000, 10_000):
        while done < checkpoint:
            state, _ = scorer.add_message(state, "ab"[done % 2], _mix_text(done))
            done += 1
        samples = []
        for _ in range(min(checkpoint, 200)):
            text = _mix_text(done)
            start = time.thread_time_ns()
            state, _ = scorer.add_message(state, "ab"[done % 2], text)
            scorer.assess(state)
            samples.append((time.thread_time_ns() - start) / 1000)
            done += 1
        print(
            f"  L = {checkpoint:>6} (w = {len(samples):>3}): mean {statistics.fmean(samples):7.1f}"
            f"  p50 {statistics.median(samples):7.1f}  p99 {_percentile(samples, 0.99):7.1f} µs"
        )
    print(f"  state: {len(state.counts)} (sender, signal) entries after {done} messages")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--no-model", action="store_true", help="rules only (the 'before')")
    parser.add_argument(
        "--gap", type=float, default=10.0, help="ms idle before each message (0: skip that run)"
    )
    args = parser.parse_args()
    if args.no_model:
        learned.ENABLED = False
    print("learned layer:", "off" if args.no_model else "on")
    bench_filter(args.seconds)
    bench_filter_chat(args.seconds)
    bench_pipeline(args.seconds)
    bench_pipeline(args.seconds, corpus_text, ", the training corpus's messages")
    bench_scorer()
    if args.gap:
        bench_filter_after_idle(args.seconds, args.gap)


if __name__ == "__main__":
    main()
