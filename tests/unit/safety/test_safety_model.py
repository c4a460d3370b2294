"""The learned layer: features, loading with its hash, the filter check and
the scorer signals. A tiny hand-built model makes the decisions exact; the
shipped model is checked for integrity and a few obvious cases."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources

import numpy as np
import pytest
from eval.train import write_npz

from causerie.domain.moderation import refusal_opens_case
from causerie.safety import gate
from causerie.safety import model as learned
from causerie.safety.checks.lexicon import LexiconCheck
from causerie.safety.checks.links import LinkCheck
from causerie.safety.checks.model import BLOCK_ABOVE, ModelCheck
from causerie.safety.checks.personal_data import PersonalDataCheck
from causerie.safety.model import (
    DEFAULT_SETTINGS,
    LinearModel,
    ModelIntegrityError,
    components_of,
    features,
    load_model,
    shipped_model,
)
from causerie.safety.model import signals as model_signals
from causerie.safety.normalise import canonical
from causerie.safety.pipeline import MessageFilter, SenderContext, default_filter, scan
from causerie.safety.scorer import ConversationScorer, Participant

TRIGGER = "le ciel est vraiment bleu ce soir"  # no rule sees it: only the model fires
TEEN = SenderContext("teen", trust_level=2, account_age_days=60)
ADULT = SenderContext("adult", trust_level=2, account_age_days=60)


def _files(
    categories: list[str], text: str, weight: float, thresholds: dict[str, dict[str, float]]
) -> tuple[bytes, bytes]:
    """A model whose every category fires with probability sigmoid(weight
    - 6) on ``text``'s features and sigmoid(-6) elsewhere."""
    # With the components the filter will pass (DEFAULT_SETTINGS reads them).
    found = features(canonical(text), DEFAULT_SETTINGS, components_of(scan(text).component_names()))
    keys = np.unique(found.buckets)
    # Every occurrence of a bucket adds its weight, and the sum is scaled:
    # this makes the logit exactly ``weight`` on ``text``.
    per_occurrence = weight / (len(found.buckets) * found.scale)
    row = np.full((len(keys), len(categories)), per_occurrence, dtype=np.float32)
    blob = write_npz(
        {
            "keys": keys.astype(np.uint32),
            "weights": row.astype(np.float16),
            "bias": np.full(len(categories), -6.0, dtype=np.float16),
        }
    )
    meta = {
        "categories": categories,
        "settings": DEFAULT_SETTINGS,
        "thresholds": thresholds,
        "signal_weights": dict.fromkeys(categories, 2.2),
        "weights_sha256": hashlib.sha256(blob).hexdigest(),
    }
    return json.dumps(meta).encode(), blob


def tiny(categories: tuple[str, ...] = ("threat",), weight: float = 8.0) -> LinearModel:
    # sigmoid(8 - 6) = 0.88: over the teen threshold (0.6), under the adult one (0.95)
    thresholds = {
        "teen": dict.fromkeys(categories, 0.6),
        "adult": dict.fromkeys(categories, 0.95),
    }
    return load_model(*_files(list(categories), TRIGGER, weight, thresholds))


def rules_then(model: LinearModel) -> MessageFilter:
    return MessageFilter(
        [LexiconCheck(), LinkCheck(min_trust=1), PersonalDataCheck(3.0), ModelCheck(model)]
    )


# --- features and loading ------------------------------------------------------------


def test_features_are_the_same_in_another_process() -> None:
    """Training and serving may run with different string-hash salts."""
    mine = features(canonical(TRIGGER), DEFAULT_SETTINGS).buckets.tolist()
    code = (
        "from causerie.safety.model import features, DEFAULT_SETTINGS;"
        "from causerie.safety.normalise import canonical;"
        f"print(features(canonical({TRIGGER!r}), DEFAULT_SETTINGS).buckets.tolist())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )
    assert json.loads(out.stdout) == mine


def test_components_are_the_names_then_every_pair() -> None:
    assert components_of(["intent:b", "cue:a", "intent:b"]) == (
        "cue:a",
        "intent:b",
        "cue:a&intent:b",
    )


# A model trained with the components (off by default, eval/README.md session 17).
WITH_COMPONENTS = dict(DEFAULT_SETTINGS, components=True)


def test_components_count_only_for_a_model_trained_with_them() -> None:
    tokens = components_of(["intent:audience", "intent:leak_send"])
    without = dict(DEFAULT_SETTINGS, components=False)
    plain = features(canonical(TRIGGER), without, tokens).buckets
    assert plain.tolist() == features(canonical(TRIGGER), without).buckets.tolist()
    read = features(canonical(TRIGGER), WITH_COMPONENTS, tokens).buckets
    assert len(read) == len(plain) + len(tokens)


def _component_model(component: str) -> LinearModel:
    """A model (components read) whose only weight is on one component:
    it fires on a message whose scan finds it, whatever its letters."""
    bucket = features("", WITH_COMPONENTS, (component,)).buckets
    blob = write_npz(
        {
            "keys": bucket.astype(np.uint32),
            "weights": np.full((1, 1), 300.0, dtype=np.float16),  # the row is scaled down
            "bias": np.full(1, -6.0, dtype=np.float16),
        }
    )
    meta = {
        "categories": ["threat"],
        "settings": WITH_COMPONENTS,
        "thresholds": {"teen": {"threat": 0.6}, "adult": {"threat": 0.6}},
        "signal_weights": {"threat": 2.2},
        "weights_sha256": hashlib.sha256(blob).hexdigest(),
    }
    return load_model(json.dumps(meta).encode(), blob)


def test_the_filter_and_the_scorer_pass_the_scan_s_components_to_the_model() -> None:
    text = "je passe te voir ce soir au parc"
    assert "intent:recruit_come" in scan(text).component_names()
    model = _component_model("intent:recruit_come")
    assert rules_then(model).check(text, ADULT).decision == "hold"
    assert rules_then(model).check(TRIGGER, ADULT).decision == "allow"
    assert model_signals.predict(model, text)["threat"] > 0.6
    assert model.probabilities(text)["threat"] < 0.6  # the letters alone say nothing


def test_features_see_through_evasion() -> None:
    plain = features(canonical("grosse pute"), DEFAULT_SETTINGS).buckets
    disguised = features(canonical("gr0sse p.u.t.e"), DEFAULT_SETTINGS).buckets
    assert plain.tolist() == disguised.tolist()


def test_weights_are_checked_against_their_hash() -> None:
    meta, blob = _files(["threat"], TRIGGER, 8.0, {"teen": {}, "adult": {}})
    load_model(meta, blob)  # intact
    with pytest.raises(ModelIntegrityError):
        load_model(meta, blob[:-1] + bytes([blob[-1] ^ 1]))
    other = json.loads(meta)
    other["weights_sha256"] = "0" * 64
    with pytest.raises(ModelIntegrityError):
        load_model(json.dumps(other).encode(), blob)


def test_weights_file_is_reproducible() -> None:
    arrays = {"keys": np.arange(5, dtype=np.uint32), "bias": np.ones(2, dtype=np.float16)}
    assert write_npz(arrays) == write_npz(arrays)
    with np.load(io.BytesIO(write_npz(arrays))) as data:
        assert data["keys"].tolist() == [0, 1, 2, 3, 4]


def test_the_shipped_model_matches_its_card() -> None:
    root = resources.files("causerie.safety.model")
    meta = json.loads(root.joinpath("model.json").read_bytes())
    blob = root.joinpath("weights.npz").read_bytes()
    assert hashlib.sha256(blob).hexdigest() == meta["weights_sha256"]
    model = shipped_model()
    assert set(model.categories) <= set(model.signal_weights)
    for band in ("teen", "adult"):
        for category, threshold in model.thresholds[band].items():
            assert category in model.categories
            assert 0.5 <= threshold <= 1.0
            # teens get the more sensitive threshold (or the same)
            if band == "adult" and category in model.thresholds["teen"]:
                assert model.thresholds["teen"][category] <= threshold
    assert "model_card" not in meta or meta["model_card"]
    assert root.joinpath("MODEL_CARD.md").read_text(encoding="utf-8").startswith("# ")


def test_runtime_does_not_import_scikit_learn() -> None:
    code = (
        "import sys;"
        "from causerie.safety.pipeline import default_filter, SenderContext;"
        "default_filter().check('salut', SenderContext('teen', 0));"
        "print('sklearn' in sys.modules, 'scipy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(
    "text", ["salut ça va ?", "hey how are you doing today?", "on se retrouve au ciné samedi"]
)
def test_the_shipped_model_leaves_small_talk_alone(text: str) -> None:
    model = shipped_model()
    for band in ("teen", "adult"):
        assert model.fired(model.probabilities(text), band) == []


# --- the filter check ------------------------------------------------------------------


def test_model_holds_what_the_rules_allow_with_its_category_as_reason() -> None:
    flt = rules_then(tiny())
    verdict = flt.check(TRIGGER, TEEN)
    assert verdict.decision == "hold"
    assert verdict.reasons == ["model:threat"]
    assert verdict.text == TRIGGER  # held, never masked
    assert flt.check("on se voit demain au lycée", TEEN).decision == "allow"


def test_teens_get_the_more_sensitive_threshold() -> None:
    flt = rules_then(tiny())
    assert flt.check(TRIGGER, TEEN).decision == "hold"
    assert flt.check(TRIGGER, ADULT).decision == "allow"  # 0.88 < 0.95


def test_model_holds_hate_unless_very_confident_and_the_rules_decide_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Cuts over this tiny model's 0.88, whatever the shipped ones: what is
    # tested here is the hold below a cut.
    monkeypatch.setitem(BLOCK_ABOVE, "hate", 0.96)
    monkeypatch.setitem(BLOCK_ABOVE, "harassment", 0.96)
    flt = rules_then(tiny(("hate", "harassment")))
    # 0.88 is over the teen threshold but under BLOCK_ABOVE: held.
    assert flt.check(TRIGGER, TEEN).decision == "hold"
    # A phone number for a new teen: the rules would mask it, and the model
    # is still asked. Its hold wins, with both reasons, the text unmasked for
    # the moderator (a number added to a held message bought its delivery).
    number = TRIGGER + " 06 12 34 56 78"
    verdict = flt.check(number, SenderContext("teen", trust_level=0))
    assert verdict.decision == "hold"
    assert sorted(verdict.reasons) == ["model:harassment", "model:hate", "phone_number"]
    assert verdict.text == number
    # Without the model's signal the number is masked as before.
    masked = flt.check("on se voit demain 06 12 34 56 78", SenderContext("teen", trust_level=0))
    assert (masked.decision, masked.reasons) == ("mask", ["phone_number"])
    assert "06 12" not in masked.text


def test_very_confident_hate_or_harassment_alone_is_refused() -> None:
    """Over ``BLOCK_ABOVE`` (chosen by leave-one-author-out CV) the guide's
    block: refused, and the message path opens a case on it."""
    # weight 10: p = sigmoid(4) = 0.982, over every refusal cut
    assert BLOCK_ABOVE["hate"] <= 0.98 and BLOCK_ABOVE["harassment"] <= 0.98
    for categories in (("hate",), ("harassment",), ("hate", "harassment")):
        verdict = rules_then(tiny(categories, weight=10.0)).check(TRIGGER, TEEN)  # p = 0.98
        assert verdict.decision == "block"
        assert sorted(verdict.reasons) == sorted(f"model:{c}" for c in categories)
        assert refusal_opens_case(verdict.reasons)


def test_confident_hate_with_another_category_stays_held() -> None:
    """Anything else the model saw (a threat) keeps the hold: a human
    decides, and may deliver it."""
    verdict = rules_then(tiny(("hate", "threat"), weight=10.0)).check(TRIGGER, TEEN)
    assert verdict.decision == "hold"
    assert set(verdict.reasons) == {"model:hate", "model:threat"}


def test_the_categories_the_guide_holds_are_never_refused_by_the_model() -> None:
    for category in ("threat", "sextortion", "grooming", "scam", "recruitment", "doxxing"):
        verdict = rules_then(tiny((category,), weight=12.0)).check(TRIGGER, TEEN)
        assert verdict.decision == "hold", category


def test_very_confident_minor_sexualisation_is_refused_with_a_case() -> None:
    """Issue 12, session 8: the guide blocks it; chosen leave-one-author-out
    (eval/refusals.py), above 0.88 so that a mere hold-level reading stays
    held for a human who may deliver it."""
    assert 0.88 < BLOCK_ABOVE["minor_sexualisation"] < 0.99
    for ctx in (TEEN, ADULT):
        verdict = rules_then(tiny(("minor_sexualisation",), weight=12.0)).check(TRIGGER, ctx)
        assert verdict.decision == "block", ctx
        assert refusal_opens_case(verdict.reasons)
    # p = 0.88: over the teen threshold, under the cut.
    held = rules_then(tiny(("minor_sexualisation",))).check(TRIGGER, TEEN)
    assert held.decision == "hold"
    # With a category the guide holds (grooming), a human decides.
    both = rules_then(tiny(("minor_sexualisation", "grooming"), weight=12.0)).check(TRIGGER, TEEN)
    assert both.decision == "hold"


def test_very_confident_sexual_content_is_refused_for_teens_only() -> None:
    """The guide blocks sexual content in a teen context and holds it in an
    adult public room."""
    assert BLOCK_ABOVE["sexual_content"] < 0.99
    flt = rules_then(tiny(("sexual_content",), weight=12.0))
    teen = flt.check(TRIGGER, TEEN)
    assert teen.decision == "block"
    assert refusal_opens_case(teen.reasons)
    assert flt.check(TRIGGER, ADULT).decision == "hold"


def test_sexual_content_between_adults_in_private_is_not_held() -> None:
    model = tiny(("sexual_content",))
    model.thresholds["adult"]["sexual_content"] = 0.6
    flt = rules_then(model)
    private = SenderContext("adult", trust_level=2, account_age_days=60, is_private=True)
    assert flt.check(TRIGGER, private).decision == "allow"
    assert flt.check(TRIGGER, ADULT).reasons == ["model:sexual_content"]


def test_rules_only_switch_turns_the_check_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(learned, "ENABLED", False)
    assert rules_then(tiny()).check(TRIGGER, TEEN).decision == "allow"


def test_the_default_filter_ends_with_the_model() -> None:
    assert isinstance(default_filter().checks[-1], ModelCheck)


# --- the scorer signals ------------------------------------------------------------------


@pytest.fixture
def tiny_in_scorer(monkeypatch: pytest.MonkeyPatch) -> Iterator[LinearModel]:
    model = tiny()
    monkeypatch.setattr(model_signals, "shipped_model", lambda: model)
    yield model


def test_model_signal_feeds_the_scorer(tiny_in_scorer: LinearModel) -> None:
    scorer = ConversationScorer()
    teen_chat = scorer.start([Participant("a", 30), Participant("b", 15)])
    state, new = scorer.add_message(teen_chat, "a", TRIGGER)
    assert [s.name for s in new] == ["model_threat"]
    assert new[0].evidence.startswith("p=0.8")
    assessed = scorer.assess(state)
    assert assessed.suspect_id == "a"
    assert assessed.risk > 0
    # Between adults the adult threshold applies: no signal, no risk.
    adults = scorer.start([Participant("a", 30), Participant("b", 31)])
    state, new = scorer.add_message(adults, "a", TRIGGER)
    assert new == []
    assert scorer.assess(state).risk == 0


def test_scorer_signals_use_the_scorer_thresholds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scorer's thresholds are lower than the filter's: one signal only
    adds evidence to a conversation, nothing is held on it."""
    meta, blob = _files(
        ["threat"], TRIGGER, 8.0, {"teen": {"threat": 0.95}, "adult": {"threat": 0.95}}
    )
    with_scorer = json.loads(meta)
    with_scorer["scorer_thresholds"] = {"teen": {"threat": 0.6}, "adult": {"threat": 0.6}}
    model = load_model(json.dumps(with_scorer).encode(), blob)
    monkeypatch.setattr(model_signals, "shipped_model", lambda: model)
    assert rules_then(model).check(TRIGGER, ADULT).decision == "allow"  # 0.88 < 0.95
    scorer = ConversationScorer()
    state = scorer.start([Participant("a", 30), Participant("b", 31)])
    _, new = scorer.add_message(state, "a", TRIGGER)
    assert [s.name for s in new] == ["model_threat"]  # 0.88 >= 0.6


def test_scorer_state_stays_bounded_with_model_signals(tiny_in_scorer: LinearModel) -> None:
    scorer = ConversationScorer()
    state = scorer.start([Participant("a", 30), Participant("b", 15)])
    for i in range(300):
        state, _ = scorer.add_message(state, "ab"[i % 2], f"{TRIGGER} {i % 7}")
    assert len(state.first_seen) <= 2 * 3  # per sender: model_threat (+ rule signals)
    assert state.counts[("a", "model_threat")] == 150


# --- how much a model signal weighs ------------------------------------------------------

UNSURE = 6.49  # sigmoid(0.49) = 0.62: just over a scorer threshold of 0.6


def _unsure_model(category: str, text: str, filter_threshold: float) -> LinearModel:
    """``category`` fires on ``text`` at p = 0.62; scorer threshold 0.6, the
    filter's ``filter_threshold``."""
    meta, blob = _files(
        [category],
        text,
        UNSURE,
        {"teen": {category: filter_threshold}, "adult": {category: filter_threshold}},
    )
    with_scorer = json.loads(meta)
    with_scorer["scorer_thresholds"] = {"teen": {category: 0.6}, "adult": {category: 0.6}}
    return load_model(json.dumps(with_scorer).encode(), blob)


def test_confidence_rises_from_the_scorer_threshold_to_the_filters() -> None:
    assert model_signals.confidence(0.6, 0.6, 0.9) == 0.0
    assert model_signals.confidence(0.75, 0.6, 0.9) == pytest.approx(0.5)
    assert model_signals.confidence(0.95, 0.6, 0.9) == 1.0
    # No filter threshold (the category never holds a message): up to p = 1.
    assert model_signals.confidence(0.8, 0.6, None) == pytest.approx(0.5)
    assert model_signals.confidence(0.7, 0.6, 0.5) == pytest.approx(0.25)


@pytest.mark.parametrize(("filter_threshold", "level"), [(0.95, "low"), (0.61, "medium")])
def test_a_model_signal_just_over_its_threshold_weighs_less_than_a_sure_one(
    monkeypatch: pytest.MonkeyPatch, filter_threshold: float, level: str
) -> None:
    """A lone p = 0.62 over a scorer threshold of 0.6 is not the evidence of
    one the filter itself would hold on: benign look-alikes were made
    `medium` by such signals alone."""
    model = _unsure_model("hate", TRIGGER, filter_threshold)
    monkeypatch.setattr(model_signals, "shipped_model", lambda: model)
    # The rules' weighing (the learned gate reads the shipped model's
    # categories; its own use is tested in test_safety_gate.py).
    monkeypatch.setattr(gate, "ENABLED", False)
    scorer = ConversationScorer()
    state = scorer.start([Participant("a", 30, 60.0), Participant("b", 31, 60.0)])
    state, new = scorer.add_message(state, "a", TRIGGER)
    assert [s.name for s in new] == ["model_hate"]
    # Below medium: "none" since session 7 (an unsure model signal alone
    # between established adults weighs less again, scorer.MODEL_ONLY_FACTOR).
    assert scorer.assess(state).level == level or (level, scorer.assess(state).level) == (
        "low",
        "none",
    )


VISIO = "j'ai enregistré notre visio"  # one sextortion part for the rules


@pytest.mark.parametrize(("filter_threshold", "level"), [(0.95, "low"), (0.61, "high")])
def test_one_part_and_the_models_unsure_echo_of_it_stay_below_medium(
    monkeypatch: pytest.MonkeyPatch, filter_threshold: float, level: str
) -> None:
    """One message, one sextortion part (``intimate_image``) and the model's
    unsure ``model_sextortion`` on that same message: one piece of
    evidence, even from an adult to a minor. A model as sure as the filter
    is a second opinion."""
    model = _unsure_model("sextortion", VISIO, filter_threshold)
    monkeypatch.setattr(model_signals, "shipped_model", lambda: model)
    # The rules' weighing, as above: the gate's features come from the
    # shipped model's categories, which this stand-in model does not have
    # (the retrained gate of session 12 read its p = 0.95 as unsure).
    monkeypatch.setattr(gate, "ENABLED", False)
    scorer = ConversationScorer()
    state = scorer.start([Participant("a", 34, 2.0), Participant("b", 16, 200.0)])
    state, new = scorer.add_message(state, "a", VISIO)
    assert {s.name for s in new} == {"intimate_image", "model_sextortion"}
    assert scorer.assess(state).level == level
    # A second part in another message is a second piece of evidence.
    state, _ = scorer.add_message(state, "a", "ta mere elle est sur facebook aussi")
    assert scorer.assess(state).level == "high"


@pytest.mark.parametrize(
    "text",
    [
        "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(2000)),  # CJK
        "مرحبا كيف حالك اليوم يا صديقي العزيز",  # Arabic
        "नमस्ते आप कैसे हैं आज",  # Devanagari
        "こんにちは、元気ですか？今日は何をしますか",  # Japanese
    ],
)
def test_the_model_abstains_on_scripts_it_never_learned(text: str) -> None:
    from causerie.safety.pipeline import default_filter
    from causerie.safety.verdict import SenderContext

    verdict = default_filter().check(text, SenderContext("teen", trust_level=0))
    assert not [r for r in verdict.reasons if r.startswith("model:")]


def test_look_alike_letters_still_reach_the_model() -> None:
    from causerie.safety.checks.model import _latin_share

    # Greek, Cyrillic, mathematical and fullwidth look-alikes count as Latin.
    assert _latin_share("т'еѕ qυ'υиє gяσѕѕє ρυтє") == 1.0
    assert _latin_share("𝐬𝐚𝐥𝐞 ｐｕｔｅ") == 1.0
    assert _latin_share("你好吗朋友 ok") < 0.5
