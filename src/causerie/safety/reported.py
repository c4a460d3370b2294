"""Words someone reports rather than says (session 7, issue 12).

A victim or a witness asking for help quotes what was said to them
("quelqu'un m'a écrit \"on sait où t'habites\", je fais quoi ?", "'ugly fat
cow' is what he wrote to my sister, can a mod look"), and people explain a
hate code or a slur ("le 1488 c'est un code nazi, signalez-le"). The words
of the threat or the slur are there, but the message does the opposite.

Two classes, each with two parts so that one word cannot buy an excuse:
- a *quoted report*: words in quotation marks, and outside them a verb of
  speech received (``reported_speech`` in ``data/intent``: "m'a écrit",
  "called me", "got a dm") or a request for help with a question mark
  (``help_ask``: "j'ai signalé", "what do I do", "can a mod look"). Only
  what lies inside the quotes is excused; a threat or an insult outside
  them still counts ("\"on sait où t'habites\", screen ça si tu veux" has
  neither, and stays a threat).
- *hate talk*: a word about language or symbols (``hate_meta``: "code",
  "le mot", "slur", "theory") with either cue, the slur aimed at nobody.
  It excuses hate, never a threat or harassment.
"""

from __future__ import annotations

import re

from causerie.safety.phrases import Hit
from causerie.safety.verdict import Scanned

# "…", “…”, «…», „…“, and '…' opened after a blank (not the apostrophe of
# "m'a", "qu'on"). Inside single quotes an apostrophe between two letters is
# French elision ('je sais où t'habites', 'paie ou j'envoie ta vidéo'), not
# the closing mark, which a blank, a punctuation mark or the end follows.
_QUOTED = re.compile(
    r"\"[^\"\n]{2,160}\"|“[^”\n]{2,160}”|«[^»\n]{2,160}»|„[^“\n]{2,160}“"
    r"|(?:(?<=^)|(?<=[\s(:]))['‘](?:[^'’\n]|(?<=\w)['’](?=\w)){2,120}['’](?=[\s,.!?:;)]|$)"
)
# What a quoted report excuses for the learned layer, which cannot tell the
# quoted words from the rest.
QUOTED_EXCUSES = frozenset({"threat", "hate", "harassment"})
# Session 7: a teen quoting a blackmail or a grooming message to ask what to
# do, or to warn others, was held by the model ("someone wrote to me 'send a
# pic and don't tell your parents', what do i do?"). Those readings of the
# quoted words are excused only when a help request or a warning stands
# outside the quotes: a quote alone keeps them ("quelqu'un m'a écrit 'envoie
# une photo'"), and the rules still read everything outside the quotes.
# Session 18: doxxing too (the model retrained on 69 authors read "saw
# some dude posting 'your niece is 12? bet she's tight', reported him" as
# doxxing at 0.86); an address or a number quoted is still masked by the
# rules, which read the whole text for personal data.
HELP_EXCUSES = frozenset({"sextortion", "grooming", "doxxing"})


def quoted_spans(message: Scanned) -> tuple[tuple[int, int], ...]:
    """The quoted parts of the message (original positions) that are a
    report: a reporting cue stands outside the quotes, and each quote kept
    is nearer to a reporting cue than to words addressing it to the reader
    (``quote_address``: "i'm telling you 'send a pic'", "fais-le : 'envoie
    tes nudes'"); a hand-over ("now you do it", "à ton tour") keeps none.
    Issue 12, s8fix: any cue anywhere excused every quote ("just do it:
    'send nudes', like he told me")."""
    known = message.memo.get("quoted_report")
    if isinstance(known, tuple):
        return known
    spans: tuple[tuple[int, int], ...] = ()
    text = message.text
    found = _all_quotes(message)
    if found:
        starts = (0, *(end for _, end in found))
        ends = (*(start for start, _ in found), len(text))
        outside = "".join(text[a:b] for a, b in zip(starts, ends, strict=True))
        cues: list[tuple[int, int, bool]] = []  # (start, end, reports)
        handover = False
        for hit in message.hits_of("intent"):
            name = hit.entry.name
            if name not in _QUOTE_CUES or _inside(message, hit, found):
                continue
            if name == "help_ask" and "?" not in outside:
                continue
            if name == "quote_handover":
                handover = True
                continue
            start, end = message.normalised.original_span(hit.start, hit.end)
            cues.append((start, end, name != "quote_address"))
        if found and not handover and any(reports for _, _, reports in cues):
            spans = tuple(span for span in found if _reported(span, cues, text))
    message.memo["quoted_report"] = spans
    return spans


_QUOTE_CUES = frozenset(
    {"reported_speech", "help_ask", "quote_address", "quote_handover", "news_cue"}
)
# s10fp: news and court reporting quoting a crime's messages ("le tribunal a
# lu : 'elle dormira, tu repars avant 5h'"): the learned layer may not hold
# the quoted crime either.
NEWS_EXCUSES = frozenset({"recruitment", "sextortion", "threat", "scam", "doxxing"})


def _reported(span: tuple[int, int], cues: list[tuple[int, int, bool]], text: str) -> bool:
    """Whether the cue nearest to a quote, in words, reports it. At the same
    distance the cue before the quote wins: it introduces it ("he told me
    'send a pic', i'm telling you" is a report; "fais-le : '…', il m'a
    écrit que…" is the sender's request)."""
    start, end = span

    def distance(cue: tuple[int, int, bool]) -> tuple[int, int]:
        if cue[1] <= start:
            return (len(_WORD.findall(text, cue[1], start)), 0)
        return (len(_WORD.findall(text, end, max(end, cue[0]))), 1)

    return min(cues, key=distance)[2]


_WORD = re.compile(r"\w+")


def _inside(message: Scanned, hit: Hit, spans: tuple[tuple[int, int], ...]) -> bool:
    start, end = message.normalised.original_span(hit.start, hit.end)
    return any(a <= start and end <= b for a, b in spans)


def _all_quotes(message: Scanned) -> tuple[tuple[int, int], ...]:
    """Every quoted part of the message (original positions), reported or
    not; found once per message (the checks ask for each of their hits)."""
    known = message.memo.get("quoted_any")
    if isinstance(known, tuple):
        return known
    text = message.text
    spans: tuple[tuple[int, int], ...] = ()
    if any(mark in text for mark in "\"“«„'‘"):
        spans = tuple((m.start(), m.end()) for m in _QUOTED.finditer(text))
    message.memo["quoted_any"] = spans
    return spans


def in_quotes(message: Scanned, hit: Hit) -> bool:
    """Whether ``hit`` lies between quotation marks, reported or not."""
    spans = _all_quotes(message)
    return bool(spans) and _inside(message, hit, spans)


def quoted(message: Scanned, hit: Hit) -> bool:
    """Whether ``hit`` lies inside a quoted report."""
    spans = quoted_spans(message)
    return bool(spans) and _inside(message, hit, spans)


_AIM_WORDS = 2  # "sale <slur>", "t'es un <slur>", "you <slur>"
# The cues by which a message tells someone else's words or asks about them
# (a report, a request for help, a warning, the news): what the sender says
# beside them is not their own move.
TOLD_CUES = frozenset({"reported_speech", "help_ask", "warn_cue", "news_cue"})


# Session 8 (s8msg): words between "m'a traité de" / "called me" and the
# slur it reports ("de sale", "a fucking").
_REPORT_GAP = 3
# Hate the rules read in the sender's own words (a code, a group
# dehumanised): a reported slur beside them does not excuse them.
_OWN_HATE = frozenset({"dog_whistle", "dehumanise"})
_YOU = frozenset({"you", "u", "ur", "your", "youre", "ya", "t", "tu", "toi", "ta", "ton", "es"})


def _reports(text: str, report: Hit, start: int, others: list[Hit]) -> bool:
    """Whether the verb ``report`` ("m'a traité de", "called me", "tells u
    to") introduces the word at ``start``: it ends a few words before it,
    with no second person between them ("called me a f*ggot? ur the
    f*ggot": the second is aimed) and no other of the ``others`` words
    starting between them (one report covers one word: "m'a traité de pd,
    sale pd")."""
    if report.end > start + 1:
        return False
    between = text[report.end : start].split()
    return (
        len(between) <= _REPORT_GAP
        and _YOU.isdisjoint(between)
        and not any(report.end <= other.start < start for other in others)
    )


def _reported_slurs(message: Scanned, names: set[str]) -> bool:
    """Every slur of the message is the one someone was called ("un mec m'a
    traité de sale arabe", "someone called me a f*ggot"), a few words after
    the verb that reports it, and nothing else in it is hate."""
    slurs = message.hits_of("lexicon", "hate")
    reports = message.hits_of("intent", "slur_report")
    if not slurs or not reports or names & _OWN_HATE:
        return False
    text = message.normalised.text

    def reported(slur: Hit, report: Hit) -> bool:
        # "sale bougnoule" and "bougnoul" are one slur, not two.
        others = [other for other in slurs if other.end <= slur.start]
        return report.end <= slur.start and _reports(text, report, slur.start, others)

    return all(any(reported(slur, report) for report in reports) for slur in slurs)


# The reader addressed, on the canonical text (padded with spaces): a
# blackmail aimed at someone (``checks/extort``), a slur said to someone
# rather than talked about (``hate_talk``), a thing that is the reader's
# (``checks/intent``).
# Irish and Scottish English address the reader as "ye", "yer", "youse"
# (session 23, dg-irish-scots: "pay or they all see it" after "yer ma").
SECOND_PERSON = re.compile(
    r" (?:u|you|ur|your|yours|urs|ya|yall|y all|tu|t|te|toi|ton|ta|tes|vous|votre|vos|jte|j te"
    r"|urself|yourself|ye|yer|youse|yous) "
)


def hate_talk(message: Scanned) -> bool:
    """Someone explaining or reporting a hate code or a slur, not aiming it
    at anyone: no address marker ("sale", "t'es", "you") a couple of words
    before a slur of the lexicon; or only slurs someone was called
    (``_reported_slurs``)."""
    names = {hit.entry.name for hit in message.hits_of("intent")}
    if _reported_slurs(message, names):
        return True
    if "hate_meta" not in names:
        return False
    # Session 17 (review s17b): the word mentioned in quotes, not used ('why
    # is "tranny" considered a slur?', 'le mot "bougnoule" vient du wolof'):
    # talk about the word, as a report is.
    slurs = message.hits_of("lexicon", "hate")
    mentioned = (
        bool(slurs)
        and all(in_quotes(message, slur) for slur in slurs)
        and not SECOND_PERSON.search(message.normalised.text)  # "le mot qui vous va: «…»"
    )
    if not (mentioned or names & {"reported_speech", "help_ask"}):
        return False
    text = message.normalised.text
    addresses = message.hits_of("intent", "address")
    return not any(
        address.end <= slur.start and len(text[address.end : slur.start].split()) <= _AIM_WORDS
        for slur in message.hits_of("lexicon", "hate")
        for address in addresses
    )


def asks_or_warns(message: Scanned) -> bool:
    """A quoted report whose sender, outside the quotes, asks for help ("what
    do i do?", "j'ai signalé") or warns others ("c'est une arnaque connue, ne
    payez pas")."""
    spans = quoted_spans(message)
    return bool(spans) and any(
        hit.entry.name in ("help_ask", "warn_cue") and not _inside(message, hit, spans)
        for hit in message.hits_of("intent")
    )


# Session 10 (s10fp): words between a verb of speech received and the
# sender's-own-voice words it reports, unquoted ("un mec m'a dit [hier] je
# vais te retrouver", "the killer calls her and says i'm going to find you").
_TOLD_GAP = 3


def told(message: Scanned, hit: Hit) -> bool:
    """Whether ``hit`` is someone else's words the sender reports without
    quotation marks: a ``reported_speech`` cue ends a few words before it."""
    text = message.normalised.text
    return any(
        cue.end <= hit.start + 1 and len(text[cue.end : hit.start].split()) <= _TOLD_GAP
        for cue in message.hits_of("intent", "reported_speech")
    )


# Session 10 (s10fp): the put-down words a reassurance negates ("t'es pas
# moche", "stop saying ur ugly", "personne pense que t'es nulle").
_PUTDOWNS = frozenset({"insult", "insult_mild", "putdown", "dehumanise"})


def reassured(message: Scanned, hit: Hit) -> bool:
    """Whether a put-down word follows a ``reassure`` turn at once (a
    negation of the reader being it, "arrête de dire que t'es"): the
    sender denies it, they do not say it. At once: "t'es pas juste moche"
    or "t'es pas moche, t'es hideuse" keep the word that is said."""
    text = message.normalised.text
    return any(
        turn.start <= hit.start and not text[turn.end : hit.start].split()
        for turn in message.hits_of("intent", "reassure")
    )


# Session 15: an insult, a put-down or a push to die that someone was called
# or told, written without quotation marks by the one it hurt or a witness
# ("got called a slut in the gc", "au collège on me traitait de grosse
# vache", "what do u do when someone tells u to kys?", "un compte qui écrit
# kys sous tous les posts"). In the five authors moved to training in
# session 15, 18 of the 19 messages it reads are labelled allowed. The verb
# that reports (``slur_report``:
# called, traité de; ``incitement_report``: tells u to, écrit, spamming;
# ``abuse_received``: i keep getting, je reçois)
# stands a few words before the word, with no second person between them
# ("called me a slut? ur the slut") and no first person just before the
# verb ("je t'écris : kys", "i'm telling u to kys" are the sender's own).
_TOLD_ABUSE = frozenset(
    {"insult", "insult_mild", "putdown", "suicide_incitement", "body_shame", "mock_weak"}
)
_ABUSE_REPORTS = ("slur_report", "incitement_report", "abuse_received")
_SPEAKER = frozenset(
    {"i", "im", "ima", "imma", "je", "j", "jte", "jvais", "jv", "moi", "we", "on", "nous"}
)
_SPEAKER_WORDS = 2  # "je t [écris]", "i m [telling u to]"


def told_abuse(message: Scanned) -> tuple[Hit, ...]:
    """The insults and pushes to die of the message that someone else said
    to the sender or to a third person, as the sender reports them."""
    known = message.memo.get("told_abuse")
    if isinstance(known, tuple):
        return known
    found: tuple[Hit, ...] = ()
    reports = [h for h in message.hits_of("intent") if h.entry.name in _ABUSE_REPORTS]
    if reports:
        text = message.normalised.text
        abuse = [h for h in message.hits_of("intent") if h.entry.name in _TOLD_ABUSE]

        def phrase_start(hit: Hit) -> int:
            # "grosse vache", "fat ugly pig": abuse words back to back are one
            # phrase, reported by the verb before its first word.
            start = hit.start
            moved = True
            while moved:
                moved = False
                for other in abuse:
                    if other.start < start and not text[other.end : start].split():
                        start, moved = other.start, True
            return start

        def reporting(report: Hit, start: int) -> bool:
            # "i keep getting kys": what one receives has the sender as
            # its object, not its author.
            received = report.entry.name == "abuse_received"
            before = [] if received else text[: report.start].split()[-_SPEAKER_WORDS:]
            return _SPEAKER.isdisjoint(before) and _reports(text, report, start, abuse)

        found = tuple(
            h
            for h in abuse
            if any(reporting(r, start) for r in reports for start in [phrase_start(h)])
        )
    message.memo["told_abuse"] = found
    return found


def only_told_abuse(message: Scanned) -> bool:
    """Every insult and push to die of the message is one someone was told
    (``told_abuse``): the learned layer's harassment reading is the
    report's."""
    told_hits = told_abuse(message)
    if not told_hits:
        return False
    return all(h in told_hits for h in message.hits_of("intent") if h.entry.name in _TOLD_ABUSE)


def reassurance(message: Scanned) -> bool:
    """A message whose every put-down word is denied (``reassured``): the
    learned layer's harassment reading of "arrête de dire que t'es moche,
    t'es magnifique" is a compliment's."""
    if not message.hits_of("intent", "reassure"):
        return False
    putdowns = [hit for hit in message.hits_of("intent") if hit.entry.name in _PUTDOWNS]
    return bool(putdowns) and all(reassured(message, hit) for hit in putdowns)


def model_excuses(message: Scanned) -> frozenset[str]:
    """What the learned layer may not hold in this message."""
    excused: set[str] = set()
    if reassurance(message):
        excused.add("harassment")
    if quoted_spans(message):
        excused |= QUOTED_EXCUSES
        if any(not quoted(message, hit) for hit in message.hits_of("intent", "news_cue")):
            excused |= NEWS_EXCUSES
        if asks_or_warns(message):
            excused |= HELP_EXCUSES
    if hate_talk(message):
        excused.add("hate")
    if only_told_abuse(message):
        excused.add("harassment")
    return frozenset(excused)


# Session 15: a slur said of the speaker's own group ("nous les gouines on
# sera à la marche", "us dykes gotta stick together", "entre feujs on se
# comprend"): reclaimed, not aimed. Only the words right before the slur
# count, so that "nous les blancs, on doit virer les <slur>" is not excused.
_OWN_GROUP = (
    ("nous", "les"), ("on", "est", "des"), ("on", "est", "les"), ("entre",), ("us",), ("we",),
    ("we", "re"), ("were",), ("fier", "d", "etre"), ("fiere", "d", "etre"), ("proud",),
    ("each", "other"),
    # Session 21: the speaker's own identity said with the word ("je suis
    # gouine et fière", "on est une bande de pédés qui font du karaoké",
    # "i'm a dyke and proud"); "je suis pas" is a denial, not here. Not "as
    # a": "i see you as a …" names the reader.
    ("je", "suis"), ("je", "suis", "une"), ("je", "suis", "un"), ("jsuis",), ("chui",),
    ("i", "m", "a"), ("im", "a"), ("i", "am", "a"), ("en", "tant", "que"),
    ("on", "est", "une", "bande", "de"), ("we", "re", "a", "bunch", "of"),
    ("on", "s", "apele", "les"), ("we", "cal", "ourselves"),
)  # fmt: skip


_ASIDE = (["entre"], ["pour"], ["avec"], ["contre"], ["chez"], ["between"], ["among"])


def reclaimed(message: Scanned, hit: Hit) -> bool:
    """Whether the slur ``hit`` names the speaker's own group."""
    before = message.normalised.text[: hit.start].split()
    for words in _OWN_GROUP:
        if tuple(before[-len(words) :]) == words:
            # "entre nous, les <slur>…" is an aside, not the speaker's group.
            return before[-len(words) - 1 : -len(words)] not in _ASIDE
    return False


def unquoted(message: Scanned, kind: str) -> list[Hit]:
    """The hits of ``kind`` outside a quoted report: a teen quoting what a
    stranger wrote to them ("quelqu'un m'a écrit 'envoie une photo et dis
    rien à tes parents', je fais quoi ?") is not making the move."""
    hits = message.hits_of(kind)
    if not quoted_spans(message):
        return hits
    return [hit for hit in hits if not quoted(message, hit)]
