"""Session 11 (s11path): a story or a warning excuses what is *reported*,
never what a participant says in their own voice to the reader.

The scorer's frames (data/frames) weigh a conversation's signals less when
it is about a book, a trial, a scam warning, a victim's account. Anyone can
open such a frame, the attacker first ("t'as vu le documentaire sur
Mazan ?"), or get the other person to open it. The excuse now follows who
speaks and how: a plan, an instruction or a demand addressed to the reader
("viens", "gare-toi plus loin", "send me 200", "ma femme sera endormie")
keeps its weight; the same words quoted, told after "il m'a dit" or
described in the past stay excused.

Wordings are the tests' own, FR and EN, SMS spelling, the frame opened by
either side, recruitment, sextortion, threats, a scam."""

from __future__ import annotations

import pytest

from causerie.safety.scorer import Assessment, ConversationScorer, Participant, crimes_of

SCORER = ConversationScorer()


def converse(messages: list[tuple[str, str]]) -> Assessment:
    """Two adults whose accounts are months old: nothing but the words
    makes the conversation risky."""
    state = SCORER.start([Participant("a", 47, 200.0), Participant("b", 34, 120.0)])
    for who, text in messages:
        state, _ = SCORER.add_message(state, who, text)
    return SCORER.assess(state)


# (conversation, the crime it must name or None)
PLANTED: list[tuple[list[tuple[str, str]], str | None]] = [
    # the brief's recruiter: he opens the story himself
    (
        [
            ("a", "t'as vu le documentaire sur Mazan ?"),
            ("b", "oui horrible"),
            ("a", "ma femme sera endormie, gare-toi deux rues plus loin"),
        ],
        "recruitment",
    ),
    # the other person opens it; the recruiter answers in his own voice
    (
        [
            ("b", "j'ai regardé le docu sur l'affaire Mazan hier"),
            ("a", "ah ouais. bref, ce soir ma meuf sera dans les vapes, viens vers 23h"),
            ("a", "tu te gares plus loin et tu fais pas de bruit"),
        ],
        "recruitment",
    ),
    # SMS spelling, one message
    (
        [
            ("a", "t vu le reportage sur l affaire de mazan"),
            ("b", "ouais"),
            ("a", "bref ma meuf sera ko vers 23h, tu viens, tu te gares plus loin"),
        ],
        "recruitment",
    ),
    (
        [
            ("a", "did you see the netflix documentary about that french trial"),
            ("b", "yes awful"),
            (
                "a",
                "my wife will be knocked out tonight, come over after midnight, "
                "park round the corner",
            ),
        ],
        "recruitment",
    ),
    (
        [
            ("b", "been reading about the mazan case"),
            (
                "a",
                "lol. wife takes her pills at 10, shes out cold. u come at 11, "
                "park on the next street",
            ),
        ],
        "recruitment",
    ),
    # a warning planted before a sextortion, FR and EN
    (
        [
            ("a", "attention aux arnaques sur les sites de rencontre"),
            (
                "a",
                "bon toi j'ai ta vidéo, tu vas m'envoyer 300€ sinon je l'envoie "
                "à tous tes contacts",
            ),
        ],
        "sextortion",
    ),
    (
        [
            ("a", "beware of scammers on here lol"),
            (
                "a",
                "anyway i have your nudes. send me 200 on paypal or i post them "
                "to all your followers",
            ),
        ],
        "sextortion",
    ),
    # the victim opens the warning; the blackmailer's demand is his own
    (
        [
            ("b", "fais gaffe c'est une arnaque ces trucs de crypto"),
            ("a", "j'ai tes photos nues. envoie 500 euros ou je les publie sur ton insta"),
        ],
        "sextortion",
    ),
    # a thriller, then a threat to the reader
    (
        [
            ("a", "j'ai lu un polar hier, le tueur attend sa victime"),
            ("a", "je sais où tu habites, je vais venir te planter ce soir"),
        ],
        None,
    ),
]


@pytest.mark.parametrize(("messages", "crime"), PLANTED)
def test_a_frame_does_not_excuse_what_is_said_to_the_reader(
    messages: list[tuple[str, str]], crime: str | None
) -> None:
    found = converse(messages)
    assert found.level in ("medium", "high"), found
    assert found.suspect_id == "a"
    if crime is not None:
        assert crime in crimes_of(found), found


INNOCENT: list[list[tuple[str, str]]] = [
    # a victim telling her own past
    [
        ("b", "j'ai vu le documentaire sur Mazan, ça m'a retournée"),
        (
            "b",
            "moi aussi mon ex me droguait, je dormais et il faisait venir des mecs "
            "qui se garaient plus loin",
        ),
    ],
    [
        ("a", "did you read about the mazan trial"),
        (
            "b",
            "yes, he drugged his wife and recruited men online, told them to park far away "
            "and not wear cologne",
        ),
    ],
    # the trial's messages, quoted or reported
    [
        ("a", "au procès d'Avignon ils ont lu les messages"),
        ("b", "il leur écrivait 'viens ce soir, gare-toi plus loin, elle dort'"),
    ],
    [
        ("a", "vous avez suivi le procès ?"),
        (
            "b",
            "oui. les consignes qu'il leur donnait : garez-vous loin, pas de parfum, pas de tabac",
        ),
    ],
    # a thriller's and a podcast's plot
    [
        ("a", "j'ai fini le thriller de Thilliez"),
        ("b", "alors ?"),
        (
            "a",
            "le tueur droguait sa femme pour qu'elle dorme, et les complices se garaient "
            "deux rues plus loin",
        ),
    ],
    [
        ("a", "this true crime podcast is wild"),
        (
            "a",
            "the husband put pills in her drink so she slept, then messaged strangers to come "
            "at night and park down the road",
        ),
    ],
    # warnings to a friend, with the scammer's demand described
    [
        ("a", "attention c'est une arnaque classique"),
        (
            "a",
            "le mec te dit qu'il a ta vidéo et que tu dois payer 300€ sinon il l'envoie à tes "
            "contacts, paie surtout pas",
        ),
    ],
    [
        ("a", "watch out for this scam"),
        (
            "a",
            "they say they have your nudes and want 200 in gift cards or they post them. never "
            "pay, block and report",
        ),
    ],
    [
        ("b", "ne paie surtout pas, si tu paies ils reviennent"),
        ("b", "fais des captures de tout et signale sur pharos"),
    ],
    # a victim quoting the blackmail to ask for help
    [
        ("b", "someone sent me this, i reported it"),
        ("b", "he said 'send me 300 or i post your pics everywhere', what do i do"),
    ],
    [
        ("b", "i got a weird message"),
        ("b", "she says pay 200 or she sends it to my wife. what should i do"),
    ],
]


@pytest.mark.parametrize("messages", INNOCENT)
def test_a_story_a_warning_or_a_victims_account_stays_excused(
    messages: list[tuple[str, str]],
) -> None:
    found = converse(messages)
    assert found.level in ("none", "low"), found
