"""The safety layer's fast paths (issue 13) give exactly what the general
code gives: each is compared with the slow path it skips, on generated
text that mixes the characters the fast paths treat specially."""

from __future__ import annotations

import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from causerie.safety import links, numbers
from causerie.safety import normalise as norm
from causerie.safety import personal_data as pd
from causerie.safety.model import _word_hashes

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
