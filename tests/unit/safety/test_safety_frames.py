"""Conversation frames: a topic (a game, a surprise party, a hospital, a
victim asking for help, a scam warning) that makes some signals innocent for
the rest of the conversation, without letting another sender hide behind it.
The learned layer is off so that only the rules and the frames decide."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from causerie.safety import model as learned
from causerie.safety.checks.intent import read_intent
from causerie.safety.pipeline import SenderContext, default_filter, scan
from causerie.safety.scorer import (
    FRAME_SIGNALS,
    ConversationScorer,
    ConversationState,
    Participant,
)

SCORER = ConversationScorer()


@pytest.fixture(autouse=True)
def rules_only() -> Iterator[None]:
    saved = learned.ENABLED
    learned.ENABLED = False
    yield
    learned.ENABLED = saved


def level(messages: list[tuple[str, str]], age: int = 30) -> str:
    state = SCORER.start([Participant("a", age, 400.0), Participant("b", age, 500.0)])
    for sender, text in messages:
        state, _ = SCORER.add_message(state, sender, text)
    return SCORER.assess(state).level


THREAT = ("a", "je vais te tuer 5-0 comme la derniere fois")


def test_a_threat_alone_is_flagged() -> None:
    assert level([("a", "ce soir on se voit ?"), THREAT]) in ("medium", "high")


def test_game_talk_from_the_same_sender_excuses_the_threat() -> None:
    assert level([("a", "ce soir fifa 1v1 ?"), ("b", "ok"), THREAT]) in ("none", "low")


def test_a_frame_only_excuses_the_sender_who_opened_it() -> None:
    # The defender of the pride march does not excuse the one who attacks it.
    messages = [
        ("a", "ce soir fifa 1v1 ?"),
        ("b", "ok"),
        ("b", "je vais te tuer, je sais ou tu habites"),
    ]
    assert level(messages) in ("medium", "high")


def test_a_surprise_party_excuses_covert_logistics() -> None:
    plan = [
        ("a", "she'll be at her mum's till 7, park on the next street so she doesn't see your car"),
        ("a", "keep quiet when she walks in, lights off, come after she is asleep"),
    ]
    framed = [("a", "ok the plan for sarah's surprise party"), *plan]
    assert SCORER.assess(_run(framed)).risk < SCORER.assess(_run(plan)).risk


def test_a_victim_telling_a_friend_is_not_the_extortionist() -> None:
    messages = [
        ("a", "i need help and i feel so stupid"),
        ("b", "whats wrong"),
        (
            "a",
            "someone has a pic of me and says theyll send it to everyone"
            " unless i pay 200 in gift cards by tonight",
        ),
    ]
    assert level(messages, age=16) in ("none", "low")


def test_the_extortionist_is_still_flagged() -> None:
    messages = [
        ("b", "i have your pics. i send them to everyone unless you pay 200 in gift cards"),
        ("a", "please no"),
    ]
    assert level(messages, age=16) in ("medium", "high")


def test_frames_keep_the_state_bounded() -> None:
    state = SCORER.start([Participant("a"), Participant("b")])
    for i in range(300):
        state, _ = SCORER.add_message(state, "ab"[i % 2], "gg fifa 1v1, surprise pour l'anniv")
    assert len(state.frames) <= 2 * len(FRAME_SIGNALS)


def _run(messages: list[tuple[str, str]]) -> ConversationState:
    state = SCORER.start([Participant("a", 40, 900.0), Participant("b", 38, 900.0)])
    for sender, text in messages:
        state, _ = SCORER.add_message(state, sender, text)
    return state


def test_grooming_moves_weigh_less_between_settled_teen_peers() -> None:
    messages = [
        ("a", "t'as quel âge ? t'es dans quel lycée ?"),
        ("a", "mes parents sont pas là ce soir, viens chez moi"),
    ]
    settled = [Participant("a", 16, 400.0), Participant("b", 16, 300.0)]
    fresh = [Participant("a", 16, 3.0), Participant("b", 15, 300.0)]  # a fresh "teen" account
    assert (
        SCORER.assess(_state(settled, messages)).risk < SCORER.assess(_state(fresh, messages)).risk
    )


def test_established_adults_swapping_discords_weigh_less_than_a_new_account() -> None:
    messages = [("a", "my discord is mattyb, add me"), ("a", "or whatsapp me, 07700 900123")]
    established = [Participant("a", 28, 900.0), Participant("b", 30, 700.0)]
    new = [Participant("a", 28, 1.0), Participant("b", 30, 700.0)]
    assert (
        SCORER.assess(_state(established, messages)).risk
        < SCORER.assess(_state(new, messages)).risk
    )


def _state(people: list[Participant], messages: list[tuple[str, str]]) -> ConversationState:
    state = SCORER.start(people)
    for sender, text in messages:
        state, _ = SCORER.add_message(state, sender, text)
    return state


def test_a_laughing_emoji_is_banter_like_mdr() -> None:
    flt = default_filter()
    adult = SenderContext("adult", trust_level=2, account_age_days=60)
    assert flt.check("i'll kill u if it's longer than 10 mins 😂", adult).decision == "allow"
    assert flt.check("i'll kill u if it's longer than 10 mins", adult).decision == "hold"


def test_a_victim_telling_their_story_is_not_held() -> None:
    flt = default_filter()
    teen = SenderContext("teen", trust_level=2, account_age_days=60)
    story = "un mec a une photo de moi et il dit qu il l envoie a tout le monde si je paie pas 200e"
    assert flt.check(story, teen).decision == "allow"
    extortion = "j'ai tes photos, tu paies 200e ou je les envoie a tout le monde"
    assert flt.check(extortion, teen).decision == "hold"


def test_a_reassurance_that_it_is_no_scam_is_no_warning() -> None:
    scam = "send me the code you got by sms and i'll double your crypto, its not a scam"
    assert "scam" in read_intent(scan(scam)).categories


def test_asking_what_a_code_means_is_not_hate() -> None:
    assert "hate" not in read_intent(scan('what do "1488" in usernames mean?')).categories


def test_a_baby_asleep_is_care_for_the_parent_who_says_it() -> None:
    """Session 24: the sender who says the baby is asleep asks for quiet;
    "sleep like a baby" is the crime's simile, never care."""
    messages = [
        ("b", "ok dont ring the bell, the baby's finally asleep"),
        ("b", "door's unlocked, come in quietly, my wife will be asleep too, she's on nights"),
    ]
    crime = [
        ("b", "a couple of her pills and she'll sleep like a baby"),
        ("b", "door's unlocked, come in quietly, my wife will be asleep, she won't know a thing"),
    ]
    assert level(messages) in ("none", "low")
    assert level(crime) in ("medium", "high")
