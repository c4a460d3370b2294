"""Choose the learned layer's settings by leave-one-author-out cross-validation
inside the training split, fast enough to compare many of them.

    .venv/bin/python eval/tune.py [--filter-teen 0.85,0.9] [--filter-adult 0.92]
        [--scorer-teen 0.6,0.8] [--scorer-adult 0.7,0.9] [--scale 1.0,1.5]
        [--set scorer.SCALE=2.5] [--rules-only] [--list]
        [--without AUTHOR,…] [--together AUTHOR,…] [--folds 6]

For each author of ``eval/corpus/train`` a model is trained on everyone else
(``eval/train.py``'s ``build``, cached under ``--cache``), and its inner
out-of-fold predictions are kept: a threshold for any precision target is
chosen again from them without training anew, exactly as ``build`` would.
The held-out author's messages are predicted once; then every combination
of settings runs the real filter and the real conversation scorer on them.

Reported per fold and pooled: single messages with the guide's verdict,
risky conversations flagged (precision, recall), flagged within one message
of the first worrying one; pooled, each of them per language and per
category too (messages: right verdict by language and by labelled category;
conversations: P / R by language, recall and flagged within one message by
category and language, hard negatives flagged by what they look like).
Messages depend on the filter's targets only, conversations on the scorer's
targets and the signal weights' scale: the two grids are run apart.
``eval/corpus/test`` is never read.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import itertools
import json
import pickle
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train
from corpus import LabelledConversation, LabelledMessage, read_conversations, read_messages
from metrics import Decision, counts, early, prf
from run import first_flag, sender_context
from train import (
    SIGNAL_WEIGHTS,
    TRAIN_SPLITS,
    build,
    choose_threshold,
)

from causerie.safety import model as learned
from causerie.safety.model import load_model, shipped_model
from causerie.safety.model import signals as model_signals
from causerie.safety.pipeline import default_filter

ROOT = Path(__file__).resolve().parents[1]
# What a fold's model depends on besides its data: a change here retrains.
SOURCES = (
    "eval/train.py",
    "src/causerie/safety/model/__init__.py",
    "src/causerie/safety/normalise.py",
    "src/causerie/safety/data/confusables.tsv",
)


# Settings of train.py that this script chooses again for every run, and
# comments: changing them does not change a fold's model, so they are not
# part of its identity.
RECHOSEN = (
    b"TARGET_PRECISION = ",
    b"TARGET_PRECISION_BY_CATEGORY = ",
    b"SCORER_TARGET_PRECISION = ",
    b"SIGNAL_SCALE = ",
    b"PRECISION_AGAINST = ",
)


# category: inner out-of-fold (probs, truths, refused by another category)
OOF = dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]
T = TypeVar("T")


@dataclass(slots=True)
class Fold:
    author: str
    meta: dict[str, Any]
    blob: bytes
    oof: OOF
    messages: list[LabelledMessage]
    conversations: list[LabelledConversation]
    probs: dict[str, dict[str, float]]


def _key(messages: list[LabelledMessage], conversations: list[LabelledConversation]) -> str:
    digest = hashlib.sha256()
    for m in messages:
        digest.update(f"{m.text}\x00{sorted(m.expected)}\x01".encode())
    for c in conversations:
        digest.update(json.dumps([c.risky, c.category, c.first_worrying, c.messages]).encode())
    for source in SOURCES:
        for line in (ROOT / source).read_bytes().splitlines():
            if not line.lstrip().startswith((b"#", *RECHOSEN)):
                digest.update(line + b"\n")
    return digest.hexdigest()[:16]


def training_data(
    without: frozenset[str] = frozenset(),
) -> tuple[list[LabelledMessage], list[LabelledConversation], list[str]]:
    """The training split's messages and conversations (``without`` those
    authors) and its independent authors, sorted."""
    messages = [
        m for split in TRAIN_SPLITS for m in read_messages(split) if m.author not in without
    ]
    conversations = [
        c for split in TRAIN_SPLITS for c in read_conversations(split) if c.author not in without
    ]
    return messages, conversations, sorted({m.author for m in messages} - {"legacy"})


def author_groups(
    authors: list[str], groups_of: int = 0, together: frozenset[str] = frozenset()
) -> list[list[str]]:
    """The held-out groups: one per author (``together`` as one more
    group), or ``groups_of`` K > 0 round-robin groups of the sorted authors."""
    if groups_of > 0:
        return [authors[i::groups_of] for i in range(groups_of) if authors[i::groups_of]]
    groups = [[a] for a in authors if a not in together]
    if together & set(authors):
        groups.append(sorted(together & set(authors)))
    return groups


# A file name holds 255 bytes: a group of many authors is named by its hash
# (115 authors in six groups passed it in session 25).
_NAME_LIMIT = 255


def _file_name(prefix: str, group: list[str], key: str) -> str:
    name = f"{prefix}{'+'.join(group)}-{key}.pkl"
    if len(name.encode()) <= _NAME_LIMIT:
        return name
    digest = hashlib.sha256("+".join(group).encode()).hexdigest()[:16]
    return f"{prefix}group-{digest}-{key}.pkl"


def held_out_folds(
    cache: Path,
    groups: list[list[str]],
    messages: list[LabelledMessage],
    conversations: list[LabelledConversation],
    train: Callable[[list[LabelledMessage], list[LabelledConversation]], T],
    model_of: Callable[[T], tuple[dict[str, Any], bytes, OOF]],
    *,
    prefix: str = "",
    only: set[str] | None = None,
    message_texts: bool = True,
) -> list[Fold]:
    """For each group a model trained without it (``train``'s result cached
    under ``cache`` by the group, ``prefix`` and ``_key`` of its training
    data; ``model_of`` makes the model's metadata, weights and inner
    out-of-fold predictions of it), and one ``Fold`` per held-out author,
    their texts predicted once (the conversations' only unless
    ``message_texts``)."""
    cache.mkdir(parents=True, exist_ok=True)
    folds = []
    for group in groups:
        if only and not set(group) & only:
            continue
        train_m = [m for m in messages if m.author not in group]
        train_c = [c for c in conversations if c.author not in group]
        path = cache / _file_name(prefix, group, _key(train_m, train_c))
        if path.is_file():
            trained = pickle.loads(path.read_bytes())  # noqa: S301 - our own cache
        else:
            kind = f"({prefix.strip('-')}) " if prefix else ""
            print(f"training {kind}without {', '.join(group)}…", file=sys.stderr)
            trained = train(train_m, train_c)
            path.write_bytes(pickle.dumps(trained))
        meta, blob, oof = model_of(trained)
        model = load_model(json.dumps(meta).encode(), blob)
        for author in group:
            if only and author not in only:
                continue
            held_m = [m for m in messages if m.author == author]
            held_c = [c for c in conversations if c.author == author]
            texts = {x["text"] for c in held_c for x in c.messages}
            if message_texts:
                texts |= {m.text for m in held_m}
            probs = {text: model_signals.predict(model, text) for text in texts}
            folds.append(Fold(author, meta, blob, oof, held_m, held_c, probs))
    return folds


def load_folds(
    cache: Path,
    seed: int,
    only: set[str] | None,
    without: frozenset[str] = frozenset(),
    together: frozenset[str] = frozenset(),
    groups_of: int = 0,
) -> list[Fold]:
    """One fold per held-out author: a model trained on everyone else.
    ``without`` drops authors from the data altogether (neither trained on
    nor reported); ``together`` holds those authors out at once, one model
    trained without any of them, each still reported on its own (new
    authors measured with the model that never read any of them).
    ``groups_of`` K > 0 deals the authors round-robin into K groups, each
    held out by one model: K trainings instead of one per author, each
    author still reported on its own, by a model that never read them."""
    messages, conversations, authors = training_data(without)

    def train(
        train_m: list[LabelledMessage], train_c: list[LabelledConversation]
    ) -> tuple[dict[str, Any], bytes, OOF]:
        oof: OOF = {}
        meta, blob = build(train_m, train_c, seed, verbose=False, oof_out=oof)
        return meta, blob, oof

    groups = author_groups(authors, groups_of, together)
    return held_out_folds(
        cache, groups, messages, conversations, train, lambda trained: trained, only=only
    )


def configure(fold: Fold, filter_target: dict[str, float], scorer_target: dict[str, float],
              scale: float) -> None:  # fmt: skip
    """Put this fold's model, with thresholds for these targets, in place of
    the shipped one (the filter and the scorer hold on to that object).
    The filter's thresholds are chosen as ``train.build`` chooses them
    (``filter_threshold``: per-category targets and criteria; teens never
    above adults)."""
    meta = dict(fold.meta)
    meta["thresholds"] = {band: {} for band in filter_target}
    meta["scorer_thresholds"] = {band: {} for band in scorer_target}
    for category, (oof, truth, other) in fold.oof.items():
        for band, target in filter_target.items():
            threshold, _, _ = train.filter_threshold(band, category, (oof, truth, other), target)
            if threshold is not None:
                meta["thresholds"][band][category] = round(threshold, 4)
        for band, target in scorer_target.items():
            threshold, _, _ = choose_threshold(oof, truth, target)
            if threshold is not None:
                meta["scorer_thresholds"][band][category] = round(threshold, 4)
    train.never_above_adult(meta["thresholds"])
    meta["signal_weights"] = {
        c: round(SIGNAL_WEIGHTS[c] * scale, 3) for c in fold.meta["signal_weights"]
    }
    model = load_model(json.dumps(meta).encode(), fold.blob)
    model._recent = dict(fold.probs)  # every text of the fold predicted once
    shipped_model().__dict__.update(model.__dict__)


def message_figures(fold: Fold) -> Counter[str]:
    """Counts over the fold's messages; ``n``/``right`` also per language
    (``n fr``, ``right fr``) and per labelled category (``n cat hate``…,
    ``cat (none)`` for the messages labelled with none)."""
    flt = default_filter()
    out = Counter[str]()
    for m in fold.messages:
        expected, got = m.verdict or "allow", flt.check(m.text, sender_context(m)).decision
        ok = expected == got
        for key in ("", f" {m.lang}", *(f" cat {c}" for c in sorted(m.expected) or ["(none)"])):
            out["n" + key] += 1
            out["right" + key] += ok
        out["let_through"] += expected in ("hold", "block") and got == "allow"
        out["swapped"] += {expected, got} == {"hold", "block"}
        out["over"] += expected == "allow" and got in ("hold", "block")
        # Refusing what the guide allows (hard negatives) is the worst error.
        out["allow_blocked"] += expected == "allow" and got == "block"
        out["hold_blocked"] += expected == "hold" and got == "block"
        out["block_held"] += expected == "block" and got == "hold"
    return out


def _message_breakdown(pooled: Counter[str]) -> str:
    def share(key: str) -> str:
        return f"{pooled['right' + key]}/{pooled['n' + key]}"

    langs = " ".join(f"{lang} {share(' ' + lang)}" for lang in ("fr", "en"))
    cats = sorted(k.removeprefix("n cat ") for k in pooled if k.startswith("n cat "))
    by_cat = ", ".join(f"{c} {share(' cat ' + c)}" for c in cats)
    return f"      by language: {langs}\n      by category: {by_cat}"


def conversation_figures(
    fold: Fold,
) -> tuple[list[tuple[LabelledConversation, Decision]], list[str]]:
    decisions, wrong = [], []
    for conv in fold.conversations:
        index, level, risk, names = first_flag(conv)
        delay = None
        if index is not None and conv.first_worrying is not None:
            delay = index - conv.first_worrying
        decisions.append((conv, Decision(conv.risky, index is not None, delay)))
        if (index is not None) != conv.risky:
            kind = "FP" if index is not None else "FN"
            wrong.append(f"{kind} {conv.category} {conv.id} {level} r={risk} {','.join(names)}")
    return decisions, wrong


def _conversation_breakdown(pooled: list[tuple[LabelledConversation, Decision]]) -> str:
    """P / R by language; per category and language: risky flagged (and
    within one message) and hard negatives flagged."""
    lines = []
    for lang in ("fr", "en"):
        lines.append(f"{lang} {_conv_line([d for c, d in pooled if c.lang == lang])}")
    out = ["      by language: " + "; ".join(lines)]
    cells = []
    for category in sorted({c.category for c, _ in pooled}):
        risky = [(c, d) for c, d in pooled if c.category == category and c.risky]
        benign = [d for c, d in pooled if c.category == category and not c.risky]
        parts = []
        if risky:
            _, within, _ = early([d for _, d in risky])
            flagged = sum(d.flagged for _, d in risky)
            by_lang = "/".join(
                f"{sum(d.flagged for c, d in risky if c.lang == lang)}"
                f" of {sum(c.lang == lang for c, _ in risky)} {lang}"
                for lang in ("fr", "en")
            )
            parts.append(f"R {flagged}/{len(risky)} ({by_lang}), within1 {within}")
        if benign:
            parts.append(f"look-alikes flagged {sum(d.flagged for d in benign)}/{len(benign)}")
        cells.append(f"{category}: {', '.join(parts)}")
    out += [f"        {cell}" for cell in cells]
    return "\n".join(out)


def _conv_line(decisions: list[Decision]) -> str:
    tp, fp, fn, _ = counts(decisions)
    p, r, f = prf(tp, fp, fn)
    _, within, risky = early(decisions)
    return f"P={p:.3f} R={r:.3f} F1={f:.3f} fp={fp} fn={fn} within1={within}/{risky}"


def _floats(text: str) -> list[float]:
    return [float(x) for x in text.split(",")]


def _set(assignments: list[str]) -> None:
    """``module.NAME=value`` overrides (``scorer.SCALE=2.5``)."""
    for item in assignments:
        target, _, value = item.partition("=")
        module_name, _, name = target.rpartition(".")
        module = importlib.import_module(f"causerie.safety.{module_name}")
        setattr(module, name, type(getattr(module, name))(json.loads(value)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filter-teen", default="0.85")
    parser.add_argument("--filter-adult", default="0.92")
    parser.add_argument("--scorer-teen", default="0.6")
    parser.add_argument("--scorer-adult", default="0.7")
    parser.add_argument("--scale", default="1.5")
    parser.add_argument("--set", action="append", default=[], help="module.NAME=json value")
    parser.add_argument("--only", help="comma-separated held-out authors")
    parser.add_argument("--without", default="", help="comma-separated authors left out entirely")
    parser.add_argument(
        "--together", default="", help="comma-separated authors held out by one model"
    )
    parser.add_argument(
        "--folds", type=int, default=0, help="K groups of authors instead of one per author"
    )
    parser.add_argument(
        "--against",
        choices=("all", "allowed"),
        help="what a filter threshold's precision counts as false, in both bands"
        " (default: train.PRECISION_AGAINST, per band)",
    )
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("--list", action="store_true", help="list wrong conversations")
    parser.add_argument("--no-messages", action="store_true")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "causerie-tune")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    _set(args.set)
    if args.against:
        train.PRECISION_AGAINST = {"teen": args.against, "adult": args.against}
    folds = load_folds(
        args.cache,
        args.seed,
        set(args.only.split(",")) if args.only else None,
        frozenset(filter(None, args.without.split(","))),
        frozenset(filter(None, args.together.split(","))),
        args.folds,
    )
    if args.rules_only:
        learned.ENABLED = False
    if not args.no_messages:
        print("# messages: filter targets (teen, adult) -> right verdict per fold")
        for teen, adult in itertools.product(_floats(args.filter_teen), _floats(args.filter_adult)):
            cells, pooled = [], Counter[str]()
            for fold in folds:
                configure(fold, {"teen": teen, "adult": adult}, {"teen": 0.6, "adult": 0.7}, 1)
                figures = message_figures(fold)
                pooled.update(figures)
                cells.append(f"{fold.author} {figures['right']}/{figures['n']}")
            print(
                f"  filter {teen}/{adult}: {'; '.join(cells)}; all {pooled['right']}/{pooled['n']}"
                f" ({pooled['right'] / max(pooled['n'], 1):.1%}) let_through"
                f" {pooled['let_through']} swapped {pooled['swapped']} over {pooled['over']}"
                f" (allow->block {pooled['allow_blocked']}, hold->block"
                f" {pooled['hold_blocked']}, block->hold {pooled['block_held']})"
            )
            print(_message_breakdown(pooled))
    print("# conversations: scorer targets (teen, adult), scale")
    grid = itertools.product(
        _floats(args.scorer_teen), _floats(args.scorer_adult), _floats(args.scale)
    )
    for teen, adult, scale in grid:
        pooled_d: list[tuple[LabelledConversation, Decision]] = []
        cells, wrong = [], []
        for fold in folds:
            configure(fold, train.TARGET_PRECISION, {"teen": teen, "adult": adult}, scale)
            decisions, listed = conversation_figures(fold)
            pooled_d += decisions
            wrong += listed
            cells.append(f"{fold.author}: {_conv_line([d for _, d in decisions])}")
        print(f"  scorer {teen}/{adult} x{scale}: all {_conv_line([d for _, d in pooled_d])}")
        for cell in cells:
            print(f"      {cell}")
        print(_conversation_breakdown(pooled_d))
        if args.list:
            for line in wrong:
                print(f"      {line}")


if __name__ == "__main__":
    main()
