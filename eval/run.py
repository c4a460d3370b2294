"""Evaluate the safety filter and the conversation scorer on the labelled
corpus: message verdicts, categories, conversations and early detection,
per split, language and category.

    .venv/bin/python eval/run.py                       # dev, train and test
    .venv/bin/python eval/run.py --split test          # the sealed split only
    .venv/bin/python eval/run.py --rules-only          # without the learned layer
    .venv/bin/python eval/run.py --export DIR          # conversations as JSONL

Splits: ``dev`` (eval/dev, legacy, tuned on), ``legacy-test`` (eval/test,
legacy, looked at once), ``train`` (eval/corpus/train: the model is trained
on it, so its figures are in-sample), ``test`` (eval/corpus/test, sealed:
report only, never tune on it). ``all`` = every split, one after the other.

Message verdicts are compared with the labelling guide's (allow, mask, hold,
block) in the message's context; the legacy format has no verdicts, only
categories. A conversation counts as flagged when the scorer reaches
``medium``; early detection scores every prefix (the scorer is incremental:
the state after message i is the score of the prefix 0..i).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from corpus import (
    CATEGORIES,
    LabelledConversation,
    LabelledMessage,
    read_conversations,
    read_messages,
    warn_problems,
)
from metrics import Decision, counts, early, erde, latency_f1, prf

from causerie.safety import gate
from causerie.safety import model as learned
from causerie.safety.checks.model import REASON_PREFIX
from causerie.safety.checks.personal_data import find_personal_data
from causerie.safety.links import find_links
from causerie.safety.model import shipped_model
from causerie.safety.model import signals as model_signals
from causerie.safety.pipeline import SenderContext, default_filter, scan
from causerie.safety.scorer import ConversationScorer, Participant

SPLITS = ("dev", "legacy-test", "train", "test", "unseen")
FLAGGED_LEVELS = ("medium", "high")
VERDICT_ORDER = ("allow", "mask", "hold", "block")
# Reason codes of the rules that name a guide category differently.
REASON_CATEGORY = {
    "phone_number": "personal_data",
    "email": "personal_data",
    "street_address": "personal_data",
    "social_handle": "personal_data",
}
NEW_ACCOUNT = (0, 0.5)  # trust level, account age in days
SETTLED_ACCOUNT = (2, 60.0)
MAX_LISTED = 40


def sender_context(m: LabelledMessage) -> SenderContext:
    """The guide's context as the filter's sender context."""
    context = m.context or "adult_public"
    trust, days = NEW_ACCOUNT if m.new_account else SETTLED_ACCOUNT
    return SenderContext(
        "teen" if context.endswith("teen") or context.startswith("teen") else "adult",
        trust,
        days,
        context.startswith("dm_"),
    )


def to_category(reason: str) -> str:
    name = reason.removeprefix(REASON_PREFIX)
    return REASON_CATEGORY.get(name, name)


def detected_categories(text: str, band: str, reasons: Iterable[str]) -> set[str]:
    """Every guide category the filter's detectors see in ``text``, whatever
    the decision: rule hits, personal data, links, the model's categories
    over the band's thresholds and the verdict's reasons."""
    message = scan(text)
    found = {hit.entry.name for hit in message.hits_of("lexicon")}
    found -= {hit.entry.name for hit in message.hits_of("suppress")} & {"threat"}  # as the filter
    data = find_personal_data(message)
    found |= {f.kind for f in data}
    if message.hits_of("cue", "off_platform"):
        found.add("off_platform")
    if find_links(text, [(f.start, f.end) for f in data if f.kind == "email"]):
        found.add("link")
    if learned.ENABLED:
        model = shipped_model()
        found |= {c for c, _ in model.fired(model_signals.predict(model, text), band)}
    found |= set(reasons)
    return {to_category(name) for name in found} & set(CATEGORIES)


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "0/0"


def _row(label: str, tp: int, fp: int, fn: int) -> str:
    p, r, f = prf(tp, fp, fn)
    return f"  {label:<30} P={p:5.2f} R={r:5.2f} F1={f:5.2f}  (tp={tp} fp={fp} fn={fn})"


def _listing(title: str, items: list[str], verbose: bool) -> None:
    print(f"  {title}: {len(items)}")
    shown = sorted(items) if verbose else sorted(items)[:MAX_LISTED]
    for item in shown:
        print(f"    - {item}")
    if len(shown) < len(items):
        print(f"    … {len(items) - len(shown)} more (--verbose)")


@dataclass(slots=True)
class MessageResult:
    message: LabelledMessage
    decision: str
    found: set[str]


def evaluate_messages(split: str, verbose: bool, messages: list[LabelledMessage]) -> None:
    flt = default_filter()
    results = []
    for m in messages:
        ctx = sender_context(m)
        verdict = flt.check(m.text, ctx)
        results.append(
            MessageResult(
                m, verdict.decision, detected_categories(m.text, ctx.band, verdict.reasons)
            )
        )
    print(f"\n## Messages ({split}: {len(messages)})")
    with_verdict = [r for r in results if r.message.verdict is not None]
    if with_verdict:
        _verdicts(with_verdict, verbose)
    _categories(results, verbose)


def _verdicts(results: list[MessageResult], verbose: bool) -> None:
    right = Counter[str]()
    total = Counter[str]()
    confusion = Counter[tuple[str, str]]()
    wrong: list[str] = []
    for r in results:
        expected = r.message.verdict or "allow"
        ok = r.decision == expected
        keys = ["all", r.message.lang, f"ctx {r.message.context}"]
        keys += [f"cat {c}" for c in r.message.expected] or ["cat (none)"]
        for key in keys:
            total[key] += 1
            right[key] += ok
        confusion[(expected, r.decision)] += 1
        if not ok:
            wrong.append(
                f"{expected}->{r.decision} [{r.message.context}] {r.message.id}: {r.message.text}"
            )
    print(f"  right verdict: all {_pct(right['all'], total['all'])}", end="")
    for lang in ("fr", "en"):
        print(f"; {lang} {_pct(right[lang], total[lang])}", end="")
    print()
    print("  confusion (rows: guide, columns: filter):")
    print("    " + " " * 8 + "".join(f"{v:>8}" for v in VERDICT_ORDER))
    for expected in VERDICT_ORDER:
        print(
            f"    {expected:<8}"
            + "".join(f"{confusion[(expected, got)]:>8}" for got in VERDICT_ORDER)
        )
    hold_block = confusion[("hold", "block")] + confusion[("block", "hold")]
    let_through = sum(confusion[(e, "allow")] for e in ("hold", "block"))
    print(
        f"  hold/block swapped: {hold_block}; should be held or blocked but allowed: {let_through};"
        f" allowed by the guide but held or blocked: "
        f"{confusion[('allow', 'hold')] + confusion[('allow', 'block')]}"
    )
    print("  right verdict by context and category:")
    for key in sorted(k for k in total if k.startswith(("ctx ", "cat "))):
        print(f"    {key:<28} {_pct(right[key], total[key])}")
    _listing("wrong verdicts", wrong, verbose)


def _categories(results: list[MessageResult], verbose: bool) -> None:
    table: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    misses: list[str] = []
    false_alarms: list[str] = []
    for r in results:
        expected = r.message.expected
        for category in r.found | expected:
            outcome = (
                "tp" if category in r.found and category in expected
                else "fp" if category in r.found else "fn"
            )  # fmt: skip
            for lang in (r.message.lang, "all"):
                table[(category, lang)][outcome] += 1
            line = f"{category}: {r.message.text}"
            if outcome == "fn":
                misses.append(line)
            elif outcome == "fp":
                false_alarms.append(line)
    print("  categories (any detector; P over the messages where it fired):")
    for category, lang in sorted(table):
        c = table[(category, lang)]
        print(_row(f"{category} [{lang}]", c["tp"], c["fp"], c["fn"]))
    _listing("category misses", misses, verbose)
    _listing("category false alarms", false_alarms, verbose)


def _participants(conv: LabelledConversation) -> list[Participant]:
    return [
        Participant(
            p["id"],
            p.get("declared_age"),
            p.get("account_age_days"),
            p.get("verified", False),
            p.get("recent_meeting_targets", 0),
        )
        for p in conv.participants
    ]


def first_flag(conv: LabelledConversation) -> tuple[int | None, str, float, list[str]]:
    """Score every prefix: the index of the first flagged one (None if
    never), the final level and risk, and the final signals."""
    scorer = ConversationScorer()
    state = scorer.start(_participants(conv), conv.room_kind)
    first = None
    for index, m in enumerate(conv.messages):
        state, _ = scorer.add_message(state, m["from"], m["text"])
        if first is None and scorer.assess(state).level in FLAGGED_LEVELS:
            first = index
    final = scorer.assess(state)
    return first, final.level, final.risk, [s.name for s in final.signals]


def evaluate_conversations(
    split: str, verbose: bool, conversations: list[LabelledConversation]
) -> None:
    decisions: dict[str, list[Decision]] = defaultdict(list)
    false_positives: list[str] = []
    misses: list[str] = []
    for conv in conversations:
        index, level, risk, names = first_flag(conv)
        flagged = index is not None
        delay = (
            index - conv.first_worrying
            if flagged and index is not None and conv.first_worrying is not None
            else None
        )
        decision = Decision(conv.risky, flagged, delay)
        keys = ["all", conv.lang]
        if conv.risky:
            keys += [f"risky {conv.category}", f"risky {conv.category} [{conv.lang}]"]
        else:
            keys.append(f"benign, looks like {conv.category}")
        for key in keys:
            decisions[key].append(decision)
        label = f"{conv.category} {conv.id} ({conv.lang}) {level} r={risk} {','.join(names)}"
        if flagged and not conv.risky:
            false_positives.append(label)
        elif conv.risky and not flagged:
            misses.append(label)
    risky = sum(c.risky for c in conversations)
    print(f"\n## Conversations ({split}: {len(conversations)}, {risky} risky)")
    print("  flagged = level medium or high at some prefix")
    for key in ("all", "fr", "en"):
        tp, fp, fn, _ = counts(decisions[key])
        print(_row(f"risky vs benign [{key}]", tp, fp, fn))
    print("  recall by category (language):")
    for key in sorted(k for k in decisions if k.startswith("risky ")):
        tp, _, fn, _ = counts(decisions[key])
        print(f"    {key.removeprefix('risky '):<36} {_pct(tp, tp + fn)}")
    print("  hard negatives flagged, by what they look like:")
    for key in sorted(k for k in decisions if k.startswith("benign")):
        _, fp, _, tn = counts(decisions[key])
        print(f"    {key.removeprefix('benign, looks like '):<36} {fp}/{fp + tn}")
    print("  early detection (delay = first flagged message - first worrying message):")
    for key in ("all", "fr", "en"):
        _early_row(key, decisions[key])
    for key in sorted(k for k in decisions if k.startswith("risky ") and "[" not in k):
        _early_row(key.removeprefix("risky "), decisions[key])
    _listing("false positives", false_positives, verbose)
    _listing("misses", misses, verbose)


def _early_row(label: str, decisions: list[Decision]) -> None:
    median, within, risky = early(decisions)
    f1, f_latency = latency_f1(decisions)
    median_text = "-" if median is None else f"{median:+g}"
    print(
        f"    {label:<24} within one message {_pct(within, risky):<14}"
        f" median delay {median_text:<5}"
        f" ERDE5={erde(decisions, 5):.3f} ERDE50={erde(decisions, 50):.3f}"
        f" F1={f1:.2f} F_latency={f_latency:.2f}"
    )


def export(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for split in ("dev", "legacy-test"):
        with (directory / f"{split}.jsonl").open("w", encoding="utf-8") as out:
            for conv in read_conversations(split):
                out.write(json.dumps(conv.as_input(), ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    parser.add_argument("--rules-only", action="store_true", help="without the learned layer")
    parser.add_argument("--no-gate", action="store_true", help="without the conversation gate")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument("--export", type=Path)
    parser.add_argument("--author", help="only this author's folder (independent splits)")
    parser.add_argument(
        "--folder",
        type=Path,
        help="measure a folder in the guide's format kept outside the repository"
        " (an outside reviewer's cases), instead of a split",
    )
    args = parser.parse_args()
    corpus.ONLY_AUTHOR = args.author
    corpus.OUTSIDE = args.folder
    if args.export:
        export(args.export)
        return
    if args.rules_only:
        learned.ENABLED = False
    gate.ENABLED = not args.no_gate
    print("learned layer:", "off (rules only)" if args.rules_only else "on")
    print("conversation gate:", "on" if gate.active() else "off")
    splits = ("outside",) if args.folder else SPLITS if args.split == "all" else (args.split,)
    for split in splits:
        print(f"\n# Split: {split}")
        if split == "train":
            print("(the model is trained on this split: its figures here are in-sample)")
        evaluate_messages(split, args.verbose, read_messages(split))
        evaluate_conversations(split, args.verbose, read_conversations(split))
        warn_problems()


if __name__ == "__main__":
    main()
