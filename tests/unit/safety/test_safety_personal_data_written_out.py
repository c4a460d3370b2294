"""Personal data written so that no pattern sees it, and numbers given in
pieces over several messages (issue 12, session 5: personal data inside
conversations was caught 2 times in 10)."""

import pytest

from causerie.safety import model as learned
from causerie.safety.pipeline import SenderContext, default_filter
from causerie.safety.scorer import ConversationScorer, Participant

# Trust 1: a teen's contacts are masked at any trust level; at trust 0 a
# profile address spaced out ("t . me / x") is also a link, refused like
# "t.me/x" since session 7 (test_safety_s7fix_classes).
TEEN = SenderContext("teen", trust_level=1, account_age_days=1.0)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("youtube . com / @jules_09", "social_handle"),
        ("insta . com / lea", "social_handle"),
        ("t . me / lea2009", "social_handle"),
        ("my @ is jules dot 09", "social_handle"),
        ("mon @ c'est jules.09", "social_handle"),
        ("my handle is jules underscore 09", "social_handle"),
        ("écris moi sur jules.09 (at) gmail", "email"),
    ],
)
def test_written_out_contacts_are_masked(text: str, reason: str) -> None:
    verdict = default_filter().check(text, TEEN)
    assert verdict.decision == "mask" and reason in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "I'm at gmail all day",
        "mon compte c'est lea",
        "my account is closed",
        "je suis au point mort",
    ],
)
def test_ordinary_words_are_not_contacts(text: str) -> None:
    assert default_filter().check(text, TEEN).decision == "allow"


def _signals(messages: list[tuple[str, str]]) -> set[str]:
    scorer = ConversationScorer()
    state = scorer.start([Participant("a", 30), Participant("b", 15)])
    names: set[str] = set()
    for sender, text in messages:
        state, new = scorer.add_message(state, sender, text)
        names |= {s.name for s in new if s.sender_id == "a"}
    return names


def test_a_number_given_in_pieces_is_personal_data() -> None:
    assert "personal_data" in _signals(
        [("a", "le début c'est 06 12 34"), ("b", "ok"), ("a", "et la fin 56 78")]
    )
    assert "personal_data" in _signals([("a", "06"), ("a", "12"), ("a", "34 56"), ("a", "78")])
    assert "personal_data" in _signals(
        [("a", "zéro six douze"), ("a", "trente-quatre cinquante-six soixante-dix-huit")]
    )


def test_scores_and_dates_in_pieces_are_not_numbers() -> None:
    assert "personal_data" not in _signals([("a", "on a gagné 3 à 1"), ("a", "puis 2 à 0")])
    assert "personal_data" not in _signals([("a", "rdv le 06/12"), ("a", "à 14 h 30")])
    # Pieces from two people are not one number.
    assert "personal_data" not in _signals([("b", "06 12 34"), ("a", "56 78")])


def test_a_new_adult_giving_a_number_to_a_minor_is_worrying() -> None:
    """Personal data weighs 0.8 (session 5, chosen on eval/tune.py: 0.5
    left the personal-data conversations of the training authors 'low')."""
    learned.ENABLED, before = False, learned.ENABLED
    try:
        scorer = ConversationScorer()
        state = scorer.start([Participant("a", 34, account_age_days=1.0), Participant("b", 15)])
        state, _ = scorer.add_message(state, "a", "appelle moi au 06 12 34 56 78")
        assert scorer.assess(state).level == "medium"
    finally:
        learned.ENABLED = before
