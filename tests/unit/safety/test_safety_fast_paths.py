"""The safety layer's fast paths (issue 13) give exactly what the general
code gives: each is compared with the slow path it skips, on generated
text that mixes the characters the fast paths treat specially."""

from __future__ import annotations

import zlib
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from causerie.safety import links, numbers
from causerie.safety import model as learned
from causerie.safety import normalise as norm
from causerie.safety import personal_data as pd
from causerie.safety.checks import model as model_check
from causerie.safety.model import LinearModel, _exact_terms, _word_hashes, shipped_model

# Plain letters and digits, separators, apostrophes, leet symbols, interior
# punctuation, accents, a Cyrillic look-alike, and number words.
_PIECES = st.sampled_from(
    ["a", "b", "S", "x", "0", "6", "1", " ", "  ", ",", "?", "(", ")", ":", "'", "’", "!", "@",
     "$", ".", "-", "*", "_", "é", "а", "😂", "six", "douze", "zero", "oh", "nine", "l", "O"]
)  # fmt: skip
_TEXT = st.lists(_PIECES, max_size=24).map("".join)


def _slow_split(text: str) -> list[norm._Word]:
    words: list[norm._Word] = []
    for chunk in norm._CHUNK.finditer(text):
        norm._split_chunk(chunk.group(), chunk.start(), words)
    return words


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_split_words_fast_paths_match_the_per_character_split(text: str) -> None:
    def plain(words: list[norm._Word]) -> list[tuple[list[str], list[int], list[int], bool]]:
        return [(list(w.chars), list(w.starts), list(w.ends), w.elided) for w in words]

    assert plain(norm._split_words(text)) == plain(_slow_split(text))


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_digit_view_fast_path_matches_the_tokenised_one(text: str) -> None:
    fast, general = numbers.digit_view.__wrapped__(text), numbers._digit_view(text)
    assert fast.text == general.text
    spans = [(i, i + 1) for i in range(len(fast.text))]
    assert [fast.original_span(*s) for s in spans] == [general.original_span(*s) for s in spans]


# Number words of every kind (tens, "quatre-vingt", repeaters, "plus",
# "fois", glued to digits), said separators, look-alike digits, lone digit
# letters, group breaks and ordinary words (French, English, SMS).
_NUMBERISH = st.lists(
    st.sampled_from(
        ["un", "une", "six", "dix", "sept", "quatre", "vingt", "vingts", "trente", "soixante",
         "et", "onze", "double", "triple", "plus", "fois", "le", "hundred", "nine", "oh", "o",
         "O", "l", "S", "h", "huit3", "cinquant1", "O6", "l2", "3h", "06", "12", "7", "point",
         "tiret", "dot", "salut", "mon", "num", "c", "est", "call", "me", "é", "Ünë", "٣",
         " ", " ", "-", ",", ";", ".", "/", "'"]
    ),
    max_size=20,
).map(" ".join)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(_NUMBERISH)
def test_digit_view_skips_only_what_it_would_keep(text: str) -> None:
    # The general tokenised view with its two shortcuts (the group breaks
    # only for a tens word, ordinary words skipped) against the same view
    # that reads every token and always finds the breaks.
    fast = numbers._digit_view(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(numbers, "_reads_breaks", lambda folded: True)
        patch.setattr(numbers, "_ordinary_word", lambda folded, token: False)
        slow = numbers._digit_view(text)
    assert (fast.text, list(fast.starts), list(fast.ends)) == (
        slow.text,
        list(slow.starts),
        list(slow.ends),
    )


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["salut", "o6", "l2", "3h", "huit3", "x1", "12", "ab", "été", "٣", "oh", "s"]
        ),
        max_size=8,
    )
)
def test_rewrites_a_word_skips_only_words_of_letters(folded: list[str]) -> None:
    every_word = any(
        not word.isdigit()
        and (numbers._DISGUISED_DIGITS.fullmatch(word) or numbers._glued_digits(word))
        for word in folded
    ) or not numbers._NUMBER_WORDS.isdisjoint(folded)
    assert numbers._rewrites_a_word(folded) == bool(every_word)


@pytest.mark.parametrize(
    "text",
    [
        "zéro six douze trente-quatre cinquante-six soixante-dix-huit",
        "quatre-vingt, onze",  # a break in a tens word
        "j'ai vu un film hier soir avec une amie",
        "o six l2 3h 56 78",
        "plus trente trois six",
        "cinq fois le 2 puis double six",
    ],
)
def test_digit_view_shortcuts_on_examples(text: str) -> None:
    fast = numbers._digit_view(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(numbers, "_reads_breaks", lambda folded: True)
        patch.setattr(numbers, "_ordinary_word", lambda folded, token: False)
        slow = numbers._digit_view(text)
    assert (fast.text, tuple(fast.starts), tuple(fast.ends)) == (
        slow.text,
        tuple(slow.starts),
        tuple(slow.ends),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "bb", "salut", "é", "x1", "on"]), max_size=12))
def test_word_hashes_match_hashing_the_joined_n_grams(words: list[str]) -> None:
    mask = (1 << 20) - 1
    for lo, hi in ((1, 1), (1, 2), (2, 2), (1, 3), (2, 3)):
        joined = [
            zlib.crc32(("\x01" + " ".join(words[i : i + n])).encode("utf-8")) & mask
            for n in range(lo, hi + 1)
            for i in range(len(words) - n + 1)
        ]
        assert _word_hashes(words, lo, hi, mask) == joined


_LINKISH = st.lists(
    st.sampled_from(
        ["a", "b", "www", "http", "https", "://", "/", ".", " ", "com", "fr", "gg", "dot", "DOT",
         "point", "Point", "(.)", "[.]", "(dot)", "@", "t", "me", "discord", "insta", "é", "ı",
         "K", "k", "ik", "snap", "chat", "add", "tt", "lea_09"]
    ),
    max_size=16,
).map("".join)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(_LINKISH)
def test_link_precheck_never_hides_a_link(text: str) -> None:
    assert links.find_links(text) == links._find_links(text, None)


@settings(max_examples=500, deadline=None)
@given(_LINKISH)
def test_profile_and_invite_patterns_need_a_slash(text: str) -> None:
    if "/" not in text:
        assert pd._INVITE_LINK.search(text) is None
        assert pd._SPACED_PROFILE_LINK.search(text) is None


# Mostly plain ASCII: doubled letters, one-letter words, numbers (doubled
# digits, one-digit words between lone letters, glued to letters as
# leetspeak or a unit), blanks.
_PLAIN_PIECES = st.sampled_from(
    ["a", "aa", "b", "salut", "appelle", "Zoo", "x", " ", "  ", "\t", "\n", ",", "?", "(", "5",
     "s e x e", "'", "!", "é", "\x1c", "06", "1100", "7", " 1 ", "ans", "h", "pu", "te", "une",
     "virgule", "point", "com", "3", "0",
     # accented letters (one ASCII letter each, or two: "œ", "ß"; a combining
     # accent; a look-alike), apostrophes of every kind, elided words
     "ça", "É", "à", "ée", "œ", "ß", "e\u0301", "ı", "ñ", "’", "ʼ", "´", "`", "quelqu'un", "l'",
     "j’", "t'es"]
)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(_PLAIN_PIECES, max_size=20).map("".join), st.booleans())
def test_plain_text_normalisation_matches_the_general_path(text: str, collapse: bool) -> None:
    assert norm.normalise(text, collapse=collapse) == norm._normalise(text, collapse)


# Words and symbols the shipped model knows, and some it does not.
_MODEL_TEXT = st.lists(
    st.sampled_from(
        ["je", "vais", "te", "tuer", "salut", "snap", "envoie", "photo", "ou", "sinon", "kill",
         "you", "bitch", "viens", "seule", "ce", "soir", "06", "12", "xq", "😂", "ﬁ", " "]
    ),
    max_size=40,
).map(" ".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_MODEL_TEXT)
def test_model_matrix_product_matches_the_row_reduction(text: str) -> None:
    # The shipped weights are float16 values, whose float64 sums are exact:
    # the product (any order) and the row-by-row reduction agree bit for bit.
    model = shipped_model()
    assert model._exact_terms > 1000
    normalised = norm.canonical(text)
    assert _reduction_model().probabilities_of(normalised) == model.probabilities_of(normalised)


@cache
def _reduction_model() -> LinearModel:
    model = shipped_model()
    reduction = LinearModel(model.meta, model._keys, model._weights, model._bias)
    reduction._exact_terms = 0  # the row-by-row reduction, always
    return reduction


def test_weights_beyond_float16_keep_the_row_reduction() -> None:
    exact = np.array([[0.5, -2.0], [2.0**-24, 7.75]], dtype=np.float32)
    assert _exact_terms(exact) == int(2.0**28 / 7.75)
    assert _exact_terms(np.array([[0.1]], dtype=np.float32)) == 0  # not a float16 value
    assert _exact_terms(np.array([[1e6]], dtype=np.float32)) == 0  # beyond float16's range
    assert _exact_terms(np.zeros((0, 2), dtype=np.float32)) == 0


def _latin_share_per_character(text: str) -> float:
    letters = latin = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if any(low <= ord(ch) < high for low, high in model_check._LATIN_LIKE):
                latin += 1
    return latin / letters if letters else 1.0


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_latin_share_matches_the_per_character_count(text: str) -> None:
    # Each range's edges too: the last character inside, the first outside.
    edges = "".join(chr(c) for low, high in model_check._LATIN_LIKE for c in (low, high - 1, high))
    for sample in (text, text + edges, "漢字" + text, "Ωmega " + text):
        assert model_check._latin_share(sample) == _latin_share_per_character(sample)


# Hyphens inside words, at their edges, alone, doubled, between digits, across
# a doubled letter, beside a pronoun.
_HYPHENATED = st.lists(
    st.one_of(
        _PLAIN_PIECES,
        st.sampled_from(
            ["-", "--", "Part-Dieu", "trente-quatre", "06-12", "a-", "-b", "mer-re", "x-1",
             "peut-être", "dis-moi", "l-l", "é-é", "s-e-x-e"]
        ),
    ),
    max_size=20,
).map("".join)  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(_HYPHENATED, st.booleans())
def test_one_pass_normalisation_is_the_general_one_whenever_it_answers(
    text: str, collapse: bool
) -> None:
    plain = norm._normalise_plain(text, collapse)
    if plain is not None:
        assert plain == norm._normalise(text, collapse)


@pytest.mark.parametrize(
    "text",
    [
        "appelle moi au 06 12 34 56 78",  # a number in plain words
        "rdv a 18 h devant le ciné",  # not plain (accent): the general path anyway
        "see you at 7 pm, room 1100",  # a doubled digit is no doubled letter
        "t es 1 pu te",  # "1" aims a split insult
        "s 3 x e",  # a digit between lone letters
        "j ai 14ans",  # a number with its unit
        "s3x3 now 12",  # leetspeak
        "call me 555 123 4567 virgule ok point",  # dictated punctuation
        "ok 7",
        "2024",
        "i have 2 cats and 3 dogs",
        "t'as vu le match hier soir ? incroyable la fin",
        "on se retrouve au ciné samedi avec les autres",
        "c’est trop bien, merci beaucoup pour ton aide hier, vraiment",
        "t'as quel âge ? 15",
        "qu'une pu te",  # "qu" (elided) aims a split insult
        "j'l'ai vu",  # elided one-letter words in a row
        "s é x e",
        "ÇA VA ? ÉCRIS MOI",
        "naïve café crème brûlée",
        "Bonjour à tous, un resto à Lyon près de la gare Part-Dieu ? 1234",
        "zéro six douze trente-quatre cinquante-six soixante-dix-huit",
        "06-12-34-56-78",
        "p-u-t-e",
        "mer-redi - ok -- fin-",
    ],
)
def test_plain_texts_with_numbers_normalise_as_the_general_path(text: str) -> None:
    for collapse in (True, False):
        assert norm.normalise(text, collapse=collapse) == norm._normalise(text, collapse)


def test_a_plain_text_with_numbers_takes_the_one_pass_path() -> None:
    # The fast path must actually serve these (else the test above proves nothing about it).
    assert norm._normalise_plain("appelle moi au 06 12 34 56 78", True) is not None
    assert norm._normalise_plain("see you at 7 pm, room 1100", True) is not None
    assert norm._normalise_plain("t’as vu le ciné ? c'est à côté", True) is not None
    assert norm._normalise_plain("l œil", True) is None  # "œ" folds to two letters
    assert norm._normalise_plain("l a l'a", True) is None  # three one-letter words
    assert norm._normalise_plain("rdv gare Part-Dieu à 18-19h", True) is None  # "19h"
    assert norm._normalise_plain("zéro six douze trente-quatre", True) is not None
    assert norm._normalise_plain("06-12-34 merre-redi", True) is not None
    assert norm._normalise_plain("s3x3 now 12", True) is None
    assert norm._normalise_plain("j ai 14ans", True) is None


def _char_hashes_by_parts(data: bytes, lo: int, hi: int) -> np.ndarray:
    """The byte n-gram hashes as session 8 computed them (one array per n,
    joined, then mixed): the reference for the in-place version."""
    codes = np.frombuffer(data, dtype=np.uint8).astype(np.uint64)
    h, parts = codes, []
    for n in range(2, hi + 1):
        if len(h) < 2:
            break
        h = h[:-1] * learned._PRIME + codes[n - 1 :]
        if n >= lo:
            parts.append(h + np.uint64(n) * learned._SALT)
    if not parts:
        return np.zeros(0, dtype=np.uint64)
    mixed = np.concatenate(parts)
    mixed ^= mixed >> learned._SHIFT_A
    mixed *= learned._MIX
    mixed ^= mixed >> learned._SHIFT_B
    return mixed


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.sampled_from([(3, 5), (1, 3), (2, 2), (4, 6), (5, 5)]))
def test_char_hashes_in_place_match_the_joined_parts(text: str, ngrams: tuple[int, int]) -> None:
    data = text.encode("utf-8")
    expected = _char_hashes_by_parts(data, *ngrams)
    got = learned._char_hashes(data, *ngrams)
    assert got.dtype == np.uint64
    assert got.tolist() == expected.tolist()
    mask = (1 << 20) - 1
    buckets = learned.features(text, {**learned.DEFAULT_SETTINGS, "char_ngrams": list(ngrams)})
    words = _word_hashes(text.split(), 1, 2, mask)
    assert buckets.buckets.dtype == np.int64
    assert buckets.buckets.tolist() == [int(h) & mask for h in expected.tolist()] + words
