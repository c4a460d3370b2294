"""Look-alike letters read by their looks, not their sound (review 9): the
UTS #39 prototype wins over anyascii's transliteration for a non-Latin
letter ("ӏ" palochka is "l", not "h"; Greek "σ" is "o", Cyrillic "г" "r")."""

from __future__ import annotations

import pytest

from causerie.safety.normalise import fold_char, normalise
from causerie.safety.pipeline import MessageFilter
from causerie.safety.verdict import SenderContext

TEEN = SenderContext("teen", trust_level=1, account_age_days=30)


@pytest.mark.parametrize(
    ("char", "latin"),
    [("ӏ", "l"), ("Ӏ", "l"), ("σ", "o"), ("г", "r"), ("ϲ", "c"), ("ү", "y"), ("ѡ", "w")],
)
def test_a_look_alike_folds_to_the_letter_it_imitates(char: str, latin: str) -> None:
    assert fold_char(char) == latin


@pytest.mark.parametrize("char", ["Ｉ", "𝐈", "Ι", "І"])
def test_capital_i_look_alikes_stay_i(char: str) -> None:
    # The message reader takes "I" as "i"; only the pseudonym key folds i to l.
    assert fold_char(char) == "i"


@pytest.mark.parametrize(
    "text",
    [
        "you're a fucking sӏut",
        "t'es qu'une ѕӏυt",
        "sale ѕӏut va",
        "ur such a sӏυt lmao",
    ],
)
def test_palochka_insults_are_read(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN).decision == "block"


@pytest.mark.parametrize("text", ["привет, как дела?", "καλημέρα σε όλους", "salut ça va"])
def test_plain_foreign_and_french_greetings_stay_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN).decision == "allow"


def test_the_palochka_reads_as_the_latin_word() -> None:
    assert normalise("slut").text == normalise("sӏut").text
