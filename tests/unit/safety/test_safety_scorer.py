from __future__ import annotations

from dataclasses import replace

import pytest

from causerie.safety import gate
from causerie.safety.scorer import (
    ConversationScorer,
    ConversationState,
    Participant,
    score_conversation,
)

SCORER = ConversationScorer()


def run(messages: list[tuple[str, str]], **participants: int) -> ConversationState:
    people = [Participant(pid, declared_age=age) for pid, age in participants.items()]
    state = SCORER.start(people or [Participant("a"), Participant("b")])
    for sender, text in messages:
        state, _ = SCORER.add_message(state, sender, text)
    return state


@pytest.mark.parametrize(
    ("signal", "text"),
    [
        ("age_question", "t'as quel âge ?"),
        ("age_question", "how old r u"),
        ("school_question", "tu es en quelle classe ?"),
        ("school_question", "what school do you go to"),
        ("location_question", "tu habites où exactement ?"),
        ("location_question", "where do you live"),
        ("parents_absent", "tes parents sont là ce soir ?"),
        ("parents_absent", "are your parents home?"),
        ("flattery", "tu fais plus mature que ton âge"),
        ("flattery", "age is just a number"),
        ("special_bond", "personne ne te comprend comme moi"),
        ("special_bond", "you can trust me"),
        ("secrecy", "ne le dis à personne"),
        ("secrecy", "delete this chat"),
        ("off_platform", "ajoute moi sur snap"),
        ("off_platform", "lets move to telegram"),
        ("gift_offer", "je peux t'offrir des robux"),
        ("gift_offer", "i can buy you a gift card"),
        ("money_request", "envoie moi une carte cadeau paysafecard"),
        ("money_request", "can you send me some money"),
        ("photo_request", "envoie moi une photo de toi"),
        ("photo_request", "send me a pic in your bikini"),
        ("meeting_proposal", "on se voit demain ?"),
        ("meeting_proposal", "let's meet up"),
        ("meeting_alone", "viens seule"),
        ("meeting_alone", "don't bring anyone"),
        ("meeting_night", "rdv à 23h"),
        ("meeting_night", "around midnight"),
        ("isolated_place", "derrière le gymnase"),
        ("isolated_place", "in the woods"),
        ("video_refusal", "ma caméra marche pas"),
        ("video_refusal", "i don't do video calls"),
        ("personal_data", "mon 06 12 34 56 78"),
        ("threat", "je vais te tuer"),
        ("hate", "mort aux juifs"),
        ("sexual_content", "envoie des nudes"),
        ("minor_sexualisation", "sexy preteen"),
    ],
)
def test_each_signal_fires_with_evidence(signal: str, text: str) -> None:
    state = SCORER.start([Participant("a"), Participant("b")])
    _, fired = SCORER.add_message(state, "a", text)
    names = {s.name: s for s in fired}
    assert signal in names
    assert names[signal].message_index == 0
    assert names[signal].evidence


def test_place_change_needs_an_earlier_meeting() -> None:
    state = SCORER.start([Participant("a"), Participant("b")])
    state, fired = SCORER.add_message(state, "a", "changement de plan")
    assert "place_change" not in {s.name for s in fired}
    state, _ = SCORER.add_message(state, "a", "on se voit ce soir ?")
    state, fired = SCORER.add_message(state, "a", "changement de plan, rejoins moi au parking")
    assert "place_change" in {s.name for s in fired}


def test_stated_age_far_from_declared_age_is_a_signal() -> None:
    state = run([("a", "moi j'ai 24 ans en vrai")], a=16, b=15)
    assert "age_mismatch" in {s.name for s in SCORER.assess(state).signals}


def test_surprise_party_cancels_secrecy() -> None:
    state = run([("a", "supprime ce message, c'est pour la fête surprise de Léa")])
    assert SCORER.assess(state).level == "none"


def test_grooming_conversation_is_high_and_explained() -> None:
    state = run(
        [
            ("a", "t'as quel âge ?"),
            ("b", "j'ai 14 ans"),
            ("a", "tes parents sont là ?"),
            ("a", "ajoute moi sur snap et dis rien à tes parents"),
        ],
        a=17,
        b=15,
    )
    result = SCORER.assess(state)
    assert result.level == "high"
    assert result.suspect_id == "a"
    assert [s.message_index for s in result.signals][:1] == [0]


def test_adult_talking_to_a_minor_raises_risk() -> None:
    messages = [("a", "t'as quel âge ?"), ("a", "envoie moi une photo de toi")]
    with_adult = SCORER.assess(run(messages, a=30, b=14)).risk
    same_age = SCORER.assess(run(messages, a=15, b=14)).risk
    assert with_adult > same_age


def test_many_recent_meeting_targets_raise_risk() -> None:
    def risk(targets: int) -> float:
        state = SCORER.start([Participant("a", recent_meeting_targets=targets), Participant("b")])
        state, _ = SCORER.add_message(state, "a", "on se voit demain ?")
        return SCORER.assess(state).risk

    assert risk(6) > risk(0)


def test_verified_and_new_accounts_change_risk() -> None:
    def risk(**kw: object) -> float:
        state = SCORER.start([Participant("a", **kw), Participant("b")])  # type: ignore[arg-type]
        state, _ = SCORER.add_message(state, "a", "viens seule derrière le gymnase à minuit")
        return SCORER.assess(state).risk

    assert risk(verified=True) < risk() < risk(account_age_days=1.0)


@pytest.mark.parametrize(
    "messages",
    [
        [("a", "on se retrouve au cinéma samedi avec tout le monde")],
        [("a", "ma fille de 14 ans veut aller sur snap, vous en pensez quoi ?")],
        [("a", "did you finish the homework?"), ("b", "almost")],
    ],
)
def test_hard_negatives_are_not_flagged(messages: list[tuple[str, str]]) -> None:
    assert SCORER.assess(run(messages)).level in ("none", "low")


def test_state_size_does_not_grow_with_conversation_length() -> None:
    state = SCORER.start([Participant("a"), Participant("b")])
    lines = ["t'as quel âge ?", "on se voit ?", "salut", "envoie une photo"]
    sizes = []
    for i in range(400):
        state, _ = SCORER.add_message(state, "ab"[i % 2], lines[i % 4])
        sizes.append(len(state.first_seen) + len(state.counts))
    assert sizes[50] == sizes[-1]
    assert state.message_count == 400


def test_score_conversation_matches_the_live_scorer() -> None:
    conv = {
        "id": "c1",
        "participants": [{"id": "a", "declared_age": 17}, {"id": "b", "declared_age": 15}],
        "messages": [
            {"from": "a", "text": "t'as quel âge ?"},
            {"from": "a", "text": "viens seule"},
        ],
    }
    out = score_conversation(conv)
    live = SCORER.assess(run([("a", "t'as quel âge ?"), ("a", "viens seule")], a=17, b=15))
    assert out["risk"] == live.risk
    assert out["level"] == live.level
    assert [s["name"] for s in out["signals"]] == [s.name for s in live.signals]
    assert set(out) == {"id", "risk", "level", "signals"}
    assert set(out["signals"][0]) == {"name", "message_index", "evidence"}


@pytest.mark.parametrize(
    "obj",
    [
        [],
        {"participants": [], "messages": []},
        {"id": "x", "participants": {}, "messages": []},
        {"id": "x", "participants": [{"id": 3}], "messages": []},
        {"id": "x", "participants": [], "messages": [{"from": "a"}]},
        {"id": "x", "participants": [{"id": "a", "declared_age": "old"}], "messages": []},
        {"id": "x", "room_kind": "group", "participants": [], "messages": []},
    ],
)
def test_malformed_conversations_are_refused(obj: object) -> None:
    with pytest.raises(ValueError):
        score_conversation(obj)  # type: ignore[arg-type]


def _data_conversation(sharer: Participant, other: Participant, text: str) -> str:
    state = SCORER.start([sharer, other])
    for sender, message in (("b", "slt ça va ?"), ("a", "ouais et toi"), ("a", text)):
        state, _ = SCORER.add_message(state, sender, message)
    return SCORER.assess(state).level


@pytest.mark.parametrize(
    "text",
    [
        "moi c zero six cinquante deux 18 trente trois 40, ecris moi",
        "text me its easier: +33 7 81 22 56 09",
        "jhabite au 24 rue de la paix a Tours, 3e gauche",
        "mon mail c'est lea.durand2009@gmail.com",
    ],
)
def test_contact_details_the_filter_masks_flag_the_conversation(text: str) -> None:
    # A minor, or an account days old, giving a way to reach them outside:
    # the guide's risky personal-data conversation, even with nothing else.
    teen = _data_conversation(
        Participant("a", declared_age=15, account_age_days=200),
        Participant("b", declared_age=16, account_age_days=2),
        text,
    )
    fresh_adult = _data_conversation(
        Participant("a", declared_age=33, account_age_days=0.5),
        Participant("b", declared_age=29, account_age_days=400),
        text,
    )
    assert teen in ("medium", "high")
    assert fresh_adult in ("medium", "high")


@pytest.mark.parametrize(
    "text",
    [
        "moi c zero six cinquante deux 18 trente trois 40, ecris moi",
        "text me its easier: +33 7 81 22 56 09",
        "mon mail c'est lea.durand2009@gmail.com",
    ],
)
def test_contact_details_between_established_adults_stay_unflagged(text: str) -> None:
    # The guide allows them between adults whose accounts are not new. (An
    # address with floor and door is flagged even there: see docs/safety.md.)
    established = _data_conversation(
        Participant("a", declared_age=33, account_age_days=400),
        Participant("b", declared_age=29, account_age_days=400),
        text,
    )
    assert established in ("none", "low")


# Session 7, issue 12 (precision): someone quoting a threat or an insult they
# received, witnessed or read about, and a question about hate codes, were
# flagged on the quoted words alone. The frames "report", "victim", "story"
# and "discussion" now know these phrasings; each look-alike has a risky twin
# with the same words and no frame, or the frame opened by someone else.
_ADULTS = (
    Participant("a", declared_age=38, account_age_days=800),
    Participant("b", declared_age=41, account_age_days=600),
)


def _level(messages: list[tuple[str, str]]) -> str:
    """The rules' level: frames are the hand scorer's business (the learned
    gate on top is tested in test_safety_gate.py; it may keep a lone
    hateful message at low, eval/README.md session 9)."""
    state = SCORER.start(list(_ADULTS))
    for sender, text in messages:
        state, _ = SCORER.add_message(state, sender, text)
    enabled, gate.ENABLED = gate.ENABLED, False
    try:
        return SCORER.assess(state).level
    finally:
        gate.ENABLED = enabled


@pytest.mark.parametrize(
    ("look_alike", "twin"),
    [
        # A threat quoted by the person who received or witnessed it.
        (
            [("a", "mon ex m a envoyé 'je vais te tuer', je l ai capturé"),
             ("b", "garde tout et va au commissariat")],
            [("a", "je vais te tuer"), ("b", "quoi ??")],
        ),
        (
            [("a", "jsuis temoin, un mec a ecrit a une fille 'je vais te tuer'"),
             ("b", "ok merci")],
            [("a", "je vais te tuer, t'es prévenue"), ("b", "ok...")],
        ),
        # An insult received, told to a friend.
        (
            [("a", "un mec vient de m ecrire 'sale chienne' en mp"),
             ("b", "courage, signale le")],
            [("a", "sale chienne"), ("b", "pardon ?")],
        ),
        # A question about hate codes.
        (
            [("a", "what do 1488 and the brackets in usernames mean?"),
             ("a", "saw them, are they dog whistles?")],
            [("a", "1488 heil hitler"), ("b", "??")],
        ),
    ],
)  # fmt: skip
def test_quoted_threats_and_insults_are_framed(
    look_alike: list[tuple[str, str]], twin: list[tuple[str, str]]
) -> None:
    assert _level(twin) in ("medium", "high")
    assert _level(look_alike) in ("none", "low")


def test_a_report_frame_opened_by_the_target_does_not_excuse_the_sender() -> None:
    # "report" and "victim" are the sender's own frames: the person threatened
    # saying "je vais porter plainte" must not make the threat innocent.
    messages = [("a", "je vais te tuer"), ("b", "je l ai capturé, je vais porter plainte")]
    assert _level(messages) in ("medium", "high")


# A public room: three senders, a fourth who speaks late, a stated age, a
# frame opened midway, repeats; signals from several of them.
_ROOM = [
    ("a", "salut tu as quel age ?"),
    ("b", "j'ai 14 ans"),
    ("c", "ajoute moi sur snap: lea_2009"),
    ("a", "t'es trop mature pour ton age, ne dis rien a tes parents"),
    ("b", "ok"),
    ("a", "on se voit samedi ? viens seule"),
    ("c", "je vais te tuer au prochain match mdr"),
    ("d", "moi j'ai 35 ans"),
    ("b", "on joue a quel jeu ce soir, la partie de fortnite ?"),
    ("a", "je vais te tuer au prochain round"),
    ("c", "appelle moi au 06 12 34 56 78"),
    ("a", "viens seule"),
    ("d", "ok"),
    ("e", "je vais te tuer"),
    ("a", "je vais te buter"),
    ("c", "dans le film le tueur dit je vais te tuer"),  # a frame for everyone's threats
    ("a", "je vais te tuer"),
    ("e", "moi j'ai 15 ans"),  # d (35) now talks to a minor
    ("d", "tu habites ou ? viens seule ce soir"),
]


def test_cached_sender_scores_match_a_fresh_assessment() -> None:
    # ``assess`` reuses the other senders' scores across messages; assessed
    # from an empty cache at every step, the answer must be the same.
    scorer = ConversationScorer()
    state = scorer.start([Participant("a", 30, 1.0), Participant("b", None, 40.0)], "public")
    changes = []
    reused = 0
    for sender, text in _ROOM:
        before = dict(state.sender_scores)
        state, _ = scorer.add_message(state, sender, text)
        reused += len(state.sender_scores)
        assert set(state.sender_scores) <= set(before) - {sender}
        cached = scorer.assess(state)
        fresh = scorer.assess(replace(state, sender_scores={}))
        assert cached == fresh
        changes.append(fresh.risk)
    assert reused > 0  # the cache did serve
    assert len(set(changes)) > 4  # and the risk moved


def test_a_new_sender_refreshes_the_cached_scores() -> None:
    # Two settled teen peers: their moves weigh less (PEER_GROOMING_FACTOR);
    # someone of unknown age who joins and speaks ends that, for the scores
    # already cached too.
    scorer = ConversationScorer()
    state = scorer.start([Participant("a", 15, 60.0), Participant("b", 15, 60.0)], "public")
    risks = []
    for sender, text in [
        ("a", "viens seul chez moi ce soir"),
        ("b", "ok"),
        ("c", "t'as quel age ?"),
    ]:
        state, _ = scorer.add_message(state, sender, text)
        cached = scorer.assess(state)
        assert cached == scorer.assess(replace(state, sender_scores={}))
        risks.append(cached.risk)
    assert risks[0] == risks[1] < risks[2]
