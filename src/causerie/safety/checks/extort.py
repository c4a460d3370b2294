"""Session 12 (s12extort): three classes the intent rules missed, each a
combination of components (data files ``intent/fr_extortion.tsv`` and
``intent/en_extortion.tsv``, names ``extort_*``), never one phrase.

1. Sextortion and blackmail told in fragments, in any order: something
   compromising held (``extort_held``: "i screenshotted everything", "nos
   petits échanges", "ur lil video"), a threat to show it to someone of the
   reader's (``extort_expose``: "ur moms on there", "be famous at school tmrw",
   "ton daron recevra les captures") and a demand (``extort_demand``: a card,
   a rail, "how much that's worth to u", "encore une et je te laisse
   tranquille", a bare price before "or"). Two of the three, in a message
   aimed at the reader (a second person), are ``sextortion``; a threat to
   show or a thing held under a deadline is too. One part alone is not.
2. Stalking and doxxing with menace: a whereabouts (``extort_where``: a
   child's school, a bus, a stop, a shift, a new town, an address found)
   with a menace (``extort_menace``: "reply to my messages", "she can't
   hide", "pay or I'll be at that stop"), or with the sender's watching
   (``extort_watch``: "I know", "je t'ai vue", "i can see the check-ins") of
   someone else: ``threat`` when menaced, ``doxxing`` when a third party's
   data is exposed.
3. An ambush set up in one message: a lonely place (``extort_lonely``), a
   covert detail (``extort_covert``: come alone, torch off, flash the lights,
   a change of place), the night, the victim's car or cash asked
   (``extort_loot``) or accomplices' planning (``extort_crew``: "be in the
   bushes", "we handle the rest", "leave the back door on the latch").

A warning, a report, the news or a victim asking for help cancels all three
(``!extort_plan``); a game, a party, a parent's own child, a school pick-up, a
shift swap or one's own location cancels the stalking and ambush readings
(``!extort_game``): a scammer's "say it's for fortnite" still blackmails.
"""

from __future__ import annotations

import re

from causerie.safety import emoji, reported
from causerie.safety import personal_data as pd
from causerie.safety.phrases import Hit
from causerie.safety.verdict import Scanned

# An order to the reader opening the message ("go get a card", "envoie").
_IMPERATIVE = re.compile(
    r" (?:go|get|grab|buy|send|pay|scratch|transfer|va|vas|envoie|envoi|paye|paie|achete|prends) "
)
# Someone else spoken of: whose data is exposed.
_THIRD_PERSON = re.compile(r" (?:she|he|her|his|him|shes|hes|elle|il|son|sa|ses|lui|a l est) ")
# A bare price before the alternative: "250 or they go out", "200 ou je poste".
_PRICE_OR = re.compile(r"\b\d{2,5}\s*(?:or|ou|sinon|else)\b", re.IGNORECASE)
# A routine's clock or bus: "the 52 home at 3:30", "à 15h30", "6:15".
_CLOCK = re.compile(
    r"\b(?:[01]?\d|2[0-3])\s?(?:[:h]\s?[0-5]\d|h\b)|\b(?:gets|takes|catches)\s+the\s+\d{1,3}\b",
    re.IGNORECASE,
)
# A late hour: "22h", "23h30", "minuit" are in the data; "11pm", "10 pm".
_LATE = re.compile(r"\b(?:22|23|00|0)\s?h(?:\s?[0-5]\d)?\b|\b(?:9|10|11|12)\s?pm\b", re.IGNORECASE)

# "i know where u sit in 3rd period, watch": the warning closing a message.
_WATCH_END = re.compile(
    r"[,.;!…]\s*(?:watch|attention|tu verras|you ll see|u ll see)\s*[.!…]*\s*$", re.IGNORECASE
)
_COVERT_CUES = frozenset({"meeting_alone", "video_refusal", "place_change"})
_HELD = ("extort_held", "intimate_held")
_EXPOSE = ("extort_expose",)
_DEMAND = ("extort_demand", "extort_pay", "sx_demand", "money_amount")
_PRESSURE = ("deadline", "sx_pressure", "extort_press")
# Time running out: "10 min left", "3 hrs", "plus que 20 min".
_TIME_LEFT = re.compile(
    r"\b\d{1,3}\s?(?:min|mins|minutes|hrs?|hours?|h)\s*(?:left|to go|restantes?|max)\b"
    r"|\b(?:plus que|only|just)\s+\d{1,3}\s?(?:min|mins|minutes|hrs?|hours?|h)\b",
    re.IGNORECASE,
)
# A street address as people type it ("4 rosewood ave", "12 rue des lilas").
_STREET = re.compile(
    r"\b\d{1,4}\s*,?\s+(?:(?:rue|avenue|av|allée|allee|chemin|impasse|boulevard|bd)\s+\w+"
    r"|\w+\s+(?:ave|avenue|road|rd|street|st|lane|ln|close|drive|dr|way|crescent|terrace))\b",
    re.IGNORECASE,
)


def _names(hits: list[Hit]) -> set[str]:
    return {hit.entry.name for hit in hits}


def mock_price(message: Scanned) -> bool:
    """A friend's mock blackmail priced in a chore or a treat ("pay me in
    chipotle or it goes to the gc 😈", "si tu fais pas la vaisselle…"):
    the ``chores`` frame, unless the thing held is sexual ("buy me dinner or
    ur nudes go to the whole school" is a blackmail with a dinner in it;
    review s27)."""
    return bool(message.hits_of("frame", "chores")) and not (
        message.hits_of("lexicon", "sexual_content")
        or message.hits_of("intent", "sexual_ref")
        or message.hits_of("intent", "intimate_held")
    )


def _excused(message: Scanned, name: str) -> bool:
    return bool(message.hits_of("intent_suppress", name))


def _any(names: set[str], wanted: tuple[str, ...]) -> bool:
    return not names.isdisjoint(wanted)


def categories(
    message: Scanned, hits: list[Hit], extra: set[str], threat_found: bool
) -> tuple[str, ...]:
    """The categories these rules read in one message (``hits`` are the
    intent hits the caller kept, quoted reports removed; ``extra`` the
    components found by regular expression: a price, a deadline;
    ``threat_found``: the intent rules already read a threat in it)."""
    names = _names(hits) | extra
    if not any(name.startswith("extort_") for name in names) or _excused(message, "extort_plan"):
        return ()
    text = message.normalised.text
    found: list[str] = []
    # Friends' "blackmail" over a trip photo, a beer or the dishes, laughing.
    joke = _excused(message, "extort_joke") or mock_price(message)
    if not joke and emoji.any_of(message.text, emoji.LAUGHING):
        joke = True
    # The reader addressed: "my mum" and "he has my pics" are a victim's
    # voice, never the blackmailer's.
    aimed = bool(reported.SECOND_PERSON.search(text) or _IMPERATIVE.match(text))
    if aimed and not joke and _blackmail(message, names, threat_found):
        found.append("sextortion")
    if not _excused(message, "extort_game"):
        found.extend(_stalking(message, names))
    return tuple(found)


def _blackmail(message: Scanned, names: set[str], threat_found: bool) -> bool:
    """Two parts of sextortion, one of them in this session's words."""
    if not _any(names, ("extort_held", "extort_expose", "extort_demand", "extort_pay")):
        return False
    held = _any(names, _HELD)
    expose = _any(names, _EXPOSE)
    demand = _any(names, _DEMAND) or bool(_PRICE_OR.search(message.text))
    pressure = _any(names, _PRESSURE) or bool(_TIME_LEFT.search(message.text))
    if held and (expose or demand):
        return True
    # Session 28: an answer demanded under the threat to show ("réponds vite
    # sinon tes photos circulent", "reply before i post what i have"), when
    # the threat rules read nothing in it (then it is their threat, below).
    threatened = threat_found or bool(message.hits_of("lexicon", "threat"))
    answer_pressed = pressure and "stalk_press" in names
    if expose and answer_pressed and not threatened and _readers_shown(message):
        return True
    if expose and demand:
        return True
    # Photos held said plainly ("j'ai tes photos", "i have ur pics",
    # ``extort_pics`` and the rules' ``leverage``) with a blackmailer's demand
    # ("on s'arrange", "how much is that worth", "je supprime après"); a
    # plain debt ("j'ai tes photos de la soirée, tu me dois 5€") is not one.
    if _any(names, ("extort_pics", "leverage")) and "extort_demand" in names:
        return True
    # A thing held under "or else", or a threat to show under a clock ("10
    # min left"), stands for the demand. A threat to show under a condition
    # ("si tu parles je balance tes photos") is the threat the rules read.
    clock = "deadline" in names or bool(_TIME_LEFT.search(message.text))
    return (held and pressure and not threat_found) or (expose and clock)


# What is shown is the reader's, or what the sender holds of them ("tes
# photos", "your pics", "ce que j'ai de toi"), not "les photos du mariage"
# posted once the reader has answered (review s28).
_READERS_THING = re.compile(r"\b(?:tes|ton|ta|vos|votre|ur|your|yours|ce que j|what i)\b")


def _readers_shown(message: Scanned) -> bool:
    text = message.normalised.text
    return any(
        _READERS_THING.search(text[h.start : h.end])
        for h in message.hits_of("intent", "extort_expose")
    )


def _stalking(message: Scanned, names: set[str]) -> list[str]:
    where = "extort_where" in names or bool(_CLOCK.search(message.text))
    if not where and (_STREET.search(message.text) or pd.find_addresses(message.text)):
        where = True
    if not where:
        return []
    if "extort_posted" in names:
        return ["doxxing"]  # someone's address or schedule posted for all
    menace = "extort_menace" in names or bool(_WATCH_END.search(message.text))
    watch = "extort_watch" in names
    other = bool(_THIRD_PERSON.search(message.normalised.text))
    found = []
    if menace and (watch or "extort_where" in names):
        found.append("threat")
    # Someone's data exposed: watched and menaced or spoken of, or menaced
    # with several whereabouts ("10th grade, goes to eastview, works at…").
    several = _distinct_in(names, message) >= 2
    # One piece of news about someone ("i know she moved to leeds") is not
    # exposing her: watched with two whereabouts or two ways of watching.
    watched = _distinct(message, "extort_watch") >= 2
    if (watch and (menace or (other and (several or watched)))) or (menace and (other or several)):
        found.append("doxxing")
    return found


def ambush(message: Scanned) -> bool:
    """An ambush set up in one message (class 3 of the module docstring)."""
    names = {
        hit.entry.name for hit in message.hits_of("intent") if hit.entry.name.startswith("extort_")
    }
    if not names or _excused(message, "extort_plan") or _excused(message, "extort_game"):
        return False
    cues = {hit.entry.name for hit in message.hits_of("cue")}
    # The cues' isolated place is broad ("à l'usine" is a workplace): only
    # this session's lonely places count here.
    lonely = "extort_lonely" in names
    # The cues' "come alone", "no video", "change of place" and this
    # session's covert details, one phrase counted once.
    covert = _distinct_spans(
        [
            *message.hits_of("intent", "extort_covert"),
            *(h for h in message.hits_of("cue") if h.entry.name in _COVERT_CUES),
        ]
    )
    night = "extort_night" in names or "meeting_night" in cues or bool(_LATE.search(message.text))
    loot = _distinct(message, "extort_loot")
    crew = _distinct(message, "extort_crew")
    signal = "extort_signal" in names
    return bool(
        (lonely and (covert or night or crew or loot or signal))
        or (crew and (crew >= 2 or covert or loot))
        or (loot and (loot >= 2 or covert or night))
        or covert >= 2
    )


def _distinct_in(names: set[str], message: Scanned) -> int:
    """How many whereabouts the message gives (phrases and clock times)."""
    clock = bool(_CLOCK.search(message.text))
    return (_distinct(message, "extort_where") if "extort_where" in names else 0) + clock


def _distinct(message: Scanned, name: str) -> int:
    """How many different phrases of component ``name`` (a phrase inside
    another counts once)."""
    return _distinct_spans(message.hits_of("intent", name))


def _distinct_spans(hits: list[Hit]) -> int:
    """How many phrases that do not overlap among ``hits``."""
    spans = sorted((h.start, h.end) for h in hits)
    count, last_end = 0, -1
    for start, end in spans:
        if start >= last_end:
            count += 1
            last_end = end
        else:
            last_end = max(last_end, end)
    return count
