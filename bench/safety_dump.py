"""Every decision of the safety layer on the train and dev corpora, as text.

    .venv/bin/python bench/safety_dump.py OUT.jsonl [--no-model]
    diff OLD.jsonl NEW.jsonl   # a speed change must leave it identical

A change that only makes the filter or the scorer faster (caching, sharing
work between them, precompiling) must not change one verdict or score. This
writes, for every message of ``eval/corpus/train/*`` and ``eval/dev``, the
filter's decision, reasons and delivered text in each sender context the
filter tells apart (teen/adult, public/private, new/settled account), and for
every conversation the scorer's risk, level, suspect and signals (name,
sender, message index, evidence) after every message, with the filter's
verdict on that message from its sender's context. Conversations are scored
twice: the scorer alone (its own scan and prediction) and after the filter
(as the server runs them, reusing the filter's work); both must agree, and
the script fails if they do not.

It reads the code (``src``) and the corpus of the tree it sits in, whatever
the current directory: to dump another tree (an export of ``main``), copy
this file into that tree's ``bench/`` and run that copy.

Never reads the sealed split (``eval/corpus/test``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
sys.path.insert(0, str(ROOT / "src"))

from corpus import read_conversations, read_messages  # noqa: E402

from causerie.safety import model as learned  # noqa: E402
from causerie.safety.pipeline import SenderContext, default_filter  # noqa: E402
from causerie.safety.scorer import Assessment, ConversationScorer, Participant  # noqa: E402

SPLITS = ("train", "dev")  # never "test": sealed
# The filter's inputs besides the text: age band, trust level and account age
# (links and masks depend on them), public or private (adult sexual content).
CONTEXTS = [
    SenderContext(band, trust, days, private)
    for band in ("teen", "adult")
    for trust, days in ((0, 0.5), (2, 60.0))
    for private in (False, True)
]


def _ctx_name(ctx: SenderContext) -> str:
    return f"{ctx.band}/{ctx.trust_level}/{ctx.account_age_days:g}/{int(ctx.is_private)}"


def _assessment(result: Assessment) -> dict[str, Any]:
    return {
        "risk": result.risk,
        "level": result.level,
        "suspect": result.suspect_id,
        "signals": [[s.name, s.sender_id, s.message_index, s.evidence] for s in result.signals],
    }


def _participant(raw: dict[str, Any]) -> Participant:
    return Participant(
        raw["id"],
        raw.get("declared_age"),
        raw.get("account_age_days"),
        raw.get("verified", False),
        raw.get("recent_meeting_targets", 0),
    )


def _sender_ctx(person: Participant | None, private: bool) -> SenderContext:
    age = person.declared_age if person else None
    days = person.account_age_days if person and person.account_age_days is not None else 30.0
    band = "teen" if age is not None and age < 18 else "adult"
    return SenderContext(band, 0 if days < 3 else 2, days, private)


def dump(out: Any) -> int:
    flt = default_filter()
    lines = 0

    def write(obj: dict[str, Any]) -> None:
        nonlocal lines
        out.write(json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n")
        lines += 1

    for split in SPLITS:
        for m in read_messages(split):
            for ctx in CONTEXTS:
                verdict = flt.check(m.text, ctx)
                write(
                    {
                        "split": split,
                        "author": m.author,
                        "id": m.id,
                        "text": m.text,
                        "ctx": _ctx_name(ctx),
                        "decision": verdict.decision,
                        "reasons": verdict.reasons,
                        "delivered": verdict.text,
                    }
                )
        for conv in read_conversations(split):
            participants = [_participant(p) for p in conv.participants]
            by_id = {p.id: p for p in participants}
            private = conv.room_kind == "dm"
            alone, served = ConversationScorer(), ConversationScorer()
            state_alone = alone.start(participants, conv.room_kind)
            state_served = served.start(participants, conv.room_kind)
            for index, m in enumerate(conv.messages):
                # The scorer alone first: its scan and prediction are its own
                # (the filter has not seen this text yet, unless an earlier
                # message had the same one).
                state_alone, _ = alone.add_message(state_alone, m["from"], m["text"])
                first = _assessment(alone.assess(state_alone))
                verdict = flt.check(m["text"], _sender_ctx(by_id.get(m["from"]), private))
                state_served, _ = served.add_message(state_served, m["from"], m["text"])
                second = _assessment(served.assess(state_served))
                if first != second:
                    raise SystemExit(
                        f"{conv.author}/{conv.id} message {index}: the scorer after the "
                        f"filter differs from the scorer alone:\n{first}\n{second}"
                    )
                write(
                    {
                        "split": split,
                        "author": conv.author,
                        "conversation": conv.id,
                        "index": index,
                        "decision": verdict.decision,
                        "reasons": verdict.reasons,
                        "delivered": verdict.text,
                        **first,
                    }
                )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--no-model", action="store_true", help="rules only")
    args = parser.parse_args()
    if args.no_model:
        learned.ENABLED = False
    with args.out.open("w", encoding="utf-8") as out:
        lines = dump(out)
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"{lines} lines, sha256 {digest}")


if __name__ == "__main__":
    main()
