"""Evaluate the per-message detectors and the conversation scorer on the
labelled corpus: precision, recall and F0.5 per category and language,
false positives by kind, and how early risky conversations are flagged.

    .venv/bin/python eval/run.py                # dev and test
    .venv/bin/python eval/run.py --split test   # one split
    .venv/bin/python eval/run.py --export DIR   # write the conversations as JSONL

Tune on ``dev`` only; ``test`` is for reporting.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import LabelledConversation, read_conversations, read_messages

from causerie.safety.checks.personal_data import find_personal_data
from causerie.safety.links import find_links
from causerie.safety.pipeline import scan
from causerie.safety.scorer import ConversationScorer, Participant, score_conversation

FLAGGED_LEVELS = ("medium", "high")


def detected_categories(text: str) -> set[str]:
    """What the per-message detectors find, one name per category."""
    message = scan(text)
    found = {hit.entry.name for hit in message.hits_of("lexicon")}
    found -= {hit.entry.name for hit in message.hits_of("suppress")} & {"threat"}  # as the filter
    data = find_personal_data(message)
    found |= {f.kind for f in data}
    if message.hits_of("cue", "off_platform"):
        found.add("off_platform")
    if find_links(text, [(f.start, f.end) for f in data if f.kind == "email"]):
        found.add("link")
    return found


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    beta2 = 0.25
    denominator = beta2 * precision + recall
    f05 = (1 + beta2) * precision * recall / denominator if denominator else 0.0
    return precision, recall, f05


def _row(label: str, tp: int, fp: int, fn: int) -> str:
    p, r, f = prf(tp, fp, fn)
    return f"  {label:<28} P={p:5.2f} R={r:5.2f} F0.5={f:5.2f}  (tp={tp} fp={fp} fn={fn})"


def evaluate_messages(split: str) -> None:
    messages = read_messages(split)
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    false_positives: list[tuple[str, str]] = []
    misses: list[tuple[str, str]] = []
    for m in messages:
        found = detected_categories(m.text)
        for category in found | m.expected:
            outcome = (
                "tp" if category in found and category in m.expected
                else "fp" if category in found else "fn"
            )  # fmt: skip
            for lang in (m.lang, "all"):
                counts[(category, lang)][outcome] += 1
            if outcome == "fp":
                false_positives.append((category, m.text))
            elif outcome == "fn":
                misses.append((category, m.text))
    flagged = Counter[str]()
    for m in messages:
        any_found = bool(detected_categories(m.text))
        key = ("tp" if m.expected else "fp") if any_found else ("fn" if m.expected else "tn")
        flagged[key] += 1
        flagged[key + ":" + m.lang] += 1
    print(f"\n## Messages ({split}: {len(messages)})")
    print(_row("any category, all", flagged["tp"], flagged["fp"], flagged["fn"]))
    for lang in ("fr", "en"):
        print(_row(f"any category, {lang}", *(flagged[f"{k}:{lang}"] for k in ("tp", "fp", "fn"))))
    for category, lang in sorted(counts):
        c = counts[(category, lang)]
        print(_row(f"{category} [{lang}]", c["tp"], c["fp"], c["fn"]))
    _print_list("false positives by kind", false_positives)
    _print_list("misses", misses)


def _print_list(title: str, items: list[tuple[str, str]]) -> None:
    print(f"  {title}: {len(items)}")
    for kind, text in sorted(items):
        print(f"    - {kind}: {text}")


def first_flag_index(conv: LabelledConversation) -> int | None:
    """The message index at which the live scorer first reached medium."""
    scorer = ConversationScorer()
    participants = [
        Participant(
            p["id"],
            p.get("declared_age"),
            p.get("account_age_days"),
            p.get("verified", False),
            p.get("recent_meeting_targets", 0),
        )
        for p in conv.participants
    ]
    state = scorer.start(participants)
    for index, m in enumerate(conv.messages):
        state, _ = scorer.add_message(state, m["from"], m["text"])
        if scorer.assess(state).level in FLAGGED_LEVELS:
            return index
    return None


def evaluate_conversations(split: str) -> None:
    conversations = read_conversations(split)
    by: dict[str, Counter[str]] = defaultdict(Counter)
    false_positives: list[tuple[str, str]] = []
    misses: list[tuple[str, str]] = []
    delays: list[int] = []
    for conv in conversations:
        result = score_conversation(conv.as_input())
        flagged = result["level"] in FLAGGED_LEVELS
        outcome = ("tp" if flagged else "fn") if conv.risky else ("fp" if flagged else "tn")
        names = ",".join(s["name"] for s in result["signals"])
        for key in ("all", conv.lang, conv.category if conv.risky else "benign_total"):
            by[key][outcome] += 1
        if outcome == "fp":
            false_positives.append((conv.category, f"{conv.id} {result['level']} {names}"))
        if outcome == "fn":
            misses.append(
                (conv.category, f"{conv.id} {result['level']} r={result['risk']} {names}")
            )
        if outcome == "tp" and conv.first_worrying is not None:
            index = first_flag_index(conv)
            if index is not None:
                delays.append(index - conv.first_worrying)
    risky = sum(c.risky for c in conversations)
    print(f"\n## Conversations ({split}: {len(conversations)}, {risky} risky)")
    for key in ("all", "fr", "en"):
        c = by[key]
        print(_row(f"risky vs benign [{key}]", c["tp"], c["fp"], c["fn"]))
    for key in sorted(k for k in by if k not in ("all", "fr", "en", "benign_total")):
        c = by[key]
        print(f"  recall {key:<21} {c['tp']}/{c['tp'] + c['fn']}")
    _print_list("false positives by kind", false_positives)
    _print_list("misses", misses)
    if delays:
        on_time = sum(d <= 0 for d in delays)
        print(
            f"  flagged at or before the first clearly worrying message: {on_time}/{len(delays)};"
            f" messages after it: median {statistics.median(delays)}, max {max(delays)}"
        )


def export(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for split in ("dev", "test"):
        with (directory / f"{split}.jsonl").open("w", encoding="utf-8") as out:
            for conv in read_conversations(split):
                out.write(json.dumps(conv.as_input(), ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--export", type=Path)
    args = parser.parse_args()
    if args.export:
        export(args.export)
        return
    for split in ("dev", "test") if args.split == "all" else (args.split,):
        print(f"# Split: {split}")
        evaluate_messages(split)
        evaluate_conversations(split)


if __name__ == "__main__":
    main()
