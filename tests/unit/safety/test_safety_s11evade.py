"""Evasion spellings as a class (session 11, helper s11evade): every way of
disguising a word (letters spaced by one or more blanks or another
separator, a mask in place of a letter, currency and symbol letters
anywhere in the word, repeated letters, look-alikes from other scripts,
zero-width characters, emoji standing for a letter) applied to the words
of every lexicon class (insults, slurs, threats, self-harm incitement,
messaging apps, minor sexualisation, sexual content), in French and
English. A disguised word must get the decision of its plain spelling;
ordinary text that shares the characters (initials, prices, math,
markdown, hashtags, a victim quoting a censored insult) must be read as
it is."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from causerie.safety.names import check_name
from causerie.safety.normalise import canonical
from causerie.safety.pipeline import MessageFilter, SenderContext

TEEN_PUBLIC = SenderContext("teen", trust_level=2, account_age_days=90, is_private=False)
ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=90, is_private=True)
CONTEXTS = [TEEN_PUBLIC, ADULT_DM]
HELD = ("hold", "block")

_CYRILLIC = str.maketrans("aeopcxyi", "аеорсхуі")
_LEET = {"e": "€", "a": "@", "s": "$", "i": "!", "o": "0"}


def _leet_one(word: str) -> str:
    """One letter after the first replaced by its leet symbol."""
    for letter, symbol in _LEET.items():
        at = word.find(letter, 1)
        if at > 0:
            return word[:at] + symbol + word[at + 1 :]
    return word


# Each evasion, written as a function of the plain word. None of them is
# tied to one word: the same function is applied to every class below.
EVASIONS: dict[str, Callable[[str], str]] = {
    "one_blank": " ".join,
    "two_blanks": "  ".join,
    "three_blanks": "   ".join,
    "tab": "\t".join,
    "newline": "\n".join,
    "spaced_dots": " . ".join,
    "hyphens": "-".join,
    "slashes": "/".join,
    "pipes": "|".join,
    "dollars": "$".join,
    "mask_second": lambda w: w[0] + "*" + w[2:],
    "mask_before_last": lambda w: w[:-2] + "*" + w[-1],
    "hash_mask": lambda w: w[0] + "#" + w[2:],
    "zero_width": "\u200b".join,
    "soft_hyphen": "\u00ad".join,
    "word_joiner": "\u2060".join,
    "cyrillic": lambda w: w[0] + w[1:].translate(_CYRILLIC),
    "repeated": lambda w: w[:2] + w[1] * 4 + w[2:],
    "leet": _leet_one,
    "capitals": str.upper,
}

# (template, plain word): one message of each class, the word disguised.
CLASS_WORDS = [
    ("t'es qu'une {}", "pute"),
    ("sale {}", "salope"),
    ("t'es un {}", "connard"),
    ("you {}", "whore"),
    ("sale {}", "bougnoule"),
    ("sale {}", "negre"),
    ("you {}", "faggot"),
    ("je vais te {}", "tuer"),
    ("je vais te {}", "violer"),
    ("i will {} you", "kill"),
    ("va te {}", "pendre"),
    ("{} yourself", "kill"),
    ("va te {} sous un train", "jeter"),
    ("add me on {}", "telegram"),
    ("viens sur {}", "whatsapp"),
    ("ajoute moi sur {}", "insta"),
    ("je cherche une {} de 12 ans", "gamine"),
    ("envoie des {}", "nudes"),
]


@pytest.mark.parametrize("evasion", sorted(EVASIONS))
@pytest.mark.parametrize(("template", "word"), CLASS_WORDS)
def test_a_disguised_word_gets_the_decision_of_its_plain_spelling(
    flt: MessageFilter, template: str, word: str, evasion: str
) -> None:
    plain = template.format(word)
    disguised = template.format(EVASIONS[evasion](word))
    for ctx in CONTEXTS:
        expected = flt.check(plain, ctx).decision
        assert flt.check(disguised, ctx).decision == expected, (disguised, ctx)
    # the class is one the filter acts on in some context
    assert any(flt.check(plain, ctx).decision != "allow" for ctx in CONTEXTS), plain


@pytest.mark.parametrize("evasion", sorted(set(EVASIONS) - {"mask_second", "hash_mask"}))
def test_an_app_name_disguised_is_still_an_app(flt: MessageFilter, evasion: str) -> None:
    text = "ajoute moi sur " + EVASIONS[evasion]("snap")
    assert "off_platform" in flt.check(text, TEEN_PUBLIC).reasons, text


def test_a_mask_that_fits_two_listed_words_is_left_unread() -> None:
    # "s*ap" is "snap" or "swap": a mask is read only when one word fits.
    assert " snap " not in canonical("ajoute moi sur s*ap")
    assert " swap " not in canonical("ajoute moi sur s*ap")


# Several words spelled letter by letter: a wider gap (two blanks where the
# letters have one, a blank where they have a slash) ends a word.
@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("t u e  t o i", "tue toi"),
        ("p e n d s  t o i", "pends toi"),
        ("k i l l  y o u r s e l f", "kil yourself"),
        ("k i l l   u r s e l f", "kil urself"),
        ("n i q u e  t a  m e r e", "nique ta mere"),
        ("t/u/e t/o/i", "tue toi"),
        ("v.a  t.e  p.e.n.d.r.e", "va te pendre"),
        ("g o  d i e", "go die"),
    ],
)
def test_words_spelled_letter_by_letter_keep_their_breaks(text: str, reading: str) -> None:
    assert f" {reading} " in canonical(text)


@pytest.mark.parametrize(
    "text",
    [
        "t u e  t o i",
        "p e n d s  t o i",
        "k i l l  y o u r s e l f",
        "t/u/e t/o/i",
        "g o  d i e",
        "v a  t e  p e n d r e",
    ],
)
def test_self_harm_incitement_spelled_out_is_stopped(flt: MessageFilter, text: str) -> None:
    for ctx in CONTEXTS:
        assert flt.check(text, ctx).decision in HELD, (text, ctx)


# Symbols for letters anywhere in the word: the last letter too ("n€gr€"),
# the leading one ("$alope"), a symbol between every letter ("s|a|l|o|p|e").
@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("sale n€gr€", "negre"),
        ("sale p€d€", "pede"),
        ("nique ta m€r€", "mere"),
        ("€ncul€", "encule"),
        ("v@ te j€t€r d'un pont", "jeter"),
        ("v@ te j€t€r d'un pont", "va"),
        ("the jew$ run everything", "jews"),
        ("s|a|l|o|p|e", "salope"),
        ("p$u$t$e", "pute"),
        ("w|h|o|r|e", "whore"),
        ("ki11 yourself", "kil"),
        ("je vais te b*ter", "buter"),
        ("je vais te t*er", "tuer"),
        ("k*ll urself", "kil"),
        ("f#ck you", "fuck"),
        ("les p*d*s", "pedes"),
        ("envoie des n*des", "nudes"),
        ("t'es un p*do", "pedo"),
        ("sale sal⭕pe", "salope"),
        ("sale pu†e", "pute"),
        ("add me on ins†a", "insta"),
        ("you wh⭕re", "whore"),
        ("n i g g e r", "niger"),
    ],
)
def test_symbols_and_masks_anywhere_in_a_word_are_read(text: str, word: str) -> None:
    assert f" {word} " in canonical(text)


@pytest.mark.parametrize(
    "text",
    [
        "sale n€gr€",
        "sale p€d€",
        "nique ta m€r€",
        "s|a|l|o|p|e",
        "ki11 yourself",
        "je vais te t*er",
        "k*ll urself",
        "les p*d*s dehors",
        "sale pu†e",
        "n i g g e r",
        "n1qu3 t@ m€r€",
    ],
)
def test_symbols_and_masks_anywhere_in_a_word_are_stopped(flt: MessageFilter, text: str) -> None:
    for ctx in CONTEXTS:
        assert flt.check(text, ctx).decision in HELD, (text, ctx)


def test_masked_and_plain_spellings_of_a_minor_word_are_refused_alike(
    flt: MessageFilter,
) -> None:
    for ctx in CONTEXTS:
        plain = flt.check("t'es un pedo", ctx)
        masked = flt.check("t'es un p*do", ctx)
        assert masked.decision == plain.decision != "allow", ctx


# Hard negatives: the same characters in ordinary text.
@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("J. K. Rowling", "j k rowling"),
        ("ça coûte 10 €", "ca coute 10"),
        ("ça coûte 10€", "ca coute 10"),
        ("c'est 3€50", "c est 350"),
        ("20$ le billet", "20 le bilet"),  # repeated letters always collapse
        ("2*3 = 6", "23 6"),
        ("**important** demain", "important demain"),
        ("*soupir* ok", "soupir ok"),
        ("mot#de#passe", "mot de pase"),
        ("#metoo c'est important", "meto c est important"),
        ("j'adore le C# et le F#", "j adore le c et le f"),
        ("lol! merci!!", "lol merci"),
        ("wesh$ ça va", "wesh ca va"),
        ("❌ pas de mecs", "pas de mecs"),
        ("je t'aime ❤️", "je t aime"),
        ("le score 3v3", "le score 3v3"),
        ("rdv à 4am", "rdv a 4am"),
        ("mon pseudo c'est marie92", "mon pseudo c est marie92"),
        ("qq1 a une idée ?", "qi a une ide"),
        ("la S.N.C.F. a du retard", "la sncf a du retard"),
        ("il a dit f*** ça", "il a dit f ca"),
        ("pends-toi", "pends toi"),
        ("envoie-moi la photo du chat", "envoie moi la photo du chat"),
        ("c'est vraiment la m€rde", "c est vraiment la merde"),
        ("Zo€ et Chlo€ arrivent", "zo et chlo arivent"),  # no listed word: the € is dropped
    ],
)
def test_ordinary_text_with_the_same_characters_is_read_as_written(text: str, reading: str) -> None:
    assert canonical(text) == f" {reading} "


@pytest.mark.parametrize(
    "text",
    [
        "a b c",
        "le plan a b c, on vote",
        "J. K. Rowling a écrit un nouveau livre",
        "ça coûte 10 € la place",
        "20$ le billet, c'est cher",
        "2*3 = 6 et 2 * 4 = 8",
        "**important** : réunion demain",
        "mot#de#passe oublié",
        "#metoo c'est important",
        "j'adore coder en C#",
        "❌ pas de spoilers svp",
        "Zo€ et Chlo€ arrivent à 20h",
        "o k  l o l",
        "t'as vu le film s e 7 e n ?",
        "the U.S.A. and the U.K.",
    ],
)
def test_ordinary_text_with_the_same_characters_is_delivered(flt: MessageFilter, text: str) -> None:
    for ctx in CONTEXTS:
        assert flt.check(text, ctx).decision not in HELD, (text, ctx)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("il m'a traité de p*te devant tout le monde", "pute"),
        ("on m'a traitée de s a l o p e dans le salon", "salope"),
        ("someone called me a p*ki at football", "paki"),
        ("he wrote k*ll yourself under my post", "kil yourself"),
    ],
)
def test_a_victim_quoting_a_censored_word_is_read_correctly(text: str, word: str) -> None:
    # What the frame decides is not this test's business; the word is read.
    assert f" {word} " in canonical(text)


@pytest.mark.parametrize("name", ["n€gr€", "sale_n€gr€", "p*do_75", "s|a|l|o|p|e"])
def test_names_disguised_with_symbols_are_refused(name: str) -> None:
    assert not check_name(name).allowed


@pytest.mark.parametrize("name", ["Zo€", "Chlo€", "L€a", "C#dev", "Marie92", "Jean-Michel"])
def test_names_with_symbols_that_spell_nothing_are_allowed(name: str) -> None:
    assert check_name(name).allowed
