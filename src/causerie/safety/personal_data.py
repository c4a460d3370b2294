"""Personal data in a message: phone numbers (any spelling), e-mail
addresses, street addresses and messaging-app handles. Each finding carries
the original span so that it can be masked.

Phone numbers are recognised by ``phonenumbers`` on a view of the text in
which numbers written as words have become digits, so "zéro six douze…"
and "O6 l2 34 S6 78" are found as well as "06 12 34 56 78" and "+33 6…".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import phonenumbers
import regex
from phonenumbers import PhoneNumberType

from causerie.safety.numbers import DigitView, digit_view
from causerie.safety.phone_candidates import regions_worth_matching

PHONE = "phone_number"
EMAIL = "email"
ADDRESS = "street_address"
HANDLE = "social_handle"

_REGIONS = ("FR", "GB", "US")
# Session 17 (author bm-outremer): French overseas numbers are dialled
# like mainland ones ("0693 41 12 07" in La Réunion, "0639…" in Mayotte,
# "0690…" in Guadeloupe) but belong to their own regions in the metadata, so
# a digit group is checked against them too.
_GROUP_REGIONS = (*_REGIONS, "RE", "YT", "GP", "MQ", "GF")
_MIN_PHONE_DIGITS = 8
_MIN_NATIONAL_DIGITS, _MAX_PHONE_DIGITS = 9, 13
_DATE_OR_TIME = frozenset("/:hH")
_MONEY_AFTER = regex.compile(r"(?i)\s*(?:€|eur|euros?|\$|dollars?|£|pounds?|k€|balles)")
_EMAIL = regex.compile(
    r"(?i)\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"
    r"|\b[\w.+-]{2,}\s*(?:\(at\)|\[at\]|\{at\}|\s(?:at|arobase|arrobase)\s|\s?@\s?)\s*[\w-]+"
    r"\s*(?:\(dot\)|\[dot\]|\{dot\}|\s(?:dot|point)\s|\.)\s*"
    r"(?:com|fr|net|org|be|ch|ca|io|eu|co\.uk|co|uk|de|me)\b"
    # The domain spelled letter by letter ("lea @ g m a i l . c o m"):
    # review 8, s8fix2.
    r"|\b[\w.+-]{2,}\s*(?:\(at\)|\[at\]|\s(?:at|arobase|arrobase)\s|\s?@\s?)\s*"
    r"(?:[a-z0-9]\s){2,}[a-z0-9]\s*(?:\(dot\)|\s(?:dot|point)\s|\.)\s*"
    r"(?:c\s?o\s?m|f\s?r|n\s?e\s?t|o\s?r\s?g|b\s?e|c\s?h|c\s?a|i\s?o|e\s?u|d\s?e|m\s?e)\b"
)
_STREET_ANY = (
    r"rue|avenue|av\.?|boulevard|bd|bvd|all[ée]e|impasse|quai|square|r[ée]sidence|lotissement"
)
_STREET_NAMED = r"place|route|cours|chemin|passage|cit[ée]"
_ADDRESS_FR = regex.compile(
    r"(?i)\b\d{1,4}\s*(?:bis|ter)?\s*,?\s*(?:" + _STREET_ANY + r")\s+"
    r"(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|d['’])?[\p{L}][\p{L}'’-]+"
)
# "place", "route", "cours"... are also ordinary words: only with a proper name.
_ADDRESS_FR_NAMED = regex.compile(
    r"\b\d{1,4}\s*(?:bis|ter)?\s*,?\s*(?i:" + _STREET_NAMED + r")\s+"
    r"(?i:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|d['’])?\p{Lu}[\p{L}'’-]+"
)
_ADDRESS_EN = regex.compile(
    r"\b\d{1,5}[A-Za-z]?\s+(?:\p{Lu}[\p{L}'-]+\s+){1,3}"
    r"(?i:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|close|"
    r"crescent|terrace|way|place|pl)\b\.?"
)
# Emoji, stars, bullets and joiners that decorate a handle or an address
# between its pieces ("lea⭐2009", "lulu93 🌀 gmail • com"): no letter, digit
# or punctuation a sentence uses.
_DECOR = r"[\p{So}\p{Sk}•·∙◦‣⁃\ufe0f\u200d]"
_APP_EMOJI = r"[👻📸]"  # an app's name (data/confusables.tsv), not decoration
_HANDLE_DECOR = r"(?:(?!" + _APP_EMOJI + r")" + _DECOR + r")"
# What follows an app name when someone gives their handle on it.
_HANDLE_AFTER_APP = regex.compile(
    r"\s*(?P<sep>(?:(?:(?:c['’]?\s?est|c|est|is|it['’]?s|arobase|arrobase)(?=\s)|=|:|->|→|➡️?|"
    r"(?:👉|👇)[\U0001F3FB-\U0001F3FF]?|-|@)\s*)*)"
    # "sur tiktok en lea_2009", "on insta as max.b_07": not a separator that
    # makes any word a handle (kept out of "sep"), so the handle must look like one.
    r"(?P<via>(?:en|as|under|sous le nom|sous le pseudo|sous)\s+)?"
    # an emoji before it is decoration, no separator ("insta 💫 m 💫 a 💫 x"):
    # the handle must look like one
    r"(?:" + _HANDLE_DECOR + r"+\s*)?"
    # A handle spelled one character at a time ("l e a _ 2 0 0 9") or with
    # combining marks on every letter ("l͟e͟a͟"), or written plainly.
    r"@?(?P<handle>(?:[\p{L}\p{N}._#-]\s){3,31}[\p{L}\p{N}._#-](?![\p{L}\p{N}])"
    # Pieces between decorations ("lea⭐2009", "l 🌸 e 🌸 a 🌸 2009"): one
    # handle when its pieces make one (``_decorated_handle``).
    r"|[\p{L}\p{N}._#-]+(?:\s?" + _HANDLE_DECOR + r"+\s?[\p{L}\p{N}._#-]+){1,12}"
    r"|[\p{L}\p{N}._#-][\p{L}\p{N}\p{M}._#-]{2,64})"
)
_DECORATION = regex.compile(_HANDLE_DECOR)
_HANDLE_WORDS = frozenset(
    [
        "moi",
        "me",
        "toi",
        "you",
        "u",
        "ce",
        "soir",
        "demain",
        "stp",
        "please",
        "plz",
        "pls",
        "aussi",
        "too",
        "and",
        "et",
        "ou",
        "or",
        "sur",
        "on",
        "pas",
        "not",
        "no",
        "non",
        "oui",
        "yes",
    ]
)
_INVITE_LINK = regex.compile(
    r"(?i)\b(?:t\.me|telegram\.me|wa\.me|discord\.gg|discord\.com/invite|snapchat\.com/add|"
    r"instagram\.com|tiktok\.com/@|kik\.me)/\S+"
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data: ``kind`` and original ``[start, end)``."""

    kind: str
    start: int
    end: int


# Session 24: a local number said to be one ("text me 555-0192", "call me
# 5793 2841, my mauritius number"): seven or eight digits grouped as local
# numbers are (3-4, 4-4), beside a phone word. Thousands grouped by three
# ("contact moi, 1 500 000 fcfa") are an amount. Session 25 (review s25):
# the spaces phones put in numbers (no-break, narrow no-break) and a dash
# only between three and four digits: "1400-1530" is a range.
_SPACE = "[ \u00a0\u202f]"
_LOCAL_NUMBER = regex.compile(
    r"(?<![\d.,:/-])(?:\d{3}(?:[-.–]|" + _SPACE + r")|\d{4}(?:\.|" + _SPACE + r"))\d{4}"
    r"(?!\d|[.,:/-]\d|\s?(?:€|\$|£|fcfa|cfa|eur|mah|px|p\b|mb|gb|elo|resolution|on the jersey))"
)
_PHONE_CUES = (
    r"text me|txt me|call me|ring me|msg me|message me|dm me|hmu|hit me up|whatsapp me|"
    r"appelle[ -]moi|texte[sz]?[ -]moi|sms[ -]moi|[ée]cri[st]?[ -]moi|[ée]crivez[ -]moi"
)
_LOCAL_CUE = regex.compile(
    r"(?i)\b(?:" + _PHONE_CUES + r"|my (?:phone |cell |mobile )?(?:number|num)(?:s|['’]s)?|"
    r"my (?:#|cell|digits|phone)|mon num|mon numero|mon numéro|mon tel|mon tél|mon portable|"
    r"here['’]?s my number|voici mon num\w*)(?!\w)"
)
# Session 25: the cue may stand a few words off ("my # is 555-0143", "text
# me instead 555-0147", "here's my number so we can text, 555 0142", "text
# me when ur free 555-0147"); only words that carry the number on may stand
# between (review s25: "hmu for duos, im 1800-2000 elo", "my # on the
# leaderboard is 123 4567", "text me, order 555-1234 shipped" are no
# phones), with any punctuation or emoji.
_FILLER = (
    r"is|est|c['’]?est|c|its|it['’]?s|it|on|at|au|le|la|mine|here|ici|voici|voila|r|"
    r"instead|plut[ôo]t|stp|pls|plz|please|lol|mdr|fr|ok|so|we|can|text|talk|chat|bien|"
    r"juste|just|really|actually|vraiment|"
    r"when|whenever|anytime|ur|you|u|re|are|free|quand|tu|veux|if|si|want|wanna|"
    r"number|num|numero|numéro|my|mon|perso|cell|mobile|new|nouveau|direct|easier|"
    r"plus|simple|properly|the|then|after|apres|après|school|cours|work|taf|ce|soir|tonight"
)
_CARRIES_ON = regex.compile(
    r"(?i)(?:[^\p{L}\p{N}\n]|(?<![\p{L}\p{N}])(?:" + _FILLER + r")(?![\p{L}\p{N}]))*"
)
_CUE_REACH = 96
# Only a 3-4 number ("555-0147 text me") is read with the cue after it: a
# 4-4 one before "text me" may be a score or a range.
_SHORT_LOCAL = regex.compile(r"\d{3}\D\d{4}")
_AFTER_CUE = regex.compile(
    r"(?i)[^\p{L}\p{N}\n]{0,8}(?:(?:that['’]?s|c['’]?est|it['’]?s)\s+(?:my|mon)\s+(?:number|num\w*)"
    r"|(?:" + _PHONE_CUES + r"))(?!\w)"
)
# A number named as something else just before it ("page 123-4567 call me",
# "it costs 123-4567 hmu", "order 555-1234").
_NAMED_BEFORE = regex.compile(
    r"(?i)\b(?:page|p|order|commande|costs?|co[uû]te|prix|price|ref|no|n°|#|room|salle|"
    r"bus|ligne|line|code|flat|apt|score|elo|rank|budget)\W{0,3}$"
)
_YEARS = regex.compile(r"(?:19|20)\d\d\D(?:19|20)\d\d")
_STANDS_ALONE = regex.compile(r"(?:^|[.!?,;:\n(]|\p{So})\s*$")


def _cue_before(text: str, start: int) -> bool:
    for cue in _LOCAL_CUE.finditer(text, max(0, start - _CUE_REACH), start):
        if _CARRIES_ON.fullmatch(text, cue.end(), start):
            return True
    return False


def _local_numbers_said(text: str, taken: list[Finding]) -> list[Finding]:
    found: list[Finding] = []
    for number in _LOCAL_NUMBER.finditer(text):
        start, end = number.span()
        if _YEARS.fullmatch(number.group()) or any(f.start < end and start < f.end for f in taken):
            continue
        if _NAMED_BEFORE.search(text[max(0, start - 12) : start]):
            continue
        # With the cue after it, the number stands alone ("555-0147 text
        # me"), not as what something is ("the answer is 123-4567 text me",
        # "le score final 123-4567 appelle moi"; review s25).
        alone = _STANDS_ALONE.search(text, 0, start) is not None
        short = _SHORT_LOCAL.fullmatch(number.group()) is not None
        if _cue_before(text, start) or (short and alone and _AFTER_CUE.match(text, end)):
            found.append(Finding(PHONE, start, end))
    return found


# Session 26 (authors ea..ef): a local number spelled out in words after
# the sender's own phone cue ("text me its five five five zero one four two",
# "my number's five five five, oh one eight eight"): seven or eight digits
# said one by one in a run of the digit view, nothing but blanks or a comma
# between them. Review s26: not two-digit words ("quinze, seize, douze …"
# are grades), not a dance count ("five six seven eight, one two three
# four"), not with the cue after it ("…, text me if u forget").
_SPELLED_LOCAL = regex.compile(r"(?<!\d[\s,.-]{0,2})\d(?:[\s,.-]{1,2}\d){6,7}(?![\s,.-]{0,2}\d)")


def _counted_up(digits: str) -> bool:
    """Digits that are one or two runs counting up by one ("5678 1234")."""
    breaks = sum(int(b) != int(a) + 1 for a, b in itertools.pairwise(digits))
    return breaks <= 1 and len(digits) >= 7


def _spelled_local_numbers(text: str, taken: list[Finding]) -> list[Finding]:
    view = digit_view(text)
    if view.text is text:
        return []
    found: list[Finding] = []
    for number in _SPELLED_LOCAL.finditer(view.text):
        start, end = view.original_span(*number.span())
        if any(f.start < end and start < f.end for f in taken):
            continue
        if not any(ch.isalpha() for ch in text[start:end]):
            continue  # written in digits: ``_local_numbers_said``'s to read
        if _counted_up("".join(ch for ch in number.group() if ch.isdigit())):
            continue
        if _cue_before(view.text, number.start()):
            found.append(Finding(PHONE, start, end))
    return found


def find_phone_numbers(text: str) -> list[Finding]:
    """Phone numbers, including those spelled out in words (FR/EN)."""
    found = _find_phone_numbers(text)
    if any(ch.isdigit() for ch in text):
        # A local number beside a full one is read too ("my # is 555-0147,
        # or my french one 06 …").
        found = [*found, *_local_numbers_said(text, found)]
    return sorted([*found, *_spelled_local_numbers(text, found)], key=lambda f: f.start)


def _find_phone_numbers(text: str) -> list[Finding]:
    if sum(map(str.isdigit, text)) < _MIN_PHONE_DIGITS:
        view = digit_view(text)
        if view.text is text or sum(map(str.isdigit, view.text)) < _MIN_PHONE_DIGITS:
            return []
    else:
        view = digit_view(text)
    # Digit groups first: cheap, and they find a number followed by another
    # one ("06 12 34 56 78 123", "… à 18 15") that the matcher below misses
    # because it reads the whole run as one invalid candidate. The matcher
    # (slower: it tries many inner candidates per region) runs only when the
    # groups found nothing, for the formats they do not cover.
    # Digits spelled out in words ("five five five oh one…") are said to be
    # a number as surely as "mon num": nobody spells out their marks.
    spelled = view.text is not text
    if spelled and _counted(view.text):
        return []
    found = _glued_phone_numbers(view, _valid_phone_said if spelled else None)
    if not found and spelled and _SPELLED_DIGITS.search(text):
        # Session 21: ten spelled-out digits from "zéro six" are a number
        # even in a range no operator has (the fiction range "06 39 98"
        # authors use, a mistyped one): the spelling says it.
        found = _glued_phone_numbers(view, _possible_phone)
    if found:
        return _not_fractions(text, found)
    if _PHONE_CUE.search(text):
        # Said to be a number ("mon num c 06 39 98 41 22", "text me on 07700
        # 914 382"): a number that has a phone number's length and prefix is
        # one, even if no operator has it (reserved, fictional, mistyped);
        # so is one written without its trunk 0 ("call 7911 123456").
        found = _glued_phone_numbers(view, _valid_phone_said) or _glued_phone_numbers(
            view, _possible_phone
        )
        if found:
            return found
    # Only where the matcher may find something: on "lea_2009 1234" a
    # French number would need nine digits (phone_candidates, issue 12).
    for region in regions_worth_matching(view.text, _REGIONS):
        for match in phonenumbers.PhoneNumberMatcher(
            view.text, region, leniency=phonenumbers.Leniency.VALID
        ):
            if _MONEY_AFTER.match(view.text, match.end):
                continue  # a price that happens to look like a number
            start, end = view.original_span(match.start, match.end)
            if not any(f.start < end and start < f.end for f in found):
                found.append(Finding(PHONE, start, end))
        if found:
            break
    return _not_fractions(text, found)


_DECIMAL_ZERO = regex.compile(r"(?<![\d.,])0[.,]$")


def _not_fractions(text: str, found: list[Finding]) -> list[Finding]:
    """Without the digits after "0," or "0." ("c'est 0,612345678 arrondi"):
    the fraction of a decimal number, not a phone number (review 9)."""
    return [f for f in found if not _DECIMAL_ZERO.search(text, max(0, f.start - 3), f.start)]


# Digit groups of one number split by separators or a few filler words
# ("mon 06 c'est 12-34-56-78", keycap emoji "0️⃣6️⃣…", "06 12 34 56 7 8").
_DIGIT_RUN = regex.compile(r"\+?\d+")
_GAP = regex.compile(
    r"(?i)[^\p{L}\p{N}]*(?:(?:c['’]?\s?est|c|est|puis|et|apr[eè]s|ensuite|le|then|and|is|"
    r"it['’]?s|after|avec|with|la fin|fin|the end|end|the rest|le reste|en dernier|last|"
    # the separator said as a word between digit groups ("06 point 12 point
    # 34", "555 dot 123 dot 4567"): review 8, s8fix2; s8fix did it between
    # number words (numbers.py)
    r"point|dot|tiret|dash|hyphen|slash|trait)"
    r"[^\p{L}\p{N}]*){0,3}"
)
_MAX_GAP = 18


# Words that say a number is a phone number (FR/EN).
_PHONE_CUE = regex.compile(
    r"(?i)\b(?:num|nums|numero|numéro|number|tel|tél|telephone|téléphone|phone|portable|mobile|"
    r"cell|call|appelle|appeler|appel|text|txt|sms|texto|whatsapp|wa|telegram|signal|[ée]cris|"
    r"[ée]crivez|write|ring|joindre|contact|bigo|06|07)\b"
)


_COUNTING = regex.compile(
    r"\b(?:tables?|fois|times|multiples?|compte|comptez|count|counting|skip count)\b", regex.I
)


def _counted(view_text: str) -> bool:
    """Session 21 (review s21): a times table said in words ("la table de
    six : zéro, six, douze, dix-huit, vingt-quatre"): a word for counting
    and zero then three multiples of one step are a sum, not a phone
    number, even when their digits make one. Only from zero and with the
    word: the fiction numbers people write ("zéro six, douze,
    trente-quatre…") climb by steps too, and digits said one by one ("oh
    seven seven oh oh, nine double-oh one two three") count up."""
    if not _COUNTING.search(view_text):
        return False
    values = [int(run.lstrip("+")) for run in _DIGIT_RUN.findall(view_text)]
    for k in range(len(values) - 3):
        step = values[k + 1]
        if values[k] == 0 and step and values[k + 2] == 2 * step and values[k + 3] == 3 * step:
            return True
    return False


# Digits spelled out as words from the start of a number: "zéro six",
# "zero seven", "oh seven"; a lone "six" or a price in words is not.
_SPELLED_DIGITS = regex.compile(
    r"\b(?:z[ée]ro|oh|o)[\s-]+(?:six|sept|seven|un|one|deux|two)\b"
    # Session 25: words and digits mixed ("zéro 7 zéro zéro …"); not a list
    # of scores ("zéro 7, zéro 0", "zéro 7 puis zéro 2"; review s25).
    r"|\bz[ée]ro[\s-]+[1-9][\s-]+z[ée]ro\b",
    regex.I,
)


def _possible_phone(digits: str) -> bool:
    """A phone number's shape: French ten digits from 01-09, British eleven
    from 01/02/07, or an international number that ``phonenumbers`` finds
    possible."""
    bare = digits.lstrip("+")
    if digits.startswith("+"):
        try:
            return len(bare) >= 10 and phonenumbers.is_possible_number(
                phonenumbers.parse(digits, None)
            )
        except phonenumbers.NumberParseException:
            return False
    return (len(bare) == 10 and bare[0] == "0" and bare[1] in "123456789") or (
        len(bare) == 11 and bare[:2] in ("01", "02", "07")
    )


def _glued_phone_numbers(
    view: DigitView, valid: Callable[[str], bool] | None = None
) -> list[Finding]:
    runs = list(_DIGIT_RUN.finditer(view.text))
    found: list[Finding] = []
    i = 0
    while i < len(runs):
        j = i
        while (
            j + 1 < len(runs)
            and runs[j + 1].start() - runs[j].end() <= _MAX_GAP
            and _GAP.fullmatch(view.text, runs[j].end(), runs[j + 1].start())
            and not _decimal(view.text, runs[j], runs[j + 1])
        ):
            j += 1
        found += _numbers_in_group(view, runs[i : j + 1], valid or _valid_phone)
        i = j + 1
    return found


def _decimal(text: str, whole: regex.Match[str], fraction: regex.Match[str]) -> bool:
    """A lone "0" and the digits after its decimal comma or point
    ("0,612345678", "0.0712"): a decimal number (review 9). "0.6.1.2.3…"
    (digits one by one) and "0.612 345 678" (groups after it) stay a phone."""
    return (
        whole.group() == "0"
        and len(fraction.group()) >= 3
        and text[whole.end() : fraction.start()] in (",", ".")
        and not text[: whole.start()].rstrip().endswith((",", ".", "-"))
        and not regex.match(r"[.,\s-]\d", text[fraction.end() : fraction.end() + 2])
    )


def number_ends(text: str) -> tuple[str, str, bool]:
    """The digits of the first and of the last group of digit runs in a
    message (numbers written as words count), and whether there is only one
    group: what a number given in pieces over several messages is made of
    ("le début c'est 06 12 34" then "et la fin 56 78")."""
    view = digit_view(text)
    runs = list(_DIGIT_RUN.finditer(view.text))
    if not runs:
        return "", "", False
    groups: list[list[regex.Match[str]]] = [[runs[0]]]
    for previous, run in pairwise(runs):
        gap = view.text[previous.end() : run.start()]
        if len(gap) <= _MAX_GAP and _GAP.fullmatch(gap) and not _DATE_OR_TIME.intersection(gap):
            groups[-1].append(run)
        else:
            groups.append([run])
    first = "".join(run.group() for run in groups[0])
    last = "".join(run.group() for run in groups[-1])
    return first, last, len(groups) == 1


def completes_phone(before: str, after: str) -> bool:
    """Whether digits given earlier and digits given now make one phone
    number, dialled as one is (a 0 or a + first)."""
    digits = before + after
    return digits.startswith(("0", "+")) and _valid_phone(digits)


def _numbers_in_group(
    view: DigitView, runs: list[regex.Match[str]], valid: Callable[[str], bool]
) -> list[Finding]:
    """The valid numbers of one group of digit runs: the whole group, or
    else, left to right, the shortest runs in a row that make a number and
    start as a dialled number does, with a 0 or a + ("06 12 34 56 78 123":
    the number, then a stray count). Numbers are made of whole runs: none
    is cut out of a longer run of digits (an order or account number), and
    a date and a time ("12/03/2024 14:30") do not start with a 0."""
    found: list[Finding] = []
    whole = "".join(run.group() for run in runs)
    if valid(whole):
        return _phone_finding(view, runs[0], runs[-1])
    first = 0
    while first < len(runs):
        taken = None
        if runs[first].group().startswith(("0", "+")):
            digits = ""
            for last in range(first, len(runs)):
                if last > first and _DATE_OR_TIME.intersection(
                    view.text[runs[last - 1].end() : runs[last].start()]
                ):
                    break  # "03/2024 14:30" is a date and a time
                digits += runs[last].group()
                if len(digits.lstrip("+")) > _MAX_PHONE_DIGITS:
                    break
                if valid(digits):
                    taken = last
                    break
        if taken is None:
            first += 1
            continue
        found += _phone_finding(view, runs[first], runs[taken])
        first = taken + 1
    return found


def _phone_finding(
    view: DigitView, first: regex.Match[str], last: regex.Match[str]
) -> list[Finding]:
    if _MONEY_AFTER.match(view.text, last.end()):
        return []  # a price that happens to look like a number
    start, end = view.original_span(first.start(), last.end())
    return [Finding(PHONE, start, end)]


# Session 18 (review s17): a list of marks ("12 14 15 11 et 16 en maths")
# read as a British landline with its trunk 0 left out. Without a word for
# a phone, a number of a region that dials a trunk 0, written without it,
# is taken only when it is a mobile ("6 12 34 56 78", "7911 123456": what
# people give); the North American plan has no trunk 0 at all. Said to be
# a number ("call 121 496 0000"), any reading counts.
_NO_TRUNK_REGIONS = ("US",)
_MOBILE = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})


def _valid_phone(digits: str) -> bool:
    if digits.startswith(("0", "+")):
        return _valid_in(digits, _GROUP_REGIONS)
    return _valid_in(digits, _NO_TRUNK_REGIONS) or _valid_in(
        digits, _GROUP_REGIONS, mobile_only=True
    )


def _valid_phone_said(digits: str) -> bool:
    return _valid_in(digits, _GROUP_REGIONS)


# A message's candidates are tried by several passes (the digit groups,
# then the matcher; the filter, then the scorer's signals), and parsing is
# the dearest step of the phone finder: the answers for the last candidates
# are kept.
@lru_cache(maxsize=1024)
def _valid_in(digits: str, regions: tuple[str, ...], *, mobile_only: bool = False) -> bool:
    if not _MIN_NATIONAL_DIGITS <= len(digits.lstrip("+")) <= _MAX_PHONE_DIGITS:
        return False
    for region in regions:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) and (
            not mobile_only or phonenumbers.number_type(number) in _MOBILE
        ):
            return True
    return False


# Every e-mail pattern needs an "@" or a word for it: most messages have
# neither, and this test is much cheaper than the patterns (speed, issue 12).
_ANY_DIGIT = re.compile(r"\d")
_AT_SIGN = re.compile(r"@|\sat\s|arr?obase|[(\[{]at[)\]}]", re.IGNORECASE)


def find_emails(text: str) -> list[Finding]:
    found = (
        [Finding(EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(text)]
        if _AT_SIGN.search(text)
        else []
    )
    if _may_name_provider(text):
        for finding in _decorated_emails(text):
            if not any(f.start < finding.end and finding.start < f.end for f in found):
                found.append(finding)
    return found


# An address at a mail provider whose "@" and "." are disguised by emoji,
# bullets, brackets or words ("lulu93 🌀 gmail • com", "lulu93 (a) gmail
# (.) com", "lulu93 arobaz gmail", "l u l u 9 3 @ g m a i l . c o m").
# The provider is what makes it an address; the words around it decide
# (``_decorated_emails``).
# Only providers whose name is no ordinary word ("free", "live", "orange"
# are): an address at those still needs its "@" or "at" (``_EMAIL``,
# ``_MAIL_PROVIDER``).
_PROVIDERS = (
    "mail", "m a i l", "outlook", "yahoo", "icloud", "proton", "laposte", "wanadoo", "gmx",
)  # fmt: skip


def _may_name_provider(text: str) -> bool:
    """Whether a provider's name may be in ``text``: substring tests, much
    cheaper than a case-insensitive pattern on every message (speed)."""
    lowered = text.lower()
    return any(name in lowered for name in _PROVIDERS)


# Not "/", "-" or ".": those join the words of a link ("free-skins.net/live").
_AT_SYMBOL = r"(?:" + _DECOR + r"|[@*~+=#&%$§°^|]){1,8}"
_DOT_SYMBOL = r"(?:" + _DECOR + r"|[.*~+=#&%$§°^|]){1,8}"
_DECORATED_EMAIL = regex.compile(
    # Atomic groups: a word is read once as the local part, never cut
    # (a message without an address costs one pass, not one per split).
    r"(?i)(?<![\w.+/-])(?P<local>(?>(?:[\w.+-]\s){2,}[\w.+-](?![\w.+-]))"
    # separators spelled out in the local part ("jayden dot b", "maya
    # underscore r"): session 16, review r16b
    r"|(?>[\w+-]+(?:\s(?:dot|point|underscore|tiret|dash)\s[\w+-]+)+)"
    # a dot in brackets inside the local part ("marc (point) dufour")
    r"|(?>(?:[\w+-]+\s*[(\[{]\s*(?:\.|dot|point)\s*[)\]}]\s*)*[\w.+-]{2,}))\s*"
    r"(?:(?P<at>" + _AT_SYMBOL + r"|[(\[{]\s*(?:at|a|@|arr?obase|arr?obaz)\s*[)\]}]"
    r"|arr?obase|arr?obaz)|(?P<word>(?<=\s)(?:at|a|chez)(?=\s))|)\s*"
    # the provider a word of its own, not the end of a link's name
    # ("fortnite-vbucks-free.net/claim", "youtube.com/live/x")
    r"(?<![\w.+/-])(?P<provider>g\s?m\s?a\s?i\s?l|h\s?o\s?t\s?m\s?a\s?i\s?l|outlook|yahoo|"
    r"icloud|proton(?:mail)?|laposte|wanadoo|gmx)"
    r"(?:\s*(?:" + _DOT_SYMBOL + r"|[(\[{]\s*(?:\.|dot|d0t|point|pt)\s*[)\]}]"
    r"|(?<=\s)(?:dot|d0t|point|pt)(?=\s)|)\s*"
    r"(?P<tld>c\s?o\s?m|f\s?r|net|org|be|ch|ca|co\.uk|co|uk|de|eu)(?![\w/-]))?"
    r"(?![\w/-]|\.\w)"
)


_SPELLED_SEPARATOR = regex.compile(r"(?i)\s(?:dot|point|underscore|tiret|dash)\s")


def _decorated_emails(text: str) -> list[Finding]:
    """Addresses at a provider written with disguised separators. A symbol
    or a bracketed "@" says so with an ending or a local part shaped like
    one (a digit, a dot, an underscore); a word ("at", "a", "chez") or a
    space needs both: "j'ai 2 comptes gmail", "il a gmail" stay text."""
    found = []
    for match in _DECORATED_EMAIL.finditer(text):
        local = match.group("local").replace(" ", "")
        marked = any(ch.isdigit() or ch in "._-+" for ch in local) or bool(
            _SPELLED_SEPARATOR.search(match.group("local"))
        )
        ending = match.group("tld") is not None
        given = (ending or marked) if match.group("at") else (ending and marked)
        if given and local.casefold() not in _HANDLE_WORDS:
            found.append(Finding(EMAIL, match.start(), match.end()))
    return found


# An English address written in lower case, after words that give one
# ("i live at 42 baker street", "my address is 10 downing st").
_ADDRESS_EN_GIVEN = regex.compile(
    r"(?i)\b(?:live at|living at|lives at|live on|living on|lives on|address is|addy is|adress is|"
    r"i['’]?m at|staying at|"
    r"stay at|come to|come round to|address:)\s+(?P<address>\d{1,5}[a-z]?\s+(?:[\p{L}'-]+\s+){1,3}?"
    r"(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|close|crescent|"
    r"terrace|way|place|pl|grove|gardens|park|square|row|hill|mews|walk)\b\.?)"
)
# The rest of an address: floor and door, building, flat, door code ("au 3e
# gauche", "2e étage porte droite", "bâtiment B", "flat 3", "digicode 4521B").
# Ordinary words too ("le rayon est au 2e étage"): only counted when the
# message says it is where someone lives or can be found.
_DWELLING_DETAIL = regex.compile(
    r"(?i)\b\d{1,2}\s?(?:e|eme|ème|er|ère|ere|th|rd|nd|st)\s+(?:[ée]tage\s+)?"
    r"(?:gauche|droite|face|fond|porte\s+(?:gauche|droite|\w{1,3}))\b"
    r"|\b\d{1,2}\s?(?:e|eme|ème|er|ère|ere)\s+[ée]tage\b|\b\d{1,2}(?:th|rd|nd|st)\s+floor\b"
    r"|\b(?:b[aâ]t(?:iment)?|appart(?:ement)?|appt|apt|apartment|flat|unit|escalier|esc|"
    r"porte|bloc|block|tour|r[ée]sidence)\.?\s+(?:n[°o]\s*)?(?:[a-z]|\d{1,4}[a-z]?)\b"
    r"|\b(?:digicode|door code|gate code|code de la porte|code d['’]entr[ée]e|"
    r"code de l['’]immeuble|code porte|interphone|buzzer)\s*(?:c['’]?est|is|=|:)?\s*[\w#*]{2,8}"
)
_DWELLING = regex.compile(
    r"(?i)\b(?:j['’]?\s?habite|jhabite|habite au|chez moi|chez nous|mon appart|mon immeuble|"
    r"ma porte|ma r[ée]sidence|je suis au|on est au|sonne|interphone|digicode|monte au|"
    r"i live|we live|my flat|my apartment|my place|our flat|our place|i['’]?m at|im at|"
    r"come up to|buzz)"
)
# Session 24: the house number after an English street ("on Wren Street,
# number 9", "birch lane, #22"; the French order, "rue des Lilas, numéro
# 12", is not read yet): counted only right after words saying one lives there
# ("i live on …", "j'habite …"), not anywhere in a message that has them
# ("we live in paris, the shop on oxford street no 10").
_HOME_SAID = regex.compile(
    r"(?i)\b(?:j['’]?\s?habite|jhabite|i live|we live|my place is|im at|i['’]?m at|my flat is)\b"
)
_HOME_TO_STREET = 12
_NUMBER_AFTER_STREET = regex.compile(
    r"(?i)\b(?:[\p{L}'-]+\s+){1,2}(?:street|st|road|rd|lane|avenue|ave|drive|close|crescent|way|"
    r"grove)\s*,?\s*(?:number|no\.?|n[°º]|#)\s*\d{1,4}[a-z]?\b"
)


# A house number written in words ("dix-sept rue de la paix", "au
# quarante-deux bis avenue Victor Hugo", "twelve baker street"; issue 12,
# s8fix), read on the digit view. A number word is an ordinary word far more
# often than a digit is ("on était douze rue de la Paix", "one more road
# trip"), so it counts only where an address is given: at the start of the
# message or after a word that introduces one ("au", "habite", "c'est",
# "live at", "address is"), and an English street name in lower case must
# not be an ordinary word ("one long drive"). A colon may follow the word
# ("mon adresse : vingt-trois avenue…", review 8, s8fix2).
_WORD_NUMBER_OPENER = (
    r"(?:^|(?<=\b(?:au|à|a|habite|jhabite|adresse|est|c|vis|chez|live|lives|living|at|to|is|"
    r"on|in|address|addy|im|i['’]?m|round)(?:\s*[:=]\s*|\s+)))"
)
_ADDRESS_FR_WORDS = regex.compile(
    r"(?i)"
    + _WORD_NUMBER_OPENER
    + r"\d{1,4}\s*(?:bis|ter)?\s*,?\s*(?:"
    + _STREET_ANY
    + "|"
    + _STREET_NAMED
    + r")\s+(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|d['’])?[\p{L}][\p{L}'’-]+"
)
_ORDINARY_BEFORE_STREET = (
    r"(?!(?:more|long|last|first|good|bad|big|small|little|old|new|way|of|the|a|an|my|your|"
    r"his|her|our|their|this|that|whole|fast|slow|open|dirt|side|back|country|high|other)\b)"
)
_ADDRESS_EN_WORDS = regex.compile(
    r"(?i)"
    + _WORD_NUMBER_OPENER
    + r"\d{1,5}\s+(?:"
    + _ORDINARY_BEFORE_STREET
    + r"[\p{L}'-]+\s+){1,3}(?:street|st|road|rd|avenue|ave|lane|drive|boulevard|blvd|crescent|"
    r"terrace|close|grove|gardens|mews|square)\b\.?"
)


def _addresses_in_words(text: str) -> list[Finding]:
    """Street addresses whose house number is written in words."""
    view = digit_view(text)
    if view.text == text:
        return []  # no number word: the digit patterns below see it all
    found: list[Finding] = []
    for pattern in (_ADDRESS_FR_WORDS, _ADDRESS_EN_WORDS):
        for m in pattern.finditer(view.text):
            start, end = view.original_span(m.start(), m.end())
            found.append(Finding(ADDRESS, start, end))
    return found


def find_addresses(text: str) -> list[Finding]:
    words = _addresses_in_words(text)
    if not _ANY_DIGIT.search(text):
        return words  # every other address pattern starts with a house number
    found = words + [Finding(ADDRESS, m.start(), m.end()) for m in _ADDRESS_FR.finditer(text)]
    found += [Finding(ADDRESS, m.start(), m.end()) for m in _ADDRESS_FR_NAMED.finditer(text)]
    found += [Finding(ADDRESS, m.start(), m.end()) for m in _ADDRESS_EN.finditer(text)]
    found += [
        Finding(ADDRESS, m.start("address"), m.end("address"))
        for m in _ADDRESS_EN_GIVEN.finditer(text)
    ]
    if found or _DWELLING.search(text):
        found += [Finding(ADDRESS, m.start(), m.end()) for m in _DWELLING_DETAIL.finditer(text)]
        homes = [m.end() for m in _HOME_SAID.finditer(text)]
        found += [
            Finding(ADDRESS, m.start(), m.end())
            for m in _NUMBER_AFTER_STREET.finditer(text)
            if any(0 <= m.start() - end <= _HOME_TO_STREET for end in homes)
        ]
    return _without_overlaps(found)


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    """The longest findings, one per place (two address patterns may match
    the same words)."""
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and finding.start < kept[-1].end:
            if finding.end > kept[-1].end:
                kept[-1] = Finding(kept[-1].kind, kept[-1].start, finding.end)
            continue
        kept.append(finding)
    return kept


# "même pseudo qu'ici sur snap", "same @ on insta", "c'est le même blase":
# the member's handle elsewhere is their pseudonym here, given without
# writing it. Counted near an app name only.
_SAME_HANDLE = regex.compile(
    r"(?i)\b(?:m[eê]me|mm|meme|pareil|identique|same|exact same)\s+"
    r"(?:pseudo|pseudal|nom|blase|blaze|identifiant|username|user|name|handle|tag|ign|id|@|"
    r"compte|account|pp)(?![\p{L}\p{N}])"
    r"|(?:pseudo|blase|blaze|nom|username|handle|name|@)\s+(?:pareil|identique|qu['’]\s?ici|"
    r"que ici|que sur|is the same|same as here|as here|same as on here|like here|comme ici)"
)
_SAME_HANDLE_WINDOW = 48
# It is the sender's own name when the phrase opens a clause or follows the
# words that give one ("c'est", "sous le", "find me on snap, same @"), not
# in "the same username trick" or "le même nom que moi".
_SAME_HANDLE_OPENER = regex.compile(
    r"(?i)(?:^|[,.:;!?()\-]|\b(?:c['’]?\s?est|c|je suis|j['’]?\s?suis|sous|avec|le|la|mon|ma|"
    r"j['’]?\s?ai|jai|my|i['’]?m|im|it['’]?s|its|under|me|moi|with|use|using|got|have|pareil))"
    r"\s*$"
)
_SAME_AS_SOMEONE = regex.compile(
    r"(?i)\s*(?:que|qu['’]|as|like|comme)\s*(?:moi|toi|lui|elle|mon|ma|mes|me|my|him|her|the|a|un|une)\b"
)


# Session 24: a handle a few words after the app's name rather than at once
# ("tiktok? im @sk8rboi.lol", "insta en privé c'est @zoe_l.artt", "Insta ⇒
# @sarah.b", "easier on telegram, i'm @dave_rides there"): an "@" that opens
# a token (not an e-mail's) within a short window after the app; and a
# Discord tag ("nox#4471") anywhere beside an app. Before the app an "@" is a
# mention of someone in the room ("@noah t'es sur fb ?").
_AT_HANDLE = regex.compile(r"(?<![\p{L}\p{N}._@])@[\p{L}\p{N}._]{3,30}")
_DISCORD_TAG = regex.compile(r"(?<![\p{L}\p{N}._#])[\p{L}\p{N}._]{2,32}#\d{4}(?!\d)")
_NEAR_HANDLE_WINDOW = 48
# A handle starting in the window is read whole, up to this far past it (the
# longest the patterns take), and no further: each app name costs a bounded
# search, however long the message.
_HANDLE_REACH = 96
_NOT_A_TAG = frozenset({"bug", "issue", "ticket", "pr", "order", "commande", "room", "salle", "no"})


# A handle-shaped word introduced a few words after the app ("i use discord
# way more, im ghostly.kev there", "mon profil c'est Nath_91", "much easier
# on kik, hotpair_brum", "roblox user: PixelPanda_1209"): after an
# introducing word or a colon, a word with letters and a digit, a dot or an
# underscore (a game's name, "gta6", is too short; a time starts with digits).
_INTRODUCED_HANDLE = regex.compile(
    r"(?:\b(?:c['’]?\s?est|c|is|im|i['’]?m|i am|je suis|jsuis|moi c['’]?est|moi c|username|user|"
    r"pseudo|profil|profile|id|gt|tag|cherche|search|add me|ajoute moi|ajoutez moi|ajoutez|"
    r"ajoute|follow|en)\s*:?\s+|[:,=→⇒]\s*)"
    r"(?P<handle>\p{L}[\p{L}\p{N}._]{3,29})(?![\p{L}\p{N}@])",
    regex.IGNORECASE,
)


# A club's, a school's or a brand's account named between the app and the
# handle ("le snap officiel du club c'est hbc.morges"): no one's own.
_SOMEONE_ELSES_ACCOUNT = regex.compile(
    r"\b(?:officiel|officielle|official|du|de l|de la|des|of the|of our|the club|the school)\b",
    regex.IGNORECASE,
)


def _handle_shaped(word: str) -> bool:
    letters = sum(ch.isalpha() for ch in word)
    marked = any(ch.isdigit() or ch in "._" for ch in word)
    # "c.est", "j.ai": a typed apostrophe, not a handle
    elided = len(word) > 1 and word[1] == "." and word[0].isalpha()
    digits = sum(ch.isdigit() for ch in word)
    # "fou2", "mdr2": one digit glued to a short word is a typo, not a handle
    typo = digits == 1 and not any(ch in "._" for ch in word) and letters < 4
    return (
        letters >= 3
        and marked
        and not typo
        and not elided
        and not word.endswith(".")
        and word.casefold() not in _HANDLE_WORDS
    )


# A handle spelled with its dots and underscores said ("mimi dot draws",
# "zyro dot exe", "lina point mrt underscore", "tayy dot 2008"), so that the
# filter reads no handle; "sur insta, point de vue" and "point barre" are words.
_SPELLED_HANDLE = regex.compile(
    r"(?i)(?<![\p{L}\p{N}])(?!(?:is|c|est|my|mon|ma|a|an|un|une|the|on|sur|en|and|et|see|voir|je|suis|i|im|m)\b)"
    r"(?P<handle>[\p{L}\p{N}]+(?:\s[\p{L}\p{N}]){0,8}"
    r"(?:\s+(?:dot|point|pt|underscore|tiret du bas|tiret bas)\b"
    r"\s+(?!(?:de|du|des|d|la|le|les|of|the|barre|final|com|c|and|et|sur|dot|point|and|shoot)\b)"
    r"[\p{L}\p{N}]+)+"
    r"(?:\s+(?:underscore|tiret du bas|tiret bas)\b)?)"
)


# Session 24 (second review): "@here", "@everyone" are a server's pings, and
# an "@" after "de / by / from" is someone else's account ("la vidéo de
# @inoxtag"); "point" after a common word or between two numbers is a word
# ("good point", "17 point 5"); ".com" ends a link, not a handle.
_PINGS = frozenset({"@here", "@everyone", "@channel", "@all"})
# Right before the "@", a word that names someone else's account ("j'ai vu
# sur insta que @lucas a posté", "says so on @downdetector", "la vidéo de
# @inoxtag"): a mention, not one's own handle.
_SOMEONE_ELSES_AT = regex.compile(r"(?i)\b(?:que|qu|de|du|by|from|of|par|on|says|said|via)\s*$")
_POINT_WORDS = frozenset(
    {"good", "fair", "valid", "great", "strong", "main", "key", "bon", "le", "un", "au", "ce",
     "that", "this", "a", "the", "positif", "negatif", "dernier", "premier", "mon", "ton", "my"}
)  # fmt: skip
_LINK_END = regex.compile(r"(?i)\.(?:com|fr|net|org|be|ch|ca|io|co|uk|de)$")


def _spelled_ok(handle: str) -> bool:
    words = handle.split()
    for i, word in enumerate(words):
        if word.casefold() in ("point", "pt") and 0 < i < len(words) - 1:
            before, after = words[i - 1], words[i + 1]
            if before.casefold() in _POINT_WORDS or (before.isdigit() and after.isdigit()):
                return False
    return len(words) >= 2 and words[0].casefold() not in _HANDLE_WORDS


def find_handle_near(text: str, app_start: int, app_end: int) -> Finding | None:
    """An "@handle" or an introduced handle-shaped word starting shortly
    after the app's name (read whole, even past the window), or a Discord
    tag near it."""
    window_end = min(len(text), app_end + _NEAR_HANDLE_WINDOW)
    reach = min(len(text), window_end + _HANDLE_REACH)
    for match in _AT_HANDLE.finditer(text, app_end, reach):
        if match.start() >= window_end:
            break
        if match.group().casefold() not in _PINGS and not _SOMEONE_ELSES_AT.search(
            text[max(app_end, match.start() - 12) : match.start()]
        ):
            return Finding(HANDLE, match.start(), match.end())
    spelled = _SPELLED_HANDLE.search(text, app_end, reach)
    if (
        spelled is not None
        and spelled.start() < window_end
        and not _SOMEONE_ELSES_ACCOUNT.search(text, app_end, spelled.start())
        and _spelled_ok(spelled.group("handle"))
    ):
        return Finding(HANDLE, *spelled.span("handle"))
    for introduced in _INTRODUCED_HANDLE.finditer(text, app_end, reach):
        if introduced.start() >= window_end:
            break
        if _SOMEONE_ELSES_ACCOUNT.search(text, app_end, introduced.start("handle")):
            break
        word = introduced.group("handle")
        if _handle_shaped(word) and not _LINK_END.search(word):
            return Finding(HANDLE, *introduced.span("handle"))
    for tag in _DISCORD_TAG.finditer(text, max(0, app_start - _NEAR_HANDLE_WINDOW), window_end):
        if tag.group().split("#")[0].casefold() not in _NOT_A_TAG:
            return Finding(HANDLE, tag.start(), tag.end())
    return None


def find_same_handle(text: str, app_start: int, app_end: int) -> Finding | None:
    """ "Same name as here" next to an app name (either side)."""
    lo = max(0, app_start - _SAME_HANDLE_WINDOW)
    for match in _SAME_HANDLE.finditer(text, lo, min(len(text), app_end + _SAME_HANDLE_WINDOW)):
        if _SAME_HANDLE_OPENER.search(text[max(0, match.start() - 24) : match.start()]) and (
            not _SAME_AS_SOMEONE.match(text, match.end())
        ):
            return Finding(HANDLE, match.start(), match.end())
    return None


# Session 17 (review s17): what an account is, said after "is" / "est"
# ("mon snap est bugué", "my insta is private now", "my discord is full of
# bots"): a state, not a handle nor an invitation. After ":" or "=" a word
# is still a handle ("snap: private").
_STATE_WORDS = frozenset(
    {"private", "public", "prive", "privé", "privee", "privée", "bugue", "bugué", "buggé", "bugge",
     "bugged", "buggy", "glitchy", "bloque", "bloqué", "blocked", "banned", "banni", "suspendu",
     "suspended", "supprime", "supprimé", "deleted", "hacked", "pirate", "piraté", "down", "dead",
     "full", "empty", "vide", "broken", "casse", "cassé", "lent", "slow", "inactive", "inactif",
     "archived", "archivé", "limited", "restricted", "boring", "chiant", "lagging", "laggy"}
)  # fmt: skip


_STATE_AFTER_APP = regex.compile(
    r"\s*(?:is|est|c['’]?\s?est|c|it['’]?s|a l['’]air|seems|looks)\s+"
    r"(?:(?:so|too|trop|really|vraiment|tout|all)\s+)?(?P<word>[\p{L}]+)",
    regex.IGNORECASE,
)


# Session 24: an invitation to another app said around its name rather than
# in a set phrase ("vnz sur discord on sera plus tranquilles", "on continue
# sur tele ? ici ça bug", "t'as tele ? on passe là-bas", "can we move to
# tele?", "hit me on the gram"): a verb that moves or writes before the name,
# a question whether the reader has it, or "there / là-bas / it's better"
# after it.
_MOVE_BEFORE = regex.compile(
    r"(?i)\b(?:viens|vien|venez|vnz|vnez|vené|passe|passez|passons|on passe|rejoins|rejoignez|"
    r"(?:on|tu|vous|jte|je te|we|let['’]?s|lets|can we|we can|should we|wanna)\s+"
    r"(?:se |s['’]?\s?)?(?:continue|continuer|capte|move|switch)|"
    r"move (?:this|it)|hit me|catch me|add me|ajoute[ -]moi|ajoutez[ -]moi|contacte[ -]moi|"
    r"contact me|[ée]cris[ -]moi|[ée]crivez[ -]moi|message me|dm me|text me|join me)\b"
    r"[^.!?\n]{0,24}?"
    r"\b(?:sur|en|on|onto|to|via|dans)\s+(?:the\s+|l['’]\s?|le\s+|la\s+)?$"
)
_HAVE_BEFORE = regex.compile(
    r"(?i)\b(?:t['’]?\s?as|tu as|ta|t['’]?\s?es sur|tu es sur|vous avez|you have|u have|"
    r"do you have|do u have|have you got|you got|u got|got|r u on|are you on|you on|ur on|"
    r"t['’]?\s?as pas)\s+(?:un |une |pas )?$"
)
_THERE_AFTER = regex.compile(
    r"(?i)^[^.!\n]{0,30}?\b(?:l[àa][ -]?bas|there|instead|plut[ôo]t|"
    r"plus (?:priv[ée]|tranquilles?)|more private|easier)\b"
    r"(?!\s+(?:sans|without|que|qu['’]|than|then))"
)


# Session 25: a group on the app joined ("rejoignez le discord des
# terminales", "join our insta gc", "rejoins mon telegram"), the reader told
# to follow there or given the way in ("… rejoignez-moi là-bas", "…
# demandez-moi le lien", "lien en mp", "dm me for the invite"). An imperative
# with an article or a possessive: "je peux pas rejoindre tiktok", "i can't
# join the discord, it's full" are no invitation, and neither is Teams, a
# school's tool ("rejoignez le teams pour le cours de maths"; review s25).
# The room asked who has the app ("qui a discord ?") is left out: two
# training authors allow it when players are sought.
_JOIN_BEFORE = regex.compile(
    r"(?i)(?<!\b(?:can['’]?t|cannot|not|couldn['’]?t|pas|peux|peut|veux)\s)"
    r"\b(?:rejoins|rejoignez|join|joins|joinez)\s+"
    r"(?:le|la|l['’]\s?|notre|nos|mon|ma|mes|the|my|our|this|ce|cette|un|une|a)\s*$"
)
_SCHOOL_TOOLS = frozenset({"teams"})
# The group of a game, a brand or a class, joined for what it posts ("join
# the discord of the official game", "rejoindre le teams de la classe").
_OFFICIAL_GROUP = regex.compile(
    r"(?i)\s*(?:\w+\s+)?(?:officiel|officielle|official|du jeu|of the game|of the official|"
    r"de la classe|of the class|du prof|du lyc[ée]e|du coll[èe]ge|de l['’]\s?[ée]cole|"
    r"of the school|du club|of the club|of our club)\b"
)
_FOLLOW_AFTER = regex.compile(
    r"(?i)[^.!?\n]{0,60}?\b(?:"
    r"(?:rejoins[ -]moi|rejoignez[ -]moi|retrouvez[ -]moi|retrouve[ -]moi|join me|find me)"
    r"\s*(?:l[àa][ -]?bas|there|dessus|on there|over there|[.!?,]|$)|"
    r"(?:demandez|demande|dm|mp|ask)[ -]?(?:moi|me)?\s+(?:pour\s+|for\s+)?"
    r"(?:le lien|l['’]\s?invit\w*|une invit\w*|the link|an? invite|the invite|the inv|"
    r"l['’]\s?inv)|(?:lien|link|invit\w*)\s+(?:en|in|par|by)\s+(?:mp|dm|pv|priv\w*))"
)


def invited_to(text: str, app_start: int, app_end: int) -> bool:
    """Whether the app's name is said as an invitation to move there."""
    before = text[max(0, app_start - 40) : app_start]
    after = text[app_end : app_end + 40]
    if _MOVE_BEFORE.search(before) or _THERE_AFTER.search(after):
        return True
    if text[app_start:app_end].casefold() not in _SCHOOL_TOOLS and (
        _FOLLOW_AFTER.match(text, app_end)
        or (_JOIN_BEFORE.search(before) and not _OFFICIAL_GROUP.match(text, app_end))
    ):
        return True
    return _HAVE_BEFORE.search(before) is not None and after.lstrip().startswith("?")


def state_follows(text: str, app_end: int) -> bool:
    """Whether the app name ending at ``app_end`` is followed by what the
    account is ("my insta is private now", "mon snap est bugué"): talk about
    it, not an invitation to it."""
    match = _STATE_AFTER_APP.match(text, app_end)
    return match is not None and match.group("word").casefold() in _STATE_WORDS


def find_handle_after(text: str, app_end: int) -> Finding | None:
    """The handle given right after an app name ending at ``app_end``
    ("snap: lea_2009", "mon insta c'est lea.x"), if there is one."""
    match = _HANDLE_AFTER_APP.match(text, app_end)
    if match is None:
        return None
    start, end = match.span("handle")
    if _DECORATION.search(match.group("handle")):
        span = _decorated_handle(text, start, end)
        if span is None:
            return None  # "snap: ok 👍 merci": words between emoji, no handle
        start, end = span
    handle = "".join(ch for ch in text[start:end] if ch.isalnum() or ch in "._#-")
    explicit = bool(match.group("sep").strip())
    if state_follows(text, app_end):
        return None  # "mon snap est bugué", "my insta is private now"
    looks_like_handle = any(ch.isdigit() or ch in "._#" for ch in handle)
    if len(handle) < 3 or handle.casefold() in _HANDLE_WORDS or not (explicit or looks_like_handle):
        return None
    if match.group("via") and not any(ch.isalpha() for ch in handle):
        return None  # "sur insta en 2024": a year, not a handle
    return Finding(HANDLE, start, end)


def _marked(piece: str) -> bool:
    return any(ch.isdigit() or ch in "._#" for ch in piece)


def _decorated_handle(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a handle written between decorations, ordinary words
    before it left out ("me ➡️ tayy.b.x"): all its pieces when it is spelled
    one character at a time ("l 🌸 e 🌸 a 🌸 2009"), else up to its first
    piece with a digit, dot or underscore ("lea⭐2009"; in "brooklyn.vibez 💅
    follow" the word after it is no part of it); None when no piece has one
    ("ok 👍 merci")."""
    pieces = list(_HANDLE_PIECE.finditer(text, start, end))
    while pieces and pieces[0].group().casefold() in _HANDLE_WORDS:
        pieces.pop(0)
    if not pieces:
        return None
    first = pieces[0].start()
    if sum(len(m.group()) > 1 for m in pieces) <= 1 and len(pieces) >= 3:
        return first, end
    for piece in pieces:
        if _marked(piece.group()):
            return first, piece.end()
    return None


_HANDLE_PIECE = regex.compile(r"[\p{L}\p{N}._#-]+")


# A handle written before the app name: "lea_2009 sur snap", "lea_2009 (snap)",
# "@lea_2009 👻", "lea.x c'est mon insta", "lea_2009 = sc". Only the words
# that link a handle to its app may stand between them.
_HANDLE_BEFORE_APP = regex.compile(
    r"(?P<handle>@?[\p{L}\p{N}._#-]{3,64})\s*"
    r"(?:(?:sur|on|en|dans|via|at|=|:|->|→|\(|\[|c['’]?\s?est|c|est|is|it['’]?s|mon|ma|my|"
    r"👉|-)\s*)*(?:(?:le|la|l['’]|the|ton|ta|your)\s*)?$"
)
# A number with a unit is no handle ("rdv 17h sur snap", "j'ai 15ans sur insta").
_NUMBER_WITH_UNIT = regex.compile(
    r"(?i)\d+(?:h|hr?s?|ans?|a|yo|e|eme|er|k|min|mn|am|pm|st|nd|rd|th|x|€|\$)\d*"
)


def find_handle_before(text: str, app_start: int) -> Finding | None:
    """The handle given right before an app name starting at ``app_start``,
    if it looks like one: an "@", or letters with a digit, dot or underscore
    (a plain word or a number is not a handle)."""
    match = _HANDLE_BEFORE_APP.search(text[max(0, app_start - 96) : app_start])
    if match is None:
        return None
    raw = match.group("handle")
    handle = raw.strip("._#-").removeprefix("@")
    has_letter = any(ch.isalpha() for ch in handle)
    marked = raw.startswith("@") or any(ch.isdigit() or ch in "._#" for ch in handle)
    if (
        len(handle) < 3
        or handle.casefold() in _HANDLE_WORDS
        or not (has_letter and marked)
        or _NUMBER_WITH_UNIT.fullmatch(handle)
    ):
        return None
    offset = max(0, app_start - 96)
    return Finding(HANDLE, offset + match.start("handle"), offset + match.end("handle"))


# "tt lea_2009": "tt" for TikTok is too common a shorthand ("tt le monde")
# to be an app name; it counts only before something shaped like a handle.
# Session 17 (author bn-robloxen): game platforms are where teens give
# their ids ("dc : kylian.rbx", "psn: chxse_the_goat", "my xbox gt is
# SilentR4ven7", "mon epic c NoahLeGoat2009"). Their names are ordinary
# words too ("epic c trop bien", "steam cleaner", "dc = déconnecté"), so,
# like "tt", they count only before an id shaped like one (a digit, dot,
# underscore or "#"), or after a colon or an equals sign; a game's own
# name is not a platform ("cod: warzone 2.0"). Session 18 (review s18):
# an "@" id after a comma ("dc, @kylian.rbx"), and "tele" for Telegram
# among the names after which only a shaped id counts ("ajoute moi sur
# tele: lucas_9"; "la tele: nulle ce soir" is television).
_SHORTHAND_APPS = (
    r"tt|dc|disc|dsc|psn|psn id|xbl|xbox|xbox gt|gt xbox|xbox live|gt|gamertag|steam|steam id|epic|"
    r"epic id|epic games|riot|riot id|battle ?net|bnet|roblox|rblx|switch fc|friend code|"
    r"activision id|ea id|telegram|tg|telegramme"
)
# Session 17 (review s17): games and consoles named where an id follows
# ("valo : Kenji#0007", "minecraft : TheCraftyKid_08", "ajoute moi sur la
# play : mehdi-13-om", "fortnite jsuis Lyna_FN"). Their names say more often
# what is played than where ("cod: warzone", "ps: call me"), so after them
# only an id shaped like one counts, even after a colon.
_SHORTHAND_GAMES = (
    r"valo|valorant|minecraft|fortnite|warzone|apex|rocket league|brawl stars|clash royale|"
    r"ps|ps4|ps5|la play|playstation|switch|tele|tlg"
)
_SHORTHAND_AFTER = (
    r"(?![\p{L}\p{N}])(?:\s*(?P<sep>[:=]|->|→|,(?=\s*@))|\s+(?:is|c['’]?\s?est|c|it['’]?s|name|id|tag|"
    r"username|pseudo|jsuis|j['’]?\s?suis|je suis|i['’]?m|im))?\s*"
    r"(?P<handle>@?[\p{L}\p{N}._#-]{3,64})"
)
_SHORTHAND_HANDLE = regex.compile(
    r"(?i)(?<![\p{L}\p{N}])(?:" + _SHORTHAND_APPS + r")" + _SHORTHAND_AFTER
)
_GAME_HANDLE = regex.compile(
    r"(?i)(?<![\p{L}\p{N}])(?:" + _SHORTHAND_GAMES + r")" + _SHORTHAND_AFTER
)
# A Nintendo Switch friend code: "SW-1234-5678-9012", or twelve digits in
# threes of four after the console's name ("my switch fc is 4821 7730 1192").
_SWITCH_CODE = regex.compile(
    r"(?i)\bSW-\d{4}-\d{4}-\d{4}\b"
    r"|(?<=\b(?:switch|fc|friend code|code ami)\D{0,12})\b\d{4}[\s-]\d{4}[\s-]\d{4}\b"
)


# Session 25: a handle spelled out or in spaced letters after "tele:"
# ("tele: at sky dot boy dot 08", "dispo sur tele: b o s s _ l y o n 6 9");
# session 26, after the game platforms' shorthands too ("dc: m i n n i e _ 0 3").
# With a mark (an underscore, a "#") or two digits in it, and three letters:
# after a colon, "la télé : un point c'est tout", "télé : 2 h 3 0 par jour",
# "tele: 5 point 1 surround" are television (review s25), "dc: b r b 5 min"
# is a pause (review s26).
_SPELLED_AFTER_SHORTHAND = regex.compile(
    r"(?i)(?<![\p{L}\p{N}])(?:t[ée]l[ée]|tlg|tg|dc|disc|dsc|psn|xbl|gt|steam|epic|riot|rblx|roblox)"
    r"\s*[:=]\s*(?:at\s+|@\s*)?"
    r"(?P<handle>(?:[\p{L}\p{N}_.#]\s){3,}[\p{L}\p{N}_](?![\p{L}\p{N}])"
    r"|[\p{L}\p{N}_]+(?:\s+(?:dot|point|underscore|tiret|_|\.)\s+[\p{L}\p{N}_]+)+"
    r"(?:\s+\d+(?![\p{L}\p{N}]))?)"
)
_SPELLED_MARK = regex.compile(r"(?i)[_#]|underscore|\d\W*\d")
_SPELLED_LETTERS = 3


def _spelled_handle(handle: str) -> bool:
    words = regex.sub(r"(?i)\b(?:dot|point|underscore|tiret)\b", " ", handle)
    return (
        bool(_SPELLED_MARK.search(handle)) and sum(ch.isalpha() for ch in words) >= _SPELLED_LETTERS
    )


def find_shorthand_app_handles(text: str) -> list[Finding]:
    """Handles given after TikTok's "tt", a game platform's or a game's name
    (above), spelled after "tele:" or a platform's shorthand, and Switch
    friend codes."""
    found = [Finding(HANDLE, m.start(), m.end()) for m in _SWITCH_CODE.finditer(text)]
    found += [
        Finding(HANDLE, *m.span("handle"))
        for m in _SPELLED_AFTER_SHORTHAND.finditer(text)
        if _spelled_handle(m.group("handle"))
    ]
    for pattern, shaped_only in ((_SHORTHAND_HANDLE, False), (_GAME_HANDLE, True)):
        for m in pattern.finditer(text):
            if any(f.start <= m.start("handle") < f.end for f in found):
                continue
            raw = m.group("handle").lstrip("@").rstrip(".")  # a full stop ends the sentence
            handle = raw.strip("._-")
            has_letter = any(ch.isalpha() for ch in handle)
            # a trailing underscore marks a handle too ("nxvaa_")
            shaped = has_letter and any(ch.isdigit() or ch in "._#" for ch in raw)
            if len(handle) < 3 or handle.casefold() in _HANDLE_WORDS:
                continue
            if _NUMBER_WITH_UNIT.fullmatch(handle):
                continue
            if shaped or (not shaped_only and m.group("sep") and has_letter):
                found.append(Finding(HANDLE, m.start("handle"), m.end("handle")))
    return found


def find_invite_links(text: str) -> list[Finding]:
    if "/" not in text:
        return []  # every invite link has a path
    return [Finding(HANDLE, m.start(), m.end()) for m in _INVITE_LINK.finditer(text)]


# A profile address written so that no link is recognised: spaces or words
# for the dot ("youtube . com / @x", "insta point com/lea", "t . me / x").
_SPACED_PROFILE_LINK = regex.compile(
    r"(?i)\b(?:youtube|youtu|insta(?:gram)?|tiktok|snap(?:chat)?|twitter|x|facebook|fb|twitch|"
    r"discord|telegram|t|wa|kik|onlyfans|linktr|threads|bsky|vinted|reddit)"
    r"\s*(?:\.|\(dot\)|\[dot\]|\b(?:dot|point)\b)\s*(?:com|me|gg|ee|tv|be|net|app|fr)"
    r"\s*/+\s*@?\s*[\p{L}\p{N}._-]{2,}"
)
# "my @ is jules dot 09", "mon @ c'est lea.2009", "my handle: lea underscore 09":
# the handle written after the word for one, when it looks like a handle
# (a digit, a dot or an underscore, or those spelled out).
_HANDLE_WORD = regex.compile(
    r"(?i)\b(?:(?:my|mon|ma|the|le)\s+(?:@|handle|pseudo|identifiant|user(?:name)?|compte|account|"
    r"arobase|at)|(?P<game>(?:my|mon|ma)\s+(?:tag|gamertag|gt|ign|id)))"
    r"\s*(?:is|c['’]?\s?est|=|:|->|→)\s*@?"
    r"(?P<handle>[\p{L}\p{N}._#-]+(?:\s+(?:dot|point|underscore|tiret|_|\.)\s+[\p{L}\p{N}_-]+)*)"
)
# Session 25 (review s25): a game id has letters enough to be a name ("my
# tag is 1st", "my id is 2009" are not one).
_GAME_ID_LETTERS = 3
_HANDLE_MARKS = regex.compile(r"(?i)[\d._]|\s(?:dot|point|underscore|tiret)\s")
# An address at a mail provider without its ending ("jules.09 (at) gmail").
_MAIL_PROVIDER = regex.compile(
    r"(?i)\b(?P<local>[\w.+-]{2,})\s*(?:@|\(at\)|\[at\]|\{at\}|\sarr?obase\s|\sat\s)\s*"
    r"(?:gmail|hotmail|outlook|yahoo|icloud|proton(?:mail)?|orange|free|sfr|laposte|live|msn|"
    r"wanadoo|aol|gmx)\b"
)


def find_written_out_contacts(text: str) -> list[Finding]:
    """Profile addresses and handles written so that no link or e-mail
    pattern sees them (spaced dots, "dot"/"point", the word for a handle,
    a provider without its ending)."""
    # A profile address has a path: no "/", no need to try the pattern.
    profiles = _SPACED_PROFILE_LINK.finditer(text) if "/" in text else ()
    found = [Finding(HANDLE, m.start(), m.end()) for m in profiles]
    for match in _HANDLE_WORD.finditer(text):
        handle = match.group("handle")
        letters = sum(ch.isalpha() for ch in handle)
        if (
            len(handle) >= 3
            and (_HANDLE_MARKS.search(f" {handle} ") or "#" in handle)
            and letters >= (_GAME_ID_LETTERS if match.group("game") else 1)
        ):
            found.append(Finding(HANDLE, match.start("handle"), match.end("handle")))
    for match in _MAIL_PROVIDER.finditer(text) if _AT_SIGN.search(text) else ():
        spelled_at = match.group(0)[len(match.group("local")) :].strip().startswith("at")
        if not spelled_at or _HANDLE_MARKS.search(match.group("local")):
            found.append(Finding(EMAIL, match.start(), match.end()))
    return found
