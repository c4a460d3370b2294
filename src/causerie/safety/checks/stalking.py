"""Session 19: someone watched and followed by the sender, in one message
(components ``stalk_*`` in ``intent/fr_stalking.tsv`` and
``intent/en_stalking.tsv``). An ex or a controlling partner rarely writes
"I will hurt you"; he writes where he is, what he saw, that her location is
off. Each of those alone is also a friend ("je suis en bas, descends", "I
saw you at the gym, you were flying"), so a weak component needs another:

- ``stalk_strong`` is enough alone: a night spent outside her home, being in
  her garden, a copy of her keys, a tracker planted, "so I always know where
  you are", someone paid to watch her;
- his being at her place (``stalk_near``), what he saw of her
  (``stalk_seen``) or her location demanded (``stalk_loc``), with pressure
  (``stalk_press``: "I'm not leaving until", "don't make me knock", "who
  was the guy", "you can't hide");
- two of those three ways of watching together ("I drove past, your car
  wasn't there").

A child, a pet, a lost thing, a taxi, a surprise or a report (``!stalk``)
and the frames of a report, a warning or a story excuse it. The reading is
``threat``: held for a moderator, like the guide's stalking with menace.

``sought`` reads the other half, doxxing by a crowd: someone sought by name
by the one she fled ("je recherche X, partie avec mes enfants, toute info
récompensée", "does anyone know where Jade moved to? she blocked me"), or a
crowd asked to report where she goes ("post every time you see her car").
A police appeal, a friend lost touch with, a lost pet (``!seek``) are not.
"""

from __future__ import annotations

import re

from causerie.safety import reported
from causerie.safety.verdict import Scanned

# "where Jade Martin from year 11 moved to", "où habite maintenant Inès
# Carvalho": someone named between "where" and where she went.
_WHERE_NAMED = re.compile(
    r"\b(?:[Ww]here|[Oo][uù])\s+(?:(?:is|does|did|habite|vit|est)\s+)?(?:maintenant\s+)?"
    r"(?:[A-Z][\w'-]+\s+){1,3}(?:(?:from|de|du|in|en)\s+[\w\s'-]{1,20}?\s+)?"
    r"(?:moved|lives|is living|s living|is staying|went|works|is hiding|habite|vit|est partie|"
    r"a d[ée]m[ée]nag[ée]|s'est install[ée]e|bosse|travaille|se cache)\b"
)
_WATCHING = ("stalk_near", "stalk_seen", "stalk_loc")
_EXCUSING_FRAMES = ("report", "warning", "story")


def stalked(message: Scanned) -> int:
    """How surely the message watches or follows someone with menace: 0 not,
    1 by two weak components, 2 by a strong one (which laughter does not
    excuse: "put an airtag in her bag lol" is still a tracker planted)."""
    names = {
        hit.entry.name
        for hit in message.hits_of("intent")
        if hit.entry.name.startswith(("stalk_", "track_tool", "covert_track"))
        and not reported.in_quotes(message, hit)
    }
    if not names:
        return 0
    if message.hits_of("intent_suppress", "stalk") or any(
        message.hits_of("frame", frame) for frame in _EXCUSING_FRAMES
    ):
        return 0
    # A tracker hidden "so she doesn't find it", "sans qu'elle le sache".
    if "stalk_strong" in names or {"track_tool", "covert_track"} <= names:
        return 2
    watching = sum(name in names for name in _WATCHING)
    return int((watching >= 1 and "stalk_press" in names) or watching >= 2)


def sought(message: Scanned) -> bool:
    """Whether the message asks a crowd to find or watch a named person
    (the docstring's second half): ``doxxing``."""
    names = {
        hit.entry.name
        for hit in message.hits_of("intent")
        if hit.entry.name.startswith(("seek_", "watch_crowd"))
        and not reported.in_quotes(message, hit)
    }
    if not names or message.hits_of("intent_suppress", "seek"):
        return False
    # A crowd asked to watch her, or the refuge she is in asked for.
    if "watch_crowd" in names or "seek_shelter" in names:
        return True
    # The rest needs a grievance or a reward: most messages stop here,
    # before the named-whereabouts search on the original text.
    if not names & {"seek_motive", "seek_reward"}:
        return False
    named = _WHERE_NAMED.search(message.text) is not None
    asked = named or bool(names & {"seek_open", "seek_ask"})
    placed = named or "seek_detail" in names
    return asked and ("seek_motive" in names or ("seek_reward" in names and placed))
