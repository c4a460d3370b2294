"""Session 10 (s10prec): benign conversations flagged because the scorer
read a crime out of the frame its own sender put it in. Whoever warns
about a blackmail, tells a documentary's story or reports a recruiter's
words quotes the crime: for that sender alone the frame excuses it, and a
crime whose parts a frame the sender opened excuses is no longer "never
gated" (the gate judges it). A frame the other side opened never takes a
crime off anyone. The learned layer is off: the rules and frames decide."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from causerie.safety import gate
from causerie.safety import model as learned
from causerie.safety.scorer import ConversationScorer, Participant, SenderView

SCORER = ConversationScorer()
FLAGGED = ("medium", "high")


@pytest.fixture(autouse=True)
def rules_only() -> Iterator[None]:
    saved = learned.ENABLED
    learned.ENABLED = False
    yield
    learned.ENABLED = saved


def judge(messages: list[tuple[str, str]]) -> tuple[str, SenderView, str | None]:
    """The rules' level, the suspect's snapshot and why it is never gated."""
    state = SCORER.start([Participant("a", 30, 400.0), Participant("b", 31, 500.0)])
    for sender, text in messages:
        state, _ = SCORER.add_message(state, sender, text)
    found = SCORER.assess(state)
    view = SCORER.view(state, found.suspect_id)
    return found.level, view, gate.protected(view, found)


# A helpline worker's or a friend's warning quotes the blackmail.
WARNINGS = [
    "PSA : si quelqu'un vous dit 'paie ou j'envoie ta vidéo à ta famille', payez pas,"
    " c'est une arnaque",
    'rappel d\'une benevole : si qqn te dit "paye 300e sinon jenvoie tes photos a tes potes",'
    " paye surtout pas et bloque",
    "helpline volunteer here: if someone says 'pay or I send ur video to ur family', don't pay,"
    " screenshot and block",
    'reminder: if anyone texts u "send $300 or i post ur nudes to all ur followers" its a scam,'
    " never pay 🙏",
]
# A documentary or a trial told: the words of the criminals it is about.
STORIES = [
    "le docu d'hier sur la sextorsion, ils écrivaient 'paie 200€ ou ta classe voit ta vidéo'"
    " à des gamins",
    "that netflix documentary on sextortion, they texted kids 'pay 200 or ur whole school sees"
    " ur video'",
]
# A moderator quoting a recruiter's phrases so that people report them.
REPORTS = [
    "en tant que modo : si un inconnu vous écrit 'elle dormira', 'elle saura rien', 'garez"
    " vous plus loin', signalez immédiatement",
    "mod here: if a stranger writes 'she'll be asleep', 'she won't remember', 'park down the"
    " road', report it straight away",
]


@pytest.mark.parametrize("text", WARNINGS + STORIES + REPORTS)
def test_a_crime_quoted_in_its_senders_own_frame_is_the_gates_to_judge(text: str) -> None:
    level, view, why = judge([("a", text)])
    assert view.signals & view.framed, "the quoted crime's parts are read (else no case)"
    assert view.crimes == frozenset()
    assert why is None  # never "sextortion", "recruitment" or an unframed "threat"
    assert level != "high"  # what stays (a photo or a nude named) weighs alone


# Friends' mock blackmail whose price is a chore: the chores frame excused
# the parts already; the crime they add up to is the gate's to judge now.
@pytest.mark.parametrize(
    "messages",
    [
        [("a", "found our uni photos 😂"), ("a", "nope. if u dont make brews for a week i send it"
                                                  " to ur mum, and the whole group chat sees it")],
        [("a", "j'ai retrouvé tes photos de soirée 😂"), ("a", "si tu fais pas la vaisselle"
          " pendant une semaine j'envoie ta photo à ta mère et à tous tes potes")],
    ],
)  # fmt: skip
def test_a_chores_blackmail_is_not_a_never_gated_crime(messages: list[tuple[str, str]]) -> None:
    _, view, why = judge(messages)
    assert view.crimes == frozenset()
    assert why != "sextortion"


# Risky twins: the same words sent by the criminal, after the OTHER side
# opened a warning or a story frame, stay a crime that is never gated.
@pytest.mark.parametrize(
    "messages",
    [
        [("b", "c'est une arnaque ton truc"),
         ("a", "paie 300€ ou j'envoie ta vidéo à toute ta famille, t'as 1h")],
        [("b", "this is a scam right? never pay"),
         ("a", "pay $300 or i send ur video to all ur family, u have 1 hour")],
        [("b", "t'as vu le docu netflix ?"),
         ("a", "paie 200€ ou ta classe voit ta vidéo, j'ai tout enregistré")],
        [("b", "did u watch the documentary"),
         ("a", "pay 200 or ur whole school sees ur video, i recorded everything")],
        [("b", "je l'ai signalé l'autre"),
         ("a", "ma femme dort, elle a pris ses cachets, elle saura rien, garez vous plus loin")],
        [("b", "i reported that guy yesterday"),
         ("a", "my wife will be out cold after her pills, she won't remember, park down the road")],
    ],
)  # fmt: skip
def test_the_criminals_own_words_after_the_others_frame_stay_never_gated(
    messages: list[tuple[str, str]],
) -> None:
    level, view, why = judge(messages)
    assert level in FLAGGED
    assert view.crimes
    assert why in ("sextortion", "recruitment")


@pytest.mark.parametrize(
    "text",
    [
        "ma femme dort, elle a pris ses cachets, elle saura rien, garez vous plus loin",
        "my wife will be out cold after her pills, she won't remember, park down the road",
        "paie 300€ ou j'envoie ta vidéo à toute ta famille, t'as 1h",
    ],
)
def test_the_crime_without_any_frame_is_never_gated(text: str) -> None:
    level, _, why = judge([("a", text)])
    assert level in FLAGGED
    assert why in ("sextortion", "recruitment")


def test_a_threat_in_the_senders_own_warning_is_excused_for_them_only() -> None:
    threat = "if someone says 'pay or I send ur video to ur family', don't pay"
    _, mine, _ = judge([("a", threat)])
    _, theirs, _ = judge(
        [("b", "don't pay scammers"), ("a", "I'll kill you, I know where you live")]
    )
    assert "threat" in mine.framed
    assert "threat" in theirs.signals and "threat" not in theirs.framed
