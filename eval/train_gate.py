"""Train the conversation gate (``make train``, after ``eval/train.py``).

    .venv/bin/python eval/train_gate.py [--dry-run] [--folds 6] [--cache DIR]

The gate (``causerie.safety.gate``) is a logistic regression over features
of the scorer's state after each message. Its training rows are every
prefix of every conversation of the training split's independent authors:
a prefix of a risky conversation is positive from its first worrying
message on, negative before; every prefix of a benign one is negative.
The features must look like the ones the gate will see on text nobody
trained on, so the learned layer's probabilities come from out-of-fold
models: ``eval/tune.py``'s folds (``--folds 6`` round-robin groups of
authors, each model trained without its group, cached under ``--cache``),
the scorer run with each fold's model on its held-out authors. (The legacy
``eval/dev`` conversations are never held out by a fold: they are not rows.)

Thresholds: ``agree`` (confirms the rules' ``medium``) and ``alone``
(medium on the gate's word): one pair is chosen on the gate's own out-of-fold
probabilities (a gate per group of authors, trained on the others'), as
the pair with the best conversation precision whose recall keeps
``RECALL_FLOOR`` (overall and where a minor takes part) and
``SEED_RECALL_FLOOR`` (recruitment and sextortion), and whose flags within
one message of the first worrying one keep ``EARLY_FLOOR``; the teens' pair
is that pair with ``agree`` lowered by ``TEEN_MARGIN`` (where someone
declared or stated an age under 18, ``gate.minor_takes_part``). The
shipped gate is then fitted on every row and written
to ``src/causerie/safety/model/gate.json`` with its SHA-256; its section of
``MODEL_CARD.md`` is rewritten. ``eval/corpus/test`` is never read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import LabelledConversation
from gate_folds import install, light_folds
from run import _participants
from train import MODEL_DIR
from tune import ROOT, Fold, configure, load_folds

from causerie.safety import gate
from causerie.safety.scorer import ConversationScorer, crimes_of

C = 0.3
SEED = 12
RECALL_FLOOR = 0.90
# Session 18: the share of risky conversations flagged within one message of
# the first worrying one must keep this floor too (the early
# detection). The gate chosen on precision alone (agree 0.8) confirmed the
# rules late: on the thirteen authors neither it nor the model had read
# (bm..by, 594 risky conversations), agree 0.8 gave P 0.904 R 0.891 and 63.5 %
# within one message; 0.7 gave P 0.876 R 0.928 and 71.0 %; 0.6 P 0.849 R 0.939
# and 74.6 %. A flag sends a conversation to a moderator; it blocks nothing.
EARLY_FLOOR = 0.75
# Session 26: the seed's crimes (recruitment, sextortion) keep their own
# recall floor, whatever precision a pair buys.
SEED_RECALL_FLOOR = 0.95
SEED_CRIMES = frozenset({"recruitment", "sextortion"})
# Session 26 (the issue: "teens get the more sensitive one"): where a minor
# takes part, the gate confirms the rules' medium this much lower. A joint
# search of both pairs on precision raised the adults' instead (nested:
# P 0.913 -> 0.914, adults' recall 0.924 -> 0.909, 10 recruitments of 698
# lost); lowering the teens' agree, nested: 0.04 / 0.06 / 0.10 gave teens'
# misses 123 -> 111 / 101 / 89 for their false alarms 201 -> 218 / 227 / 256,
# adults unchanged (eval/README.md, session 26).
TEEN_MARGIN = 0.06
AGREE_GRID = tuple(round(0.02 * i, 2) for i in range(1, 50))
ALONE_GRID = (2.0, 0.99, 0.97, 0.95, 0.9, 0.85)  # 2.0: never alone
CARD_MARK = "\n## Conversation gate"


@dataclass(slots=True)
class Conv:
    """One conversation's prefixes: features, the rules' flag, never gated."""

    conv: LabelledConversation
    group: int
    x: np.ndarray  # prefixes x features
    rule: np.ndarray  # the rules' level is medium or high
    protected: np.ndarray  # flagged and never gated
    label: np.ndarray  # positive prefix
    minor: np.ndarray  # someone declared or stated an age under 18 (the band)
    # Experiment only (session 26, eval/README.md "gating the seed crimes"):
    # why a flagged prefix is never gated ("" when it is not), and whether
    # the learned layer read that crime from the suspect too. The gate
    # never reads them.
    why: np.ndarray | None = None
    model_agrees: np.ndarray | None = None


def rows_of(conv: LabelledConversation, group: int) -> Conv:
    """Score every prefix with the gate off (the rules' level) and read its
    features as the gate would."""
    scorer = ConversationScorer()
    state = scorer.start(_participants(conv), conv.room_kind)
    xs, rule, prot, label, minor, why, agrees = [], [], [], [], [], [], []
    zeros = [0.0] * len(gate.FEATURES)
    for index, message in enumerate(conv.messages):
        state, _ = scorer.add_message(state, message["from"], message["text"])
        found = scorer.assess(state)
        flagged = found.level in gate.FLAGGED
        view = scorer.view(state, found.suspect_id)
        xs.append(
            gate.features(view, state, found, state.sender_scores) if found.suspect_id else zeros
        )
        rule.append(flagged)
        minor.append(gate.minor_takes_part(state))
        reason = gate.protected(view, found, crimes_of(found)) if flagged else None
        prot.append(reason is not None)
        why.append(reason or "")
        agrees.append(reason is not None and f"model_{reason}" in view.signals)
        worrying = conv.first_worrying if conv.first_worrying is not None else 0
        label.append(conv.risky and index >= worrying)
    return Conv(
        conv, group, np.asarray(xs), np.asarray(rule), np.asarray(prot), np.asarray(label),
        np.asarray(minor), np.asarray(why), np.asarray(agrees),
    )  # fmt: skip


def collect(folds: list[Fold], groups: dict[str, int], light: bool) -> list[Conv]:
    """Every held-out conversation's prefixes, each scored with the model
    of its own fold."""
    enabled, gate.ENABLED = gate.ENABLED, False
    try:
        out = []
        for fold in folds:
            if light:
                install(fold)
            else:
                configure(fold, {"teen": 0.85, "adult": 0.92}, {"teen": 0.6, "adult": 0.7}, 1.5)
            out += [rows_of(c, groups[fold.author]) for c in fold.conversations]
        return out
    finally:
        gate.ENABLED = enabled


def fit(convs: list[Conv]) -> tuple[np.ndarray, float]:
    """Coefficients on the raw features (standardisation folded in) and bias."""
    x = np.concatenate([c.x for c in convs])
    y = np.concatenate([c.label for c in convs])
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=SEED)
    model.fit((x - mean) / std, y)
    coef = model.coef_[0] / std
    bias = float(model.intercept_[0] - (coef * mean).sum())
    return coef, bias


def probabilities(convs: list[Conv], coef: np.ndarray, bias: float) -> list[np.ndarray]:
    return [1.0 / (1.0 + np.exp(-np.clip(c.x @ coef + bias, -50, 50))) for c in convs]


@dataclass(frozen=True, slots=True)
class Bands:
    """The gate's thresholds where a minor takes part (``teen``) and not."""

    teen: gate.Thresholds
    adult: gate.Thresholds

    @classmethod
    def one(cls, agree: float, alone: float) -> Bands:
        return cls(gate.Thresholds(agree, alone), gate.Thresholds(agree, alone))

    def at(self, minor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each prefix's (agree, alone): the band can change within a
        conversation (an age stated on the way)."""
        agree = np.where(minor, self.teen.agree, self.adult.agree)
        return agree, np.where(minor, self.teen.alone, self.adult.alone)


def first_flags(convs: list[Conv], probs: list[np.ndarray], bands: Bands) -> list[int | None]:
    """The first flagged prefix of each conversation with the gate."""
    out = []
    for c, p in zip(convs, probs, strict=True):
        agree, alone = bands.at(c.minor)
        flag = c.protected | (c.rule & (p >= agree)) | (p >= alone)
        hits = np.flatnonzero(flag)
        out.append(int(hits[0]) if len(hits) else None)
    return out


def rule_flags(convs: list[Conv], at: float | None = None) -> list[int | None]:
    """The first flagged prefix of the rules alone (risk >= ``at``, or the
    scorer's own level when None)."""
    risk = gate.FEATURES.index("risk")
    out = []
    for c in convs:
        flag = c.rule if at is None else c.x[:, risk] >= at
        hits = np.flatnonzero(flag)
        out.append(int(hits[0]) if len(hits) else None)
    return out


def scores(convs: list[Conv], flags: list[int | None]) -> dict[str, Any]:
    """P / R / within one message, overall and per language."""
    out: dict[str, Any] = {}
    for key in ("all", "fr", "en", "teen", "adult"):
        pairs = [(c, f) for c, f in zip(convs, flags, strict=True) if key in ("all", c.conv.lang,
                 "teen" if c.minor.any() else "adult")]  # fmt: skip
        tp = sum(c.conv.risky and f is not None for c, f in pairs)
        fp = sum(not c.conv.risky and f is not None for c, f in pairs)
        fn = sum(c.conv.risky and f is None for c, f in pairs)
        within = sum(
            c.conv.risky and f is not None and f - (c.conv.first_worrying or 0) <= 1
            for c, f in pairs
        )
        out[key] = {
            "p": tp / max(tp + fp, 1), "r": tp / max(tp + fn, 1), "tp": tp, "fp": fp, "fn": fn,
            "within1": within, "risky": tp + fn,
        }  # fmt: skip
    return out


def oof_probabilities(convs: list[Conv]) -> list[np.ndarray]:
    """Each conversation's probabilities from a gate trained without its group."""
    probs: list[np.ndarray] = [np.empty(0)] * len(convs)
    for group in sorted({c.group for c in convs}):
        coef, bias = fit([c for c in convs if c.group != group])
        held = [i for i, c in enumerate(convs) if c.group == group]
        for i, p in zip(held, probabilities([convs[i] for i in held], coef, bias), strict=True):
            probs[i] = p
    return probs


class Stacked:
    """Every prefix of every conversation end to end, so that one pair of
    bands is tallied in a few array operations (the search tries 294 pairs,
    ``gate_eval`` six searches more)."""

    def __init__(self, convs: list[Conv], probs: list[np.ndarray]) -> None:
        lengths = [len(c.label) for c in convs]
        self.starts = np.cumsum([0, *lengths[:-1]])
        self.local = np.concatenate([np.arange(n) for n in lengths])
        self.p = np.concatenate(probs)
        self.rule = np.concatenate([c.rule for c in convs])
        self.protected = np.concatenate([c.protected for c in convs])
        self.minor = np.concatenate([c.minor for c in convs])
        self.risky = np.asarray([c.conv.risky for c in convs])
        self.worrying = np.asarray([c.conv.first_worrying or 0 for c in convs])
        self.teen = np.asarray([c.minor.any() for c in convs])
        self.seed = np.asarray([c.conv.category in SEED_CRIMES for c in convs])

    def tally(self, bands: Bands) -> tuple[int, ...]:
        """tp, fp, fn, flagged within one message, the teen band's tp, fn and
        the seed crimes' tp, fn."""
        agree, alone = bands.at(self.minor)
        flag = self.protected | (self.rule & (self.p >= agree)) | (self.p >= alone)
        never = len(self.local)
        first = np.minimum.reduceat(np.where(flag, self.local, never), self.starts)
        hit = first < never
        caught, missed = hit & self.risky, ~hit & self.risky
        return (int(caught.sum()), int((hit & ~self.risky).sum()), int(missed.sum()),
                int((caught & (first - self.worrying <= 1)).sum()),
                int((caught & self.teen).sum()), int((missed & self.teen).sum()),
                int((caught & self.seed).sum()), int((missed & self.seed).sum()))  # fmt: skip


def _key(counts: tuple[int, ...]) -> tuple[float, ...]:
    """Floors kept first, then precision (F1 when no pair keeps the recall floors)."""
    tp, fp, fn, within, teen_tp, teen_fn, seed_tp, seed_fn = counts
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    f1 = 2 * p * r / max(p + r, 1e-9)
    recall = (
        r >= RECALL_FLOOR
        and teen_tp >= RECALL_FLOOR * (teen_tp + teen_fn)
        and seed_tp >= SEED_RECALL_FLOOR * (seed_tp + seed_fn)
    )
    early = within >= EARLY_FLOOR * max(tp + fn, 1)
    return (float(recall and early), float(recall), p if recall else f1, r)


def choose(
    convs: list[Conv], probs: list[np.ndarray], per_band: bool = True
) -> tuple[Bands, dict[str, Any]]:
    """One (agree, alone) pair with the best precision at recall >= the
    floors (overall, where a minor takes part, the seed crimes') and early
    flags >= theirs; then, ``per_band``, the teens' ``agree`` lowered by
    ``TEEN_MARGIN`` (the adults' pair unchanged)."""
    stacked = Stacked(convs, probs)
    best: tuple[tuple[float, ...], Bands] | None = None
    for alone in ALONE_GRID:
        for agree in AGREE_GRID:
            bands = Bands.one(agree, alone)
            key = _key(stacked.tally(bands))
            if best is None or key > best[0]:
                best = (key, bands)
    assert best is not None
    bands = best[1]
    if per_band:
        teen = gate.Thresholds(
            round(max(bands.adult.agree - TEEN_MARGIN, 0.0), 2), bands.adult.alone
        )
        bands = Bands(teen, bands.adult)
    return bands, scores(convs, first_flags(convs, probs, bands))


def load(cache: Path, folds_k: int, seed: int, tune_folds: bool = False) -> list[Conv]:
    """The rows, cached beside the folds by what they depend on: the
    folds, the safety package's code and data (the model's files aside:
    a fold replaces them)."""
    folds = (
        load_folds(cache, seed, None, groups_of=folds_k)
        if tune_folds
        else light_folds(cache, seed, folds_k)
    )
    digest = hashlib.sha256(f"{tune_folds} {folds_k} {seed}".encode())
    for fold in folds:
        digest.update(fold.blob)
        digest.update(json.dumps(fold.meta, sort_keys=True).encode())
    digest.update(Path(__file__).read_bytes())  # ``rows_of`` is this file's
    safety = ROOT / "src" / "causerie" / "safety"
    for path in sorted(safety.rglob("*")):
        if (path.is_file() and path.suffix in (".py", ".txt", ".tsv")) or path.name == "model.json":
            digest.update(path.read_bytes())
    rows = cache / f"gate-rows-{digest.hexdigest()[:16]}.pkl"
    if rows.is_file():
        return pickle.loads(rows.read_bytes())  # type: ignore[no-any-return]  # noqa: S301
    authors = sorted({f.author for f in folds})
    groups = {a: i % folds_k for i, a in enumerate(authors)}
    out = collect(folds, groups, not tune_folds)
    rows.write_bytes(pickle.dumps(out))
    return out


def card_section(body: dict[str, Any]) -> str:
    t = body["training"]
    teen = body["teen_thresholds"]

    def band(name: str) -> str:
        b = t["oof_by_band"][name]
        return f"P {b['p']:.3f} R {b['r']:.3f} ({b['tp']}, {b['fp']}, {b['fn']})"

    lines = [
        CARD_MARK.strip(),
        "",
        "Written by `eval/train_gate.py` (`make train`). A logistic regression over"
        f" {len(body['features'])} features of the conversation scorer's state after each"
        " message (`causerie/safety/gate.py`), trained on every prefix of the training split's"
        f" {t['conversations']} conversations of independent authors ({t['prefixes']} prefixes,"
        f" {t['positives']} positive: from the first worrying message on). The learned layer's"
        f" probabilities in its features are out of fold ({t['folds']} groups of authors, each"
        " scored by a model that never read it). scikit-learn lbfgs, balanced class weights,"
        f" C={body['training']['C']}; `gate.json` has SHA-256 `{body['sha256']}`, checked at load.",
        "",
        f"- `agree` = {body['thresholds']['agree']} ({teen['agree']} where someone known to be"
        " under 18 takes part): the rules' `medium` stands only at or above this probability;"
        " below, the level is `low` and its reasons give the probability.",
        f"- `alone` = {body['thresholds']['alone']} ({teen['alone']} with a minor): medium on the"
        " gate's word alone (above 1: never).",
        "- Never gated: recruitment and sextortion, an adult with a minor and sexual or grooming"
        " signals, a rule's threat of violence that no frame excuses, a minor's own contact"
        " details.",
        f"- Out-of-fold (gate per group of authors), thresholds chosen there: P {t['oof']['p']:.3f}"
        f" R {t['oof']['r']:.3f}, within one message {t['oof']['within1']}/{t['oof']['risky']}"
        f" (rules alone: P {t['rules']['p']:.3f} R {t['rules']['r']:.3f}); with a minor"
        f" {band('teen')}, without {band('adult')}. Nested figures: eval/README.md.",
        "",
    ]
    return "\n".join(lines)


def write(body: dict[str, Any]) -> None:
    (MODEL_DIR / "gate.json").write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
    card = MODEL_DIR / "MODEL_CARD.md"
    text = card.read_text(encoding="utf-8")
    text = text.split(CARD_MARK)[0].rstrip("\n") + "\n\n" + card_section(body)
    card.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=6)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "causerie-tune")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument(
        "--tune-folds", action="store_true", help="eval/tune.py's folds, not the light ones"
    )
    args = parser.parse_args()
    convs = load(args.cache, args.folds, args.seed, args.tune_folds)
    probs = oof_probabilities(convs)
    bands, oof = choose(convs, probs)
    rules = scores(convs, rule_flags(convs))["all"]
    print(f"out of fold: {bands}: {oof}; rules alone: {rules}")
    coef, bias = fit(convs)
    from causerie.safety.model import shipped_model

    body: dict[str, Any] = {
        "format": gate.FORMAT,
        "features": list(gate.FEATURES),
        "coefficients": [round(float(w), 6) for w in coef],
        "bias": round(bias, 6),
        "thresholds": {"agree": bands.adult.agree, "alone": bands.adult.alone},
        "teen_thresholds": {"agree": bands.teen.agree, "alone": bands.teen.alone},
        "categories": list(shipped_model().categories),
        "training": {
            "C": C,
            "folds": args.folds,
            "seed": args.seed,
            "recall_floor": RECALL_FLOOR,
            "seed_recall_floor": SEED_RECALL_FLOOR,
            "early_floor": EARLY_FLOOR,
            "conversations": len(convs),
            "prefixes": int(sum(len(c.label) for c in convs)),
            "positives": int(sum(c.label.sum() for c in convs)),
            "oof": oof["all"],
            "oof_by_band": {band: oof[band] for band in ("teen", "adult")},
            "rules": rules,
        },
    }
    body["sha256"] = gate.digest(body)
    for name, w in sorted(zip(gate.FEATURES, coef, strict=True), key=lambda t: -abs(t[1]))[:12]:
        print(f"  {name:<28} {w:+.3f}")
    if not args.dry_run:
        write(body)
        print(f"wrote gate.json, sha256 {body['sha256']}")


if __name__ == "__main__":
    main()
