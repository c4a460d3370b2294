"""eval/drift.py: the decisions a change moved away from the guide are
listed, not hidden in a total."""

from __future__ import annotations

from pathlib import Path

from eval.drift import compare, read


def _dump(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text(
        "".join(
            f"{i}\t{expected}\t{got}\tdm_teen\tthreat\t-\ttext {i}\n" for i, expected, got in rows
        ),
        encoding="utf-8",
    )
    return path


def test_moves_away_from_the_guide_are_told_apart(tmp_path: Path) -> None:
    before = _dump(
        tmp_path / "a.tsv",
        [
            ("m1", "hold", "allow"),
            ("m2", "hold", "hold"),
            ("m3", "block", "allow"),
            ("m4", "allow", "allow"),
        ],
    )
    after = _dump(
        tmp_path / "b.tsv",
        [
            ("m1", "hold", "hold"),
            ("m2", "hold", "allow"),
            ("m3", "block", "hold"),
            ("m4", "allow", "allow"),
        ],
    )
    toward, away = compare(read(before), read(after))
    assert [line.split()[5] for line in away] == ["m2"]
    assert sorted(line.split()[5] for line in toward) == ["m1", "m3"]
