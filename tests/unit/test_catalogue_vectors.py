"""Shared vectors: the same (message, arguments, language) formatted by the
server (Babel) and by the browser's formatter (tests/js/catalogue.test.js
reads tests/js/fixtures/catalogue-vectors.json, written from here).

Regenerate after changing the catalogue or a formatter:
    PYTHONPATH=src python tests/unit/test_catalogue_vectors.py"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from causerie.i18n import LANGUAGES, format_compact
from causerie.i18n.catalogue import compile_message, compiled

FIXTURE = Path(__file__).resolve().parents[1] / "js" / "fixtures" / "catalogue-vectors.json"
WHEN = "2026-12-02T14:05:00+00:00"
COUNTS = (0, 1, 2, 1500)
# Beyond the catalogue: the formatter's corners, in both languages.
EXTRA = {
    "exact": "{n, plural, =0 {aucun} one {# seul} other {# en tout}}",
    "styles": "{w, date, short} | {w, date, medium} | {w, date, full} | {w, time, medium}",
    "nested": "{g, select, female {{n, plural, one {elle a # ami} other {elle a # amis}}} "
    "other {{n, plural, one {iel a # ami} other {iel a # amis}}}}",
    "number": "{x, number} / {n}",
}


def _arguments(compact: Any, found: dict[str, Any]) -> None:
    if isinstance(compact, str):
        return
    for part in compact:
        if isinstance(part, list):
            kind = part[1] if len(part) > 1 else None
            found.setdefault(part[0], kind)
            if kind in ("p", "s"):
                if kind == "s":
                    found[part[0]] = ("s", sorted(part[2]))
                for branch in part[2].values():
                    _arguments(branch, found)


def _samples(compact: Any) -> list[dict[str, Any]]:
    found: dict[str, Any] = {}
    _arguments(compact, found)
    if not found:
        return []
    base: dict[str, Any] = {}
    for name, kind in found.items():
        if kind in ("d", "t"):
            base[name] = WHEN
        elif kind in ("p", "#", "n"):
            base[name] = 2
        elif isinstance(kind, tuple):
            base[name] = kind[1][0]
        else:
            base[name] = f"«{name}»"
    samples = [base]
    for name, kind in found.items():
        if kind == "p":
            samples += [{**base, name: n} for n in COUNTS if n != base[name]]
        elif kind == "n":
            samples.append({**base, name: 12345.5})
        elif isinstance(kind, tuple):
            samples += [{**base, name: key} for key in [*kind[1][1:], "unknown"]]
    return samples


def vectors() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for language in LANGUAGES:
        messages = {**compiled(language), **{k: compile_message(v) for k, v in EXTRA.items()}}
        for key, compact in messages.items():
            for args in _samples(compact):
                text = format_compact(compact, args, language)
                out.append(
                    {"lang": language, "key": key, "message": compact, "args": args, "text": text}
                )
    return out


def test_vectors_cover_plurals_selects_and_dates() -> None:
    kinds = {json.dumps(v["message"]) for v in vectors()}
    assert any('"p"' in k for k in kinds) and any('"s"' in k for k in kinds)
    assert any('"d"' in k for k in kinds) and any('"#"' in k for k in kinds)


def test_the_browsers_vectors_are_current() -> None:
    """The fixture the JS test reads is what the server says today."""
    assert json.loads(FIXTURE.read_text("utf-8")) == vectors(), (
        "regenerate: PYTHONPATH=src python tests/unit/test_catalogue_vectors.py"
    )


if __name__ == "__main__":
    FIXTURE.write_text(
        json.dumps(vectors(), ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8"
    )
