"""Two classes the lead closed after session 10's builders landed: a partner
asleep with an open call to whoever wants to come (recruitment, not only
"ma femme dort, viens"), and a demand relayed to the reader ("il m'a dit de
te dire : paie…"), which no victim's story excuses. Wordings are the
tests' own; the hard negatives next to them must stay allowed."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import SenderContext, default_filter, scan

ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=90, is_private=True)
ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90, is_private=False)


@pytest.mark.parametrize(
    "text",
    [
        "ma femme dort, qui veut venir ce soir ?",
        "ma meuf dort deja ki vient",
        "comme dans l'affaire Mazan, ma femme dort, qui veut venir ce soir ?",
        "my wife is sleeping, who wants to come over",
        "wife's asleep, who's down tonight?",
    ],
)
def test_partner_asleep_and_an_open_call_is_recruitment(text: str) -> None:
    for ctx in (ADULT_DM, ADULT_PUBLIC):
        verdict = default_filter().check(text, ctx)
        assert verdict.decision == "hold", (text, verdict)
        assert "recruitment" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "ma femme dort déjà, qui veut venir jouer à fifa en ligne ?",
        "mon mari dort, qui est dispo pour parler un peu ?",
        "hubby's asleep, who's up for a chat?",
        "ma femme dort, qui est chaud pour un call ce soir ?",
        # a witness telling what someone else proposed, about his own wife
        "un mec m'a proposé en mp de venir pendant que sa femme dort, j'ai fait des captures",
    ],
)
def test_partner_asleep_with_an_ordinary_plan_is_allowed(text: str) -> None:
    assert default_filter().check(text, ADULT_DM).decision == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "il m'a dit de te dire : paie ou il envoie tes photos, aide moi",
        "he told me to tell u: pay or ur pics go out. pls help",
    ],
)
def test_a_demand_relayed_to_the_reader_is_no_victims_story(text: str) -> None:
    assert scan(text).victim_excuses() == frozenset()


def test_a_victim_telling_her_story_is_still_excused() -> None:
    told = scan("un mec m'a dit qu'il allait envoyer mes photos si je payais pas, j'ai peur")
    assert "sextortion" in told.victim_excuses()


# A recruiter who opens a story himself (a documentary, a trial) and then
# recruits in his own voice: his frame must not excuse his crime (review 11
# found session 10's "own frame" excuse let such a conversation stay low; it
# was reverted).
PLANTED = [
    [
        ("a", "t'as vu le reportage sur le procès d'Avignon ?"),
        ("b", "oui vite fait"),
        ("a", "bon. ce soir ma copine sera endormie, elle se souviendra de rien"),
        ("a", "gare toi plus loin, pas de parfum, tu pars avant l'aube"),
    ],
    [
        ("a", "did u watch that doc about the trial, the wife drugged by her husband"),
        ("b", "yeah grim"),
        ("a", "anyway. my wife will be out cold tonight, she won't remember a thing"),
        ("a", "park down the street, no cologne, leave before 5"),
    ],
]


@pytest.mark.parametrize("messages", PLANTED)
def test_a_story_the_recruiter_opens_does_not_excuse_his_recruitment(
    messages: list[tuple[str, str]],
) -> None:
    from causerie.safety.scorer import ConversationScorer, Participant, crimes_of

    scorer = ConversationScorer()
    state = scorer.start([Participant("a", 47, 200.0), Participant("b", 34, 120.0)])
    for who, text in messages:
        state, _ = scorer.add_message(state, who, text)
    found = scorer.assess(state)
    assert found.level in ("medium", "high"), found
    assert "recruitment" in crimes_of(found)


@pytest.mark.parametrize(
    "text",
    [
        "j'aime bien les ptites jeunes de 6eme, si tu vois ce que je veux dire",
        "j'adore les filles de 5eme si tu vois ce que je veux dire 😏",
        "i like 7th graders if you know what i mean",
    ],
)
def test_a_liking_for_a_childs_school_year_said_with_innuendo_is_refused(text: str) -> None:
    verdict = default_filter().check(text, ADULT_DM)
    assert verdict.decision == "block" and "minor_sexualisation" in verdict.reasons, verdict


@pytest.mark.parametrize(
    "text",
    [
        "la prof de 6eme est sympa, si tu vois ce que je veux dire",
    ],
)
def test_innuendo_without_a_liking_is_no_desire(text: str) -> None:
    assert default_filter().check(text, ADULT_DM).decision == "allow", text


DAUGHTER_INNUENDO = "ma fille entre en 6eme, si tu vois ce que je veux dire elle stresse"


@pytest.mark.usefixtures("rules_only")
def test_a_parents_innuendo_is_no_desire_to_the_rules() -> None:
    """The rules read no desire in it. The session-13 model reads a
    recruitment at 0.96 against the adult cut of 0.959 (a daughter and an
    innuendo in one message) and holds it for a moderator: a known
    over-hold (eval/README.md session 13), never a refusal."""
    assert default_filter().check(DAUGHTER_INNUENDO, ADULT_DM).decision == "allow"


def test_a_parents_innuendo_is_never_refused() -> None:
    verdict = default_filter().check(DAUGHTER_INNUENDO, ADULT_DM)
    assert verdict.decision in ("allow", "hold"), verdict
