"""Session 20: a member's handle or pseudonym inside a message is a name,
not words. CI once held "user4453x1 regarde ça, @user4453x1 réponds": the
digits of the pseudonym, read as leetspeak, spelled "userasexi", and the
model's n-grams of a year or a counter leaned to harassment. Three parts:

1. the normaliser reads a word with a run of three digits as written
   (unless, read as letters, it spells a listed word);
2. the learned layer reads every such word as one mark, ``HANDLE``;
3. "1488" is a code on its own, not inside a longer number ("user14882").
"""

from __future__ import annotations

import itertools

import pytest
from tests.support.safety import ADULT_PUBLIC, TEEN_PUBLIC, rules_verdict

from causerie.safety.model import HANDLE, handles_marked, shipped_model
from causerie.safety.normalise import canonical
from causerie.safety.pipeline import SenderContext, default_filter


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("user4453x1 regarde", "user4453x1 regarde"),
        ("@user4453x1 réponds", "user4453x1 reponds"),
        ("lea2009b est là", "lea2009b est la"),
        ("user11770x505", "user11770x505"),
    ],
)
def test_a_word_with_a_number_in_it_is_read_as_written(text: str, reading: str) -> None:
    assert canonical(text) == f" {reading} "


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("s3x3", "sexe"),
        ("p0rn", "porn"),
        ("b1tch", "bitch"),
        ("jul13n", "julien"),
    ],
)
def test_leetspeak_with_single_digits_is_still_decoded(text: str, reading: str) -> None:
    assert canonical(text) == f" {reading} "


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("snap lea_2005", f"snap {HANDLE}"),
        ("gg @user4453x1", f"g {HANDLE}"),  # "gg": doubled letters fold
        ("k1ll3r666 lol", f"{HANDLE} lol"),
    ],
)
def test_the_model_reads_a_handle_as_one_mark(text: str, marked: str) -> None:
    assert handles_marked(canonical(text)) == f" {marked} "


@pytest.mark.parametrize(
    "text",
    [
        "j'ai 14ans",  # an age with its unit: one letter group, kept
        "rdv à 23h30",
        "appelle le 0612345678",  # a phone number: digits only
        "née en 2009",
        "on est 150 dans le serveur",
    ],
)
def test_ages_times_and_numbers_are_not_handles(text: str) -> None:
    assert HANDLE not in handles_marked(canonical(text))


def _pseudonyms() -> list[str]:
    counters = [f"user{n}x{m}" for n, m in itertools.product(range(4000, 4600, 7), (1, 349, 950))]
    years = [f"{name}_{year}" for name in ("lea", "max", "ines") for year in range(1990, 2012)]
    return counters + years


GREETINGS = (
    "{p} regarde ça, @{p} réponds",
    "@{p} t'es où ?",
    "gg @{p} bien joué",
    "merci {p} 😊",
    "hey @{p} how r u",
)


@pytest.mark.parametrize("ctx", [ADULT_PUBLIC, TEEN_PUBLIC, SenderContext("teen", 0, 0.5, False)])
def test_a_pseudonym_with_digits_does_not_make_a_greeting_suspect(ctx: SenderContext) -> None:
    check = default_filter().check
    refused = [
        text
        for p in _pseudonyms()
        for text in (greeting.format(p=p) for greeting in GREETINGS)
        if check(text, ctx).decision != "allow"
    ]
    assert refused == []


def test_the_shipped_model_was_trained_reading_handles_as_one_mark() -> None:
    assert shipped_model().settings.get("handles") is True


@pytest.mark.parametrize("text", ["user14882x934 salut", "réf 148812 commande", "14880 abonnés"])
def test_a_longer_number_holding_1488_is_no_hate_code(text: str) -> None:
    assert rules_verdict(text, ADULT_PUBLIC)[0] == "allow"


@pytest.mark.parametrize("text", ["1488 les frères", "14/88", "fier et 1488 !"])
def test_the_code_alone_is_still_read(text: str) -> None:
    assert rules_verdict(text, ADULT_PUBLIC) == ("block", ["hate"])
