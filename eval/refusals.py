"""Which categories the learned layer may refuse (the guide's ``block``), and
above which probability: a replay over the leave-one-author-out folds of
``eval/tune.py`` (its cache; nothing is trained when the cache is warm).

    PYTHONPATH=src .venv/bin/python eval/refusals.py --folds 6
        [--categories hate,harassment,minor_sexualisation,sexual_content]
        [--cuts 0.8,0.85,0.9,0.95] [--misses FILE] [--only A,B | --cached-only]
        [--targets 0.85,0.92]

Every fold's held-out messages run once through the real filter with the
model never refusing; the model's readings (``ModelCheck.readings``) are
kept. Each setting then turns the model's holds into refusals as
``checks.model.refuses`` would with ``BLOCK_ABOVE`` = those categories at
that cut (``sexual_content`` for teens only). Printed per category: the
highest probability of a message the guide allows that would be refused, in
each fold (the lowest safe cut is above all of them), then the pooled
verdicts of each cut. ``--misses`` writes every wrong verdict (author,
expected, got, reasons, text) of the shipped setting for reading.
``eval/corpus/test`` is never read.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import sender_context
from tune import configure, load_folds

from causerie.safety.checks import model as model_check
from causerie.safety.pipeline import default_filter
from causerie.safety.verdict import SenderContext

Reading = list[tuple[str, float]]
# author, expected, decision, context, readings, reasons, text, language
Row = tuple[str, str, str, SenderContext, Reading, str, str, str]


def record(
    folds_k: int,
    cache: Path,
    only: set[str] | None = None,
    targets: tuple[float, float] = (0.85, 0.92),
) -> list[Row]:
    """(author, expected, decision without model refusals, context, the
    model's readings when it ran, reasons, text, language) per held-out
    message."""
    shipped = dict(model_check.BLOCK_ABOVE)
    model_check.BLOCK_ABOVE.clear()  # holds only: the replay decides refusals
    seen: list[Reading] = []
    original = model_check.ModelCheck.readings

    def readings(self: model_check.ModelCheck, message, ctx):  # type: ignore[no-untyped-def]
        out = original(self, message, ctx)
        seen.append(out)
        return out

    model_check.ModelCheck.readings = readings  # type: ignore[method-assign]
    rows = []
    try:
        for fold in load_folds(cache, 12, only, groups_of=folds_k):
            configure(
                fold,
                dict(zip(("teen", "adult"), targets, strict=True)),
                {"teen": 0.6, "adult": 0.7},
                1,
            )
            flt = default_filter()
            for m in fold.messages:
                seen.clear()
                ctx = sender_context(m)
                verdict = flt.check(m.text, ctx)
                got = seen[-1] if seen else []
                rows.append(
                    (fold.author, m.verdict or "allow", verdict.decision, ctx, got,
                     ",".join(verdict.reasons), m.text, m.lang)
                )  # fmt: skip
    finally:
        model_check.ModelCheck.readings = original  # type: ignore[method-assign]
        model_check.BLOCK_ABOVE.update(shipped)
    return rows


def decide(decision: str, ctx: SenderContext, got: Reading, cuts: dict[str, float]) -> str:
    """The filter's decision with the model refusing at ``cuts``."""
    if decision != "hold" or not got:
        return decision
    saved = dict(model_check.BLOCK_ABOVE)
    model_check.BLOCK_ABOVE.clear()
    model_check.BLOCK_ABOVE.update(cuts)
    try:
        return "block" if model_check.refuses(got, ctx) else decision
    finally:
        model_check.BLOCK_ABOVE.clear()
        model_check.BLOCK_ABOVE.update(saved)


def tally(rows: list[Row], cuts: dict[str, float]) -> Counter[str]:
    out = Counter[str]()
    for _author, expected, decision, ctx, got, _reasons, _text, lang in rows:
        new = decide(decision, ctx, got, cuts)
        for key in ("", f" {lang}"):
            out["n" + key] += 1
            out["right" + key] += new == expected
        out["let_through"] += expected in ("hold", "block") and new == "allow"
        out["swapped"] += {expected, new} == {"hold", "block"}
        out["block_held"] += expected == "block" and new == "hold"
        out["hold_blocked"] += expected == "hold" and new == "block"
        out["over"] += expected == "allow" and new in ("hold", "block")
        out["allow_blocked"] += expected == "allow" and new == "block"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=6)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "causerie-tune")
    parser.add_argument(
        "--categories", default="hate,harassment,minor_sexualisation,sexual_content"
    )
    parser.add_argument("--cuts", default="0.7,0.75,0.8,0.85,0.9,0.93,0.96,0.99")
    parser.add_argument("--misses", type=Path)
    parser.add_argument("--only", help="comma-separated held-out authors")
    parser.add_argument("--targets", default="0.85,0.92", help="the filter's teen,adult targets")
    parser.add_argument(
        "--cached-only", action="store_true", help="only the folds whose model is in the cache"
    )
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    if args.cached_only:  # cache files are named after the group of held-out authors
        only = {
            a for path in args.cache.glob("*.pkl") for a in path.name.rsplit("-", 1)[0].split("+")
        }
    teen, adult = map(float, args.targets.split(","))
    rows = record(args.folds, args.cache, only, (teen, adult))
    print(f"# {len(rows)} messages of {len({r[0] for r in rows})} held-out authors")
    categories = args.categories.split(",")
    shipped = dict(model_check.BLOCK_ABOVE)

    print("# highest p of an allowed message refused, per category and fold"
          " (all categories blockable at once)")  # fmt: skip
    every = {c: 0.0 for c in categories}
    worst: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
    for row in rows:
        author, expected, decision, ctx, got, _reasons, text = row[:7]
        # Refused at some cut only when everything the model saw is blockable.
        if expected != "allow" or decide(decision, ctx, got, every) != "block":
            continue
        for category, p in got:
            if p > worst[category].get(author, (0.0, ""))[0]:
                worst[category][author] = (p, text)
    for category in categories:
        cells = sorted(worst[category].items(), key=lambda item: -item[1][0])
        print(f"  {category}: " + "; ".join(f"{a} {p:.3f}" for a, (p, _) in cells[:8]))
        for a, (p, text) in cells[:4]:
            print(f"      {p:.3f} {a}: {text[:110]}")

    print("# pooled verdicts per setting")
    settings = [("shipped", shipped)]
    for category in categories:
        for cut in map(float, args.cuts.split(",")):
            settings.append((f"{category}>={cut}", {**shipped, category: cut}))
    for name, cuts in settings:
        t = tally(rows, cuts)
        print(
            f"  {name}: right {t['right']}/{t['n']} ({t['right'] / t['n']:.1%}) swapped"
            f" {t['swapped']} (block->hold {t['block_held']}, hold->block {t['hold_blocked']})"
            f" allow->block {t['allow_blocked']} over {t['over']} let_through {t['let_through']};"
            f" fr {t['right fr']}/{t['n fr']}, en {t['right en']}/{t['n en']}"
        )
    if args.misses:
        with args.misses.open("w") as out:
            for author, expected, decision, ctx, got, reasons, text, _lang in rows:
                new = decide(decision, ctx, got, shipped)
                if new != expected:
                    readings = ",".join(f"{c}:{p:.2f}" for c, p in got)
                    out.write(
                        f"{author}\t{expected}->{new}\t{ctx.band}{'/dm' if ctx.is_private else ''}"
                        f"\t{reasons}\t{readings}\t{text}\n"
                    )


if __name__ == "__main__":
    main()
