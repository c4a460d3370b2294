"""Reading the labelled evaluation corpus (see eval/README.md).

Two formats are read into the same records:

- the legacy hand-written splits ``eval/dev`` and ``eval/test``
  (``messages.tsv``, ``conversations.txt``);
- the independent corpus ``eval/corpus/<split>/<author>/{messages,
  conversations}.jsonl`` described in ``eval/corpus/GUIDE.md``.

A split name selects them: ``dev`` and ``legacy-test`` are the legacy
folders ``eval/dev`` and ``eval/test``; ``train`` and ``test`` are the
independent ones (``corpus/train``, and ``corpus/test``, the sealed split).
Malformed lines are counted and reported, never guessed.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT / "corpus"

# Split name -> folder.
LEGACY_SPLITS = {"dev": "dev", "legacy-test": "test"}
# ``unseen``: independent authors written at the end of a session and
# measured once as text nobody trained on; eval/train.py never reads them
# (it reads TRAIN_SPLITS). A later session moves an author to ``train``
# after measuring its own work on them (eval/README.md).
JSONL_SPLITS = {"train": "train", "test": "test", "unseen": "unseen"}

VERDICTS = ("allow", "mask", "hold", "block")
CONTEXTS = ("teen_public", "adult_public", "dm_teen", "dm_adult")
CATEGORIES = (
    "grooming", "ambush", "recruitment", "sextortion", "threat", "harassment", "hate", "scam",
    "personal_data", "doxxing", "off_platform", "minor_sexualisation", "sexual_content", "link",
)  # fmt: skip
# Legacy labels were finer (the kind of personal data) or named differently.
LEGACY_CATEGORY = {
    "phone_number": "personal_data",
    "email": "personal_data",
    "street_address": "personal_data",
    "social_handle": "personal_data",
    "minor": "minor_sexualisation",
}


@dataclass(frozen=True, slots=True)
class LabelledMessage:
    expected: frozenset[str]  # guide categories; empty = nothing wrong
    lang: str
    text: str
    verdict: str | None = None  # None in the legacy format (it has no verdicts)
    context: str | None = None
    new_account: bool = False
    id: str = ""
    author: str = ""


@dataclass(slots=True)
class LabelledConversation:
    id: str
    risky: bool
    category: str
    lang: str
    first_worrying: int | None
    participants: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, str]] = field(default_factory=list)
    room_kind: str = "dm"
    author: str = ""

    def as_input(self) -> dict[str, Any]:
        """The conversation in ``causerie safety score``'s input format."""
        return {
            "id": self.id,
            "room_kind": self.room_kind,
            "participants": self.participants,
            "messages": self.messages,
        }


@dataclass(slots=True)
class Problems:
    """Lines that could not be read, by file, so that reports say so."""

    lines: list[str] = field(default_factory=list)

    def add(self, where: str, why: str) -> None:
        self.lines.append(f"{where}: {why}")


PROBLEMS = Problems()


# --- legacy format -----------------------------------------------------------


def _legacy_messages(split: str) -> list[LabelledMessage]:
    out = []
    for line in (
        (ROOT / LEGACY_SPLITS[split] / "messages.tsv").read_text(encoding="utf-8").splitlines()
    ):
        if not line.strip() or line.startswith("#"):
            continue
        labels, lang, text = line.split("\t", 2)
        raw = () if labels == "ok" else labels.split(",")
        expected = frozenset(LEGACY_CATEGORY.get(label, label) for label in raw)
        out.append(LabelledMessage(expected, lang, text, author="legacy"))
    return out


def _participant(spec: str) -> dict[str, Any]:
    words = spec.split()
    result: dict[str, Any] = {"id": words[0]}
    for word in words[1:]:
        key, _, value = word.partition("=")
        if key == "age":
            result["declared_age"] = int(value)
        elif key == "days":
            result["account_age_days"] = float(value)
        elif key == "verified":
            result["verified"] = value == "1"
        elif key == "targets":
            result["recent_meeting_targets"] = int(value)
        else:
            raise ValueError(f"unknown participant field {key!r}")
    return result


def _legacy_conversations(split: str) -> list[LabelledConversation]:
    out: list[LabelledConversation] = []
    path = ROOT / LEGACY_SPLITS[split] / "conversations.txt"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("== "):
            conv_id, label, category, lang, first = (p.strip() for p in line[3:].split("|"))
            out.append(
                LabelledConversation(
                    conv_id,
                    label == "risky",
                    LEGACY_CATEGORY.get(category, category),
                    lang,
                    None if first == "-" else int(first),
                    author="legacy",
                )
            )
        elif line.startswith("@ "):
            out[-1].participants.append(_participant(line[2:]))
        elif "> " in line:
            sender, _, text = line.partition("> ")
            out[-1].messages.append({"from": sender.strip(), "text": text})
        else:
            raise ValueError(f"{path}:{number}: cannot read {line!r}")
    return out


# --- the independent JSONL corpus -------------------------------------------


# Set by ``eval/run.py --author``: one author's folder alone (a split's
# figures per author, e.g. a sealed author nobody has measured yet).
ONLY_AUTHOR: str | None = None
# Set by ``eval/run.py --folder``: a folder in the guide's format kept outside
# the repository (an outside reviewer's cases, which nobody here reads and
# which are never committed nor trained on), read as the split ``outside``.
OUTSIDE: Path | None = None


def authors(split: str) -> list[Path]:
    """The author folders of an independent split, sorted."""
    if split == "outside":
        return [OUTSIDE] if OUTSIDE is not None else []
    folder = CORPUS / JSONL_SPLITS[split]
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and ONLY_AUTHOR in (None, p.name))


def _jsonl(path: Path) -> list[tuple[str, dict[str, Any]]]:
    rows = []
    if not path.is_file():
        return rows
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{number}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            PROBLEMS.add(where, f"not JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            PROBLEMS.add(where, "not an object")
            continue
        rows.append((where, obj))
    return rows


def parse_message(obj: dict[str, Any], author: str) -> LabelledMessage:
    """One line of ``messages.jsonl``; ``ValueError`` says what is wrong."""
    text, lang, verdict = obj.get("text"), obj.get("lang"), obj.get("verdict")
    context, categories = obj.get("context"), obj.get("categories", [])
    if not isinstance(text, str) or not text.strip():
        raise ValueError("'text' must be a non-empty string")
    if lang not in ("fr", "en"):
        raise ValueError(f"'lang' must be fr or en, not {lang!r}")
    if verdict not in VERDICTS:
        raise ValueError(f"'verdict' must be one of {VERDICTS}, not {verdict!r}")
    if context not in CONTEXTS:
        raise ValueError(f"'context' must be one of {CONTEXTS}, not {context!r}")
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise ValueError("'categories' must be a list of strings")
    unknown = set(categories) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unknown categories {sorted(unknown)}")
    return LabelledMessage(
        frozenset(categories),
        lang,
        text,
        verdict,
        context,
        bool(obj.get("new_account", False)),
        str(obj.get("id", "")),
        author,
    )


def parse_conversation(obj: dict[str, Any], author: str) -> LabelledConversation:
    """One line of ``conversations.jsonl``; ``ValueError`` says what is wrong."""
    label, lang, category = obj.get("label"), obj.get("lang"), obj.get("category")
    first, participants, messages = (
        obj.get("first_worrying"),
        obj.get("participants"),
        obj.get("messages"),
    )
    if label not in ("risky", "benign"):
        raise ValueError(f"'label' must be risky or benign, not {label!r}")
    if lang not in ("fr", "en"):
        raise ValueError(f"'lang' must be fr or en, not {lang!r}")
    if not isinstance(category, str) or category not in (*CATEGORIES, "none"):
        raise ValueError(f"unknown category {category!r}")
    if not isinstance(messages, list) or not messages:
        raise ValueError("'messages' must be a non-empty list")
    if not isinstance(participants, list):
        raise ValueError("'participants' must be a list")
    clean = []
    for m in messages:
        if not isinstance(m, dict) or not isinstance(m.get("from"), str):
            raise ValueError("each message needs a string 'from'")
        if not isinstance(m.get("text"), str):
            raise ValueError("each message needs a string 'text'")
        clean.append({"from": m["from"], "text": m["text"]})
    people = []
    for p in participants:
        if not isinstance(p, dict) or not isinstance(p.get("id"), str):
            raise ValueError("each participant needs a string 'id'")
        person: dict[str, Any] = {"id": p["id"]}
        age, days = p.get("declared_age"), p.get("account_age_days")
        if isinstance(age, int) and not isinstance(age, bool):
            person["declared_age"] = age
        if isinstance(days, (int, float)) and not isinstance(days, bool):
            person["account_age_days"] = float(days)
        if isinstance(p.get("verified"), bool):
            person["verified"] = p["verified"]
        people.append(person)
    risky = label == "risky"
    if risky:
        if isinstance(first, bool) or not isinstance(first, int) or not 0 <= first < len(clean):
            raise ValueError("a risky conversation needs 'first_worrying' inside 'messages'")
    else:
        first = None
    room_kind = obj.get("room_kind", "dm")
    if room_kind not in ("dm", "public"):
        raise ValueError("'room_kind' must be dm or public")
    return LabelledConversation(
        str(obj.get("id", "")),
        risky,
        category,
        lang,
        first,
        people,
        clean,
        room_kind,
        author,
    )


def _jsonl_messages(split: str) -> list[LabelledMessage]:
    out = []
    for folder in authors(split):
        for where, obj in _jsonl(folder / "messages.jsonl"):
            try:
                out.append(parse_message(obj, folder.name))
            except ValueError as exc:
                PROBLEMS.add(where, str(exc))
    return out


def _jsonl_conversations(split: str) -> list[LabelledConversation]:
    out = []
    for folder in authors(split):
        for where, obj in _jsonl(folder / "conversations.jsonl"):
            try:
                out.append(parse_conversation(obj, folder.name))
            except ValueError as exc:
                PROBLEMS.add(where, str(exc))
    return out


def read_messages(split: str) -> list[LabelledMessage]:
    if split in LEGACY_SPLITS:
        return _legacy_messages(split)
    return _jsonl_messages(split)


def read_conversations(split: str) -> list[LabelledConversation]:
    if split in LEGACY_SPLITS:
        return _legacy_conversations(split)
    return _jsonl_conversations(split)


def warn_problems() -> None:
    """Print the unreadable lines met so far (to stderr) and forget them."""
    for line in PROBLEMS.lines:
        print(f"skipped {line}", file=sys.stderr)
    PROBLEMS.lines.clear()
