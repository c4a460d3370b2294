"""Emoji the rules read as words. The canonical text drops emoji, so the
checks look for them in the original message; one list per meaning, shared
by every check that reads it (they had drifted apart: three lists of winks,
two of laughing faces)."""

from __future__ import annotations

from collections.abc import Iterable

# Laughter: "je vais te tuer 😂" is banter, as "mdr" is.
LAUGHING = ("\U0001f602", "\U0001f923", "\U0001f639")  # 😂 🤣 😹
# A wink or a smirk: a plan or an invitation said with innuendo.
WINKS = ("\U0001f609", "\U0001f60f")  # 😉 😏
# A smirk or a devil at someone: a leer.
LEERS = ("\U0001f60f", "\U0001f608")  # 😏 😈
# What keeps an ordinary invitation sexual for the learned layer's check.
FLIRTS = (*WINKS, "\U0001f608", "\U0001f525")  # 😉 😏 😈 🔥
HEART_EYES = "\U0001f60d"  # 😍
DROOL = "\U0001f924"  # 🤤
# What sexualises what it follows (peach, aubergine, droplets, tongue, hot face).
SEXUAL = ("\U0001f351", "\U0001f346", "\U0001f4a6", "\U0001f445", "\U0001f975")
# Weapons that threaten with a time or a place ("🔪🔪🔪 demain"); not 💀 or
# ⚰️ ("I'm dead" laughing). The water pistol alone is a joke (``JOKE_WEAPON``).
WEAPONS = ("\U0001f52a", "\U0001f5e1", "\U0001fa93", "\U0001f4a3", "\U0001fa78", "\U0001f52b")
JOKE_WEAPON = "\U0001f52b"  # 🔫
# Sleep and pills: beside a partner named, the partner out cold.
SLEEP = ("\U0001f634", "\U0001f4a4", "\U0001f971", "\U0001f48a", "\U0001f6cc")


def any_of(text: str, emoji: Iterable[str]) -> bool:
    """Whether ``text`` holds one of ``emoji``. Most messages are ASCII and
    no emoji is: those are answered without a search."""
    return not text.isascii() and any(e in text for e in emoji)
