"""The safety layer's fast paths (issue 13) give exactly what the general
code gives: each is compared with the slow path it skips, on generated
text that mixes the characters the fast paths treat specially."""

from __future__ import annotations

import zlib
from functools import cache

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from causerie.safety import links, numbers
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


# Mostly plain ASCII: doubled letters, one-letter words, digits, blanks.
_PLAIN_PIECES = st.sampled_from(
    ["a", "aa", "b", "salut", "appelle", "Zoo", "x", " ", "  ", "\t", "\n", ",", "?", "(", "5",
     "s e x e", "'", "!", "é", "\x1c"]
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
