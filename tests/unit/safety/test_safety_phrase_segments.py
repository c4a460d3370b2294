"""Long phrase patterns stored as chains of segments (phrases.SEGMENT_AT)
find exactly what their multiplied-out phrases found."""

from __future__ import annotations

import collections
import itertools
import random

import pytest

from causerie.safety import catalogue, phrases
from causerie.safety._resources import choices
from causerie.safety.normalise import normalise

ROWS = [
    (
        "intent",
        "parent_lie",
        "(dis|tu dis|fais croire) (a ta mere|a tes parents)? (que|qu)? (tu dors|t es)"
        " (chez|avec) (une copine|ta pote|moi)",
    ),
    ("cue", "off_platform", "(add me on|find me on) (my|the)? (snap|the ghost app|ghost app)"),
    (
        "lexicon",
        "threat",
        "(je vais|jvais) (te|vous)? (retrouver|choper) (ce soir|demain|a la sortie)?*",
    ),
]


def _hits(index: phrases.PhraseIndex, text: str) -> collections.Counter[tuple[str, int, int]]:
    return collections.Counter(
        (hit.entry.source, hit.start, hit.end) for hit in index.find(normalise(text))
    )


def _indexes(
    rows: list[tuple[str, str, str]], monkeypatch: pytest.MonkeyPatch, at: int
) -> tuple[phrases.PhraseIndex, phrases.PhraseIndex]:
    monkeypatch.setattr(phrases, "SEGMENT_AT", at)
    chained = phrases.PhraseIndex(rows)
    monkeypatch.setattr(phrases, "SEGMENT_AT", 10**12)
    return chained, phrases.PhraseIndex(rows)


def _phrases_of(pattern: str) -> list[str]:
    row = choices(pattern.removesuffix("*"))
    return [" ".join("".join(combo).split()) for combo in itertools.product(*row)]


def test_every_phrase_of_a_chained_pattern_is_found_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chained, whole = _indexes(ROWS, monkeypatch, at=2)
    assert chained.size < whole.size  # the patterns really were cut
    for _, _, pattern in ROWS:
        for phrase in _phrases_of(pattern):
            for text in (phrase, f"wsh {phrase} mdr", f"{phrase}!! {phrase}"):
                found = _hits(chained, text)
                assert found == _hits(whole, text), text
                assert found, text


@pytest.mark.parametrize(
    "text",
    [
        "dis a ta mere hein que tu dors chez une copine",  # a word between two segments
        "tu dors chez une copine dis",  # segments in the wrong order
        "dis que tu dors",  # the last segment missing
        "add me on my the snap",
        "je vais te bientot retrouver",
    ],
)
def test_segments_apart_or_out_of_order_are_no_phrase(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    chained, whole = _indexes(ROWS, monkeypatch, at=2)
    assert _hits(chained, text) == _hits(whole, text) == collections.Counter()


def test_the_shipped_patterns_chained_find_what_they_found_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Shipped patterns of a few hundred phrases, cut into segments of ten,
    against their phrases and the messages of a sample."""
    rows = [*catalogue.lexicon_rows(), *catalogue.cue_rows(), *catalogue.intent_rows()]
    sized = []
    for row in rows:
        parts = choices(row[2].removeprefix("=").removesuffix("*"))
        size = 1
        for part in parts:
            size *= len(part)
        if 50 <= size <= 400 and not row[2].startswith("="):
            sized.append(row)
    chosen = random.Random(12).sample(sized, 40)
    chained, whole = _indexes(chosen, monkeypatch, at=10)
    assert chained.size < whole.size
    sample = random.Random(5)
    for _, _, pattern in chosen:
        for phrase in sample.sample(_phrases_of(pattern), 5):
            text = f"bon {phrase} voila"
            assert _hits(chained, text) == _hits(whole, text), text
