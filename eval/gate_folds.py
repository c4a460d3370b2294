"""Out-of-fold per-message models for the gate's features, light version.

``eval/tune.py``'s folds run ``train.build`` for each group of authors: a
5-fold inner cross-validation per category to choose thresholds, then the
final fit (six fits per category). The gate only needs each held-out
author's probabilities from a model that never read them, so a light fold
fits each category once, on the same examples with the same settings as
``build`` (``train.examples_from``, ``matrix``, ``fit``, seed), and borrows
the shipped model's thresholds and signal weights (chosen by ``build`` on
all the data: the same thresholds the shipped gate will see beside it).
About six times cheaper; ``train_gate.py --tune-folds`` uses tune's folds.

Groups: ``--folds K`` round-robin over the sorted authors, exactly as
``tune.load_folds(groups_of=K)``. Cached under ``cache`` by a key of the
training data and the sources the model depends on.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import (
    LabelledConversation,
    LabelledMessage,
)
from train import (
    MODEL_DIR,
    design,
    examples_from,
    fit,
    labels,
    model_categories,
    nb_ratio,
    pack,
    scaled,
)
from tune import OOF, Fold, author_groups, held_out_folds, training_data

from causerie.safety.model import DEFAULT_SETTINGS, load_model, shipped_model


def _light_build(
    messages: list[LabelledMessage], conversations: list[LabelledConversation], seed: int
) -> tuple[list[str], bytes]:
    """The categories and weights file of one light fold (``build``'s choice
    of categories, matrix and packing; one fit each)."""
    examples = examples_from(messages, conversations)
    categories = model_categories(examples)
    x, present, weights = design(examples, dict(DEFAULT_SETTINGS))
    biases, columns = [], []
    for category in categories:
        y = labels(examples, category)
        ratio = nb_ratio(x, y)  # as ``build`` does: the gate reads the shipped kind of model
        model = fit(scaled(x, ratio), y, weights, seed)
        biases.append(float(model.intercept_[0]))
        columns.append((model.coef_[0] * ratio).astype(np.float32))
    blob, _ = pack(present, biases, columns)
    return categories, blob


def _meta(categories: list[str], blob: bytes) -> dict[str, Any]:
    """The shipped model's settings, thresholds and weights, for these weights."""
    shipped = json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    meta = {key: shipped[key] for key in ("format", "settings", "thresholds", "scorer_thresholds")}
    meta["signal_weights"] = {c: w for c, w in shipped["signal_weights"].items() if c in categories}
    meta["categories"] = categories
    meta["weights_sha256"] = hashlib.sha256(blob).hexdigest()
    return meta


def install(fold: Fold) -> None:
    """Put this fold's model in place of the shipped one (as ``tune.configure``
    does), its held-out texts predicted once."""
    model = load_model(json.dumps(fold.meta).encode(), fold.blob)
    model._recent = dict(fold.probs)
    shipped_model().__dict__.update(model.__dict__)


def light_folds(cache: Path, seed: int, groups_of: int) -> list[Fold]:
    """``tune.load_folds(groups_of=K)``'s folds, each model a light build
    (cached as its categories and weights; the thresholds are read from the
    shipped model when the folds are made)."""
    messages, conversations, authors = training_data()

    def train(
        train_m: list[LabelledMessage], train_c: list[LabelledConversation]
    ) -> tuple[list[str], bytes]:
        return _light_build(train_m, train_c, seed)

    def model_of(trained: tuple[list[str], bytes]) -> tuple[dict[str, Any], bytes, OOF]:
        categories, blob = trained
        return _meta(categories, blob), blob, {}

    groups = author_groups(authors, groups_of)
    return held_out_folds(
        cache, groups, messages, conversations, train, model_of, prefix="light-",
        message_texts=False,
    )  # fmt: skip
