"""Measure the conversation gate honestly: nested leave-group-out.

    .venv/bin/python eval/gate_eval.py [--folds 6] [--cache DIR]

Rows as ``eval/train_gate.py`` builds them (every prefix, the learned
layer's probabilities out of fold). For each group of authors g, a gate is
trained on the other groups only, its thresholds chosen on those groups'
own out-of-fold probabilities (an inner leave-group-out), then applied to
g: every figure below is of authors neither the per-message model nor the
gate nor its thresholds read. Printed: before (the rules' level alone) and
after, P / R (all, fr, en), flagged within one message, recall per
category, hard negatives flagged per look-alike category, and two threshold
curves (the rules' ``medium`` threshold M; the gate's ``agree``). Never
reads ``eval/corpus/test``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_gate import (
    SEED_CRIMES,
    Bands,
    Conv,
    choose,
    first_flags,
    fit,
    load,
    oof_probabilities,
    probabilities,
    rule_flags,
    scores,
)


def gate_unread_crimes(convs: list[Conv]) -> list[Conv]:
    """Session 26's experiment, left off: a seed crime the rules read but
    the learned layer never read from the suspect is no longer protected
    from the gate (``Conv.why``, ``Conv.model_agrees``)."""
    out = []
    for c in convs:
        if c.why is None or c.model_agrees is None:
            raise SystemExit("rows without protection reasons: run eval/train_gate.py again")
        unread = np.isin(c.why, sorted(SEED_CRIMES)) & ~c.model_agrees
        out.append(replace(c, protected=c.protected & ~unread))
    return out


def nested(convs: list[Conv], per_band: bool) -> tuple[list[np.ndarray], dict[int, Bands]]:
    """Outer probabilities and each outer group's chosen thresholds."""
    probs: list[np.ndarray] = [np.empty(0)] * len(convs)
    chosen = {}
    for group in sorted({c.group for c in convs}):
        inner = [c for c in convs if c.group != group]
        chosen[group], _ = choose(inner, oof_probabilities(inner), per_band)
        coef, bias = fit(inner)
        held = [i for i, c in enumerate(convs) if c.group == group]
        for i, p in zip(held, probabilities([convs[i] for i in held], coef, bias), strict=True):
            probs[i] = p
    return probs, chosen


def nested_flags(
    convs: list[Conv], probs: list[np.ndarray], chosen: dict[int, Bands]
) -> list[int | None]:
    flags: list[int | None] = [None] * len(convs)
    for group, bands in chosen.items():
        idx = [i for i, c in enumerate(convs) if c.group == group]
        got = first_flags([convs[i] for i in idx], [probs[i] for i in idx], bands)
        for i, f in zip(idx, got, strict=True):
            flags[i] = f
    return flags


def line(s: dict[str, object]) -> str:
    return (
        f"P={s['p']:.3f} R={s['r']:.3f} fp={s['fp']} fn={s['fn']}"
        f" within1={s['within1']}/{s['risky']}"
    )


def breakdown(convs: list[Conv], flags: list[int | None]) -> list[str]:
    risky: dict[str, list[bool]] = defaultdict(list)
    benign: dict[str, list[bool]] = defaultdict(list)
    for c, f in zip(convs, flags, strict=True):
        (risky if c.conv.risky else benign)[c.conv.category].append(f is not None)
    out = ["  recall by category: " + ", ".join(
        f"{k} {sum(v)}/{len(v)}" for k, v in sorted(risky.items()))]  # fmt: skip
    out.append("  hard negatives flagged: " + ", ".join(
        f"{k} {sum(v)}/{len(v)}" for k, v in sorted(benign.items())))  # fmt: skip
    return out


def report(title: str, convs: list[Conv], flags: list[int | None]) -> None:
    s = scores(convs, flags)
    print(f"{title}: all {line(s['all'])}")
    print(f"  fr {line(s['fr'])}; en {line(s['en'])}")
    print(f"  a minor takes part {line(s['teen'])}; none {line(s['adult'])}")
    for text in breakdown(convs, flags):
        print(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=6)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "causerie-tune")
    parser.add_argument("--tune-folds", action="store_true")
    parser.add_argument(
        "--one-pair", action="store_true", help="one pair of thresholds for all (no teens' margin)"
    )
    parser.add_argument(
        "--gate-unread-crimes",
        action="store_true",
        help="let the gate weigh a seed crime only the rules read (an experiment, left off)",
    )
    args = parser.parse_args()
    convs = load(args.cache, args.folds, args.seed, args.tune_folds)
    if args.gate_unread_crimes:
        convs = gate_unread_crimes(convs)
    print(f"{len(convs)} conversations, {sum(c.conv.risky for c in convs)} risky")
    report("before (rules' level)", convs, rule_flags(convs))
    probs, chosen = nested(convs, not args.one_pair)
    print("thresholds chosen per outer group (teen, adult):")
    for group, bands in chosen.items():
        print(f"  {group}: teen {bands.teen}, adult {bands.adult}")
    report("after (nested gate)", convs, nested_flags(convs, probs, chosen))
    print("curve: the rules' medium threshold M (no gate)")
    for m in (0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70):
        print(f"  M={m:.2f} {line(scores(convs, rule_flags(convs, m))['all'])}")
    alone = sorted(b.adult.alone for b in chosen.values())[len(chosen) // 2]
    print(f"curve: one agree threshold for all (outer probabilities, alone={alone})")
    for agree in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        flags = first_flags(convs, probs, Bands.one(agree, alone))
        print(f"  agree={agree:.1f} {line(scores(convs, flags)['all'])}")


if __name__ == "__main__":
    main()
