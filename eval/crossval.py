"""Leave-one-author-out evaluation of the learned layer, inside the training
split: for each author of ``eval/corpus/train``, train on everyone else
(and ``eval/dev``), then run the whole evaluation of ``eval/run.py`` on
that author's messages and conversations. It says what the layer adds on a
writer it never read, without looking at the sealed split; settings such as
the scorer weights of the model signals are compared with it.

    .venv/bin/python eval/crossval.py [--rules-only] [--verbose] [--author NAME ...]

``--author`` holds out only the named authors (each its own fold): every
fold trains a model, about 8-13 minutes each on the shared machine.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import authors, read_conversations, read_messages, warn_problems
from run import evaluate_conversations, evaluate_messages
from train import TRAIN_SPLITS, build

from causerie.safety import model as learned
from causerie.safety.model import load_model, shipped_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument(
        "--weight-scale", type=float, default=1.0, help="scale the model signals' scorer weights"
    )
    parser.add_argument(
        "--author",
        action="append",
        default=[],
        help="hold out only this author (repeat for several); default: every author",
    )
    args = parser.parse_args()
    messages = [m for split in TRAIN_SPLITS for m in read_messages(split)]
    conversations = [c for split in TRAIN_SPLITS for c in read_conversations(split)]
    warn_problems()
    if args.rules_only:
        learned.ENABLED = False
    names = [folder.name for folder in authors("train")]
    unknown = sorted(set(args.author) - set(names))
    if unknown:
        parser.error(f"unknown author(s): {', '.join(unknown)}")
    for held in args.author or names:
        print(f"\n# Held-out author: {held}")
        if not args.rules_only:
            meta, blob = build(
                [m for m in messages if m.author != held],
                [c for c in conversations if c.author != held],
                args.seed,
                verbose=False,
            )
            meta["signal_weights"] = {
                c: w * args.weight_scale for c, w in meta["signal_weights"].items()
            }
            fold_model = load_model(json.dumps(meta).encode(), blob)
            # The filter and the scorer hold on to the shipped model object:
            # it takes this fold's state in place (an evaluation-only swap).
            shipped_model().__dict__.update(fold_model.__dict__)
        evaluate_messages(held, args.verbose, [m for m in messages if m.author == held])
        evaluate_conversations(held, args.verbose, [c for c in conversations if c.author == held])


if __name__ == "__main__":
    main()
