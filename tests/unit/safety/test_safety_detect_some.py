"""``detect_some`` (the scorer's cheap reading of a join of short messages)
finds exactly what the full reading finds among the signals it is asked for,
on the corpus's messages: it reads the intent rules only when one of
``_ABUSE_COMPONENTS`` is there, a list that must follow the rules."""

from __future__ import annotations

import json
import random
from pathlib import Path

from causerie.safety.detect import detect_in_context, detect_some
from causerie.safety.pieces import JOINED_SIGNALS

# The training split only: the sealed test split is read by eval/run.py alone.
TRAIN = Path(__file__).resolve().parents[3] / "eval" / "corpus" / "train"


def _texts() -> list[str]:
    texts = []
    for path in sorted(TRAIN.glob("*/messages.jsonl")):
        texts += [
            json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()
        ]
    return random.Random(7).sample(texts, 3000)


def test_the_cheap_reading_finds_what_the_full_one_finds() -> None:
    texts = _texts()
    found_any = 0
    for text in texts:
        cheap = {(f.name, f.evidence) for f in detect_some(text, JOINED_SIGNALS)}
        full = {
            (f.name, f.evidence) for f in detect_in_context(text)[0] if f.name in JOINED_SIGNALS
        }
        assert cheap == full, text
        found_any += bool(full)
    assert found_any > 300  # the sample holds insults, slurs and contact details


def test_a_narrower_request_returns_only_what_was_asked() -> None:
    text = "t'es qu'une grosse pute, appelle moi au 06 12 34 56 78"
    names = {f.name for f in detect_some(text, frozenset({"personal_data"}))}
    assert names == {"personal_data"}
    assert {"personal_data", "harassment"} <= {f.name for f in detect_some(text, JOINED_SIGNALS)}
