"""Session 10 (s10split), class 3: a handle, an address, a phone number, an
insult or a slur cut over a sender's consecutive short messages. The scorer
reads the sender's last short messages joined (bounded: ``pieces.PIECES``
messages of at most ``pieces.PIECE_CHARS`` characters) and credits what
only the join holds to the message that completes it; ordinary short
messages, times, scores and prices in a row stay quiet."""

from __future__ import annotations

import pytest

from causerie.safety import pieces
from causerie.safety.scorer import ConversationScorer, ConversationState, Participant

SCORER = ConversationScorer()


def _run(
    texts: list[str], age: int = 15, days: float = 1.0
) -> tuple[ConversationState, list[set[str]]]:
    state = SCORER.start([Participant("a", age, days), Participant("b", 15, 100.0)])
    fired = []
    for text in texts:
        state, _ = SCORER.add_message(state, "a", text)
        fired.append(set(state.completed))
    return state, fired


@pytest.mark.parametrize(
    ("texts", "signal"),
    [
        (["mon snap c", "lea", "_2009"], "personal_data"),
        (["ajoute moi", "insta", "jojo.75"], "personal_data"),
        (["my snap is", "mia", ".rose_x"], "personal_data"),
        (["mon mail", "lulu93", "@gmail.com"], "personal_data"),
        (["t'es qu'une", "sa", "lo", "pe"], "insult"),
        (["w", "h", "o", "r", "e"], "insult"),
        (["you", "stupid", "sl", "ut"], "insult"),
        (["sale", "p", "d"], "hate"),
        (["n", "e", "g", "r", "e"], "hate"),
    ],
)
def test_what_only_the_join_holds_is_credited_to_the_last_piece(
    texts: list[str], signal: str
) -> None:
    state, fired = _run(texts)
    assert signal in set().union(*fired)
    assert not fired[0]  # the first piece alone completes nothing
    assert signal in {s.name for s in state.first_seen.values()}


def test_the_completing_message_is_held_for_a_minor_and_the_earlier_pieces_are_not() -> None:
    state = SCORER.start([Participant("a", 15, 60.0), Participant("b", 16, 60.0)])
    held = []
    for text in ["mon snap c", "lea", "_2009"]:
        state, _ = SCORER.add_message(state, "a", text)
        held.append(SCORER.held_by_pieces(state, "a"))
    assert held[0] == []
    assert "personal_data" in held[1] + held[2]


def test_contact_details_in_pieces_between_established_adults_are_not_held() -> None:
    state = SCORER.start([Participant("a", 30, 200.0), Participant("b", 32, 200.0)])
    for text in ["mon snap c", "lea", "_2009"]:
        state, _ = SCORER.add_message(state, "a", text)
        assert SCORER.held_by_pieces(state, "a") == []


def test_an_insult_in_pieces_is_held_for_anyone() -> None:
    state = SCORER.start([Participant("a", 30, 200.0), Participant("b", 32, 200.0)])
    reasons: list[str] = []
    for text in ["t'es qu'une", "sa", "lo", "pe"]:
        state, _ = SCORER.add_message(state, "a", text)
        reasons += SCORER.held_by_pieces(state, "a")
    assert reasons == ["harassment"]


def test_another_sender_in_between_breaks_the_pieces() -> None:
    state = SCORER.start([Participant("a", 15, 1.0), Participant("b", 15, 100.0)])
    state, _ = SCORER.add_message(state, "a", "sa")
    state, _ = SCORER.add_message(state, "b", "quoi ?")
    state, _ = SCORER.add_message(state, "a", "lope")
    assert not state.completed


@pytest.mark.parametrize(
    "texts",
    [
        ["ok", "lol", "a demain"],
        ["mdr", "t nul", "jpp"],
        ["on se voit", "a 14h", "30"],
        ["score final", "3", "2"],
        ["ça coûte", "15€", "50"],
        ["j'ai pu", "te voir"],
        ["bon", "je", "te", "laisse"],
        ["ok", "snap", "stp"],
        ["gg", "wp", "ez"],
        ["oui", "non", "peut être"],
        ["see u", "at 5", "ok?"],
        ["c'est", "la", "pire", "journée"],
    ],
)
def test_ordinary_short_messages_in_a_row_complete_nothing(texts: list[str]) -> None:
    _, fired = _run(texts)
    assert not any(fired)


def test_pieces_are_bounded() -> None:
    kept: tuple[str, ...] = ()
    for i in range(50):
        kept = pieces.kept_pieces(kept, f"m{i}")
    assert len(kept) == pieces.PIECES - 1
    assert pieces.kept_pieces(kept, "x" * (pieces.PIECE_CHARS + 1)) == ()


def test_syllables_are_read_glued_and_words_spaced() -> None:
    assert pieces.joins(["sa", "lo", "pe"]) == ("sa lo pe", "salope")
    assert pieces.joins(["mon snap c", "lea_2009"]) == ("mon snap c lea_2009",)
