"""Session 10 (s10split), class 1: letters disguised inside a word. A "1",
a "!" or a capital I may stand for an l as much as an i ("s1ut", "sIut",
"b!tch"), a trailing "@" for an a ("n1gg@"), a slur spelled as two lone
letters after a word that aims it ("sale p d"); numbers keep their meaning
("5s1", "14h30") and ordinary words with the same characters stay allowed."""

from __future__ import annotations

import pytest

from causerie.safety.normalise import canonical
from causerie.safety.pipeline import MessageFilter, SenderContext

TEEN = SenderContext("teen", trust_level=2, account_age_days=60)
ADULT = SenderContext("adult", trust_level=2, account_age_days=60)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("t'es qu'une s1ut", "slut"),
        ("you s1ut", "slut"),
        ("ur such a sIut lol", "slut"),
        ("you're a sIag", "slag"),
        ("shut up s!ut", "slut"),
        ("t'es une saIope", "salope"),
        ("sale n1gg@", "niga"),
        ("t'es qu'une s|ut", "slut"),
        ("sale p d", "pd"),
        ("espece de p d va", "pd"),
    ],
)
def test_an_ambiguous_letter_reads_as_the_insult_it_spells(text: str, word: str) -> None:
    assert f" {word} " in canonical(text)


@pytest.mark.parametrize(
    "text",
    [
        "t'es qu'une s1ut",
        "you're a sIut",
        "dirty wh0r3",
        "t'es une p.u.t.e",
        "shut up b!tch",
        "ta gueule saIope",
        "sale p d",
        "sale n1gg@",
        "you're such a sIag",
    ],
)
def test_disguised_insults_are_not_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, ADULT).decision in ("block", "hold")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("on a gagné 5s1", " 5s1 "),
        ("rdv 14h30", " 14h30 "),
        ("j'ai 15 ans", " 15 "),
        ("3v3 ce soir ?", " 3v3 "),
        ("j'ai 1m75", " 1m75 "),
    ],
)
def test_numbers_keep_their_meaning(text: str, kept: str) -> None:
    assert kept in canonical(text)


@pytest.mark.parametrize(
    "text",
    [
        "Il est là",
        "Ilan arrive",
        "my iPhone is dead",
        "McIntosh est venu",
        "on a gagné 5s1 trop bien",
        "j'ai p d'idée",  # two letters, nothing aims them
        "la réponse c'est a b ou c d ?",
        "I 2 go",
        "c1ao a demain",
        "l33t sp34k lol",
        "mon mail c lea@",
        "wow!!! trop bien!",
        "Bill et Ian",
    ],
)
def test_ordinary_words_stay_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, ADULT).decision == "allow"
    assert flt.check(text, TEEN).decision in ("allow", "mask")
