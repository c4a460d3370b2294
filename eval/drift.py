"""What a change to the rules or a retrain moved on a split's single messages:
toward the guide's verdict, or away from it.

    .venv/bin/python eval/drift.py --dump before.tsv [--split train]
    ... change the rules, or ``make train`` ...
    .venv/bin/python eval/drift.py --dump after.tsv
    .venv/bin/python eval/drift.py --compare before.tsv after.tsv [--all]

A retrain flips in-sample decisions both ways (session 16: 396 to the
guide, 60 away; session 17: 295 and 43). The total alone hides the ones
that moved away, which are what a reviewer must read before a model or a
rule is accepted: ``--compare`` lists every one of them (``--all`` lists
those that moved to the guide too). The dump is one line per message: id,
the guide's verdict, the filter's, the context, the labelled categories,
the filter's reasons and the text (tabs and line breaks made spaces).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from run import sender_context

from causerie.safety.pipeline import default_filter


@dataclass(frozen=True, slots=True)
class Decision:
    id: str
    expected: str
    got: str
    context: str
    reasons: str
    text: str


def dump(split: str, out: Path) -> int:
    flt = default_filter()
    lines = []
    for m in corpus.read_messages(split):
        verdict = flt.check(m.text, sender_context(m))
        fields = (
            m.id,
            m.verdict or "allow",
            verdict.decision,
            m.context or "",
            ",".join(sorted(m.expected)),
            ",".join(verdict.reasons),
            m.text,
        )
        lines.append("\t".join(" ".join(f.split()) for f in fields))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def read(path: Path) -> dict[str, Decision]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        ident, expected, got, context, _, reasons, text = line.split("\t")
        out[ident] = Decision(ident, expected, got, context, reasons, text)
    return out


def compare(before: dict[str, Decision], after: dict[str, Decision]) -> tuple[list[str], list[str]]:
    """The messages whose decision changed: those now at the guide's
    verdict or closer to it, and those that moved away."""
    toward, away = [], []
    for ident, old in before.items():
        new = after.get(ident)
        if new is None or new.got == old.got:
            continue
        line = (
            f"{old.expected}: {old.got} -> {new.got} [{old.context}] {ident}"
            f" {new.reasons or '-'} | {old.text[:160]}"
        )
        (away if old.got == old.expected else toward).append(line)
    return toward, away


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train", choices=sorted(corpus.JSONL_SPLITS))
    parser.add_argument("--dump", type=Path, help="write every decision of the split here")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--all", action="store_true", help="list the moves to the guide too")
    args = parser.parse_args()
    if args.dump:
        print(f"{dump(args.split, args.dump)} decisions written to {args.dump}")
    if args.compare:
        before, after = read(args.compare[0]), read(args.compare[1])
        toward, away = compare(before, after)
        right = [sum(d.got == d.expected for d in x.values()) for x in (before, after)]
        print(f"right: {right[0]} -> {right[1]} of {len(after)}")
        print(f"changed: {len(toward)} toward the guide or another wrong verdict, {len(away)} away")
        for line in away:
            print("  AWAY", line)
        if args.all:
            for line in toward:
                print("  TO", line)
    if not (args.dump or args.compare):
        parser.error("--dump or --compare")


if __name__ == "__main__":
    main()
