"""Train the learned layer of the safety filter (``make train``).

    .venv/bin/python eval/train.py [--dry-run] [--seed 12]

Reads the training data only: the independent corpus ``eval/corpus/train``
and the legacy ``eval/dev`` split. Never ``eval/corpus/test`` or
``eval/test``: those are for reporting (``eval/run.py``).

Examples:
- each labelled message, with its categories;
- each message of a benign conversation, as a negative (real chat flow and
  the authors' hard negatives);
- in a risky conversation, the messages of the person who wrote the first
  worrying message, from that message on, as weak positives of the
  conversation's category (weight ``WEAK``: some of them are small talk);
  messages before it are negatives, the other side's are left out.

One logistic regression per category (one-vs-rest, liblinear, fixed seed)
over the hashed n-grams of ``causerie.safety.model``. Thresholds per age band
are chosen on out-of-fold predictions (folds grouped by author, so the
figure says how the model does on an author it never read) as the lowest
threshold whose precision reaches the band's target: teens get the lower
target, hence the more sensitive threshold. The model is then refitted on
everything and written to ``src/causerie/safety/model/`` with its SHA-256 and
its model card.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import (
    CATEGORIES,
    LabelledConversation,
    LabelledMessage,
    read_conversations,
    read_messages,
    warn_problems,
)

from causerie.safety.model import DEFAULT_SETTINGS, components_of, feature_counts
from causerie.safety.pipeline import scan

MODEL_DIR = Path(__file__).resolve().parents[1] / "src" / "causerie" / "safety" / "model"
TRAIN_SPLITS = ("train", "dev")
# Categories the rules already find exactly (a URL, a phone number) gain
# nothing from a text model and would only add noise.
SKIPPED = frozenset({"link"})
MIN_POSITIVES = 8
WEAK = 0.5
C = 4.0
FOLDS = 5
# Precision the chosen threshold must reach on out-of-fold predictions.
# Compared on eval/tune.py (leave-one-author-out, four authors): single
# messages with the guide's verdict 81.5 % at 0.85/0.92, 83.7 % at 0.7/0.8
# (held by the guide but allowed 210 -> 138; allowed by the guide but held
# 51 -> 73). Not taken: at 0.7 the teen thresholds fall to the 0.5 floor and
# "on se retrouve au parc demain ?" or "je vais te retrouver au parc" are
# held for a moderator, an ordinary teen plan the metric does not weigh.
# Session 13, precision counted against allowed messages only (below), on
# eval/tune.py --folds 6 (34 authors, 15,130 messages, each fold's model
# never read its authors): right verdicts 85.8 % (current criterion,
# 0.85/0.92) -> 86.5 % (0.85/0.92) -> 87.1 % (0.85/0.85) -> 87.2 % (0.85/0.8);
# let through 1,288 -> 1,066 -> 888 -> 796; allowed but held or blocked
# 320 -> 385 -> 445 -> 498 (allowed wrongly blocked 71-72 throughout).
# 0.85/0.85 was tried and not taken: the adult minor_sexualisation threshold
# fell from 0.98 to 0.72 and the builders' hand-written hard negatives were
# held ("ce film me fait trop rire, le héros de 15 ans est génial" 0.90,
# "envoie des nudes" between adults in private, "je sais que tu finis tard
# le mardi, je t'appelle mercredi ?"): 16 of them in tests/unit/safety.
TARGET_PRECISION = {"teen": 0.85, "adult": 0.92}
# Targets for one category in one band, in place of the band's. Teens'
# ordinary plans ("je vais te retrouver au parc", "on se retrouve au parc
# demain ?") share their words with a threat; at the teen target the
# four-author model's teen threat threshold (0.756) held them. A threat to a
# teen is still seen by the rules (explicit words) and by the scorer; the
# learned filter alone holds it at the adults' precision.
#
# Session 14: the adults' crimes whose answer is a hold (ambush, recruitment,
# sextortion, scam, doxxing) at the teens' 0.85. Alone, the model only holds
# an adult's message for a moderator (checks/model.py), and at 0.92 its adult
# cuts (recruitment 0.96, sextortion 0.90) left it silent on authors it never
# read: of 107 recruitment messages by four new authors (ax-logs,
# ay-sextorsion, ba-arnaques, bb-nightwatch, measured before they were
# trained on), 55 were over the 0.96 cut (3 allowed messages too), 76 over
# 0.9 (8), 91 over 0.8 (14); sextortion 30 -> 35 of 50 at 0.9 -> 0.8 for one
# more allowed message. The categories the guide refuses (harassment, hate,
# sexual content, a minor sexualised) and threats keep 0.92 for adults: at
# 0.85 "t'es encore puceau ?" between adults in private and "je sais que tu
# finis tard le mardi, je t'appelle mercredi ?" were held. Grooming keeps it
# too: its adult examples are few and, teen cuts never being above the
# adults', its adult cut would become the teens' ("delete this chat after,
# it's for dad's surprise party" held).
# Session 16 (56 authors): ambush's adult cut at 0.85 fell to 0.78, and teens
# take the adults' cut when it is lower: "le pont c'est par là, tu verras la
# boulangerie" and "stag party: 11pm at the car park, come quietly, the groom
# has no idea" (hand-written hard negatives) read 0.80 and were held. At 0.87
# the cut is 0.82, out-of-fold recall 0.843 -> 0.818.
# Session 18: threats at 0.85 in both bands (teen 0.92 -> 0.85, adult 0.92
# -> 0.85; the cut 0.91 -> 0.83). The shipped 56-author model's threat cut
# lowered the same way on the thirteen authors it never read (bm..by, 4,033
# messages): +17 right verdicts, 3 moved away ("je vais lui régler son
# compte au prochain conseil municipal … 😂"); grooming lowered the same way
# gained nothing (+8, 9 away: teens' own snaps and photos) and keeps its
# cuts. The hand-written teen plans that once held it at 0.92 ("je vais te
# retrouver au parc") stay allowed (tests/unit/safety).
# Session 19: adult threats at 0.87 (cut 0.82 -> 0.84). Retrained on 76
# authors, the model read hand-written plans at 0.82-0.84 ("je sais que tu
# finis à 18h, je passe te prendre", "i know you finish at 5, let's grab a
# beer after", "shame the car broke down"); recall 0.601 -> 0.588 out of
# fold. The teen band takes the adults' cut when it is lower
# (``never_above_adult``).
TARGET_PRECISION_BY_CATEGORY = {
    "teen": {"threat": 0.85},
    "adult": {
        **{c: 0.85 for c in ("recruitment", "sextortion", "scam", "doxxing")},
        "threat": 0.87,
        "ambush": 0.87,
    },
}
# The scorer only adds evidence to a conversation (nothing is held on one
# signal), so its model signals fire at a lower precision.
SCORER_TARGET_PRECISION = {"teen": 0.60, "adult": 0.70}
# What a filter threshold's precision is counted against, per band: "all"
# (a hit on a message labelled with another category is a false positive)
# or "allowed" (only hits on messages the guide allows are: a recruitment
# hit on an ambush message holds what must be held, and counting it against
# recruitment pushed the adult threshold to 0.96, where it found 20 of 163
# recruitment messages by authors it never read). Teens keep "all": they
# already get the lower target, and "allowed" at 0.85 took six of the
# builders' hand-written teen hard negatives ("t'as déjà embrassé quelqu'un
# à 13 ans ? moi oui mdr", "je veux sucer des glaçons"). Categories in
# COUNTED_AGAINST_ALL keep "all" in every band: a minor sexualised is read
# beside grooming or sexual content in most of its examples, and "allowed"
# took its adult threshold from 0.98 to 0.83, holding "envoie des nudes"
# between adults in private.
PRECISION_AGAINST = {"teen": "all", "adult": "allowed"}
COUNTED_AGAINST_ALL = frozenset({"minor_sexualisation"})
MIN_TRUE_POSITIVES = 3  # below this a precision figure means nothing: no threshold
THRESHOLD_FLOOR = 0.5  # never fire on a coin toss, whatever the fold says
# Weight of a model signal in the conversation scorer (the rule signals go
# from 0.3 to 3.5): the gravest categories weigh most, the ones the rules
# already see well weigh little. The base values were set by hand, then
# scaled by 1.5, chosen on eval/crossval.py (leave-one-author-out F1 of the
# conversations: 0.88 / 0.86 at 1.0, 0.92 / 0.89 at 1.5).
SIGNAL_SCALE = 1.5
SIGNAL_WEIGHTS = {
    "grooming": 1.2, "ambush": 1.2, "recruitment": 2.2, "sextortion": 2.2, "threat": 1.6,
    "harassment": 1.2, "hate": 1.2, "scam": 1.4, "personal_data": 0.3, "doxxing": 1.4,
    "off_platform": 0.6, "minor_sexualisation": 2.2, "sexual_content": 0.8,
}  # fmt: skip
PRUNE = 0.01
REFUSED = ("hold", "block")


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    labels: frozenset[str]
    weight: float
    group: str  # author, for grouped cross-validation
    clean: bool  # labelled by hand (True) or derived from a conversation (False)
    item: str  # the message or conversation it comes from
    # Labelled by hand as a message to hold or block: a category firing on
    # it refuses what should be refused, whatever its label says.
    refused: bool = False


def examples_from(
    messages: list[LabelledMessage], conversations: list[LabelledConversation]
) -> list[Example]:
    out = [
        Example(m.text, m.expected - SKIPPED, 1.0, m.author, True, f"m{i}", m.verdict in REFUSED)
        for i, m in enumerate(messages)
    ]
    for i, conv in enumerate(conversations):
        item = f"c{i}"
        if not conv.risky or conv.first_worrying is None:
            out.extend(
                Example(m["text"], frozenset(), 1.0, conv.author, True, item) for m in conv.messages
            )
            continue
        suspect = conv.messages[conv.first_worrying]["from"]
        for index, m in enumerate(conv.messages):
            if index < conv.first_worrying:
                out.append(Example(m["text"], frozenset(), 1.0, conv.author, True, item))
            elif m["from"] == suspect:
                labels = frozenset({conv.category}) - SKIPPED
                out.append(Example(m["text"], labels, WEAK, conv.author, False, item))
    return out


def components(text: str, settings: dict[str, Any]) -> tuple[str, ...]:
    """The component tokens of ``text`` when ``settings`` use them: its
    phrase scan, as the filter and the scorer read it at run time."""
    if not settings.get("components"):
        return ()
    return components_of(scan(text).component_names())


def matrix(texts: list[str], settings: dict[str, Any]) -> sparse.csr_matrix:
    rows, cols, values = [], [], []
    for i, text in enumerate(texts):
        f = feature_counts(text, settings, components(text, settings))
        rows.extend([i] * len(f.buckets))
        cols.extend(f.buckets.tolist())
        values.extend([f.scale] * len(f.buckets))
    size = 1 << int(settings["buckets_log2"])
    return sparse.csr_matrix(
        (np.asarray(values, dtype=np.float64), (rows, cols)), shape=(len(texts), size)
    )


def model_categories(examples: list[Example]) -> list[str]:
    """The categories with enough positives to learn (a weak positive, from a
    risky conversation's suspect, counts ``WEAK`` of one)."""
    counts = Counter(label for e in examples if e.clean for label in e.labels)
    weak_counts = Counter(label for e in examples if not e.clean for label in e.labels)
    return [
        c
        for c in CATEGORIES
        if c not in SKIPPED and counts[c] + weak_counts[c] * WEAK >= MIN_POSITIVES
    ]


def design(
    examples: list[Example], settings: dict[str, Any]
) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """The examples' features over the buckets some example uses, those
    buckets, and the examples' weights."""
    x = matrix([e.text for e in examples], settings)
    # Only the buckets some example uses: liblinear's cost grows with the
    # width of the matrix, and the other buckets would get zero weights.
    present = np.unique(x.indices)
    return x[:, present].tocsr(), present, np.asarray([e.weight for e in examples])


def labels(examples: list[Example], category: str) -> np.ndarray:
    return np.asarray([category in e.labels for e in examples], dtype=np.int64)


def pack(present: np.ndarray, biases: list[float], columns: list[np.ndarray]) -> tuple[bytes, int]:
    """The weights file of one fit per category (columns over the ``present``
    buckets; a bucket no category weighs above ``PRUNE`` is dropped), and
    how many buckets it keeps."""
    dense = np.stack(columns, axis=1)  # present buckets x categories
    used = np.flatnonzero(np.abs(dense).max(axis=1) > PRUNE)
    arrays: dict[str, np.ndarray] = {
        "keys": present[used].astype(np.uint32),
        "weights": dense[used].astype(np.float16),
        "bias": np.asarray(biases, dtype=np.float16),
    }
    return write_npz(arrays), len(used)


# Session 25, tried and left off: each feature scaled by its naive-Bayes
# log-count ratio for the category before the regression (Wang and
# Manning's NB-LR), counted on the fold's own training rows and folded into
# the weights at the end (inference unchanged). Out of fold, grouped by
# author on 115 authors, it raised recall at the filter's precision targets
# (grooming, teens: 0.654 -> 0.680), and the gate's out-of-fold precision
# (0.919 at recall 0.938; 0.911 at 0.940 before). But it broke 11 hand-written hard
# negatives (a slur's letters inside "député" and "dispute", "je veux sucer
# des glaçons"), where the plain model broke none; on the twelve unseen
# authors it moved messages by +2 of 3,600, conversations' false alarms by
# +5 and early flags by +5: no gain worth those refusals. Fitting is also
# several times slower. Kept as a switch to try again with a smoothed
# ratio or word-only scaling.
NB_SCALE = False
NB_ALPHA = 1.0


def nb_ratio(x: sparse.csr_matrix, y: np.ndarray) -> np.ndarray:
    """Each column's smoothed log-ratio of presence among positives and
    negatives (all ones when ``NB_SCALE`` is off)."""
    if not NB_SCALE:
        return np.ones(x.shape[1])
    present = x.copy()
    present.data[:] = 1.0
    pos = NB_ALPHA + np.asarray(present[y == 1].sum(axis=0)).ravel()
    neg = NB_ALPHA + np.asarray(present[y == 0].sum(axis=0)).ravel()
    return np.log((pos / pos.sum()) / (neg / neg.sum()))


def scaled(x: sparse.csr_matrix, ratio: np.ndarray) -> sparse.csr_matrix:
    return (x @ sparse.diags(ratio)).tocsr()


def fit(x: sparse.csr_matrix, y: np.ndarray, w: np.ndarray, seed: int) -> LogisticRegression:
    model = LogisticRegression(
        C=C, solver="liblinear", class_weight="balanced", random_state=seed, max_iter=2000
    )
    model.fit(x, y, sample_weight=w)
    return model


def against_allowed(band: str, category: str) -> bool:
    """Whether this band's filter threshold for ``category`` counts only
    hits on allowed messages as false (``PRECISION_AGAINST``)."""
    return PRECISION_AGAINST.get(band) == "allowed" and category not in COUNTED_AGAINST_ALL


def filter_threshold(
    band: str, category: str, oof: tuple[np.ndarray, np.ndarray, np.ndarray], target: float
) -> tuple[float | None, float, float]:
    """The filter threshold of ``category`` in ``band`` from its out-of-fold
    (probabilities, truths, refused-anyway marks): the band's ``target``
    unless ``TARGET_PRECISION_BY_CATEGORY`` names another, counted against
    what ``PRECISION_AGAINST`` says. With its precision and recall."""
    probs, truth, other = oof
    target = TARGET_PRECISION_BY_CATEGORY.get(band, {}).get(category, target)
    ignored = other if against_allowed(band, category) else None
    return choose_threshold(probs, truth, target, ignored)


def never_above_adult(thresholds: dict[str, dict[str, float]]) -> None:
    """Teens get the more sensitive threshold, or the adults' (the bands'
    targets and criteria differ: a teen one may come out above)."""
    for category, adult in thresholds["adult"].items():
        thresholds["teen"][category] = min(thresholds["teen"].get(category, adult), adult)


def choose_threshold(
    probs: np.ndarray, truth: np.ndarray, target: float, ignored: np.ndarray | None = None
) -> tuple[float | None, float, float]:
    """The lowest threshold (≥ the floor) whose precision reaches
    ``target``; with its precision and recall. ``None`` when none does.
    ``ignored`` marks examples counted neither way (messages another
    category refuses anyway)."""
    if ignored is not None:
        probs, truth = probs[~ignored], truth[~ignored]
    order = np.argsort(-probs, kind="stable")
    sorted_probs, sorted_truth = probs[order], truth[order]
    tp = np.cumsum(sorted_truth)
    predicted = np.arange(1, len(probs) + 1)
    positives = max(int(truth.sum()), 1)
    best: tuple[float | None, float, float] = (None, 0.0, 0.0)
    for k in range(len(probs)):
        threshold = float(sorted_probs[k])
        if threshold < THRESHOLD_FLOOR:
            break
        if k + 1 < len(probs) and sorted_probs[k + 1] == sorted_probs[k]:
            continue  # a threshold takes every tie with it
        precision = tp[k] / predicted[k]
        if precision >= target and tp[k] >= MIN_TRUE_POSITIVES:
            best = (threshold, float(precision), float(tp[k] / positives))
    return best


def write_npz(arrays: dict[str, np.ndarray]) -> bytes:
    """An .npz with fixed timestamps, so the same weights give the same
    bytes and the same SHA-256 (numpy's savez stamps the current time)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            payload = io.BytesIO()
            np.lib.format.write_array(payload, np.ascontiguousarray(array), allow_pickle=False)
            archive.writestr(info, payload.getvalue())
    return buffer.getvalue()


def model_card(meta: dict[str, Any]) -> str:
    """MODEL_CARD.md, written from the figures of this training run."""
    training = meta["training"]
    lines = [
        "# Model card: Causerie safety filter, learned layer",
        "",
        "Written by `eval/train.py` (`make train`); do not edit by hand, train again.",
        "",
        "## What it is",
        "One logistic regression per category (one-vs-rest), over hashed features of",
        "the message's canonical form (`causerie.safety.normalise`): byte n-grams",
        f"{meta['settings']['char_ngrams'][0]}–{meta['settings']['char_ngrams'][1]} across word"
        f" boundaries and word n-grams {meta['settings']['word_ngrams'][0]}–"
        f"{meta['settings']['word_ngrams'][1]}, in 2^{meta['settings']['buckets_log2']} buckets,"
        " counted with repeats, the row L2-normalised as if it had at least"
        f" {meta['settings'].get('min_features', 0)} features (short messages weigh less).",
        *(
            [
                "With the rules' components: every `kind:name` the phrase scan finds in the",
                "message (`Scanned.component_names`) and every pair of them, hashed into the",
                "same buckets. They come from the phrase data of `safety/data` at training",
                "time: a change to that data changes the model's input, so train again after",
                "one (the rules' tests still pass without a retrain).",
            ]
            if meta["settings"].get("components")
            else []
        ),
        *(
            [
                "Each feature is scaled by its naive-Bayes log-count ratio for the category",
                f"(presence among positives over negatives, smoothing {nb['alpha']}) before",
                "the regression (NB-LR); the ratio is folded into the stored weights.",
            ]
            if (nb := training.get("nb_scale", {})).get("on")
            else []
        ),
        f"scikit-learn liblinear, C={training['C']}, balanced class weights, seed"
        f" {training['seed']}. Weights are float16, {training['buckets_used']:,} buckets kept"
        f" (|w| > {PRUNE}). `weights.npz` has SHA-256 `{meta['weights_sha256']}`, checked at"
        " load. Inference is numpy only.",
        "",
        "## Use",
        "- Filter (`safety/checks/model.py`): after the rules, on messages they allowed;",
        "  holds, with reason `model:<category>`; refuses (and opens a case) only a category",
        "  the guide blocks when it is very sure (`BLOCK_ABOVE`). Never masks.",
        "- Conversation scorer: `model_<category>` signals (weights below), bounded per",
        "  (sender, signal) like the rule signals.",
        "- Not a decision on its own: a held message waits for a moderator.",
        "",
        "## Data",
        f"- {training['messages']} labelled messages and {training['conversations']}"
        f" conversations -> {training['examples']} examples, from: "
        + ", ".join(f"`{a}`" for a in training["authors"])
        + " (`legacy` = eval/dev, written by the rules' authors; the others are the"
        " independent authors of eval/corpus/train, see eval/README.md).",
        "- Conversation messages: benign ones and those before the first worrying message are",
        f"  negatives; the suspect's messages from it on are weak positives (weight {WEAK}).",
        "- Never trained or tuned on eval/corpus/test or eval/test.",
        "",
        "## Thresholds and cross-validated figures",
        f"Out-of-fold predictions, {training['folds']} folds grouped by"
        f" {training['fold_groups']}, on the hand-labelled examples. A band's threshold is the"
        " lowest (≥ 0.5) whose precision reaches its target"
        f" (teen {meta['target_precision']['teen']}, adult {meta['target_precision']['adult']}"
        + "".join(
            f"; {band} {category} {target}"
            for band, per_category in meta.get("target_precision_by_category", {}).items()
            for category, target in per_category.items()
        )
        + f") with at least {MIN_TRUE_POSITIVES} true positives; none (—) means the category"
        " never fires in that band."
        + (
            " In the bands "
            + ", ".join(b for b, a in meta["precision_against"]["bands"].items() if a == "allowed")
            + ", a filter threshold's precision counts as false only hits on messages the"
            " guide allows (a hit on a message another category holds or blocks is left out:"
            " it refuses what must be refused), except for "
            + ", ".join(meta["precision_against"]["counted_against_all"])
            + ". A teen threshold is never above the adult one."
            if "allowed" in meta.get("precision_against", {}).get("bands", {}).values()
            else ""
        )
        + " The scorer's thresholds are chosen the same way at lower"
        f" targets (teen {meta['scorer_target_precision']['teen']}, adult"
        f" {meta['scorer_target_precision']['adult']}): a signal only adds evidence to a"
        " conversation.",
        "",
        "| category | positives (weak) | teen threshold | P | R | adult threshold | P | R |"
        " scorer thresholds teen / adult | scorer weight |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for category in meta["categories"]:
        row = meta["cross_validation"][category]
        cells = [category, f"{row['positives']} ({row['weak']})"]
        for band in ("teen", "adult"):
            b = row[band]
            if b["threshold"] is None:
                cells += ["—", "", ""]
            else:
                cells += [f"{b['threshold']:.3f}", f"{b['precision']:.2f}", f"{b['recall']:.2f}"]
        scorer = [meta["scorer_thresholds"][band].get(category) for band in ("teen", "adult")]
        cells.append(" / ".join("—" if t is None else f"{t:.3f}" for t in scorer))
        cells.append(str(meta["signal_weights"][category]))
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Limits",
        "- Small corpus written on purpose for this project (no real user data) by"
        f" {len([a for a in training['authors'] if a != 'legacy'])}",
        "  independent authors and the rules' authors: it knows their ways of writing. On the",
        "  sealed split (other authors, eval/README.md) the four-author model, with the rules,",
        "  gave conversations P 0.83 R 0.89 and 73 % of single messages right (goals 0.95, 0.90,",
        "  95 %): precision on hard negatives and single-message verdicts are its weak points.",
        "  The scorer's frames (docs/safety.md) weigh its signals less in a game, a surprise",
        "  party, a hospital, a victim's story; leave-one-author-out figures inside train are in",
        "  eval/README.md.",
        "- A scorer signal weighs by its confidence: 0.3 of its weight at the scorer's threshold,",
        "  all of it at the filter's (`scorer.CONFIDENCE_FLOOR`); one rule part of a seed crime",
        "  with the model's unsure signal of that crime on the same message stays below `medium`",
        '  ("j\'ai enregistré notre visio", tests/unit/safety/test_safety_intent.py).',
        "- Many scorer thresholds sit at the 0.5 floor: the lower precision target is met there.",
        "- `threat` sits close to ordinary plans: the adults' target was raised to 0.87 in",
        '  session 19 when the model read "je sais que tu finis à 18h, je passe te prendre" at',
        "  0.82; a teen's threshold takes the adults' when it is lower. A threat the model",
        "  misses is left to the rules and the scorer.",
        "- Bag of n-grams: no order beyond word pairs, no irony, no role play, no context",
        "  beyond the message (the scorer adds the conversation).",
        "- French and English only. Categories without a threshold never fire.",
        "",
        "## Reproducibility",
        "`make train` run twice from clean checkouts of the same commit gave the same",
        "`weights.npz` byte for byte (same SHA-256): fixed seed, sorted inputs, fixed",
        "timestamps in the archive.",
        "",
        "## Licence",
        "Weights and card: AGPL-3.0-or-later, like the code. Training data: written for",
        "Causerie by its authors (eval/corpus), no third-party text.",
        "",
    ]
    return "\n".join(lines)


def build(
    messages: list[LabelledMessage],
    conversations: list[LabelledConversation],
    seed: int,
    *,
    verbose: bool = True,
    oof_out: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None,
) -> tuple[dict[str, Any], bytes]:
    """Cross-validate, choose thresholds, refit on everything: the model's
    metadata and its weights file. ``oof_out``, when given, receives each
    category's out-of-fold probabilities, truths and "refused anyway" marks
    (``Example.refused`` and not this category) on the hand-labelled examples (``eval/tune.py``
    chooses thresholds again from them)."""
    settings = dict(DEFAULT_SETTINGS)
    examples = examples_from(messages, conversations)
    categories = model_categories(examples)
    if verbose:
        print(
            f"{len(messages)} messages, {len(conversations)} conversations"
            f" -> {len(examples)} examples; categories: {', '.join(categories)}"
        )
    x, present, weights = design(examples, settings)
    clean = np.asarray([e.clean for e in examples])
    refused = np.asarray([e.refused for e in examples])
    # Folds by author say how the model does on a writer it never read; with
    # fewer than three authors that is not possible, and folds keep each
    # conversation whole instead.
    by_author = len({e.group for e in examples}) >= 3
    groups = np.asarray([e.group if by_author else e.item for e in examples])
    folds = min(FOLDS, len(set(groups.tolist())))
    splitter = GroupKFold(n_splits=folds)

    thresholds: dict[str, dict[str, float]] = {"teen": {}, "adult": {}}
    scorer_thresholds: dict[str, dict[str, float]] = {"teen": {}, "adult": {}}
    metrics: dict[str, Any] = {}
    biases, columns = [], []
    for category in categories:
        y = labels(examples, category)
        oof = np.zeros(len(examples))
        for train_idx, test_idx in splitter.split(x, y, groups):
            if y[train_idx].sum() == 0:
                continue  # this category was written by one author only
            ratio = nb_ratio(x[train_idx], y[train_idx])
            model = fit(scaled(x[train_idx], ratio), y[train_idx], weights[train_idx], seed)
            oof[test_idx] = model.predict_proba(scaled(x[test_idx], ratio))[:, 1]
        # Thresholds are chosen on the hand-labelled examples only: the weak
        # positives would make precision look worse than it is.
        row: dict[str, Any] = {"positives": int(y[clean].sum()), "weak": int(y[~clean].sum())}
        held_out = (oof[clean], y[clean], refused[clean] & (y[clean] == 0))
        if oof_out is not None:
            oof_out[category] = held_out
        for band, band_target in TARGET_PRECISION.items():
            threshold, precision, recall = filter_threshold(band, category, held_out, band_target)
            if threshold is not None:
                thresholds[band][category] = round(threshold, 4)
            row[band] = {
                "threshold": None if threshold is None else round(threshold, 4),
                "precision": round(precision, 3),
                "recall": round(recall, 3),
            }
        for band, target in SCORER_TARGET_PRECISION.items():
            threshold, precision, recall = choose_threshold(oof[clean], y[clean], target)
            if threshold is not None:
                scorer_thresholds[band][category] = round(threshold, 4)
            row[f"scorer_{band}"] = {
                "threshold": None if threshold is None else round(threshold, 4),
                "precision": round(precision, 3),
                "recall": round(recall, 3),
            }
        metrics[category] = row
        if verbose:
            print(f"  {category:<20} {json.dumps(row)}")
        ratio = nb_ratio(x, y)
        final = fit(scaled(x, ratio), y, weights, seed)
        biases.append(float(final.intercept_[0]))
        columns.append((final.coef_[0] * ratio).astype(np.float32))

    never_above_adult(thresholds)
    blob, used = pack(present, biases, columns)
    meta = {
        "format": 1,
        "categories": categories,
        "settings": settings,
        "thresholds": thresholds,
        "target_precision": TARGET_PRECISION,
        "target_precision_by_category": TARGET_PRECISION_BY_CATEGORY,
        "precision_against": {
            "bands": PRECISION_AGAINST,
            "counted_against_all": sorted(COUNTED_AGAINST_ALL),
        },
        "scorer_thresholds": scorer_thresholds,
        "scorer_target_precision": SCORER_TARGET_PRECISION,
        "signal_weights": {c: round(SIGNAL_WEIGHTS[c] * SIGNAL_SCALE, 3) for c in categories},
        "weights_sha256": hashlib.sha256(blob).hexdigest(),
        "training": {
            "seed": seed,
            "C": C,
            "nb_scale": {"on": NB_SCALE, "alpha": NB_ALPHA},
            "weak_weight": WEAK,
            "folds": folds,
            "fold_groups": "author" if by_author else "message or conversation",
            "messages": len(messages),
            "conversations": len(conversations),
            "examples": len(examples),
            "authors": sorted({e.group for e in examples}),
            "buckets_used": used,
        },
        "cross_validation": metrics,
    }
    return meta, blob


# The gate's section of the card, written by eval/train_gate.py after this
# script (``make train``): kept when the model's part is rewritten, so that
# training the model alone does not drop it.
GATE_SECTION = "\n## Conversation gate"


def write_card(meta: dict[str, Any]) -> None:
    card = MODEL_DIR / "MODEL_CARD.md"
    old = card.read_text(encoding="utf-8") if card.exists() else ""
    gate = old[old.index(GATE_SECTION) :] if GATE_SECTION in old else ""
    card.write_text(model_card(meta).rstrip("\n") + "\n" + gate, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--dry-run", action="store_true", help="cross-validate, write nothing")
    parser.add_argument(
        "--card-only", action="store_true", help="rewrite MODEL_CARD.md from model.json"
    )
    parser.add_argument(
        "--oof",
        type=Path,
        help="also write each category's out-of-fold probabilities, truths and"
        " refused-anyway marks to this .npz (to study thresholds without training again)",
    )
    args = parser.parse_args()
    if args.card_only:
        write_card(json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8")))
        return
    messages = [m for split in TRAIN_SPLITS for m in read_messages(split)]
    conversations = [c for split in TRAIN_SPLITS for c in read_conversations(split)]
    warn_problems()
    oof: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    meta, blob = build(messages, conversations, args.seed, oof_out=oof)
    if args.oof:
        np.savez(
            args.oof,
            **{
                f"{c}.{part}": a
                for c, arrays in oof.items()
                for part, a in zip(("probs", "truth", "other"), arrays, strict=True)
            },
        )
    if args.dry_run:
        return
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    (MODEL_DIR / "weights.npz").write_bytes(blob)
    (MODEL_DIR / "model.json").write_text(
        json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    write_card(meta)
    print(f"wrote {len(blob):,} bytes of weights ({meta['training']['buckets_used']:,} buckets)")
    print(f"sha256 {meta['weights_sha256']}")


if __name__ == "__main__":
    main()
