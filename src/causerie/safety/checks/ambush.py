"""Session 11 (s11ambush): three classes of coco.gg's crimes that the other
intent rules did not cover, each as a combination of components (data
files ``intent/fr_ambush.tsv``, ``intent/en_ambush.tsv``), never one
phrase.

1. A group ambush planned in plain words: luring someone to a place (a
   fake date, a fake sale, a fake teen profile, "fais-le venir", "get him
   to come"), a group or a hiding place or a surprise ("on sera 4", "we'll
   be waiting"), violence or robbery ("on le défonce", "rob him"). Any two
   of the three (``plan_parts``) is ``ambush``, whoever the victim is: a
   gay man lured through a dating app, an adult trapped by "pedo hunters"
   (the answer to a predator is a report, never a lynching). A game, a
   match, a surprise party, a warning, a victim's story, news or fiction
   in the same message cancel it (``!amb_plan``).
2. A move to another app justified by escaping the moderators ("ici les
   modos lisent tout", "mods can't see there", "c plus discret"): held,
   not only masked, from a teen (the audience is a teen) and from a new
   account; two established adults may prefer another app.
3. Grooming of a teen without a sexual word: their puberty ("t'as déjà tes
   règles ?", "do you wear a bra yet"), a cam call in private ("cam2cam",
   "en visio, seule dans ta chambre ?"), "t'en as déjà vu un en vrai ?",
   alone / parents away asked with a private intent. In the teen band,
   where every reader is a minor. A friend's period pain, a parent, a
   nurse, a sex-education class or a game's voice call cancel it
   (``!amb_teen``).
"""

from __future__ import annotations

from causerie.safety import reported
from causerie.safety.verdict import Scanned, SenderContext

# The three parts of a planned ambush; two make the plan.
PLAN_PARTS = ("amb_lure", "amb_group", "amb_violence")
PLAN_MIN_PARTS = 2
# The filter's new account (``pipeline.NEW_ACCOUNT_DAYS``): a stranger who
# arrived days ago and already wants the conversation out of sight.
NEW_ACCOUNT_DAYS = 3.0
_SEXUAL_LEXICON = ("sexual_content", "minor_sexualisation")


def _names(message: Scanned) -> set[str]:
    """The s11ambush components of the message, outside a quoted report (a
    teen quoting what a stranger wrote to them is not making the move)."""
    quoted = bool(reported.quoted_spans(message))
    return {
        hit.entry.name
        for hit in message.hits_of("intent")
        if hit.entry.name.startswith("amb_") and not (quoted and reported.quoted(message, hit))
    }


def _excused(message: Scanned, name: str) -> bool:
    return bool(message.hits_of("intent_suppress", name))


def plan_parts(message: Scanned) -> frozenset[str]:
    """The parts of an ambush plan this message holds (none when a game, a
    match, a party, a warning, a victim's story or the news excuses it).
    The scorer adds them up over a sender's messages."""
    if _excused(message, "amb_plan"):
        return frozenset()
    parts = _names(message) & set(PLAN_PARTS)
    # A dinner or a party ("fais-le venir à 19h pour le dîner, on sera 6"):
    # someone brought to a place where many wait, with no harm named, is an
    # invitation; the harm named ("on le défonce") is never excused by it.
    if "amb_violence" not in parts and _excused(message, "amb_social"):
        return frozenset()
    return frozenset(parts)


def planned(message: Scanned) -> bool:
    """Two of lure, group/hiding place and violence/robbery in one message."""
    return len(plan_parts(message)) >= PLAN_MIN_PARTS


def _moving_elsewhere(message: Scanned, names: set[str]) -> bool:
    """A move off the platform: the off-platform cue ("ajoute moi sur
    snap"), an app named, or "ailleurs" / "another app"."""
    return bool(
        message.hits_of("cue", "off_platform") or message.hits_of("app") or "amb_elsewhere" in names
    )


def escapes_moderation(message: Scanned, ctx: SenderContext) -> bool:
    """A move to another app because the moderators read here. "On sera
    plus tranquilles" alone counts only towards a teen; between adults the
    reason must be the moderators, the traces, the discretion, and the
    sender's account new. A warning or a report ("si on vous demande de
    passer sur snap, signalez") is no move."""
    names = _names(message)
    if not _moving_elsewhere(message, names) or _excused(message, "amb_plan"):
        return False
    if message.hits_of("frame", "report") or message.hits_of("frame", "warning"):
        return False
    if ctx.band == "teen":
        return bool(names & {"amb_escape", "amb_quiet"})
    new = ctx.trust_level == 0 or ctx.account_age_days < NEW_ACCOUNT_DAYS
    return new and "amb_escape" in names


def teen_body_move(message: Scanned) -> bool:
    """Grooming without a sexual word: the reader's puberty, a cam call in
    private, something seen "en vrai", alone asked with a private intent."""
    names = _names(message)
    if not names or _excused(message, "amb_teen"):
        return False
    # With a sexual word the lexicon already refuses it among teens ("t'as
    # déjà vu un mec tout nu ? je peux te montrer"): a hold would only
    # soften that refusal.
    if any(message.hits_of("lexicon", name) for name in _SEXUAL_LEXICON):
        return False
    cam = bool(names & {"amb_cam", "amb_cam2cam"})
    private = bool(names & {"amb_quiet", "amb_escape"}) or _setting_beside_question(message)
    return bool(
        names & {"amb_puberty", "amb_cam2cam", "amb_seen"}
        or (cam and "amb_setting" in names)
        or ("amb_alone_q" in names and (cam or private))
    )


def _setting_beside_question(message: Scanned) -> bool:
    """A private setting said apart from the alone-question itself. "t'es
    seule là ?" is both phrases at once: read as its own private intent it
    would hold every "are you alone?" between teens ("t'es toute seule là ?
    on t'attend pour le match")."""
    questions = list(message.hits_of("intent", "amb_alone_q"))
    return any(
        not any(q.start < hit.end and hit.start < q.end for q in questions)
        for hit in message.hits_of("intent", "amb_setting")
    )


def moves(message: Scanned, ctx: SenderContext) -> tuple[str, ...]:
    """The categories these rules hold the message for."""
    found: list[str] = []
    if planned(message):
        found.append("ambush")
    teen_body = ctx.band == "teen" and teen_body_move(message)
    if teen_body or escapes_moderation(message, ctx):
        found.append("grooming")
    return tuple(found)
