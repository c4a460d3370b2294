"""A message cut into pieces over a sender's consecutive short messages.

An evader sends a handle, an address, a phone number or an insult a few
characters at a time ("mon snap c" / "lea" / "_2009", "sa" / "lo" / "pe",
one letter per message), so that no single message holds it. The scorer
keeps the sender's last few short messages (``PIECES``, each at most
``PIECE_CHARS`` long: bounded, the cost per message never grows with the
conversation) and reads them joined; what only the join holds is credited
to the message that completed it.
"""

from __future__ import annotations

from collections.abc import Sequence

# A piece is a short message; a longer one says what it says on its own.
PIECE_CHARS = 24
# The completing message and the pieces before it that are read with it.
PIECES = 8
# Pieces this short, with no space, are syllables or letters of one word:
# joined without a space ("sa" / "lo" / "pe", "s" / "l" / "u" / "t").
SYLLABLE_CHARS = 4
# What a join may reveal: contact details and insults or slurs. Other
# signals (a meeting, a gift) are read per message, where their words are.
JOINED_SIGNALS = frozenset({"personal_data", "insult", "harassment", "hate"})


def is_piece(text: str) -> bool:
    """Whether ``text`` is short enough to be part of something split."""
    return 0 < len(text.strip()) <= PIECE_CHARS


def joins(pieces: Sequence[str]) -> tuple[str, ...]:
    """The ways to read the pieces as one message: with a space between
    them ("mon snap c lea _2009", "sale p d"), and, when some are
    syllables, without one between two syllables ("sa lo pe" -> "salope")."""
    texts = [piece.strip() for piece in pieces]
    spaced = " ".join(texts)
    out: list[str] = []
    previous_syllable = False
    for text in texts:
        syllable = _syllable(text)
        if out and not (syllable and previous_syllable):
            out.append(" ")
        out.append(text)
        previous_syllable = syllable
    glued = "".join(out)
    # Glued only when the last piece is glued to the one before it: the
    # earlier boundaries were read when their pieces came (speed).
    if glued == spaced or not (len(texts) >= 2 and _syllable(texts[-1]) and _syllable(texts[-2])):
        return (spaced,)
    return (spaced, glued)


def _syllable(text: str) -> bool:
    return len(text) <= SYLLABLE_CHARS and " " not in text


def kept_pieces(earlier: Sequence[str], text: str) -> tuple[str, ...]:
    """The pieces to keep after ``text`` from the same sender: the last
    ``PIECES - 1`` short messages in a row, none once a long one comes."""
    if not is_piece(text):
        return ()
    return (*earlier, text)[-(PIECES - 1) :]
