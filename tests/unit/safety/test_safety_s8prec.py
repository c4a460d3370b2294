"""Issue 12, session 8 (s8prec): false-positive classes of the conversation
scorer shared by several training authors, cut without touching the crimes
they look like. The learned layer is off where only the rules and frames
should decide; each test pairs the innocent case with its risky twin."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from causerie.safety import model as learned
from causerie.safety.detect import detect_in_context
from causerie.safety.pipeline import SenderContext, default_filter
from causerie.safety.scorer import ConversationScorer, Participant

SCORER = ConversationScorer()


@pytest.fixture(autouse=True)
def rules_only() -> Iterator[None]:
    saved = learned.ENABLED
    learned.ENABLED = False
    yield
    learned.ENABLED = saved


def level(
    messages: list[tuple[str, str]],
    ages: tuple[int, int] = (30, 31),
    days: tuple[float, float] = (400.0, 500.0),
    room_kind: str = "dm",
) -> str:
    state = SCORER.start(
        [Participant("a", ages[0], days[0]), Participant("b", ages[1], days[1])], room_kind
    )
    for sender, text in messages:
        state, _ = SCORER.add_message(state, sender, text)
    return SCORER.assess(state).level


FLAGGED = ("medium", "high")


# Threat hyperbole over trivial stakes (y-couples, u-ecoute, z-lycee,
# j-counsellor): a spoiler, a snack eaten.
@pytest.mark.parametrize(
    "text",
    [
        "si tu me spoiles encore One Piece je te tue",
        "spoil stranger things one more time and I'll kill you",
        "je vais t'étrangler t'as mangé mes chips",
        "im gonna strangle u, u ate my last jaffa cake",
    ],
)
def test_hyperbole_over_trivial_stakes_is_no_threat(text: str) -> None:
    assert "threat" not in {f.name for f in detect_in_context(text)[0]}
    assert level([("a", text), ("b", "lol")], ages=(16, 16)) not in FLAGGED


@pytest.mark.parametrize(
    "text",
    ["je vais te tuer, je sais où tu habites", "I'll kill you, I know where you live"],
)
def test_the_same_threat_without_the_stakes_is_flagged(text: str) -> None:
    assert "threat" in {f.name for f in detect_in_context(text)[0]}
    assert level([("a", "t'as vu mon message ?"), ("a", text)]) in FLAGGED


def test_a_spoiler_excuses_only_the_sender_who_spoke_of_it() -> None:
    # b's "spoiler" talk does not excuse a's threat.
    messages = [("b", "no spoilers pls"), ("a", "I'll kill you, I know where you live")]
    assert level(messages) in FLAGGED


# Quoting a message received, to show or report it (y-couples, u-ecoute).
def test_a_pasted_blackmail_is_the_recipient_asking_for_help() -> None:
    quoted = [
        ("a", 'babe I got a weird msg, copying it: "I have your pictures, pay 300 or your'
              ' family sees them"'),
        ("b", "DON'T pay. it's a mass scam"),
    ]  # fmt: skip
    assert level(quoted) not in FLAGGED
    direct = [("a", "I have your pictures, pay 300 or your family sees them")]
    assert level(direct) in FLAGGED


def test_pasting_a_scam_does_not_excuse_the_other_sender() -> None:
    messages = [
        ("a", "j'ai reçu un message bizarre, je te copie"),
        ("b", "j'ai tes photos, paie 300€ ou je les envoie à ta famille"),
    ]
    assert level(messages) in FLAGGED


# A couple's invitation where the third party speaks for herself (y-couples,
# r-nuit): the consent frame excuses the recruit's vetting, never a victim
# who cannot consent.
def test_a_couple_inviting_with_her_limits_is_not_recruitment() -> None:
    text = "elle te fait un vocal ce soir avec ses limites, discret ? envoie une photo et ton âge"
    assert level([("a", text)], ages=(44, 39)) not in FLAGGED


def test_the_consent_frame_does_not_excuse_a_sleeping_victim() -> None:
    messages = [
        ("a", "elle te fait un vocal avec ses limites"),
        ("a", "viens vers 2h, elle aura pris ses somnifères, elle dormira, gare toi plus loin"),
    ]
    assert level(messages, ages=(44, 39)) in FLAGGED


# Sexual talk between consenting adults in private (u-ecoute, r-nuit).
SEXTING = [
    ("a", "j'ai envie de toi ce soir"),
    ("b", "moi aussi, tu viens chez moi apres le diner ?"),
    ("a", "oui, et je veux te prendre doucement d'abord"),
]


def test_sexting_between_established_adults_is_not_flagged() -> None:
    assert level(SEXTING) not in FLAGGED


def test_sexual_talk_to_a_minor_is_still_flagged() -> None:
    assert level(SEXTING, ages=(30, 15)) in FLAGGED


def test_the_filter_allows_hyperbole_over_a_spoiler() -> None:
    context = SenderContext("adult", 2, 60.0, True)
    assert default_filter().check("spoile moi la fin et je te tue", context).decision == "allow"


# A friend's mock blackmail whose price is a chore or a round (m-tsuk,
# r-nuit): the same words with money as the price stay flagged.
def test_a_chore_as_the_price_is_mock_blackmail() -> None:
    mock = [("a", "si tu fais pas la vaisselle ce soir je montre ta photo nue à ta mère")]
    assert level(mock) not in FLAGGED
    real = [("a", "si tu me paies pas 300€ ce soir je montre ta photo nue à ta mère")]
    assert level(real) in FLAGGED


def test_a_chore_does_not_excuse_the_other_sender() -> None:
    messages = [
        ("b", "tu fais la vaisselle ce soir ?"),
        ("a", "si tu me paies pas 300€ ce soir je montre ta photo nue à ta mère"),
    ]
    assert level(messages) in FLAGGED


# The extortionist's own condition opened the scam-warning frame ("if you
# don't pay" contains "don't pay"), which excused his extortion for the
# whole conversation: an attacker wrote it for free.
@pytest.mark.parametrize(
    "text",
    [
        "if u dont pay me 300 this week i send the pic to ur mum",
        "si tu paye pas 300€ ce soir ta vidéo part à toute ta classe",
    ],
)
def test_the_extortionists_condition_is_no_warning(text: str) -> None:
    assert "warning" not in detect_in_context(text)[3]
    assert level([("a", "salut"), ("a", text)]) in FLAGGED


def test_the_advice_not_to_pay_is_still_a_warning() -> None:
    assert "warning" in detect_in_context("don't pay him, it's a scam")[3]
    assert "warning" in detect_in_context("ne paie pas, c'est une arnaque")[3]
