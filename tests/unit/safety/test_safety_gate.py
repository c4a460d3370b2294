"""The conversation gate (session 9, s9gate): a learned second opinion on the
scorer's ``medium``, which can never suppress the crimes.

The gate's decisions are driven here by stand-in gates (every coefficient
zero, the bias setting the probability) so that each test says what the
rule of use does whatever the shipped coefficients; the shipped file is
checked for integrity and for what it may never change."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from importlib import resources

import pytest

from causerie.safety import gate
from causerie.safety.model import shipped_model
from causerie.safety.pipeline import MessageFilter, SenderContext
from causerie.safety.scorer import ConversationScorer, ConversationState, Participant, crimes_of

SCORER = ConversationScorer()


def stand_in(
    p: float, agree: float = 0.5, alone: float = 2.0, teen: gate.Thresholds | None = None
) -> gate.Gate:
    """A gate whose probability is ``p`` for every conversation."""
    bias = math.log(p / (1 - p))
    zeros = (0.0,) * len(gate.FEATURES)
    return gate.Gate(gate.FEATURES, zeros, bias, agree, alone, shipped_model().categories, teen)


@pytest.fixture
def doubting(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A gate that never confirms anything (p = 0.05)."""
    monkeypatch.setattr(gate, "shipped_gate", lambda: stand_in(0.05))
    yield


def run(
    messages: list[tuple[str, str]], ages: dict[str, int] | None = None, days: float = 60.0
) -> ConversationState:
    ages = ages or {"a": 30, "b": 30}
    people = [Participant(p, declared_age=age, account_age_days=days) for p, age in ages.items()]
    state = SCORER.start(people)
    for sender, text in messages:
        state, _ = SCORER.add_message(state, sender, text)
    return state


# Adults, the rules' medium or more, none of the never-gated crimes.
ORDINARY_MEDIUM = [
    [("a", "t'es qu'une grosse merde, personne t'aime"), ("a", "va te pendre sérieux")],
    [("a", "you're a worthless idiot"), ("a", "nobody wants you here, loser, kill yourself")],
    [("a", "envoie 500€ en carte paysafecard"), ("a", "c'est urgent envoie l'argent maintenant")],
    [("a", "on se voit ce soir ?"), ("a", "viens seule, pas de caméra, vers minuit")],
]


@pytest.mark.parametrize("messages", ORDINARY_MEDIUM)
def test_a_medium_the_gate_does_not_confirm_stays_low_and_says_why(
    doubting: None, messages: list[tuple[str, str]]
) -> None:
    state = run(messages)
    enabled, gate.ENABLED = gate.ENABLED, False
    try:
        rules = SCORER.assess(state)
    finally:
        gate.ENABLED = enabled
    if rules.level not in gate.FLAGGED or gate.protected(
        SCORER.view(state, rules.suspect_id), rules, crimes_of(rules)
    ):
        pytest.skip(f"the rules say {rules.level} here: nothing for the gate to review")
    gated = SCORER.assess(state)
    assert gated.level == "low"
    assert gated.risk == rules.risk  # the rules' risk is still shown
    assert gated.gate == pytest.approx(0.05)
    assert any("p=0.05" in r and "not confirmed" in r for r in gated.reasons)


@pytest.mark.parametrize("messages", ORDINARY_MEDIUM)
def test_a_confident_gate_keeps_the_rules_level(
    monkeypatch: pytest.MonkeyPatch, messages: list[tuple[str, str]]
) -> None:
    monkeypatch.setattr(gate, "shipped_gate", lambda: stand_in(0.9))
    state = run(messages)
    gated = SCORER.assess(state)
    gate.ENABLED = False
    try:
        rules = SCORER.assess(state)
    finally:
        gate.ENABLED = True
    assert gated.level == rules.level
    if rules.level in gate.FLAGGED and gated.gate is not None:
        assert any("confirms" in r for r in gated.reasons)


def test_the_gate_alone_raises_a_conversation_when_very_sure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(gate, "shipped_gate", lambda: stand_in(0.97, alone=0.95))
    state = run([("a", "t'as quel âge ?")])
    assert SCORER.assess(state).level == "medium"
    assert any("gate alone" in r for r in SCORER.assess(state).reasons)
    quiet = run([("a", "salut ça va ?")])  # no signal, no suspect: nothing to raise
    assert SCORER.assess(quiet).level == "none"


# What the gate may never suppress: (messages, ages, why).
NEVER_GATED = [
    # Recruitment against someone who cannot consent (the seed's crime).
    (
        [("a", "ma femme dort profondément, elle prend un somnifère"),
         ("a", "viens vers 2h, gare-toi plus loin, pas de parfum")],
        {"a": 45, "b": 40},
        "recruitment",
    ),
    (
        [("a", "my wife will be knocked out, she won't know a thing"),
         ("a", "come after midnight, park down the street, no cologne")],
        {"a": 45, "b": 40},
        "recruitment",
    ),
    # Sextortion, its parts in any order.
    (
        [("a", "j'ai enregistré ta vidéo nue"), ("a", "je l'envoie à toute ta famille"),
         ("a", "sauf si tu payes 300€ avant ce soir")],
        {"a": 25, "b": 19},
        "sextortion",
    ),
    (
        [("a", "pay me $500 or else"), ("a", "i recorded you naked on cam"),
         ("a", "all your followers will see it")],
        {"a": 25, "b": 19},
        "sextortion",
    ),
    # An adult with a minor, grooming or sexual signals.
    (
        [("a", "t'as quel âge ?"), ("b", "14"), ("a", "tes parents sont là ce soir ?"),
         ("a", "ne le dis à personne, envoie une photo de toi")],
        {"a": 35, "b": 15},
        "adult_minor",
    ),
    (
        [("a", "what school do you go to"), ("b", "im 15"),
         ("a", "you're so mature, keep this between us, send me a pic")],
        {"a": 35, "b": 15},
        "adult_minor",
    ),
    (
        [("a", "tas kel age"), ("b", "15"),
         ("a", "vien chez moi seule ce soir, dis rien a ta mere")],
        {"a": 40, "b": 15},
        "adult_minor",
    ),
    # A minor's own contact details given out (the scorer's masked-data floor).
    ([("a", "mon snap c'est lea.durand09"), ("a", "mon 06 12 34 56 78")], {"a": 15, "b": 16},
     "masked_contact"),
    ([("a", "my number is 07700 900123"), ("b", "ok")], {"a": 16, "b": 16}, "masked_contact"),
]  # fmt: skip


@pytest.mark.parametrize(("messages", "ages", "why"), NEVER_GATED)
def test_the_crimes_are_never_gated(
    doubting: None, messages: list[tuple[str, str]], ages: dict[str, int], why: str
) -> None:
    state = run(messages, ages, days=1.0)
    gate.ENABLED = False
    try:
        rules = SCORER.assess(state)
    finally:
        gate.ENABLED = True
    assert rules.level in gate.FLAGGED, "the rules flag it (else the case says nothing)"
    assert gate.protected(SCORER.view(state, rules.suspect_id), rules, crimes_of(rules)) == why
    gated = SCORER.assess(state)
    assert gated.level == rules.level
    assert gated.reasons == (f"gate: never gated ({why})",)


@pytest.mark.parametrize(
    "text",
    ["je vais te tuer, je sais où tu habites", "i'm going to kill you, i know where you live"],
)
def test_a_rule_threat_of_violence_is_never_gated(doubting: None, text: str) -> None:
    state = run([("a", text), ("a", text + " ce soir")])
    gated = SCORER.assess(state)
    if "threat" not in {s.name for s in gated.signals if s.sender_id == "a"}:
        pytest.skip("the rules do not read a threat here")
    assert gated.level in gate.FLAGGED
    assert any("never gated" in r for r in gated.reasons)


# Session 22: a bare threat of violence ("je vais te tuer") between adults
# or between peers is the gate's to weigh (friends, siblings, supporters made
# a third of the training split's false alarms); the message itself is still
# held by the filter. One that knows where the reader lives, names a weapon
# or grave harm, or is veiled, and any threat an adult aims at a minor, stay
# out of the gate's reach.
BARE_THREATS = [
    [("a", "salut"), ("a", "je vais te tuer")],
    [("a", "hey"), ("a", "i'm gonna kill you")],
]
GRAVE_THREATS = [
    [("a", "je sais où t'habites, je viens te défoncer chez toi")],
    [("a", "i know where you park, i'll break your jaw")],
    [("a", "tes jours sont comptés, fais gaffe en rentrant")],
    # Review s22: said to be meant, or repeated.
    [("a", "je vais te tuer, je rigole pas")],
    [("a", "i'm going to kill you. i'm not joking")],
    [("a", "je vais te tuer"), ("b", "arrête"), ("a", "je vais te tuer")],
]


def _rules_level(state: ConversationState) -> tuple[str, set[str]]:
    gate.ENABLED = False
    try:
        rules = SCORER.assess(state)
    finally:
        gate.ENABLED = True
    return rules.level, {s.name for s in rules.signals if s.sender_id == "a"}


@pytest.mark.parametrize("messages", BARE_THREATS)
def test_a_bare_threat_between_adults_is_the_gates_to_judge(
    doubting: None, messages: list[tuple[str, str]]
) -> None:
    state = run(messages)
    level, names = _rules_level(state)
    assert "threat" in names and level in gate.FLAGGED
    gated = SCORER.assess(state)
    assert gated.level == "low"
    assert not any("never gated" in r for r in gated.reasons)


@pytest.mark.parametrize("messages", BARE_THREATS)
def test_a_bare_threat_from_an_adult_to_a_minor_is_never_gated(
    doubting: None, messages: list[tuple[str, str]]
) -> None:
    state = run(messages, {"a": 30, "b": 15})
    gated = SCORER.assess(state)
    assert gated.level in gate.FLAGGED
    assert gated.reasons == ("gate: never gated (threat)",)


@pytest.mark.parametrize("messages", GRAVE_THREATS)
def test_a_grave_threat_is_never_gated(doubting: None, messages: list[tuple[str, str]]) -> None:
    state = run(messages)
    level, names = _rules_level(state)
    assert "threat" in names and level in gate.FLAGGED
    assert SCORER.assess(state).reasons == ("gate: never gated (threat)",)


def test_a_threat_in_a_game_frame_is_the_gates_to_judge(doubting: None) -> None:
    # Hard negative: trash talk in a game; a frame excuses the threat words.
    state = run(
        [("a", "on lance une game de valo ?"), ("a", "je vais te tuer au prochain round 😂")]
    )
    assert SCORER.assess(state).level not in gate.FLAGGED


MESSAGES = [
    ("t'as quel âge ?", SenderContext("adult", 2, 60.0, True)),
    ("envoie 500€ en carte paysafecard", SenderContext("adult", 0, 0.5, True)),
    ("je vais te tuer", SenderContext("teen", 2, 60.0, True)),
    ("send me a pic in your bikini", SenderContext("teen", 2, 60.0, True)),
    ("mon 06 12 34 56 78", SenderContext("teen", 2, 60.0, True)),
]


@pytest.mark.parametrize(("text", "context"), MESSAGES)
def test_single_message_verdicts_never_read_the_gate(
    flt: MessageFilter, monkeypatch: pytest.MonkeyPatch, text: str, context: SenderContext
) -> None:
    with_gate = flt.check(text, context)
    monkeypatch.setattr(gate, "ENABLED", False)
    without = flt.check(text, context)
    assert (with_gate.decision, with_gate.reasons) == (without.decision, without.reasons)


def test_peaks_are_bounded_by_the_categories() -> None:
    texts = ["t'as quel âge", "send nudes", "je vais te tuer", "envoie 50€", "ajoute moi snap"]
    state = run([("a", t) for t in texts * 20])
    assert set(state.peaks) <= set(gate.PEAK_CATEGORIES)
    assert all(0.0 <= p <= 1.0 for p in state.peaks.values())


def test_features_are_finite_and_in_order() -> None:
    state = run([("a", "t'as quel âge ?"), ("b", "17"), ("a", "on se voit ce soir seule ?")])
    found = SCORER.assess(state)
    values = gate.features(SCORER.view(state, found.suspect_id), state, found, state.sender_scores)
    assert len(values) == len(gate.FEATURES)
    assert all(math.isfinite(v) for v in values)
    assert values[gate.FEATURES.index("talks_to_minor")] == 1.0


def test_the_shipped_gate_is_checked_at_load() -> None:
    raw = resources.files("causerie.safety.model").joinpath("gate.json").read_bytes()
    categories = shipped_model().categories
    shipped = gate.load_gate(raw, categories)
    assert 0.0 < shipped.agree < 1.0
    body = json.loads(raw)
    body["bias"] += 1.0
    with pytest.raises(gate.GateIntegrityError):
        gate.load_gate(json.dumps(body).encode(), categories)
    body = json.loads(raw)
    body["features"] = body["features"][:-1]
    body["coefficients"] = body["coefficients"][:-1]
    body["sha256"] = gate.digest(body)
    with pytest.raises(gate.GateIntegrityError):
        gate.load_gate(json.dumps(body).encode(), categories)
    with pytest.raises(gate.GateIntegrityError):
        gate.load_gate(raw, categories[:-1])


# Session 26: where someone known to be under 18 takes part, the gate's more
# sensitive pair of thresholds.
PEERS_MEDIUM = [
    [("a", "t'es qu'une grosse merde, personne t'aime"), ("a", "va te pendre sérieux")],
    [("a", "you're a worthless idiot"), ("a", "nobody wants you here, loser, kill yourself")],
]


@pytest.mark.parametrize("messages", PEERS_MEDIUM)
@pytest.mark.parametrize("ages", [{"a": 16, "b": 16}, {"a": 30, "b": 30}])
def test_the_teen_thresholds_apply_where_a_minor_takes_part(
    monkeypatch: pytest.MonkeyPatch, messages: list[tuple[str, str]], ages: dict[str, int]
) -> None:
    sensitive = gate.Thresholds(agree=0.3, alone=2.0)
    monkeypatch.setattr(gate, "shipped_gate", lambda: stand_in(0.45, agree=0.6, teen=sensitive))
    state = run(messages, ages)
    monkeypatch.setattr(gate, "ENABLED", False)
    rules = SCORER.assess(state)
    monkeypatch.setattr(gate, "ENABLED", True)
    assert rules.level in gate.FLAGGED
    assert gate.protected(SCORER.view(state, rules.suspect_id), rules, crimes_of(rules)) is None
    gated = SCORER.assess(state)
    if ages["a"] < 18:
        assert gated.level == rules.level
        assert any("a minor takes part" in r and ">= 0.30" in r for r in gated.reasons)
    else:
        assert gated.level == "low"
        assert any("below 0.60" in r for r in gated.reasons)


def test_an_age_stated_on_the_way_moves_the_conversation_to_the_teen_band(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sensitive = gate.Thresholds(agree=0.3, alone=2.0)
    monkeypatch.setattr(gate, "shipped_gate", lambda: stand_in(0.45, agree=0.6, teen=sensitive))
    said = [("b", "j'ai 15 ans"), *PEERS_MEDIUM[0]]
    assert SCORER.assess(run(PEERS_MEDIUM[0])).level == "low"
    found = SCORER.assess(run(said))
    assert found.level in gate.FLAGGED
    assert any("a minor takes part" in r for r in found.reasons)


def test_declared_teens_who_claim_to_be_adults_stay_in_the_teen_band(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sensitive = gate.Thresholds(agree=0.3, alone=2.0)
    monkeypatch.setattr(gate, "shipped_gate", lambda: stand_in(0.45, agree=0.6, teen=sensitive))
    claimed = [("a", "j'ai 18 ans"), ("b", "j'ai 18 ans aussi"), *PEERS_MEDIUM[0]]
    state = run(claimed, {"a": 16, "b": 15})
    assert gate.minor_takes_part(state)
    found = SCORER.assess(state)
    assert found.level in gate.FLAGGED
    assert any("a minor takes part" in r for r in found.reasons)


def test_the_gate_alone_may_raise_only_where_a_minor_takes_part(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    teen_only = gate.Thresholds(agree=0.5, alone=0.9)
    monkeypatch.setattr(gate, "shipped_gate", lambda: stand_in(0.95, alone=2.0, teen=teen_only))
    asked = [("a", "t'as quel âge ?")]
    assert SCORER.assess(run(asked, {"a": 16, "b": 15})).level == "medium"
    assert SCORER.assess(run(asked, {"a": 30, "b": 30})).level != "medium"


def _with_thresholds(raw: bytes, adult: object, teen: object) -> bytes:
    body = json.loads(raw)
    body["thresholds"] = adult
    if teen is None:
        body.pop("teen_thresholds", None)
    else:
        body["teen_thresholds"] = teen
    body["sha256"] = gate.digest(body)
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    ("adult", "teen"),
    [
        ({"agree": 0.7, "alone": 0.9}, {"agree": 0.6, "alone": 0.95}),
        ({"agree": 0.7, "alone": 0.9}, {"agree": float("nan"), "alone": 0.9}),
        ({"agree": 0.7, "alone": 0.9}, {"agree": -0.1, "alone": 0.9}),
        ({"agree": 0.7, "alone": 0.9}, {"agree": "low", "alone": 0.9}),
        ({"agree": 0.7}, None),
        ({"agree": float("inf"), "alone": 0.9}, None),
    ],
)
def test_thresholds_out_of_range_or_malformed_are_refused_at_load(
    adult: object, teen: object
) -> None:
    raw = resources.files("causerie.safety.model").joinpath("gate.json").read_bytes()
    with pytest.raises(gate.GateIntegrityError):
        gate.load_gate(_with_thresholds(raw, adult, teen), shipped_model().categories)


def test_a_gate_without_teen_thresholds_uses_one_pair_for_all() -> None:
    raw = resources.files("causerie.safety.model").joinpath("gate.json").read_bytes()
    body = _with_thresholds(raw, {"agree": 0.7, "alone": 0.9}, None)
    loaded = gate.load_gate(body, shipped_model().categories)
    assert loaded.teen is None
    assert loaded.thresholds(minor=True) == loaded.thresholds(minor=False)


def test_the_shipped_gate_is_more_sensitive_where_a_minor_takes_part() -> None:
    shipped = gate.shipped_gate()
    assert shipped.teen is not None
    assert shipped.teen.agree < shipped.agree
    assert shipped.teen.alone <= shipped.alone


def test_teen_thresholds_above_the_adults_are_refused_at_load() -> None:
    raw = resources.files("causerie.safety.model").joinpath("gate.json").read_bytes()
    categories = shipped_model().categories
    body = json.loads(raw)
    body["teen_thresholds"] = {"agree": body["thresholds"]["agree"] + 0.05, "alone": 2.0}
    body["thresholds"]["alone"] = 2.0
    body["sha256"] = gate.digest(body)
    with pytest.raises(gate.GateIntegrityError, match="less sensitive"):
        gate.load_gate(json.dumps(body).encode(), categories)
    body["teen_thresholds"]["agree"] = body["thresholds"]["agree"] - 0.05
    body["sha256"] = gate.digest(body)
    loaded = gate.load_gate(json.dumps(body).encode(), categories)
    assert loaded.thresholds(minor=True).agree < loaded.thresholds(minor=False).agree
