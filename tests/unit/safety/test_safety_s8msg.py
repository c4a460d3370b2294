"""Single-message false refusals and hold/block classes of session 8
(issue 12, helper s8msg).

"crevé(e)" (exhausted) canonically reads "creve", the injunction "crève !"
that refuses a message as harassment: refused in two training authors'
hard negatives (a carer, a bartender, a witness). The plain sense is
allowed; the injunction stays refused."""

from __future__ import annotations

import pytest

from causerie.safety import model as learned
from causerie.safety.checks.intent import read_intent
from causerie.safety.pipeline import MessageFilter, SenderContext, default_filter, scan

TEEN_PUBLIC = SenderContext("teen", trust_level=1, account_age_days=10, is_private=False)
ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=400, is_private=True)
ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90, is_private=False)
CONTEXTS = [TEEN_PUBLIC, ADULT_DM, ADULT_PUBLIC]


@pytest.fixture(scope="module")
def rules() -> MessageFilter:
    return default_filter()


@pytest.fixture(autouse=True)
def _rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # These are the rules' readings; the model's are measured in eval/.
    monkeypatch.setattr(learned, "ENABLED", False)


# Unseen variants (none of these sentences is in the corpus).
EXHAUSTED = [
    "chui crevé ce soir, je passe mon tour",
    "on était tellement crevés après la rando qu'on a dormi 12h",
    "je rentre du boulot, complètement crevée",
    "t'es crevé ou on sort quand même ?",
    "il est crevé le petit, il s'est endormi dans la voiture",
    "je crève de chaud dans ce bureau",
    "j'ai un pneu crevé sur l'autoroute, j'arrive en retard",
    "vous êtes crevés ? on peut décaler à demain",
    # Exhausted by something, without a subject (review 16, session 13).
    "crevée de ma semaine, je crois que je vais juste commander des sushis et dormir",
    "crevé de ma journée, je file au lit",
    "crevée après le taf, on remet à demain ?",
    "creve du boulot ce soir dsl",
]


@pytest.mark.parametrize("text", EXHAUSTED)
def test_exhausted_is_not_an_injunction_to_die(rules: MessageFilter, text: str) -> None:
    assert "harassment" not in read_intent(scan(text)).categories
    for ctx in CONTEXTS:
        assert rules.check(text, ctx).decision == "allow", ctx


INJUNCTIONS = [
    "crève",
    "va crever sale bouffon",
    "t'es moche, crève",
    "crève sale pute",
    "t'es crevé ? ben crève alors",
    "personne t'aime, crève en silence",
    "tout le monde mettez lui des msg 'crève'",
    "crève de ta maladie sale chien",
    "crève de faim sale clodo",
]


@pytest.mark.parametrize("text", INJUNCTIONS)
def test_the_injunction_stays_refused(rules: MessageFilter, text: str) -> None:
    assert "harassment" in read_intent(scan(text)).categories
    assert rules.check(text, TEEN_PUBLIC).decision == "block"


# A slur someone was called, reported by the one called or a witness
# (j-counsellor, m-tsuk, s-cpe, z-lycee): unseen variants.
REPORTED_SLURS = [
    "un gars m'a traité de sale arabe à la récré, j'ai dit à la CPE",
    "ils l'ont traitée de sale noire dans le bus, personne a rien dit",
    "some guy called me a f*ggot in voice chat, how do i report him?",
    "this kid keeps calling me a p*ki at school and the teachers do nothing",
    "someone called my brother a n1gger in the lobby, screenshotted it",
]


@pytest.mark.parametrize("text", REPORTED_SLURS)
def test_a_slur_someone_was_called_is_reported_not_aimed(rules: MessageFilter, text: str) -> None:
    assert "hate" not in read_intent(scan(text)).categories
    for ctx in CONTEXTS:
        assert rules.check(text, ctx).decision == "allow", ctx


AIMED_SLURS = [
    "sale arabe",
    "tu m'as traité de menteur ? t'es qu'un sale arabe",
    "called me a f*ggot? ur the f*ggot",
    "called me a f*ggot, fucking f*ggot",
    # The reported slur does not excuse the sender's own hate.
    "il m'a traité de sale arabe, les arabes devraient disparaître",
]


@pytest.mark.parametrize("text", AIMED_SLURS)
def test_a_slur_aimed_by_the_sender_stays_refused(rules: MessageFilter, text: str) -> None:
    assert rules.check(text, TEEN_PUBLIC).decision == "block"


# An incitement to suicide aimed at someone else, reported by a witness who
# asks for help (i-enqueteuse, u-ecoute, x-temoins): unseen variants.
REPORTED_INCITEMENTS = [
    "a girl in my year keeps telling my bestie to kys on her posts, how can we get her banned",
    "people told my sister to go die in the comments, what should i do?",
    "someone wrote kys to my friend under her video, i reported it",
]


@pytest.mark.parametrize("text", REPORTED_INCITEMENTS)
def test_a_reported_incitement_with_a_help_request_is_allowed(
    rules: MessageFilter, text: str
) -> None:
    assert "harassment" not in read_intent(scan(text)).categories
    assert rules.check(text, TEEN_PUBLIC).decision == "allow"


INCITEMENTS = [
    "tell her to kys",
    "someone told my friend to kys lol",  # no help asked: still refused
    "everyone tell her to kys, what do we do with her",
    "kys",
]


@pytest.mark.parametrize("text", INCITEMENTS)
def test_an_incitement_stays_refused(rules: MessageFilter, text: str) -> None:
    assert rules.check(text, TEEN_PUBLIC).decision == "block"


# Asking moderators to act on a hate code, telling others to report it, or
# learning it to spot it (j-counsellor, m-tsuk, s-cpe, u-ecoute, x-temoins):
# unseen variants.
HATE_CODE_TALK = [
    "mods need to ban the 1488 usernames, it's a nazi code",
    "psa the triple brackets thing is antisemitic, if u see it in bios report",
    "je me renseigne sur le code 14/88 pour le repérer dans les pseudos",
    "les modos devraient bannir les pseudos avec 88, c'est un code nazi",
]


@pytest.mark.parametrize("text", HATE_CODE_TALK)
def test_talk_about_a_hate_code_is_allowed(rules: MessageFilter, text: str) -> None:
    assert "hate" not in read_intent(scan(text)).categories
    for ctx in CONTEXTS:
        assert rules.check(text, ctx).decision == "allow", ctx


HATE_CODE_USED = [
    "1488 brothers, mods should ban the jews",
    "the triple brackets are for (((them))), the rats",
    "mods should ban all the n1ggers from this room",
]


@pytest.mark.parametrize("text", HATE_CODE_USED)
def test_a_hate_code_used_stays_refused(rules: MessageFilter, text: str) -> None:
    assert rules.check(text, TEEN_PUBLIC).decision == "block"


# A skill judged ("trash at <game>") and "raté" as a verb (missed) are not
# insults (h-gamemod, m-tsuk, s-cpe): unseen variants.
SKILL_TALK = [
    "ur so trash at fortnite lmao, 2 kills in 10 games",
    "honestly im garbage at ranked, carry me",
    "t'as encore raté le penalty mdr, on rejoue ?",
    "j'ai raté mon bus, j'arrive dans 20 min",
    "il a raté son permis, il est dég",
]


@pytest.mark.parametrize("text", SKILL_TALK)
def test_a_skill_judged_or_a_miss_is_not_an_insult(rules: MessageFilter, text: str) -> None:
    assert "harassment" not in read_intent(scan(text)).categories
    for ctx in CONTEXTS:
        assert rules.check(text, ctx).decision == "allow", ctx


INSULTS = [
    "t'es qu'un raté",
    "t'as raté ta vie, sale raté",
    "ur trash at valo, worthless piece of shit",
    "ur trash",
    "you're trash at everything, kys",
]


@pytest.mark.parametrize("text", INSULTS)
def test_an_insult_beside_stays_refused(rules: MessageFilter, text: str) -> None:
    assert rules.check(text, TEEN_PUBLIC).decision == "block"
