"""Reading the labelled evaluation corpus (see eval/README.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class LabelledMessage:
    expected: frozenset[str]
    lang: str
    text: str


@dataclass(slots=True)
class LabelledConversation:
    id: str
    risky: bool
    category: str
    lang: str
    first_worrying: int | None
    participants: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, str]] = field(default_factory=list)

    def as_input(self) -> dict[str, Any]:
        """The conversation in ``causerie safety score``'s input format."""
        return {
            "id": self.id,
            "room_kind": "dm",
            "participants": self.participants,
            "messages": self.messages,
        }


def read_messages(split: str) -> list[LabelledMessage]:
    out = []
    for line in (ROOT / split / "messages.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        labels, lang, text = line.split("\t", 2)
        expected = frozenset() if labels == "ok" else frozenset(labels.split(","))
        out.append(LabelledMessage(expected, lang, text))
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


def read_conversations(split: str) -> list[LabelledConversation]:
    out: list[LabelledConversation] = []
    path = ROOT / split / "conversations.txt"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("== "):
            conv_id, label, category, lang, first = (p.strip() for p in line[3:].split("|"))
            out.append(
                LabelledConversation(
                    conv_id, label == "risky", category, lang, None if first == "-" else int(first)
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
