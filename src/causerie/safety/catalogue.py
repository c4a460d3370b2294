"""The phrase lists shipped in ``safety/data``, loaded once per process.

``lexicon`` rows come from ``lexicon/<lang>/<category>.txt`` (threat, hate,
sexual_content, minor_sexualisation), ``cue`` and ``suppress`` rows from
``cues/<lang>.tsv`` (conversation signals), ``intent`` and
``intent_suppress`` rows from every ``intent/*.tsv`` (the components the rule
checks of ``checks/intent.py`` combine), ``app`` rows from the ``APP`` macro
(messaging apps, to spot "add me on snap"), ``frame`` rows from
``frames/<lang>.tsv`` (topics that make some conversation signals innocent
for the whole conversation: a game, a surprise party, a hospital, a book,
someone reporting or asking for help; see ``scorer``).
"""

from __future__ import annotations

import re
from functools import cache

from causerie.safety._resources import data_files, data_lines, macros
from causerie.safety.phrases import PhraseIndex

LANGUAGES = ("fr", "en")
# A choice inside a choice: the pattern syntax has none, the line would be
# read as garbage and silently never match.
_NESTED = re.compile(r"\([^()]*\(")
LEXICON_CATEGORIES = ("minor_sexualisation", "threat", "hate", "sexual_content")


def lexicon_rows() -> list[tuple[str, str, str]]:
    """``(kind, category, pattern)`` for every lexicon line, all languages."""
    rows: list[tuple[str, str, str]] = []
    for lang in LANGUAGES:
        for filename in data_files(f"lexicon/{lang}"):
            category = filename.removesuffix(".txt")
            if category not in LEXICON_CATEGORIES:
                raise ValueError(f"unknown lexicon category file: {lang}/{filename}")
            rows.extend(
                ("lexicon", category, line) for line in data_lines(f"lexicon/{lang}/{filename}")
            )
    return rows


def cue_rows() -> list[tuple[str, str, str]]:
    """``(cue|suppress, signal, pattern)`` for the conversation signals."""
    rows: list[tuple[str, str, str]] = []
    for lang in LANGUAGES:
        for line in data_lines(f"cues/{lang}.tsv"):
            name, _, pattern = line.partition("\t")
            if not pattern:
                raise ValueError(f"cues/{lang}.tsv: missing tab in {line!r}")
            kind = "suppress" if name.startswith("!") else "cue"
            rows.append((kind, name.lstrip("!"), pattern.strip()))
    return rows


def intent_rows() -> list[tuple[str, str, str]]:
    """``(intent|intent_suppress, component or category, pattern)``."""
    rows: list[tuple[str, str, str]] = []
    # Every file of the folder ("fr.tsv", "en_ambush.tsv", ...): builders
    # working in parallel each add their own components in their own file.
    for filename in data_files("intent"):
        if not filename.endswith(".tsv"):
            continue
        for line in data_lines(f"intent/{filename}"):
            name, _, pattern = line.partition("\t")
            if not pattern:
                raise ValueError(f"intent/{filename}: missing tab in {line!r}")
            if _NESTED.search(pattern):
                raise ValueError(f"intent/{filename}: nested choice in {line!r}")
            kind = "intent_suppress" if name.startswith("!") else "intent"
            rows.append((kind, name.lstrip("!"), pattern.strip()))
    return rows


def frame_rows() -> list[tuple[str, str, str]]:
    """``(frame|frame_suppress, name, pattern)`` for the conversation frames;
    a ``!name`` line is a phrase that, in the same message, keeps that frame
    closed (the extortionist's "if you don't pay" is no warning)."""
    rows: list[tuple[str, str, str]] = []
    for lang in LANGUAGES:
        for line in data_lines(f"frames/{lang}.tsv"):
            name, _, pattern = line.partition("\t")
            if not pattern:
                raise ValueError(f"frames/{lang}.tsv: missing tab in {line!r}")
            if _NESTED.search(pattern):
                raise ValueError(f"frames/{lang}.tsv: nested choice in {line!r}")
            kind = "frame_suppress" if name.startswith("!") else "frame"
            rows.append((kind, name.lstrip("!"), pattern.strip()))
    return rows


def app_rows() -> list[tuple[str, str, str]]:
    return [("app", "app", name) for name in macros()["APP"]]


@cache
def phrase_index() -> PhraseIndex:
    """Everything in one automaton: lexicon, apps, cues, intent components and
    suppressors. The filter and the scorer share it, so a message is scanned
    once."""
    return PhraseIndex([*lexicon_rows(), *app_rows(), *cue_rows(), *intent_rows(), *frame_rows()])
