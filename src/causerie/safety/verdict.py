"""The values the per-message pipeline takes and gives back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from causerie.domain.moderation import refusal_opens_case
from causerie.safety.normalise import Normalised
from causerie.safety.phrases import Hit

ALLOW, MASK, HOLD, BLOCK = "allow", "mask", "hold", "block"
# What a victim telling their story is not doing (``Scanned.victim_excuses``).
VICTIM_EXCUSES = frozenset({"sextortion", "threat", "scam"})
_HITS_BY_KIND = "hits_by_kind"  # ``Scanned.memo`` key
MASK_TOKEN = "•••"  # noqa: S105 - a placeholder shown to readers, not a secret


@dataclass(frozen=True, slots=True)
class SenderContext:
    """Who sends, as far as the filter cares."""

    band: str  # "teen" | "adult"
    trust_level: int  # 0 = brand-new guest
    account_age_days: float = 0.0
    is_private: bool = False  # DM vs public room


@dataclass(frozen=True, slots=True)
class Verdict:
    """``decision`` is allow, mask, hold or block; ``reasons`` are stable
    snake_case codes the sender can be shown; ``text`` is what to deliver
    (masked when the decision is ``mask``)."""

    decision: str
    reasons: list[str]
    text: str


@dataclass(frozen=True, slots=True)
class Scanned:
    """A message prepared once for every check: original, canonical form
    and every phrase hit."""

    text: str
    normalised: Normalised
    hits: tuple[Hit, ...]
    # What checks derived from this message (its intent, its personal data),
    # kept so that the filter and the conversation scorer, which read the
    # same message one after the other, compute it once (``pipeline.scan``
    # hands both the same object). Only pure functions of the message go here.
    memo: dict[str, object] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def component_names(self) -> tuple[str, ...]:
        """Every distinct ``kind:name`` the phrase scan found (the learned
        layer's component features, ``model.components_of``); kept in
        ``memo``: the filter and the scorer both ask."""
        known = self.memo.get("component_names")
        if isinstance(known, tuple):
            return known
        names = tuple(sorted({f"{h.entry.kind}:{h.entry.name}" for h in self.hits}))
        self.memo["component_names"] = names
        return names

    def in_innocent_phrase(self, hit: Hit, category: str) -> bool:
        """Whether ``hit`` lies in an innocent phrase written for ``category``
        (a ``!category`` suppressor of data/intent: "des fagots de bois" for
        hate, "the blue tits are back" for sexual content, "ur aim is trash"
        for harassment): the word is that phrase's, not the category's."""
        return any(p.overlaps(hit) for p in self.hits_of("intent_suppress", category))

    def victim_excuses(self) -> frozenset[str]:
        """Categories a victim's own narration excuses in this message ("un
        mec a une photo de moi et il dit qu'il l'envoie si je paie pas",
        "someone is blackmailing me"): the words of the crime are there, but
        the speaker is the one it is done to (the ``victim`` frame of
        ``data/frames``). The guide allows a victim asking for help."""
        intents = {hit.entry.name for hit in self.hits_of("intent")}
        # A demand relayed to the reader ("il m'a dit de te dire : paie ou
        # il envoie tes photos, aide moi") is aimed at the reader whoever
        # speaks: no victim's story excuses it.
        if "relay_to_reader" in intents:
            return frozenset()
        if any(hit.entry.kind == "frame" and hit.entry.name == "victim" for hit in self.hits):
            return VICTIM_EXCUSES
        # s10fp: what was said to them told without quotes ("un mec m'a dit
        # je vais te retrouver hier"), with their fear or their call for
        # help ("j'ai peur", "is this a scam?"). A threat still aimed at
        # the reader in the sender's own voice is never excused (callers
        # take ``Intent.aimed`` away).
        if {"reported_speech", "victim_fear"} <= intents:
            return VICTIM_EXCUSES
        return frozenset()

    def hits_of(self, kind: str, name: str | None = None) -> list[Hit]:
        """The hits of one kind (and name), in scan order. The checks ask a
        dozen times per message: the hits are grouped by kind once."""
        known = self.memo.get(_HITS_BY_KIND)
        grouped: dict[tuple[str, str | None], list[Hit]]
        if isinstance(known, dict):
            grouped = known
        else:
            # Keyed by (kind, None) and by (kind, name): most questions name
            # the component ("is there a ``threat_when``?"), ~70 a message.
            grouped = {}
            for hit in self.hits:
                grouped.setdefault((hit.entry.kind, None), []).append(hit)
                grouped.setdefault((hit.entry.kind, hit.entry.name), []).append(hit)
            self.memo[_HITS_BY_KIND] = grouped
        return list(grouped.get((kind, name), ()))  # a copy: callers may keep or change it


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What one check decided; ``spans`` are original ranges to mask."""

    decision: str
    reasons: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] = field(default=())


def apply_masks(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """``text`` with each span (merged when they overlap) replaced by
    ``MASK_TOKEN``."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out = []
    cursor = 0
    for start, end in merged:
        out.append(text[cursor:start])
        out.append(MASK_TOKEN)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


_PRECEDENCE = {HOLD: 1, BLOCK: 2, MASK: 3}


def gravest(decided: Iterable[tuple[str, Iterable[str]]]) -> str:
    """The decision of several checks' ``(decision, reasons)`` that did not
    allow: a refusal that opens a case first (``refusal_opens_case``, a minor
    sexualised: it reaches nobody, as the guide wants, and the services give
    the moderator everything a hold would), then a hold (a held message
    reaches a moderator even when another rule would only have refused it),
    then a refusal, then a mask. A threat held beside an insult or a slur
    refused is one abusive threat: refused, opening a case (session 15)."""
    given = [(decision, tuple(reasons)) for decision, reasons in decided]
    threat = ("threat",) if any("threat" in r for d, r in given if d == HOLD) else ()
    ranked = [
        0 if decision == BLOCK and refusal_opens_case(reasons + threat) else _PRECEDENCE[decision]
        for decision, reasons in given
    ]
    best = min(ranked)
    return BLOCK if best == 0 else next(d for d, rank in _PRECEDENCE.items() if rank == best)
