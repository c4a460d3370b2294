from __future__ import annotations

import pytest

from causerie.safety.normalise import normalise
from causerie.safety.numbers import digit_view


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("SALOPE", " salope "),  # case
        ("pédé", " pede "),  # accents
        ("s3x3", " sexe "),  # leetspeak digits
        ("s@lope", " salope "),  # leetspeak symbols
        ("p.u.t.e", " pute "),  # punctuation inside a word
        ("p-u_t*e", " pute "),
        ("s e x e", " sexe "),  # spacing inside a word
        ("saloooooope", " salope "),  # repeated letters
        ("ѕаlоре", " salope "),  # Cyrillic look-alikes
        ("ｓａｌｏｐｅ", " salope "),  # full-width
        ("s\u200bal\u200dope", " salope "),  # zero-width characters
        ("t'es mort", " t es mort "),  # apostrophe splits
    ],
)
def test_evasions_reach_one_canonical_form(text: str, canonical: str) -> None:
    assert normalise(text).text == canonical


def test_numbers_with_units_are_not_leetspeak() -> None:
    assert normalise("j'ai 14ans, rdv 23h").text == " j ai 14ans rdv 23h "


def test_elided_letters_are_not_joined() -> None:
    # "l'a t'a" are real one-letter words, not a spelled-out word.
    assert normalise("l'a t'a m'a").text == " l a t a m a "


def test_original_span_points_back_to_the_source() -> None:
    n = normalise("hey S.A.L.O.P.E!!")
    start = n.text.index("salope")
    assert n.excerpt(start, start + len("salope")) == "S.A.L.O.P.E"


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("zéro six douze trente-quatre cinquante-six soixante-dix-huit", "0 6 12 34 56 78"),
        ("quatre-vingt-dix-neuf, soixante et onze", "99 71"),
        ("oh seven double one", "0 7 11"),
        ("twenty three forty five", "23 45"),
        ("O6 l2 34 S6 78", "06 12 34 56 78"),
    ],
)
def test_numbers_written_as_words_become_digits(text: str, digits: str) -> None:
    assert digit_view(text).text == digits


def test_a_lone_number_word_stays_a_word() -> None:
    assert digit_view("j'ai un chat").text == "j'ai un chat"
