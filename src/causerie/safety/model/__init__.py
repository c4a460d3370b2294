"""The learned layer: a linear model over hashed n-grams, one score per category.

The rules stay the first, explainable layer; this model adds recall on
wording nobody wrote a rule for. It is trained offline by ``eval/train.py``
(scikit-learn, fixed seed) and shipped here as package data:

- ``model.json``: categories, feature settings, per-band thresholds, the
  scorer weights of the model signals and the SHA-256 of the weights file;
- ``weights.npz``: float16 weights of the hashed features actually used
  (sorted bucket numbers + one row of weights per bucket) and the biases.

Runtime inference is numpy only (no scikit-learn): the features of one
message are a few hundred n-gram hashes, looked up in the sorted bucket
array, summed and passed through a sigmoid. The features are computed from
the canonical text of ``causerie.safety.normalise`` so that the model sees
through the same evasions as the rules (``s3x3``, ``p.u.t.e``, Cyrillic
look-alikes).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import combinations
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from causerie.safety.normalise import DIGIT_RUN, canonical

__all__ = [
    "BANDS",
    "HANDLE",
    "Features",
    "LinearModel",
    "ModelIntegrityError",
    "ScannedMessage",
    "components_of",
    "feature_counts",
    "features",
    "handles_marked",
    "load_model",
    "shipped_model",
]

BANDS = ("teen", "adult")
# Off switch for the whole learned layer (filter check and scorer signals):
# the benchmark's "rules only" figures, and a way out if a shipped model
# misbehaves in production before a new one is trained.
ENABLED = True
# Defaults used by the training script; the shipped model.json says which
# were in force when it was trained, and inference reads them from there.
DEFAULT_SETTINGS: dict[str, Any] = {
    "buckets_log2": 20,
    "char_ngrams": [3, 5],
    "word_ngrams": [1, 2],
    # Chosen on train cross-validation (recall at the teen precision target
    # 0.40 vs 0.37 without; "t'as quel âge ?" and "please" no longer fire).
    "min_features": 120,
    # Session 17: the rules' components found by the phrase scan
    # (``intent:audience``, ``cue:off_platform``…) and every pair of them in
    # one message, hashed beside the n-grams (``components_of``). Out of fold
    # (authors held out) recall rose up to 8 points at the same precision
    # (0.2 for grooming), but on seven authors nobody had read it gave the same
    # 1,788 of 2,143 messages as the plain n-grams, flagged fewer
    # conversations early and broke eight hand-written hard negatives: the
    # components were written by people who had read the training authors,
    # so the out-of-fold gain was theirs (eval/README.md, session 17). Off
    # until a measure on unseen text says otherwise.
    "components": False,
    # Session 20: a word with letters and a run of three digits or more is a
    # member's handle or pseudonym ("lea2005", "user4453x1"); the model reads
    # every one as the same mark, ``HANDLE``. Its digits and letters are
    # nobody's wording: learned as n-grams they tied a year or a counter to
    # the harassment and personal-data examples that happened to carry a
    # handle, and "@lea_2005 regarde ça" was held while "@toto" was not.
    "handles": True,
}


# What a handle reads as (``DEFAULT_SETTINGS["handles"]``): "@" never
# survives normalisation, so the mark cannot be anyone's word.
HANDLE = "@"
# Two letters, not one: "1500m" and "23h30" are measures, not names.
_HANDLE_WORD = re.compile(r"(?<!\S)(?=\S*[a-z]\S*[a-z])\S*[0-9]{3}\S*")


def handles_marked(normalised_text: str) -> str:
    """The canonical text with every handle-like word (two letters or more
    and a run of three digits) replaced by ``HANDLE``."""
    if DIGIT_RUN.search(normalised_text) is None:
        return normalised_text  # the common case: no scan of the words
    return _HANDLE_WORD.sub(HANDLE, normalised_text)


class _Normalised(Protocol):
    @property
    def text(self) -> str: ...


class ScannedMessage(Protocol):
    """What the model reads of a scanned message (``verdict.Scanned``)."""

    @property
    def text(self) -> str: ...

    @property
    def normalised(self) -> _Normalised: ...

    def component_names(self) -> tuple[str, ...]: ...


class ModelIntegrityError(RuntimeError):
    """The weights on disk are not the ones the model card describes."""


@dataclass(frozen=True, slots=True)
class Features:
    """Hashed feature buckets of one message, each counted once; the
    weight of each is ``scale`` (the row is L2-normalised)."""

    buckets: npt.NDArray[np.int64]
    scale: float


# 64-bit polynomial hashing of byte n-grams, vectorised with numpy (a dozen
# array operations per message instead of hundreds of Python calls): the
# hashes of the n-grams are built from those of the (n-1)-grams. Unsigned
# overflow wraps, which is what a hash wants; the length salts each n, and
# the final mix spreads the low bits that the bucket mask keeps.
_PRIME = np.uint64(0x100000001B3)
_SALT = np.uint64(0x9E3779B1)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SHIFT_A, _SHIFT_B = np.uint64(29), np.uint64(32)


def _char_hashes(data: bytes, lo: int, hi: int) -> npt.NDArray[np.uint64]:
    codes = np.frombuffer(data, dtype=np.uint8).astype(np.uint64)
    h = codes
    parts = []
    for n in range(2, hi + 1):
        if len(h) < 2:
            break
        h = h[:-1] * _PRIME + codes[n - 1 :]
        if n >= lo:
            parts.append(h + np.uint64(n) * _SALT)
    if not parts:
        return np.zeros(0, dtype=np.uint64)
    mixed = np.concatenate(parts)
    mixed ^= mixed >> _SHIFT_A
    mixed *= _MIX
    mixed ^= mixed >> _SHIFT_B
    return mixed


# crc32 is deterministic across processes (str hash() is salted); the
# \x01 prefix keeps word n-grams apart from byte n-grams.
_WORD_SEED = zlib.crc32(b"\x01")


def _word_hashes(words: list[str], lo: int, hi: int, mask: int) -> list[int]:
    """``crc32("\x01" + " ".join(n words)) & mask`` of every word n-gram,
    ``lo <= n <= hi``, by n then position. crc32 can be resumed, so the
    hash of an n-gram extends its (n-1)-gram's instead of joining and
    encoding the words again (half the cost of a short message's model)."""
    encoded = [word.encode("utf-8") for word in words]
    crc32 = zlib.crc32
    partial = [crc32(word, _WORD_SEED) for word in encoded]  # 1-grams
    out: list[int] = []
    for n in range(1, hi + 1):
        if n > 1:
            partial = [
                crc32(word, crc32(b" ", head))
                for head, word in zip(partial, encoded[n - 1 :], strict=False)
            ]
        if n >= lo:
            out.extend(h & mask for h in partial)
    return out


# The \x02 prefix keeps component names apart from byte and word n-grams.
_COMPONENT_SEED = zlib.crc32(b"\x02")


def components_of(names: Iterable[str]) -> tuple[str, ...]:
    """The component tokens of a message from the names of its phrase-scan
    hits (``Scanned.component_names``: ``kind:name``): each distinct name,
    then every pair of them joined by ``&`` (sorted, so the same message
    always gives the same tokens). A pair says two parts met in one message,
    as a rule would combine them (a thing held and an audience)."""
    distinct = sorted(set(names))
    return (*distinct, *(f"{a}&{b}" for a, b in combinations(distinct, 2)))


def features(
    normalised_text: str, settings: dict[str, Any], components: Sequence[str] = ()
) -> Features:
    """The hashed features of a message whose canonical form is given
    (``Scanned.normalised.text`` in the filter: normalised once): byte
    n-grams of the canonical text (ASCII after normalisation) across word
    boundaries, and word n-grams; with the ``components`` setting, the
    message's component tokens (``components_of``) too. A bucket met twice
    counts twice (term frequency; training sums the same way)."""
    if settings.get("handles"):
        normalised_text = handles_marked(normalised_text)
    mask = (1 << int(settings["buckets_log2"])) - 1
    lo, hi = settings["char_ngrams"]
    wlo, whi = settings["word_ngrams"]
    chars = (_char_hashes(normalised_text.encode("utf-8"), lo, hi) & np.uint64(mask)).astype(
        np.int64
    )
    word_hashes = _word_hashes(normalised_text.split(), wlo, whi, mask)
    if settings.get("components") and components:
        crc32 = zlib.crc32
        word_hashes.extend(crc32(c.encode("utf-8"), _COMPONENT_SEED) & mask for c in components)
    buckets = np.concatenate([chars, np.asarray(word_hashes, dtype=np.int64)])
    # L2-like normalisation, but a short message counts as if it had at
    # least ``min_features``: "please" or "t'as quel âge ?" carry little
    # evidence, and a unit-length row would make their few n-grams speak loudly.
    floor = int(settings.get("min_features", 0))
    scale = 1.0 / math.sqrt(max(len(buckets), floor)) if len(buckets) else 0.0
    return Features(buckets, scale)


def feature_counts(
    text: str, settings: dict[str, Any] | None = None, components: Sequence[str] = ()
) -> Features:
    """``features`` of a raw text (normalises it first); used by training."""
    return features(canonical(text), settings or DEFAULT_SETTINGS, components)


RECENT = 256


class LinearModel:
    """One-vs-rest logistic models sharing one hashed feature space."""

    def __init__(
        self,
        meta: dict[str, Any],
        keys: npt.NDArray[np.int64],
        weights: npt.NDArray[np.float32],
        bias: npt.NDArray[np.float32],
    ) -> None:
        self.meta = meta
        self.categories: tuple[str, ...] = tuple(meta["categories"])
        self.settings: dict[str, Any] = dict(meta["settings"])
        self.thresholds: dict[str, dict[str, float]] = {
            band: {c: float(v) for c, v in meta["thresholds"][band].items()} for band in BANDS
        }
        # The scorer's thresholds (lower: a signal only adds evidence to a
        # conversation); the filter's when a model has none.
        scorer = meta.get("scorer_thresholds", meta["thresholds"])
        self.scorer_thresholds: dict[str, dict[str, float]] = {
            band: {c: float(v) for c, v in scorer[band].items()} for band in BANDS
        }
        self.signal_weights: dict[str, float] = {
            c: float(v) for c, v in meta.get("signal_weights", {}).items()
        }
        self._keys = keys
        self._weights = weights
        self._bias = bias.astype(np.float64)
        # The shipped weights are float16 values: every one is a multiple of
        # 2^-24, so any partial sum of fewer than ``_exact_terms`` of them is
        # a multiple of 2^-24 below 2^29 in magnitude, which a float64 holds
        # exactly. Their sum is then the same whatever the order, and a
        # matrix-vector product (BLAS, any order) gives the bit-identical
        # result of the row-by-row reduction at half its cost (issue 12,
        # s8speed: ~15 -> ~8 µs per message). Other weights (a test's float32
        # model) keep the reduction.
        self._exact_terms = _exact_terms(weights)
        # Bucket -> row of ``weights`` (-1: unused): one gather per message
        # instead of a binary search (4 MiB for 2^20 buckets).
        self._rows = np.full(1 << int(self.settings["buckets_log2"]), -1, dtype=np.int32)
        self._rows[keys] = np.arange(len(keys), dtype=np.int32)
        self._recent: dict[str, dict[str, float]] = {}

    def predict(
        self, text: str, normalised_text: str | None = None, components: Sequence[str] = ()
    ) -> dict[str, float]:
        """``probabilities`` of a raw message, remembered for the last
        ``RECENT`` distinct texts: the server runs the filter and then the
        conversation scorer on the same message, and the second asks for
        free. Bounded: the memory is emptied when full (dict operations are
        atomic under the GIL, so threads may share it). ``components`` are
        the message's (``components_of``; the same text always has the
        same), read only by a model trained with them."""
        hit = self._recent.get(text)
        if hit is not None:
            return hit
        probs = self.probabilities_of(
            normalised_text if normalised_text is not None else canonical(text), components
        )
        if len(self._recent) >= RECENT:
            self._recent.clear()
        self._recent[text] = probs
        return probs

    def probabilities_of(
        self, normalised_text: str, components: Sequence[str] = ()
    ) -> dict[str, float]:
        """The probability of each category for a canonical text (and its
        components, ``components_of``)."""
        row = features(normalised_text, self.settings, components)
        logits = self._bias
        if len(row.buckets):
            rows = self._rows[row.buckets]
            rows = rows[rows >= 0]
            if 0 < len(rows) < self._exact_terms:
                gathered = self._weights.take(rows, axis=0).astype(np.float64)
                logits = logits + (np.ones(len(rows)) @ gathered) * row.scale
            elif len(rows):
                logits = logits + self._weights[rows].sum(axis=0, dtype=np.float64) * row.scale
        probs = 1.0 / (1.0 + np.exp(-logits))
        return dict(zip(self.categories, probs.tolist(), strict=True))

    def probabilities(self, text: str, components: Sequence[str] = ()) -> dict[str, float]:
        """The probability of each category for a raw message."""
        return self.probabilities_of(canonical(text), components)

    def predict_scanned(self, message: ScannedMessage) -> dict[str, float]:
        """``predict`` for a message the phrase scan has read (the filter's
        ``Scanned``): its canonical form, and its components only when this
        model was trained with them (computing them is not free, and the
        shipped model is not: eval/README.md, session 17)."""
        names = message.component_names() if self.settings.get("components") else ()
        return self.predict(message.text, message.normalised.text, components_of(names))

    def fired(
        self, probs: dict[str, float], band: str, *, scorer: bool = False
    ) -> list[tuple[str, float]]:
        """Categories at or above the band's threshold (the filter's, or the
        scorer's), most probable first; a category without a threshold for
        the band never fires."""
        limits = (self.scorer_thresholds if scorer else self.thresholds)[band]
        hits = [(c, p) for c, p in probs.items() if c in limits and p >= limits[c]]
        return sorted(hits, key=lambda item: (-item[1], item[0]))


def _exact_terms(weights: npt.NDArray[np.float32]) -> int:
    """How many rows of ``weights`` can be summed in float64 with no
    rounding at all, in any order: 0 unless every weight is a float16 value
    (a multiple of 2^-24); then as many as keep every partial sum below 2^29
    (53 bits of mantissa, 24 of them below the unit), with a factor 2 of
    margin."""
    if weights.size == 0:
        return 0
    with np.errstate(over="ignore"):  # a weight beyond float16's range: inf, refused below
        as_float16 = weights.astype(np.float16)
    if not np.all(np.isfinite(as_float16)) or not np.array_equal(
        as_float16.astype(np.float64), weights.astype(np.float64)
    ):
        return 0
    largest = float(np.abs(weights).max())
    return int(2.0**28 / largest) if largest > 0 else 2**62


def load_model(meta_bytes: bytes, weights_bytes: bytes) -> LinearModel:
    """A model from its two files; refuses weights whose SHA-256 is not the
    one recorded in the metadata (a truncated copy, a swapped file)."""
    meta = json.loads(meta_bytes)
    digest = hashlib.sha256(weights_bytes).hexdigest()
    if digest != meta.get("weights_sha256"):
        raise ModelIntegrityError(
            f"weights.npz has SHA-256 {digest}, model.json expects {meta.get('weights_sha256')}"
        )
    with np.load(io.BytesIO(weights_bytes), allow_pickle=False) as data:
        keys = data["keys"].astype(np.int64)
        weights = data["weights"].astype(np.float32)
        bias = data["bias"].astype(np.float32)
    if weights.shape != (len(keys), len(meta["categories"])) or bias.shape != (
        len(meta["categories"]),
    ):
        raise ModelIntegrityError("weights.npz does not match model.json's categories")
    if len(keys) > 1 and not bool(np.all(keys[1:] > keys[:-1])):
        raise ModelIntegrityError("weights.npz buckets are not strictly sorted")
    return LinearModel(meta, keys, weights, bias)


@cache
def shipped_model() -> LinearModel:
    """The model shipped with the package, loaded and checked once."""
    root = resources.files("causerie.safety.model")
    return load_model(
        root.joinpath("model.json").read_bytes(), root.joinpath("weights.npz").read_bytes()
    )
