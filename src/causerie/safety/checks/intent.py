"""Rule checks for intent: recruitment against someone who cannot consent,
sextortion, harassment aimed at a person, hate against a group, scams and
doxxing.

A rule never fires on one phrase: it combines *components* (data files
``intent/<lang>.tsv``, found by the shared phrase scan) that describe the
structure of the act — for sextortion an image, an audience and a demand
under pressure; for recruitment a third party who will not know plus covert
logistics or the vetting of a recruit. Components are written for the class
(any victim, any audience, any payment rail), so wording nobody wrote down
is still caught when its parts are there, and a message with one part only
(a nurse talking about sedatives, news about a scam) is left alone.

Verdicts follow the labelling guide: recruitment, sextortion, scam and
doxxing are held for a moderator; harassment aimed at a person and hate
are refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from causerie.safety import emoji, reported
from causerie.safety import personal_data as pd
from causerie.safety.checks import advice, child_voice, extort, group_hate, minors, stalking
from causerie.safety.checks import ambush as ambush_rules
from causerie.safety.checks import recruit as recruit_rules
from causerie.safety.normalise import phrase_pattern
from causerie.safety.phrases import Hit
from causerie.safety.verdict import BLOCK, HOLD, CheckResult, Scanned, SenderContext, gravest

# A victim's narration excuses what it narrates (``Scanned.victim_excuses``).
VICTIM_NARRATION = True

# Most severe first: the order of the reasons a verdict gives.
INTENT_CATEGORIES = (
    "minor_sexualisation",
    "recruitment",
    "sextortion",
    "threat",
    "doxxing",
    "scam",
    "harassment",
    "hate",
    "sexual_content",
)
DECISION = {
    # Refused, like the lexicon's (the guide blocks it); the refusal opens a
    # case (domain ``refusal_opens_case``): a minor at risk needs a human.
    "minor_sexualisation": BLOCK,
    "recruitment": HOLD,
    "threat": HOLD,
    "sextortion": HOLD,
    "doxxing": HOLD,
    "scam": HOLD,
    "harassment": BLOCK,
    "hate": BLOCK,
    "grooming": HOLD,
    "ambush": HOLD,
}
# Money written with digits ("50€", "$300", "£1,250", "500 usd", "20 quid").
# "50e" is money but a lone digit before "e" is an ordinal ("Lyon 8e").
_MONEY = re.compile(
    r"(?:[$£€]\s?\d[\d.,\s]*k?)|(?:\b\d[\d.,]*\s?k?\s?(?:€|euros?|eur|\$|usd|usdt|dollars?|£|"
    r"pounds?|quid|balles|btc|(?<=\d\d)e)(?!\w))",
    re.IGNORECASE,
)
# A deadline: "t'as 24h", "you have 2 hours", "u got 1h", "avant 18h".
_DEADLINE = re.compile(
    r"\b(?:t['’ ]?as|tu as|vous avez|you have|u have|you got|u got|ya got|avant)\s+"
    r"(?:jusqu['’ ]?[àa]\s+)?\d{1,2}\s?(?:h\b|hrs?\b|hours?\b|heures?\b|min)",
    re.IGNORECASE,
)
# What makes a sending to the reader's people a threat (``_leak_sent``).
_LEAK_MENACE = ("conditional", "leak_aim", "extort_held", "sx_pressure", "deadline")
# Session 17: the reader's own age under 18 ("ur 16", "t'as 15 ans", "you're
# 15"), and an age approved of for a purpose ("the right age to start a
# job", "l'âge parfait pour conduire"): a fact, not an innuendo.
_READER_MINOR_AGE = re.compile(
    r"\b(?:t['’ ]?as|tu as|ur|u r|you['’ ]?re|you are|are you|r u|t['’ ]?es|only|seulement|que)\s+"
    r"(?:1[0-7]|[5-9])\b"
    # or echoed back as a question: "15 ? …", "16 ans ? …", "15yo? …"
    r"|(?<![\d.,:/])(?:1[0-7]|[5-9])\s?(?:ans|yo|y/o|years? old)?\s?\?",
    re.IGNORECASE,
)
# What a leer adds to a weaker approval ("15? fresh 😋", "only 15? even better 😉").
_AGE_LEER = (*emoji.LEERS, *emoji.WINKS, *emoji.SEXUAL, emoji.DROOL, emoji.HEART_EYES, "\U0001f60b")
_AGE_PURPOSE = re.compile(r"\b(?:age|âge|legal|majeure?)\s+(?:to|for|pour|de|d['’])", re.IGNORECASE)
# A child's age stated about the other person or someone named: "t'as 15 ans",
# "ur 14", "de 13 ans", "14-15", "a 16 ans".
_MINOR_AGE = re.compile(
    r"(?:\b(?:t['’ ]?as|ta|t['’ ]?es|tu as|ur|u r|you r|you['’ ]?re|you are|are you|r u|aged?|"
    r"de|of|a|à|les|des)\s+|\b)(?:1[0-7]|[5-9])(?:\s?-\s?1[0-7])?\s?(?:ans|a|yo|y/o|years?|yrs?)?\b"
    r"(?!\s?(?:h\b|min|€|euros?|\$|km|kg|%))",
    re.IGNORECASE,
)
# A young person named with an age under 15, after or before the word
# ("gamine de 12 ans", "girl 13", "fille de douze ans", "girls aged 11-14", "a
# 12 year old girl", "12yo girl"), read on the canonical text, where doubled
# letters are single ("filete").
_YOUNG = (
    r"(?:fil{1,2}es?|ados?|girls?|te{1,2}ns?|pet?ites?|ptites?|gamines?|fil{1,2}et{1,2}es?"
    r"|jeunet{1,2}es?|minet{1,2}es?|gamins?|boys?|garcons?)"
)
_CHILD_AGE = (
    r"(?:1[0-4]|[5-9]|dix|onze|douze|treize|quatorze|ten|eleven|twelve|thirteen|fourteen)"
    r"(?:\s?(?:-|a|to|et)\s?1[0-7])?"
)
_AGE_UNIT = r"(?:\s?(?:ans|a|yo|y/o|y o|years? old|yrs? old|year|years))"


_LINK = r"(?:de\s|of\s|aged?\s|entre\s|who s\s|who is\s|qui a\s)?"
_CHILD_SOUGHT = re.compile(
    rf"\b{_YOUNG}\s{_LINK}{_CHILD_AGE}{_AGE_UNIT}?\b|\b{_CHILD_AGE}{_AGE_UNIT}[\s-]{_YOUNG}\b",
    re.IGNORECASE,
)


# Session 15: a child named by school level or birth year instead of an age
# ("une collégienne", "a preteen", "une petite de 5e", "year 8", "née en
# 2013"), on the canonical text (doubled letters single: "colegiene").
_SCHOOL_CHILD = re.compile(
    r"\b(?:colegienes?|pre ?tens?|pre ?teenagers?|middle schoolers?|primaire|cm1|cm2"
    r"|(?:en|de|in) (?:6e|6eme|5e|5eme|4e|4eme|sixieme|cinquieme|quatrieme)"
    r"|(?:year|yr) [5-9]|(?:grade|gr) [4-8]|[4-8]th grade|u ?1[0-4])\b"
)


def _child_sought(message: Scanned) -> bool:
    """A young person with an age under 15, in the canonical text (which sees
    through disguises) or the original one (where "11-14" and "12yo" keep
    their shape); or, session 15, by school level or birth year."""
    if any(_CHILD_SOUGHT.search(text) for text in (message.normalised.text, message.text)):
        return True
    text = message.normalised.text
    if _SCHOOL_CHILD.search(text):
        return True
    return minors.child_birth_year(text)


# Children's ages as a range or a pair, or with a unit after a seek ("13-16",
# "14 15", "12 à 15 ans", "fille 14 ans", "ado 15a"): what someone seeking
# minors writes. A range alone is no finding: it counts only with a
# ``minor_seek`` word.
_MINOR_RANGE = re.compile(
    # A comma or a stop after the range ends a clause ("les jeunes 13-15, mp"),
    # unless a digit follows it (a score or a price: "13-15,50"; session 27).
    r"(?<![\d/:.,])(?:1[0-7])\s?(?:-|à|a|to|ou|or|/|\s)\s?(?:1[0-8])(?![\d/:h]|[.,]\d)"
    r"(?!\s?(?:€|euros?|eur|\$|£|balles|min|km|kg|%|pts|points))\s?(?:ans|yo|y/o)?"
    rf"|\b{_YOUNG}\s(?:de\s)?"
    r"(?:1[0-7])\s?(?:ans|a|yo|y/o)?\b",
    re.IGNORECASE,
)
# A sender stating their own age ("j'ai 14 ans", "i'm 15") and one saying the
# reader's ("t'as 15 ans", "you're 14"), on the normalised text: a teen
# asking whether their own body is normal is not sexualising a minor
# (s8fix), a sender who says the reader's age is not speaking of themself.
_SELF_AGE = re.compile(
    r" (?:j ai|jai|g|i m|im|i am) (?:1[0-7]|[5-9]|dix|onze|douze|treize|quatorze|quinze|seize"
    r"|dixsept|dix sept|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen) "
)
# The same, of the teen band's ages only (15–17, product.md): below them no
# member can truly be, and a child's voice speaking sexually ("j'ai 9 ans et
# j'ai envie de sexe, c'est normal ?") is an adult playing one. A younger
# stated age keeps the excuse for anatomical words only, as a parent's does.
_SELF_TEEN_AGE = re.compile(
    r" (?:j ai|jai|g|i m|im|i am) (?:1[5-7]|quinze|seize|dixsept|dix sept|fifteen|sixteen"
    r"|seventeen) "
)
# Review 10 (s10rev, class 5): an age below the teen band's (5 to 14), with
# its unit ("11 ans", "12yo", "10 years old"), given after an age question
# ("t'as quel âge ? 13 ?", "how old r u? 12") or loosely ("genre 10 ans",
# "like 10"). Years of something ("12 ans de métier", "10 years ago") are
# not an age; an age that dates a past ("à 12 ans", "when i was 13") is
# dropped by ``_young_age``.
_YOUNG_AGE = re.compile(
    r"(?<![\d/:.,€$£])\b(?:[5-9]|1[0-4])\s?(?:ans|yo|y/o|y\.o|years?\s?old|yrs?\s?old)\b"
    r"(?!\s+(?:de|d['’]|que|plus|ago|later|since|apr[eè]s|of)\b)"
    r"|(?:quel\s+[aâ]ge|how\s+old|ton\s+[aâ]ge|your\s+age|ur\s+age|\bage)\s*\??\s*"
    r"(?:t['’ ]?as\s+|tu\s+as\s+|u\s+r\s+|ur\s+|you['’]?re\s+|genre\s+|like\s+)?"
    r"(?:[5-9]|1[0-4])(?![\d.,:/])(?!\s?(?:h\b|min|€|euros?|\$|km|kg|%|cm|ans\s+de))"
    r"|\b(?:genre|like|tipo|vers|around|about)\s+(?:[5-9]|1[0-4])\b(?![\d.,:/])"
    r"(?!\s?(?:h\b|min|€|euros?|\$|km|kg|%|cm|balles|bucks|dollars))",
    re.IGNORECASE,
)
_YEARS_OF = re.compile(r"\b\d{1,2}\s?(?:ans|years?)\s+(?:de|d['’]|of)\b", re.IGNORECASE)
_PAST_AGE = re.compile(
    r"(?:\b(?:à|a|at|since|depuis|quand|when|pendant|until|jusqu['’ ]?[àa])\s+$)"
)
_SECOND_PERSON = re.compile(
    r" (?:t as|tu as|t es|tu es|you|u|ur|you re|youre|r u|te|toi|ton|ta|tes) "
)
_READERS = re.compile(r" (?:your|ur|yr|ta|ton|tes|vos|votre) ")
_DIGIT = re.compile(r"\d")
# Components a ``plain_sense`` phrase around them cancels (``_read_intent``).
_PLAIN_SENSE = frozenset({"suicide_incitement", "insult"})
# Put-down components a reassurance can deny (``reported.reassured``).
_DENIABLE = frozenset({"insult", "insult_mild", "putdown"})
_FIRST_PERSON = re.compile(r" (?:je|j|jsuis|moi|i|im|my|mon|ma|mes|me) ")
# A member unmasked: a quoted pseudonym, or "=" / "c'est" / "is actually",
# followed by a first and last name ("\"bigdave\" is david harris",
# "Ryan from this room = Ryan Kowalski").
_REVEAL = re.compile(
    r"\"[^\"]{2,30}\"\s*(?:=|c['’ ]?est\b|c\b|is\b(?:\s+actually\b)?)\s*\w{2,}\s+\w{2,}"
    r"|(?:=|\bis actually\b|\bin real life\b|\birl\b|\bde son vrai nom\b)\s*"
    r"[A-ZÀ-Ý][a-zà-ÿ]+\s+[A-ZÀ-Ý][\w-]+"
)
# Review 10 (s10rev, class 8): a person's full name as written ("Thomas
# Petit", "Léa Moreau-Blanc", "Emma WILSON"), unless a street, a school, a
# saint or a title names it ("rue Victor Hugo", "collège Jean Moulin").
_FULL_NAME = re.compile(
    r"(?<![\w'’-])([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)\s+"
    r"(?:[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?|[A-ZÀ-Ý]{2,})(?![\w'’-])"
)
_NAMED_AFTER = re.compile(
    r"(?:\b(?:rue|avenue|av|bd|boulevard|place|all[ée]e|impasse|chemin|quai|cours|route|"
    r"coll[èe]ge|lyc[ée]e|[ée]cole|saint|sainte|st|ste|street|road|academy|school|stade|"
    r"gare|parc|square|centre|center|h[ôo]pital|clinique)\s*|\d\s*(?:bis|ter)?\s*,?\s*)$",
    re.IGNORECASE,
)
_NOT_A_FIRST_NAME = frozenset(
    {"Le", "La", "Les", "Un", "Une", "Des", "Du", "De", "The", "This", "That", "His", "Her",
     "My", "Mon", "Ma", "Mes", "Son", "Sa", "Ses", "Ce", "Cette", "Il", "Elle", "He", "She",
     "On", "Au", "Aux", "En", "At", "In", "Chez", "Dans", "Pour", "For", "Oui", "Non", "Salut",
     "Bonjour", "Hello", "Hey", "Merci", "Rue", "Avenue", "Place", "Street", "Mister", "Miss"}
)  # fmt: skip
# A class as schools write it: "4e C", "2nde 3", "terminale", "year 10".
_CLASS_LABEL = re.compile(
    r"\b(?:[3-6](?:e|è|ème|eme)|2nde|seconde|1(?:ère|ere|re)|terminale|tle|cm[12]|ce[12])"
    r"(?:\s+(?:[A-Z]|\d{1,2}))?\b|\b(?:year|yr|grade)\s?\d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th)\s+grade\b",
    re.IGNORECASE,
)
# A third person put to sleep by emoji: the pronoun right before a sleep
# emoji ("she'll be 😴", "elle sera 💤"), or a pill and sleep emoji with a
# third person anywhere ("💊 dans son verre et 😴"). "I'm 😴" or a child
# ("le petit 😴") is not it; the rule still needs an invitation.
_SHE_OUT = re.compile(
    r"(?i)\b(?:she(?:'ll| will)? be|she'?s|she is|her|elle(?: sera| va (?:etre|être)| est)?)"
    r"\s*(?:\U0001f634|\U0001f4a4|\U0001f971)"
    r"|(?=.*\U0001f48a)(?=.*(?:\U0001f634|\U0001f4a4))(?=.*\b(?:she|her|elle|sa|son|la)\b)",
    re.DOTALL,
)
# What makes photos or videos intimate: the scan's own sexual readings
# (the sexual-content lexicon, "nudes", "sextape", "pornhub", underwear).
_INTIMATE_PARTS = frozenset(
    {"sexual_ref", "body_sexual", "intimate_setting", "intimate_held", "self_arousal"}
)
# GPS coordinates: two decimal degrees, at least three decimals each.
_GPS = re.compile(r"(?<![\d.])-?\d{1,2}\.\d{3,}\s*[,;/ ]\s*-?\d{1,3}\.\d{3,}(?![\d.])")
# The sender introducing themself ("je suis en 4e B", "my name is…").
_SELF_INTRO = re.compile(
    r" (?:je suis|jsuis|chui|je m apele|je m appelle|moi c est|mon nom|i m|im|i am|my name) "
)
_NAME_TO_ADDRESS = 40  # characters between a name and the address after it

# Neo-Nazi number codes written without a hyphen or with any separator
# ("14 88", "14/88", "HH88", "heil 88"): "88" alone is a year, a price, an age.
_NAZI_CODE = re.compile(
    r"(?<![\d.,])14\s?[-/._ ]?\s?88(?![.,]?\d|\s?(?:€|euros?|ans|h\b|min|km|kg))"
    r"|(?<![a-z])(?:h\s?h|heil|sieg\s?heil)\s?[-_ ]?\s?88(?!\d)"
    r"|(?<!\d)88\s?[-_ ]?\s?(?:h\s?h|heil)(?![a-z])",
    re.IGNORECASE,
)
# "(((them)))": the echo, an antisemitic marker.
_ECHO = re.compile(r"\(\(\(\s*[^()\s]{1,20}\s*\)\)\)")
_BODY_OR_CLOTHES = frozenset({"body_setting", "swimwear", "body_any", "body_sexual", "looks"})
# ``ordinary_visit`` words that give only a time, not a plan: "ma femme sera
# KO demain, qui vient ?" is no plan.
_TIME_ONLY = frozenset(
    {"plutot", "plus tard", "une autre fois", "instead", "later", "another time", "next time",
     "la prochaine fois", "demain", "tomorrow"}
)  # fmt: skip
_WORDS_BETWEEN = 3  # address marker then insult: "t'es vraiment qu'une ..."


_KIN = frozenset({"kin_child", "kin_young"})
# Session 16 (review r16): a smirk or a devil at minors named ("les
# collégiennes de maintenant 😏", "freshman girls hit different 😏", "ur 16?
# perfect age 😈"); heart eyes at their bodies or clothes ("les U13 en
# justaucorps 😍"). Not a parent's own child (``_KIN``), not a heart alone
# ("les benjamines ont gagné 😍").
_MINORS_NAMED = frozenset({"minor_ref", "young_age"})
# A school named as a place ("il est au collège Pablo Picasso, demain à la
# sortie 😈" is a threat and a doxxing, not a minor leered at).
_SCHOOL_PLACE = re.compile(r"^(?:au|a la|a l|du|de la|devant le|devant la) ")


def _minors_leered_at(message: Scanned, hits: list[Hit], names: set[str]) -> bool:
    text, original = message.normalised.text, message.text
    people = [
        h
        for h in hits
        if h.entry.name in _MINORS_NAMED and not _SCHOOL_PLACE.match(text[h.start : h.end])
    ]
    if not people:
        return False
    if emoji.any_of(original, emoji.LEERS):
        return True
    if "innuendo" in names and not names.isdisjoint({"liking", "desire_weak"}):
        return True  # "love me a young schoolgirl … if u know what i mean"
    return emoji.HEART_EYES in original and not names.isdisjoint(_BODY_OR_CLOTHES)


def _child_offered(message: Scanned, hits: list[Hit], has: Callable[[str], bool]) -> bool:
    """Issue 12, session 7: a child offered by someone with access to them
    ("ma fille de 14 ans est dispo pour toi si tu payes", "my daughter is
    12, want pics of her?"). It takes a child someone has (``kin_child``,
    ``kin_young``), the child's minority (an age, a school year, a child
    word) and an offer: availability, a price, the child's image or a
    meeting offered, the child undressed, or a stay at home with an
    invitation. An ordinary service (``child_service``: dog sitting, a
    match, homework) makes availability, a price or "tu veux la voir" a
    parent's errand; it never excuses the child undressed."""
    if not (has("kin_child") or has("kin_young")):
        return False
    if not (has("kin_young") or has("minor_ref") or has("kin_age") or has("minor_range")):
        return False
    text = message.normalised.text
    # "tu veux la voir ?", "want pics of her?" closing the message: the child
    # is what is offered ("tu veux la voir jouer au hand" is not).
    tail = any(h.entry.name == "offer_see" and not text[h.end :].strip() for h in hits)
    # A sum alone is no offer: a parent reporting "500€ par semaine" offered
    # to their son is a report (train o-asso-m0040); a price is asked
    # ("combien tu donnes", "if you pay") or tied to the child ("he's yours").
    price = has("child_price") and not _followed(message, hits, "child_price", "price_object", 0)
    offer = has("child_offer") or price
    undressed = has("child_undress") and (has("offer_see") or offer)
    # "la gamine que je garde" names the child, it is no errand.
    errand = any(
        h.entry.name == "child_service" and not _inside_any(h, hits, "kin_young") for h in hits
    )
    # "tu peux passer voir si tout va bien ?": a neighbour asked to look in on
    # the child is care, unless the child asleep or unaware is part of it
    # ("tu passes ? elle saura rien", "viens la voir, elle dort").
    care = has("child_care") and not (has("incapacitated") or has("asleep"))
    come = has("kin_stay") and has("recruit_come") and not has("ordinary_visit") and not care
    return undressed or (not errand and (offer or tail or come))


# What turns a parent's mention of their child's swimsuit into a request or
# an offer: then no sport or shop excuses it.
_KIT_OFFER = ("child_offer", "offer_see", "child_price", "photo_ask", "photo_for", "sexual_ref")


# What makes a question about a minor's body a request or an offer: then no
# worry about their health excuses it.
_CARE_OFFER = ("child_offer", "offer_see", "child_price", "photo_ask", "photo_for", "intro_ask")


_VIRGIN_AT = re.compile(
    r" (?:vierge|virgin|virgins) (?:a|at) (?:1[5-7]|quinze|seize|sixteen|seventeen|fifteen) "
)


def _own_body_question(message: Scanned, has: Callable[[str], bool]) -> bool:
    """A parent asking about their own child's body, or a teen about their
    own, with a worry ("ma fille de 11 ans a déjà des seins, c'est normal
    ?", "i'm 15 and still a virgin, is that weird?"): no minor of the
    reader's or of a third party is named, nothing is asked or offered. A
    parent is excused anatomical words only (``body_dev``), never a sexual
    remark; a teen (15–17) speaking of themself, to nobody, their sexual
    words too; a younger stated age, anatomical words only."""
    if not has("puberty_q") or any(has(name) for name in _CARE_OFFER):
        return False
    if has("relation_other"):
        return False
    text = message.normalised.text
    # Session 15: "is it normal to still be a virgin at 16", "je suis encore
    # vierge à 17 ans, c'est grave ?": the age said of oneself after the word.
    own_age = _SELF_AGE.search(text) or (_VIRGIN_AT.search(text) and not _READERS.search(text))
    if own_age and not _SECOND_PERSON.search(text) and not has("minor_ref"):
        return (
            _SELF_TEEN_AGE.search(text) is not None
            or _VIRGIN_AT.search(text) is not None
            or not has("sexual_ref")
        )
    # "my 12 year old daughter" is a minor_ref too: the parent's own child is
    # told by ``kin_*`` and by no child of the reader's being named.
    own = has("kin_child") or has("kin_young")
    return own and not has("sexual_ref") and not _READERS.search(text)


def _kit_errand(has: Callable[[str], bool]) -> bool:
    """A parent's own child in a swimsuit for a match, the pool or a
    purchase ("mon fils de 12 ans en maillot pour le match de water polo")."""
    context = has("child_service") or has("kit_context")
    return has("kin_child") and context and not any(has(name) for name in _KIT_OFFER)


@dataclass(frozen=True, slots=True)
class Intent:
    """What the rules saw in one message: the categories that fired and the
    components present (after suppression), each with its first hit."""

    categories: tuple[str, ...]
    components: dict[str, Hit | None]
    # s9fix classes 2-3: refusals an excuse could not clear because the
    # attack is still aimed or still the sender's own, but that someone
    # else's words are told in (``reported_speech``): held for a moderator
    # rather than refused (a victim's unquoted report may look like this).
    held: frozenset[str] = frozenset()
    # Categories the victim frame may not excuse (a threat still aimed at
    # the reader in the sender's own future: "je vais te tuer, aidez-moi").
    aimed: frozenset[str] = frozenset()


# What makes a threat concrete: the sender knows where the reader lives or
# goes, names their family or home, or shows a weapon. A game, a joke or a
# laugh never excuses these (review 9: "je sais où t'habites, je vais venir
# te défoncer mdr", "i know where you live lol" were allowed).
# Session 16 (review r16): a grave harm (rape, a throat cut, acid) is never
# banter either: "je vais te violer mdr" had been excused by its "mdr".
_CONCRETE = frozenset({"knows_you", "threat_target", "grave_harm"})
# A threat said by its outcome or veiled (a funeral, a straw, "tes jours sont
# comptés", "shame if it burned down") is no banter with "lol" either (review
# r16: 28 of 68 held threats were allowed once "mdr" was added); a game or a
# film named still excuses it ("ur dead meat in ranked tonight").
_LAUGH_PROOF = frozenset({"veiled_threat", "menace_caution", "threat_serious"}) | _CONCRETE
# Laughter in words, canonical spelling ("mdrrr" -> "mdr"): a ``!threat``
# hit that is only one of these is a laugh, which a laugh-proof threat
# ignores; teasing (``_teasing``) also counts "tkt", "jtm".
# (doubled letters already single: "lolll" -> "lol"; not "lol\w*": "lolita").
_LAUGH_TOKENS = r"lol|lols|lolz|lmao|lmfao|mdr|ptdr|xd|haha\w*|hihi|jpp"
_LAUGH_WORD = re.compile(rf"^(?:{_LAUGH_TOKENS}|jk|just kid+ing|\U0001f602|\U0001f923)$")


# The doom friends joke about ("si t'as pas ton bac ta vie est finie mdr").
_HYPERBOLE = frozenset({"ta vie est finie", "your life is over", "ur life is over"})


def laugh_proof(message: Scanned) -> bool:
    """A threat component no laughter makes banter (``_LAUGH_PROOF``), in the
    sender's own words."""
    text = message.normalised.text
    return any(
        hit.entry.name in _LAUGH_PROOF
        and text[hit.start : hit.end].strip() not in _HYPERBOLE
        and not _someone_elses(message, hit)
        for hit in message.hits_of("intent")
    )


def concrete_threat(message: Scanned) -> bool:
    """A threat component no game, joke or laughter can excuse; one quoted
    in a report ("il lui écrivait 'je sais où tu habites'", s10fp) is the
    words of someone else."""
    return any(
        hit.entry.name in _CONCRETE and not _someone_elses(message, hit)
        for hit in message.hits_of("intent")
    ) or emoji.any_of(message.text, emoji.WEAPONS)


_AIMING = frozenset({"address", "threat_when", "threat_target", "meet_when"})


def _story_named(message: Scanned) -> bool:
    """A threat excuse that names a film, a book or a line of one."""
    text = message.normalised.text
    return any(
        not _STORY_WORDS.isdisjoint(text[h.start : h.end].split())
        for h in message.hits_of("intent_suppress", "threat")
    )


def _someone_elses(message: Scanned, hit: Hit) -> bool:
    """Words quoted in a report, or a line quoted from a story ("'i know
    where you sleep' is the creepiest line in the book", s10fp)."""
    if reported.quoted(message, hit):
        return True
    if not reported.in_quotes(message, hit) or not _story_named(message):
        return False
    # The reader addressed or a time set outside the quotes ("'je sais où tu
    # habites', comme dans le film, à ce soir") makes the line the sender's.
    return not any(
        h.entry.name in _AIMING and not reported.in_quotes(message, h)
        for h in message.hits_of("intent")
    )


def laugh_excuses_threat(message: Scanned) -> bool:
    """Laughter ("mdr", "😂") makes a threat banter unless it is concrete,
    veiled or said by its outcome."""
    return laughing(message.text) and not concrete_threat(message) and not laugh_proof(message)


def laughing(text: str) -> bool:
    """A laughing emoji: "je vais te tuer 😂" is banter, as "mdr" is."""
    return emoji.any_of(text, emoji.LAUGHING)


def _first(hits: list[Hit]) -> dict[str, Hit]:
    first: dict[str, Hit] = {}
    for hit in hits:
        first.setdefault(hit.entry.name, hit)
    return first


def _distinct(hits: list[Hit], name: str) -> int:
    """How many separate, non-overlapping places of the message show one
    component ("my wife's a deep sleeper" is one place, however many
    phrases cover it)."""
    count, end = 0, -1
    for hit in sorted((h for h in hits if h.entry.name == name), key=lambda h: (h.start, h.end)):
        if hit.start >= end:
            count += 1
            end = hit.end
        else:
            end = max(end, hit.end)
    return count


def _addressed(message: Scanned, hits: list[Hit], insult: str) -> bool:
    """An insult aimed at someone: an address marker ("t'es", "sale", "you're",
    "u") ending at most a few words before it."""
    return bool(_addressed_words(message, hits, insult))


def _addressed_words(
    message: Scanned, hits: list[Hit], insult: str, *, reader: bool = False
) -> set[str]:
    """The different insult words of component ``insult`` that an address
    marker ends at most a few words before; with ``reader``, only markers
    that name the reader ("t'es", "you", "u"; not "this", "that")."""
    text = message.normalised.text
    addresses = [
        h
        for h in hits
        if h.entry.name == "address"
        and not (reader and _READER_WORDS.isdisjoint(text[h.start : h.end].split()))
    ]
    words: set[str] = set()
    for target in (h for h in hits if h.entry.name == insult):
        # An insult word inside an innocent phrase ("ur aim is trash", a
        # thing judged) is aimed at nobody (session 16, review r16).
        if message.in_innocent_phrase(target, "harassment"):
            continue
        word = text[target.start : target.end].strip()
        exclamation = word in _EXCLAMATIONS
        for address in addresses:
            if exclamation and text[address.start : address.end].strip() in _EXCLAIMING:
                continue  # "quelle merde", "what a joke": an exclamation, not a person
            if address.end <= target.start:
                gap = text[address.end : target.start].split()
                if len(gap) <= _WORDS_BETWEEN:
                    words.add(word)
                    break
    return words


_TEASING_WORDS = re.compile(rf"\b(?:{_LAUGH_TOKENS}|tkt|jtm|jtadore)\b")
_TEASING = ("😭", "😂", "🤣", "😆", "😜", "❤", "💕", "🥰", "😘")


def _teasing(message: Scanned) -> bool:
    """Laughter or a friend's affection, in words or emoji: insults said
    with it are banter (``_put_down_twice``, ``_insult_pile``)."""
    return any(e in message.text for e in _TEASING) or bool(
        _TEASING_WORDS.search(message.normalised.text)
    )


# "gros", "grosse" are also "bro" and an intensifier ("gros débile"): never
# one of the two put-downs by themselves.
_INTENSIFIERS = frozenset({"gros", "grose", "big", "absolute", "total"})


_PILE_WORDS = 6


def _insult_pile(message: Scanned, hits: list[Hit]) -> bool:
    """Session 16 (review r16): a short message that is nothing but insults
    ("ntm fils de p", "flat chested ugly b1tch"): two different insult
    words, one of them a degrading one, in at most six words, thrown at
    whoever reads it. Laughter or a friend's affection keeps it banter."""
    text = message.normalised.text
    if len(text.split()) > _PILE_WORDS or _teasing(message):
        return False
    words = (
        {text[h.start : h.end].strip() for h in hits if h.entry.name in ("insult", "insult_mild")}
        - _EXCLAMATIONS
        - _INTENSIFIERS
    )
    strong = any(
        h.entry.name == "insult" and text[h.start : h.end].strip() not in _EXCLAMATIONS
        for h in hits
    )
    return strong and len(words) >= 2


def _put_down_twice(message: Scanned, hits: list[Hit]) -> bool:
    """Session 16: two different mild insults, each aimed at the reader
    ("t'es nul, t'es gros et tu cours comme un camion", "you useless overpaid
    clown"): one is banter, two are a put-down; a thing judged ("this match
    was pathetic, useless defending") is nobody. Laughter makes them banter
    again ("t'es vraiment un gros débile toi 😭")."""
    if _teasing(message):
        return False
    words = _addressed_words(message, hits, "insult_mild", reader=True)
    return len(words - _INTENSIFIERS) >= 2


def _inside_any(hit: Hit, hits: list[Hit], name: str) -> bool:
    """Whether ``hit`` overlaps a hit of component ``name``."""
    return any(other.entry.name == name and other.overlaps(hit) for other in hits)


def _followed(
    message: Scanned, hits: list[Hit], first: str, then: str, gap: int = _WORDS_BETWEEN
) -> bool:
    """A hit of ``then`` starting at most a few words after a hit of
    ``first`` ends ("je lui glisse [deux] zolpidem")."""
    text = message.normalised.text
    befores = [h for h in hits if h.entry.name == first]
    if not befores:
        return False
    for after in (h for h in hits if h.entry.name == then):
        for before in befores:
            if before.end <= after.start + 1 and len(text[before.end : after.start].split()) <= gap:
                return True
    return False


# Insults that are also exclamations or ordinary words ("merde !", "holy
# cow", "quel thon" at the fishmonger's): never an insult on their own.
_EXCLAMATIONS = frozenset(
    {"merde", "vache", "thon", "boudin", "cafard", "degueulasse", "degueu", "pervers", "cow",
     "pig", "joke", "tramp", "creep", "freak", "clochard", "clocharde", "ordure", "ordures",
     # banter between friends more often than a blow ("obviously. loser")
     "loser", "looser", "clown", "psycho",
     # a position sent in a game or on a map ("envoie ta pos"), a verdict on a
     # film or a match ("trash", "garbage"); digits read as letters make
     # "p0-5" one too (CI's gapless test sends "p0-5")
     "pos", "trash", "garbage"}
)  # fmt: skip
_EXCLAIMING = frozenset({"quel", "quele", "quelle", "what a", "such a", "cette", "ce"})
_BARE_WORDS = 3


def _bare_insult(message: Scanned, hits: list[Hit]) -> bool:
    """A message that is nothing but a degrading insult ("p*te", "sal tepu",
    "fils de pute"): a word thrown at whoever reads it, so it is aimed
    even without "t'es" before it."""
    words = message.normalised.text.split()
    if not words or len(words) > _BARE_WORDS:
        return False
    text = message.normalised.text
    return any(
        hit.entry.name == "insult" and text[hit.start : hit.end].strip() not in _EXCLAMATIONS
        for hit in hits
    )


# Session 19 (review s19): death wished on someone ("i hope Dave gets cancer
# and dies", "j'espère qu'elle crève"), not on a villain, a pest or a phone
# (the ``!harassment`` words), nor "i hope she doesn't die".
_DEATH_WISH = re.compile(
    r"\b(?:i hope|hope|hoping|i pray|j espere que|jespere que|j espere qu|jespere qu|pourvu que"
    r"|pourvu qu)\b((?:\s+\S+){1,6}?)\s+(?:dies|gets cancer|get cancer|drops dead|croaks"
    r"|gets run over|gets hit by a (?:bus|car|truck|train)|creve|meure|chope un cancer"
    r"|se fasse ecraser)\b"
)
_NEGATED = frozenset({"doesn", "doesnt", "don", "dont", "not", "never", "won", "wont", "ne", "pas"})


def _death_wished(message: Scanned) -> bool:
    if not message.hits_of("intent", "wish_death") or message.hits_of(
        "intent_suppress", "harassment"
    ):
        return False
    wish = _DEATH_WISH.search(message.normalised.text)
    return wish is not None and _NEGATED.isdisjoint(wish.group(1).split())


# A member's @handle (not an e-mail address: nothing word-like before "@").
_MENTION = re.compile(r"(?<![\w.])@[A-Za-z0-9_.]{2,}")
# The reader named: second-person address words, or an @handle.
_READER_WORDS = frozenset(
    {"t", "tu", "toi", "te", "ta", "ton", "tes", "es", "you", "u", "ur", "ya", "youre", "yo"}
)


def _aimed_at_reader(message: Scanned, hits: list[Hit]) -> bool:
    """An insult or a put-down aimed at the reader: a second-person
    address ("t'es", "you're", "u") a few words before it, or an @handle
    in the message (s9fix class 2). "he called me a whore" is not."""
    if "@" in message.text:
        return True
    text = message.normalised.text
    targets = [h for h in hits if h.entry.name in ("insult", "insult_mild", "putdown")]
    for address in (h for h in hits if h.entry.name == "address"):
        if _READER_WORDS.isdisjoint(text[address.start : address.end].split()):
            continue
        for target in targets:
            gap = text[address.end : target.start].split()
            if address.end <= target.start + 1 and len(gap) <= _WORDS_BETWEEN:
                return True
    return False


# The insults friends trade with affection ("ta gueule connard jtm", "stfu
# loser love u"), canonical spelling: a signed affection excuses these only.
# Body shaming, sexual or gendered insults ("merde", "moche", "pute",
# "bitch", "cunt") stay harassment however the message is signed: a harasser
# can sign "jtm" too (session 14's adversarial review).
_BANTER = frozenset(
    {"conard", "conards", "batard", "batards", "idiot", "idiote", "idiots", "bolos", "gros",
     "grose", "boufon", "boufone", "naze", "fdp", "con", "cone", "cons", "dumb", "dumbas", "loser",
     "losers", "debile", "debiles", "enfoire", "abruti", "abrutie", "cretin", "cretine",
     "imbecile", "bete", "nul", "nule", "noob", "clown", "tocard", "casos", "ta gueule", "tg",
     "fole", "fou", "ouf",
     "shut up", "stfu", "ferme la", "tais toi", "stupid", "moron", "dummy", "goofy",
     # session 17 (review r16): British friends' names for each other
     # (canonical spelling: "silly" -> "sily", "muppet" -> "mupet")
     "cow", "sily", "daft", "numpty", "mupet", "plonker", "wally", "twit", "doofus",
     "dork", "weirdo"}
)  # fmt: skip


def _signed_with_affection(message: Scanned, hits: list[Hit], pushed_to_die: bool) -> bool:
    """Insults said with a friend's affection at the start or the end ("shut
    up u idiot lmao love u", "ta gueule connard jtm quand meme", "jvous aime
    bande de cassos"): the way friends write, which independent corpus
    authors label allowed. Only friends' insults (``_BANTER``), never a push
    to die ("suicide toi je t'aime")."""
    if pushed_to_die:
        return False
    text = message.normalised.text
    end = len(text.rstrip())
    if not any(h.entry.name == "affection" and (h.start <= 1 or h.end >= end - 1) for h in hits):
        return False
    return all(
        text[h.start : h.end].strip() in _BANTER
        for h in hits
        if h.entry.name in ("insult", "insult_mild", "putdown")
    )


def affection_excuses_insults(message: Scanned) -> bool:
    """Session 17: the rules' excuse above, asked by the learned layer (the
    62-author model read "sale batard t'as pas répondu de la journée
    jcroyais t'étais mort jtm" as harassment). Any push to die the scan
    finds keeps the insults, as above."""
    hits = message.hits_of("intent")
    pushed = any(h.entry.name in ("suicide_incitement", "suicide_hint") for h in hits)
    return _signed_with_affection(message, hits, pushed)


def sending_requested(message: Scanned, has: Callable[[str], bool]) -> bool:
    """Session 18 (review s17): photos sent to someone who asked for them
    ("j'envoie les photos à ta mère, elle me les a demandées") are no threat
    to expose, unless they are intimate or the sending is a condition ("si
    tu réponds pas …"). The learned layer's reading is excused the same way
    (``checks/model``)."""
    return has("leak_requested") and not has("conditional") and not _intimate(message)


def _consent_age_pitched(message: Scanned, has: Callable[[str], bool]) -> bool:
    """Session 18: the age of consent named to the reader with an invitation
    or a leer ("age of consent is 16 here so u can come over 😏", "la
    majorité sexuelle c'est 15 ans, viens chez moi"): the law used as a
    pitch, not asked about."""
    return has("consent_law") and _pitched(message, has)


def _pitched(message: Scanned, has: Callable[[str], bool]) -> bool:
    """An invitation, a meeting proposed or a leer in the message."""
    return (
        has("recruit_come")
        or has("recruit_invite")
        or bool(message.hits_of("cue", "meeting_proposal"))
        or emoji.any_of(message.text, (*emoji.LEERS, *emoji.WINKS, *emoji.SEXUAL))
    )


def _threat_aimed(message: Scanned, has: Callable[[str], bool]) -> bool:
    """The sender's own future harm to the reader ("je vais te…", "i will
    find you"): what no label or victim's cue can excuse (s9fix class 2).
    Words someone else said, told without quotes right after the verb that
    reports them ("un mec m'a dit je vais te retrouver, j'ai peur"), are not
    the sender's own future (s10fp)."""
    if not has("future_self") or _SECOND_PERSON.search(message.normalised.text) is None:
        return False
    return not all(
        reported.told(message, hit) or _someone_elses(message, hit)
        for hit in message.hits_of("intent", "future_self")
    )


# Threat excuses that are only a label opening a message ("spoiler:"):
# they say a plot is told, and a threat aimed at the reader is no plot.
_LABELS = frozenset({"spoiler", "spoilers", "spoiller", "divulgachis", "divulgachage"})
# Threat excuses that only name a story (``!threat`` of data/intent): they
# excuse a threat told, not one aimed at the reader in the sender's voice.
_STORY_WORDS = frozenset(
    {"film", "movie", "cine", "livre", "book", "roman", "novel", "thriller", "polar", "serie",
     "series", "show", "episode", "chapitre", "chapter", "scene", "replique", "line", "tueur",
     "kiler", "killer", "meurtrier", "mechant", "villain", "personnage", "character", "guy",
     "bit", "iconic", "quote", "culte", "moment"}
)  # fmt: skip


def game_as_time(message: Scanned, hit: Hit) -> bool:
    """A game or a match named as the time of a real meeting ("after the
    game I'll break your jaw", "à la sortie du match"): the excuse word is
    inside a ``threat_when`` phrase (session 16: "im gonna find you after the
    game and break your jaw" was excused as game talk, by the rules and by
    the model)."""
    return _inside_any(hit, message.hits_of("intent", "threat_when"), "threat_when")


def threat_excuses(message: Scanned) -> list[Hit]:
    """The hits that may excuse a threat as a game, a joke or a story: the
    ``!threat`` suppressors, less a game named as the time of a meeting."""
    excuses = [
        h
        for h in (*message.hits_of("suppress"), *message.hits_of("intent_suppress"))
        if h.entry.name == "threat" and not game_as_time(message, h)
    ]
    if not excuses or not laugh_proof(message):
        return excuses  # most messages: no excuse, no laugh-proof reading
    text = message.normalised.text
    return [h for h in excuses if not _LAUGH_WORD.match(text[h.start : h.end].strip())]


def threat_excused(message: Scanned, aimed: frozenset[str]) -> bool:
    """Whether a game, a joke, a laugh or a spoiler excuses a threat in the
    message: never a concrete one ("je sais où t'habites, à fifa aussi"); a
    label alone does not excuse one aimed at the reader ("spoiler je vais te
    défoncer"); a game named does ("je vais te tuer à fifa")."""
    if concrete_threat(message):
        return False
    if laughing(message.text) and not laugh_proof(message):
        return True
    text = message.normalised.text
    excuses = threat_excuses(message)
    if "threat" not in aimed:
        return bool(excuses)
    # A label opens the message and is the noun ("spoiler:"); the verb
    # ("spoile moi la fin et je te tue", "si tu me spoil la saison je te
    # tue") is the plot's banter and stays excused. A film or a book named
    # beside the sender's own threat ("je vais te retrouver, comme dans le
    # film") is no plot told (s10fp).
    return any(
        (text[: h.start].strip() or text[h.start :].split()[0] not in _LABELS)
        and _STORY_WORDS.isdisjoint(text[h.start : h.end].split())
        for h in excuses
    )


_SHOW_GAP = 6
_NOT_THE_READERS = frozenset(
    {"leur", "leurs", "son", "sa", "ses", "mon", "ma", "mes", "his", "her", "their", "my"}
)


def _owned_by_other(message: Scanned, hit: Hit) -> bool:
    """A body part named with a possessive that is not the reader's."""
    if hit.entry.name not in ("body_sexual", "body_any"):
        return False
    before = message.normalised.text[: hit.start].split()[-1:]
    return bool(before) and before[0] in _NOT_THE_READERS


def _near(message: Scanned, hits: list[Hit], first: str, second: str, gap: int) -> bool:
    """A hit of ``first`` and one of ``second`` at most ``gap`` words apart,
    in either order, not overlapping."""
    text = message.normalised.text
    ones = [h for h in hits if h.entry.name == first]
    if not ones:
        return False
    for other in (h for h in hits if h.entry.name == second):
        for one in ones:
            a, b = (one, other) if one.end <= other.start + 1 else (other, one)
            if a.end <= b.start + 1 and len(text[a.end : b.start].split()) <= gap:
                return True
    return False


_GROUPS = frozenset({"group", "group_bare"})
# The ``!hate`` excuses that only ask to report ("report them", "signalez"):
# anyone can add them to a slogan; "explained", "what does" explain it.
_REPORT_ONLY = frozenset(
    {"reported", "i report", "report them", "j ai signale", "je signale", "signalez"}
)
# Calls that read as a slogan only at the end of the message ("muslims
# out", "les arabes dehors"): "he blacks out", "des migrants dehors par -5°C,
# c'est une honte", "les juifs chez eux fêtent Hanouka" go on.
_SLOGAN_ONLY = frozenset({"out", "dehors", "tous dehors", "chez eux"})
_SLOGAN_TAIL = frozenset({"", "tous", "toutes", "maintenant", "now", "all", "asap", "vite"})


def _group_expelled(message: Scanned, hits: list[Hit]) -> bool:
    """A protected group glued to a call to expel, remove, exterminate or
    deny them rights (s9fix class 4): the call right after the group ("les
    arabes dehors", "gays should be put down") or right before it
    ("renvoyez les noirs chez eux", "deport all muslims")."""
    text = message.normalised.text
    named = [h for h in hits if h.entry.name in _GROUPS or h.entry.name == "nationals"]
    if any(_sent_back_around(text, group) for group in named):
        return True
    groups = [h for h in named if h.entry.name in _GROUPS]
    if not groups:
        return False
    for call in hits:
        name = call.entry.name
        if name == "expel_after":
            word = text[call.start : call.end].strip()
            if word in _SLOGAN_ONLY and text[call.end :].strip() not in _SLOGAN_TAIL:
                continue
            for group in groups:
                # "muslims out" is a slogan; "he blacks out" is not: a bare
                # "out" needs the group to open the message.
                if word == "out" and text[: group.start].strip():
                    continue
                if group.end <= call.start + 1 and not text[group.end : call.start].split():
                    return True
        elif name == "expel_before" and any(
            call.end <= group.start + 1 and not text[call.end : group.start].split()
            for group in groups
        ):
            return True
        elif name == "expel_them":
            # Session 24: "agency keeps sending foreigners … send the lot
            # back where they came from": the group named, then sent back
            # by a pronoun and a destination (``expel_them`` has both).
            return True
    return False


# Session 24 (authors do..dt): "send all these ashawo Nigerians back",
# "renvoie tous ces arabes au bled": the call split around the group.
_SEND_WORDS = frozenset(
    {"send", "ship", "kick", "deport", "renvoie", "renvoyez", "renvoyer", "renvoyons",
     "virez", "virer", "expulsez", "expulser", "remet", "remettez"}
)  # fmt: skip
_BACK_WORDS = (
    "back", "out of", "chez eux", "au bled", "dans leur pays", "d ou ils viennent",
)  # fmt: skip


def _sent_back_around(text: str, group: Hit) -> bool:
    """A sending word at most four words before the group and a way back
    right after it."""
    before = text[: group.start].split()[-4:]
    return not _SEND_WORDS.isdisjoint(before) and text[group.end :].lstrip().startswith(_BACK_WORDS)


# What may close a disguised incitement and leave it bare ("go buy a rope
# lol", "le pont c'est par là 👉 bisous").
_HINT_TAIL = frozenset(
    {"lol", "lmao", "mdr", "ptdr", "stp", "pls", "plz", "please", "bro", "frr", "frero", "mec",
     "bye", "ciao", "bisous", "just saying", "jdis ca jdis rien", "je dis ca je dis rien", "ok",
     "now", "already", "maintenant", "deja", "vite", "asap", "today", "tonight", "ce soir",
     "aujourd hui", "hein", "quoi", "et", "and", "loser", "nobody cares", "personne t aime"}
)  # fmt: skip
# The speaker's own plan ("je disparais pour de bon de ce site", "i jump off
# the bridge into the lake every summer"): no incitement of anyone.
_SELF_WORDS = frozenset(
    {"je", "j", "jvais", "i", "ill", "im", "we", "on", "nous", "me", "to", "wanna", "want",
     "could", "can", "gonna", "vais", "veux", "would"}
)  # fmt: skip


# Session 12 (s12harass): emoji thrown at someone to mock their body or
# looks ("la grosse de 3e 🐷🤮", "potato face 🥔"). The canonical text
# drops emoji, so they are looked for in the original.
_MOCK_EMOJI = ("🐷", "🐖", "🐽", "🤮", "🤢", "🥔", "🤡", "🐄", "🐮", "🐋", "🐳", "🦭", "🦛", "🧙")


def _third_party_mocked(
    message: Scanned, hits: list[Hit], has: Callable[[str], bool], suppressed: set[str]
) -> bool:
    """Session 12 (s12harass, class 1): harassment of someone designated in
    a room, not only "tu"/"you": a rumour, a ranking, poverty or a family
    mocked (``mock_aimed``, alone), or a body mocked (``mock_weak``) with a
    designated person (``mock_target``, an @handle), a mocking emoji or an
    insult. The sender speaking of themselves, friends' affection, a report
    or the news cancel it (``!mock_cancel``)."""
    if "mock_cancel" in suppressed:
        return False
    if has("mock_aimed"):
        return True
    if not has("mock_weak"):
        return False
    original = message.text
    return (
        has("mock_target")
        or "@" in original
        or (not original.isascii() and any(e in original for e in _MOCK_EMOJI))
        or has("insult")
        or has("insult_mild")
        or _distinct(hits, "mock_weak") >= 2
    )


def _pile_on(has: Callable[[str], bool], suppressed: set[str]) -> bool:
    """Session 12 (s12harass, class 2): a call to dog-pile someone: a named
    call ("on fait un groupe les anti…", "leak incoming") or a call to all
    with an act and a place of theirs ("tout le monde va mettre 🤡 sous
    chaque post de…", "everyone spam her comments"). Kindness (a birthday,
    support) or a warning against it cancels it (``!pile``)."""
    if "pile" in suppressed:
        return False
    return (
        has("pile_on")
        or (has("leak_call") and has("leak_person"))  # not a film's trailer leaked
        or (has("pile_call") and has("pile_act") and has("pile_where"))
    )


def _coded_hate(message: Scanned, has: Callable[[str], bool]) -> bool:
    """Session 12 (s12harass, class 4): a group generalised into criminals
    or banned wholesale ("<nationality> are all scammers, ban the lot"), a
    group said to deserve its harm, a woman sent back to the kitchen; a
    denial or a condemnation (``!hate_denial``) cancels it."""
    grouped = has("group") or has("group_bare") or has("nat_all")
    return (
        (has("nat_all") and has("generalise_bad"))
        or (grouped and has("deserve_it"))
        or (has("sexist_group") and has("sexist_place"))
        # "f*gs everywhere lately", "trop de noichis": a plural slur swarming.
        or (has("slur_plural") and has("swarm"))
        # "the only good … is a dead one, u know who": the group unnamed.
        or (has("only_good") and has("dead_one") and has("coded_who"))
        # The antisemitic nose emoji with a "look who owns it" insinuation.
        or ("👃" in message.text and (has("coded_who") or has("dehumanise")))
    )


def _suicide_hinted(message: Scanned, hits: list[Hit], has: Callable[[str], bool]) -> bool:
    """Review 10 (s10rec): suicide incitement in disguise ("go buy a rope",
    "the bridge is that way", "disparais pour de bon"). Each reads plainly
    too (a climbing rope, directions, someone leaving a site), so it counts
    only when it is the whole point of the message, nothing but a closing
    word after it, or beside a put-down or an insult, and never with a
    climbing, sailing or directions word nor in the speaker's own voice."""
    if not has("suicide_hint") or has("hint_benign"):
        return False
    text = message.normalised.text
    scorned = has("putdown") or has("insult") or has("insult_mild")
    for hint in (h for h in hits if h.entry.name == "suicide_hint"):
        before = text[: hint.start].split()[-1:]
        if before and before[0] in _SELF_WORDS:
            continue
        tail = text[hint.end :].split()
        if scorned or not tail or " ".join(tail) in _HINT_TAIL or set(tail) <= _HINT_TAIL:
            return True
    return False


# Words that carry an ominous phrase on into a sentence ("tu sais pourquoi
# je t'aime", "you know why i love you"): then it keeps nothing back.
_TOLD_ON = tuple(
    [w]
    for w in ("je", "j", "jte", "tu", "t", "que", "qu", "c", "i", "im", "you", "u", "we", "it",
              "its", "that", "this", "he", "she", "il", "elle", "on", "ce", "ca")
)  # fmt: skip


# Verbs that tell someone else's words before a weapon named ("he said
# 'gonna bring a gun to school'", "il a dit qu'il ramène un couteau").
_TELLING = frozenset(
    {"said", "says", "wrote", "posted", "texted", "threatened", "dit", "ecrit", "poste", "menace",
     "raconte", "pretend"}
)  # fmt: skip


def _implicit_threat(message: Scanned, hits: list[Hit], has: Callable[[str], bool]) -> bool:
    """Review 10 (s10rec): a threat said without a threat word. The sender
    knows the reader's hours or route and announces the meeting ("je sais
    à quelle heure tu sors du lycée, à demain 😉", "i know when ur shift
    ends. see u soon"); a meeting with a reason only the reader is meant to
    know ("see u at the bus stop 7:40 😊 you know why"); a weapon brought
    to school. A pick-up, a lesson or an ordinary plan ("je passe te
    prendre", "room 12", "rendre ton livre") is care, and a knife for a
    cake is a knife for a cake."""
    # A witness telling what someone said ("my neighbour's kid said 'gonna
    # bring a gun to school', i called the police") is not the one bringing it.
    text = message.normalised.text
    told = has("reported_speech")
    brought = [
        h
        for h in hits
        if h.entry.name == "weapon_school" and _TELLING.isdisjoint(text[: h.start].split())
    ]
    if brought and not has("kitchen_use") and not told:
        return True
    benign = (
        has("pickup_offer")
        or has("threat_benign")
        or any(
            h.entry.name == "ordinary_visit" and text[h.start : h.end].strip() not in _TIME_ONLY
            for h in hits
        )
    )
    if benign:
        return False
    # "tu sais pourquoi je t'aime ?" goes on: the reason is told, not kept.
    ominous = any(
        h.entry.name == "ominous" and text[h.end :].split()[:1] not in _TOLD_ON for h in hits
    )
    meeting = has("threat_when") or ominous
    return (has("routine_known") and meeting) or (ominous and has("threat_when"))


# Review 10 (s10rev, class 5): what makes a child's school year or age
# sexual, besides the ``sexual_ref`` words: desire ("rien de plus bandant
# qu'une fille de 6ème", "middle schoolers are my type"), a kissing or
# "done stuff" question ("13 ? parfait, t'as déjà embrassé ?"), a photo of
# the body asked ("u in middle school? show me ur legs"), undressing or a
# sexual body part, or a liking for a body before puberty ("genre 10 ans,
# pas encore de poils"). A weak liking ("ça me rend fou", "j'adore") counts
# only beside clothes or a body.
_YOUNG_CUES = frozenset(
    {"minor_desire", "experience_q", "body_setting", "child_undress", "body_sexual",
     "prepubescent", "young_school"}
)  # fmt: skip


def _young_age(text: str) -> bool:
    """An age of 5 to 14 in ``text`` that is not the date of a past."""
    return any(
        not _PAST_AGE.search(text[max(0, m.start() - 12) : m.start()])
        for m in _YOUNG_AGE.finditer(text)
    )


def _young_sexualised(message: Scanned, hits: list[Hit], has: Callable[[str], bool]) -> bool:
    # A school year named for its teacher, its parents, its trip or its
    # exam ("prof de 4ème", "the 8th grade field trip") is no child.
    school = any(
        h.entry.name == "young_school" and not _inside_any(h, hits, "class_staff") for h in hits
    )
    # A parent's own child in a swimsuit or undressed for the bath, with no
    # desire said ("mon fils de 12 ans en maillot pour le water polo"), is
    # the parent's talk (``kin_*``), as for the swimwear clause.
    if (has("kin_child") or has("kin_young")) and not has("minor_desire"):
        return False
    photo = has("photo_ask") or has("show_ask")
    # A photo in pyjamas, underwear or of the legs asked with a minor's
    # stated age (not a sports kit: that is the grooming move, held).
    if (
        has("minor_age")
        and has("intimate_setting")
        and photo
        and not _YEARS_OF.search(message.text)
    ):
        return True
    young = school or has("young_age")
    if not young:
        return False
    desire = (
        has("minor_desire")
        or has("experience_q")
        or has("child_undress")
        or (has("intimate_setting") and photo)
        or (has("body_setting") and has("desire_weak"))
        or (has("body_sexual") and not has("kin_child"))
        or (has("prepubescent") and has("liking"))
        # "j'aime bien les ptites de 6eme, si tu vois ce que je veux dire":
        # a liking said with innuendo (lead, review 11).
        or (has("innuendo") and (has("liking") or has("desire_weak")))
    )
    # A parent's or a teen's worry about a body ("ma fille de 11 ans n'a pas
    # encore de poitrine, c'est normal ?") is the ``_own_body_question``'s.
    return desire and not _own_body_question(message, has)


def _full_names(text: str) -> list[re.Match[str]]:
    return [
        m
        for m in _FULL_NAME.finditer(text)
        if m.group(1) not in _NOT_A_FIRST_NAME
        # "rue Victor Hugo", and "Collège Jean" of "Collège Jean Moulin"
        and not _NAMED_AFTER.search(text[: m.start()])
        and not _NAMED_AFTER.search(m.group(1) + " ")
    ]


def _exposed_by_name(message: Scanned, hits: list[Hit], has: Callable[[str], bool]) -> bool:
    """Review 10 (s10rev, class 8): someone else exposed without a phone
    number or an "adresse:" cue: a full name beside the street address that
    follows it ("Thomas Petit, 8 impasse des Lilas 69100 Villeurbanne"), a
    full name with a school and a class ("Léa Moreau, 3e B collège Jules
    Ferry"), or the GPS coordinates of a third party's home ("coordonnées
    de chez lui : 45.76, 4.83"). A shop's, a venue's or one's own address
    and a sender introducing themself are no one exposed."""
    if has("venue") or _SELF_INTRO.search(message.normalised.text):
        return False
    original = message.text
    if has("gps") and has("home_of_other"):
        return True
    names = _full_names(original)
    if not names:
        return False
    if has("school_named") and _CLASS_LABEL.search(original):
        return True
    if not _DIGIT.search(original):
        return False
    addresses = pd.find_addresses(original)
    # A street named after someone ("5 Oak Lane", "rue Jean Jaurès") is
    # part of an address, not a person beside it.
    people = [
        n for n in names if not any(a.start <= n.end() and n.start() < a.end for a in addresses)
    ]
    return any(
        0 <= address.start - name.end() <= _NAME_TO_ADDRESS
        for name in people
        for address in addresses
    )


_ADMINISTER_GAP = (
    6  # "jmet [un ti truc] ds son verre", "i'll slip [a little something] in her drink"
)
_DOSE_GAP = 2  # "[qq gouttes] dans son café", "du rohypnol ds son verre"


def _administered(message: Scanned, hits: list[Hit]) -> bool:
    """Session 11 (s11crimes, class 1): something put into someone else's
    drink or food (ADMINISTER): a gesture ("jmet", "i'll slip", "g versé")
    a few words before ``into_drink``, or a drug or a vague dose right before
    it ("qq gouttes dans son café", "du rohypnol ds son verre"). The
    possessive of the drink names the third party. An ordinary ingredient
    between ("mets du sucre dans son café", "a lemon slice in her drink")
    is cooking."""
    text = message.normalised.text
    drinks = [h for h in hits if h.entry.name == "into_drink"]
    if not drinks:
        return False
    additives = [h for h in hits if h.entry.name == "benign_additive"]
    for drink in drinks:
        for before in hits:
            name = before.entry.name
            if name == "administer":
                gap = _ADMINISTER_GAP
            elif name in ("vague_dose", "drug_named"):
                gap = _DOSE_GAP
            else:
                continue
            if before.end > drink.start + 1 or len(text[before.end : drink.start].split()) > gap:
                continue
            if not any(before.start <= a.start and a.end <= drink.start + 1 for a in additives):
                return True
    return False


def _no_consent(hits: list[Hit]) -> list[Hit]:
    """A third party said unable to refuse, to know or to remember ("elle
    pourra pas dire non", "she can't consent", "elle capte plus rien"), not
    a liking for a thing ("she can't say no to chocolate")."""
    return [
        h for h in hits if h.entry.name == "no_consent" and not _inside_any(h, hits, "say_no_to")
    ]


# A time of day written with digits ("à 17h", "16h30", "at 7:40", "7am").
_CLOCK = re.compile(
    r"\b\d{1,2}\s?(?:h\s?\d{0,2}|:\d{2}|am|pm)(?!\w)|\b(?:at|vers|a|à)\s\d{1,2}(?![\d:.,])",
    re.IGNORECASE,
)
# Words that make a hit someone's past or the speaker's own ("il a avalé",
# "je prends") or deny it ("prends pas", "don't take"): no push on the reader.
_NOT_PUSHED = frozenset(
    {"je", "j", "jvais", "i", "ill", "im", "we", "on", "il", "elle", "he", "she", "they", "ils",
     "a", "ai", "as", "avait", "has", "have", "had", "pas", "not", "don", "dont", "never",
     "jamais", "ne", "n", "t", "didn", "didnt", "to", "could", "might", "may", "should"}
)  # fmt: skip
_OVERDOSE_GAP = 4
# A count of pills that is an overdose, not a dose ("prends-en 30", "take 20").
_PILL_COUNT = re.compile(
    r"^(?:[1-9]\d|une? (?:dizaine|vingtaine|trentaine))$|^(?:dozen|twenty|thirty)$"
)


def _overdose_pushed(message: Scanned, hits: list[Hit], has: Callable[[str], bool]) -> bool:
    """Session 11 (s11crimes, class 2): a number of pills or a method pushed
    on the reader ("prends-en 30 d'un coup", "take the whole bottle",
    "avale toute la boîte, t'auras plus mal"). An imperative ``overdose_take``
    a few words before the whole supply (``whole_supply``) or all at once
    (``at_once``), neither denied nor the speaker's own or someone's past
    ("mon fils a avalé toute la boîte de bonbons", "je prends tout d'un
    coup ?"), with what makes it a death: a drug named, a count of pills,
    relief promised ("t'auras plus mal", "nobody will miss you"), a
    put-down, or nothing after it but a closing word. A doctor's "2
    comprimés, pas toute la boîte" denies it; "the whole bottle of water"
    names a thing that is no pill."""
    text = message.normalised.text
    takes = [h for h in hits if h.entry.name == "overdose_take"]
    if not takes:
        return False
    drug = has("drug_named") or has("sedated")
    deadly = drug or has("overdose_relief") or has("putdown") or has("insult")
    for take in takes:
        before = text[: take.start].split()[-1:]
        if before and before[0] in _NOT_PUSHED:
            continue
        for supply in (h for h in hits if h.entry.name in ("whole_supply", "at_once")):
            if supply.start + 1 < take.end:
                continue
            gap = text[take.end : supply.start].split()
            if len(gap) > _OVERDOSE_GAP or not _NOT_PUSHED.isdisjoint(gap):
                continue
            after = text[supply.end :].split()
            # "toute la boîte de chocolats": a box of something else.
            if after[:1] in (["de"], ["d"], ["of"]) and not drug:
                continue
            counted = any(_PILL_COUNT.match(w) for w in gap) or any(
                _PILL_COUNT.match(" ".join(gap[i : i + 2])) for i in range(len(gap))
            )
            bare = not after or set(after) <= _HINT_TAIL
            if deadly or counted or (supply.entry.name == "whole_supply" and bare):
                return True
    return False


_SELF_EATER = frozenset({"je", "j", "i", "im", "on", "we", "il", "elle", "he", "she", "they"})


def _ana_coached(message: Scanned, hits: list[Hit], has: Callable[[str], bool]) -> bool:
    """Session 11 (s11crimes, class 2): pro-anorexia coaching aimed at the
    reader: eating made a failure ("if you eat you failed", "tu mérites pas
    de manger"), or an order to starve or purge ("mange pas avant demain",
    "skip dinner", "vomis") with the reader's body shamed ("t'es encore
    grosse", "ur thighs still touch") or thinspo named. The speaker's own
    fasting or shame ("je mange pas, je me sens grosse") is a cry for help,
    and a doctor's "mange pas avant la prise de sang" shames no body."""
    if has("reported_speech") or has("help_ask"):
        return False
    if has("ana_coach"):
        return True
    text = message.normalised.text
    ordered = any(
        h.entry.name == "fast_order" and text[: h.start].split()[-1:] not in _SELF_EATERS
        for h in hits
    )
    return ordered and (has("body_shame") or has("thinspo"))


_SELF_EATERS = [[w] for w in _SELF_EATER]


def _routine_threat(message: Scanned, hits: list[Hit], has: Callable[[str], bool]) -> bool:
    """Session 11 (s11crimes, class 4): the reader's routine told back to
    them with its hour or its day ("je sais que tu finis à 17h le mardi",
    "tu passes par le parc tous les soirs vers 19h, je sais", "i know you
    walk your dog at 7 every morning"), or their child's asked to be
    confirmed ("ta fille sort de l'école à 16h30, c'est bien ça ?"). A
    call, a lift, a support word or an ordinary plan makes it a friend's
    ("je sais que tu finis tard le mardi, je t'appelle mercredi")."""
    if has("threat_benign") or has("pickup_offer") or has("reported_speech"):
        return False
    text = message.normalised.text
    if any(
        h.entry.name == "ordinary_visit" and text[h.start : h.end].strip() not in _TIME_ONLY
        for h in hits
    ):
        return False
    when = has("habit_time") or _CLOCK.search(message.text) is not None
    knows = any(h.entry.name == "know_word" and not _inside_any(h, hits, "know_not") for h in hits)
    return (
        (has("routine_known") and (when or has("threat_when")))
        or (has("routine_you") and knows and when)
        or (
            has("target_routine")
            and when
            and (knows or has("confirm_q") or has("ominous") or has("mind_it"))
        )
    )


def _leak_sent(message: Scanned, has: Callable[[str], bool]) -> bool:
    """Session 17 (authors bm..br): a threat to send or post something of the
    reader's to their people, said with verbs, objects or the passive the
    older ``leak_threat`` phrases lacked. The sending and the audience are
    not enough ("im sending the pics to your mum, she asked for them"):
    it needs a condition, an aim ("ur done"), something compromising held,
    pressure or a deadline; a clock alone is not ("the group photo goes to
    the whole class in 5 min"). A friend's mock blackmail over a chore
    ("si tu fais pas la vaisselle je montre ta photo à ta mère") is a joke,
    as in ``extort``."""
    if message.hits_of("intent_suppress", "extort_joke") or extort.mock_price(message):
        return False
    # "ur husband is getting them", "ta daronne va recevoir nos convs": the
    # reader's people said to receive it is the sending and its audience.
    sent = (has("leak_send") and has("audience")) or has("audience_gets")
    if not sent:
        return False
    # Leverage is a menace only when it is the reader's ("tes photos",
    # "screens de toi", "ur pics"): "j'envoie les photos à ta mère" is an errand.
    return _readers_or_menace(message, has, "leverage")


def _readers_or_menace(message: Scanned, has: Callable[[str], bool], component: str) -> bool:
    """Whether a hit of ``component`` (what is sent) is the reader's, or the
    message says a menace (``_LEAK_MENACE``). Session 18 (review s18b): the
    same test for a ``leak_threat`` sending with an audience: "j'envoie tes
    photos à toute ta famille" is a threat, "j'envoie les photos du mariage
    à toute la famille ce soir" an errand."""
    text = message.normalised.text
    readers = any(
        reported.SECOND_PERSON.search(f" {text[h.start : h.end]} ")
        for h in message.hits_of("intent", component)
    )
    return readers or any(has(name) for name in _LEAK_MENACE)


def plain_sending(message: Scanned, has: Callable[[str], bool]) -> bool:
    """Session 18 (review s18b): photos or a video sent to a group, with
    nobody addressed, no menace and nothing intimate ("j'envoie les photos
    du mariage à toute la famille ce soir"): the learned layer read the
    audience as sextortion (``checks/model``). The sending's own readings
    (``extort_expose``, ``extort_night``: "ce soir") do not count against it."""
    sending = ((has("leak_threat") or has("leak_send")) and has("audience")) or has("audience_gets")
    if not sending or any(has(name) for name in _LEAK_MENACE):
        return False
    if any(
        h.entry.name.startswith("extort_") and h.entry.name not in _SENDING_READINGS
        for h in message.hits_of("intent")
    ):
        return False
    return not _intimate(message) and not reported.SECOND_PERSON.search(
        f" {message.normalised.text} "
    )


def _intimate(message: Scanned) -> bool:
    return bool(message.hits_of("lexicon", "sexual_content")) or any(
        h.entry.name in _INTIMATE_PARTS for h in message.hits_of("intent")
    )


_SENDING_READINGS = frozenset({"extort_expose", "extort_night"})


def _weapon_or_loss_threat(has: Callable[[str], bool]) -> bool:
    """Session 11 (s11crimes, class 4): a weapon always carried, said with a
    warning to the reader ("j'ai toujours mon couteau sur moi, pense à ça",
    "i always carry a knife, remember that next time"), unless a kitchen,
    a camp or a trade is its use; or what the reader has praised, then a
    misfortune wished on it ("cute dog you have. would be sad if he got
    lost", "belle voiture, ce serait dommage qu'elle se fasse rayer"). An
    insurer's or a mechanic's talk is no menace."""
    carried = has("weapon_carry") and has("mind_it") and not has("kitchen_use")
    owned = has("possession_praise") or has("threat_target") or has("knows_you")
    loss = has("misfortune") and has("shame_if") and owned and not has("threat_benign")
    return carried or loss


def read_intent(message: Scanned) -> Intent:
    """The intent categories of one message (see the module docstring);
    read once per scanned message (the filter and the scorer both ask)."""
    known = message.memo.get("intent")
    if isinstance(known, Intent):
        return known
    intent = _read_intent(message)
    message.memo["intent"] = intent
    return intent


def _read_intent(message: Scanned) -> Intent:
    hits = message.hits_of("intent")
    if reported.quoted_spans(message):
        # Words quoted in a report ("il m'a écrit \"on sait où t'habites\"")
        # are not the sender's.
        hits = [
            h for h in hits if h.entry.name == "reported_speech" or not reported.quoted(message, h)
        ]
    told_abuse = reported.told_abuse(message)
    if told_abuse:
        # Session 15: an insult someone was called, a push to die someone
        # was told, reported unquoted ("got called a slut in the gc").
        hits = [h for h in hits if h not in told_abuse]
    plain = [h for h in hits if h.entry.name == "plain_sense"]
    if any(h.entry.name == "help_ask" for h in hits):
        # A witness reporting an incitement aimed at someone else, asking
        # for help ("someone told my friend to kys, we reported it").
        plain += [h for h in hits if h.entry.name == "reported_incitement"]
    if plain:
        # Issue 12, session 8 (s8msg): a word read in its plain sense
        # ("je suis crevée", exhausted: canonically "creve", the injunction
        # "crève !") is not the component it also spells.
        hits = [
            h
            for h in hits
            if h.entry.name not in _PLAIN_SENSE
            or not any(p.start <= h.start and h.end <= p.end for p in plain)
        ]
    if message.hits_of("intent", "reassure"):
        # s10fp: a put-down denied ("t'es pas une merde", "ur not ugly") is
        # not said to the reader.
        hits = [
            h for h in hits if h.entry.name not in _DENIABLE or not reported.reassured(message, h)
        ]
    extra: dict[str, Hit | None] = {}
    original = message.text
    # The regular expressions only run when they can match (most messages
    # have no digit and no echo): the filter's cost per message stays low.
    sexual = any(hit.entry.name == "sexual_ref" for hit in hits)
    # Looks and a request to meet her: a child's age makes that a minor too.
    names = {hit.entry.name for hit in hits}
    courted = {"looks", "intro_ask"} <= names
    kin = not names.isdisjoint(_KIN)
    if not sexual and emoji.any_of(original, emoji.SEXUAL):
        # The canonical form drops emoji: "petite lycéenne 😋🍑" is sexual talk.
        extra["sexual_ref"] = None
        sexual = True
    if (
        not sexual
        and emoji.DROOL in original
        and "minor_ref" in names
        and not names.isdisjoint(_BODY_OR_CLOTHES)
    ):
        # Session 15: a drool at minors' bodies or clothes ("les collégiennes
        # en jupe à la sortie 🤤"); at the canteen's chips it is food.
        extra["sexual_ref"] = None
        sexual = True
    if not sexual and not kin and _minors_leered_at(message, hits, names):
        extra["sexual_ref"] = None
        sexual = True
    # The speaker under 15 speaking sexually (s9fix, ``child_voice``).
    if child_voice.speaks_sexually(message, sexual, names) and child_voice.stated_child_age(
        message
    ):
        extra["child_voice"] = None
    if _DIGIT.search(original):
        if _MONEY.search(original):
            extra["money_amount"] = None
        if _DEADLINE.search(original):
            extra["deadline"] = None
        body = "body_dev" in names
        clothed = "intimate_setting" in names  # "15 is the perfect age, a pic in your pjs"
        if (sexual or courted or body or clothed or "swimwear" in names) and _MINOR_AGE.search(
            original
        ):
            extra["minor_age"] = None
        # A child's age beside someone's relative ("your niece is 13", "ta
        # nièce de 12 ans"): the relative is then a minor (s8fix).
        if "relation_other" in names and _MINOR_AGE.search(original):
            extra["other_age"] = None
        # Session 17 (review s17b): minors named by their birth year.
        if (
            "minor_ref" not in names
            and not kin
            and minors.minor_birth_year(message.normalised.text)
        ):
            extra["minor_ref"] = None
        # Session 17 (review r16): a minor's age approved of ("ur 16? perfect
        # age 😈", "15 ans ? l'âge parfait"): said to a child of their age, it
        # is the innuendo, whatever emoji follows.
        approved = "age_approved" in names or (
            "age_liked" in names and emoji.any_of(original, _AGE_LEER)
        )
        if approved and _READER_MINOR_AGE.search(original) and not _AGE_PURPOSE.search(original):
            extra["minor_age_approved"] = None
        # A child's age beside a child someone has access to: kept apart from
        # ``minor_age``, which turns any sexual word into a minor's.
        if kin and _MINOR_AGE.search(original):
            extra["kin_age"] = None
        if _MINOR_RANGE.search(original):
            extra["minor_range"] = None
        if not names.isdisjoint(_YOUNG_CUES) and _young_age(original):
            extra["young_age"] = None
        if "." in original and _GPS.search(original):
            extra["gps"] = None
        if "88" in original and _NAZI_CODE.search(original):
            extra["dog_whistle"] = None
    if "(((" in original and _ECHO.search(original):
        extra["dog_whistle"] = None
    if not original.isascii():  # no weapon emoji in an ASCII text
        # A partner named, or (session 18, review s17: "she'll be 😴 thanks
        # to a lil 💊") the pronoun glued to the sleep, or a pill beside it.
        if emoji.any_of(original, emoji.SLEEP) and (
            "partner_ref" in names or _SHE_OUT.search(original)
        ):
            extra["partner_out"] = None
        # Session 15: the mosque for Muslims ("trop de 🕌, faut faire le
        # ménage"), the trans flag with the suicide-rate jab ("41% 🏳️‍⚧️").
        for part in group_hate.emoji_parts(original):
            extra[part] = None
        weapons = sum(original.count(weapon) for weapon in emoji.WEAPONS)
        if weapons > original.count(emoji.JOKE_WEAPON) or weapons >= 2:
            extra["weapon_emoji"] = None
    if not hits and not extra:
        return Intent((), {})
    first: dict[str, Hit | None] = {**extra, **_first(hits)}
    # Session 18 (review s18b): the law's words ("la majorité sexuelle c'est
    # 15 ans ?", "age of consent in the UK") asked or told with nobody
    # addressed are no sexual talk; "… t'es dispo ?" addresses the reader.
    if (
        "consent_law" in first
        and "sexual_ref" in first
        and all(_inside_any(h, hits, "consent_law") for h in hits if h.entry.name == "sexual_ref")
        and not reported.SECOND_PERSON.search(f" {message.normalised.text} ")
        and not _pitched(message, first.__contains__)
    ):
        del first["sexual_ref"]
    has = first.__contains__
    # "dort comme un bébé" names no baby: the care excuse is not in it.
    # Session 26: "ton wallet a été signalé" is the bait's own words, not
    # the advice "signale-le": a warning word inside a bait excuses nothing.
    suppressed = {
        hit.entry.name
        for hit in message.hits_of("intent_suppress")
        if not _inside_any(hit, hits, "sleep_simile")
        and not (hit.entry.name == "scam" and _inside_any(hit, hits, "scam_bait"))
    }
    if reported.hate_talk(message):
        suppressed.add("hate")  # "le 14 88 c'est un code nazi, signalez-le"
    if _only_wagers(message):
        suppressed.discard("harassment")  # "sale chienne, loser pays"
    if recruit_rules.cared_for(message, first):
        suppressed.add("recruitment")  # session 21: "stay with her, get her a taxi"
    if has("scam_reassure"):
        # "c'est pas une arnaque", "100% legit": a scammer's line, not a warning.
        suppressed.discard("scam")
    money = has("money_amount") or has("sx_demand") or bool(message.hits_of("cue", "money_request"))
    found: list[str] = []

    # A third party unable to refuse ("elle pourra pas dire non") is as
    # unable to consent as one asleep (s11crimes, class 1).
    unable = _no_consent(hits)
    incapacitated = _distinct(hits, "incapacitated") + sum(
        not _inside_any(h, hits, "incapacitated") for h in unable
    )
    logistics = _distinct(hits, "covert_logistics")
    # A sleeping pill or a drug slipped in a drink ("sedated") makes a third
    # party who cannot consent only with an invitation or logistics: taking
    # one's pills and sleeping well are two facts, not a plan.
    sedated = has("sedated")
    # Drugging someone without their knowing ("je lui glisse du zolpidem",
    # "I'll spike her with ket", "j'ai du GHB pour ce soir") is graver than a
    # pill taken: with a third party who will not know, an invitation, a
    # recruit vetted or logistics, it is recruitment.
    dosing = has("dosing") or _followed(message, hits, "dose_verb", "drug_named")
    # A plain "viens" / "come over" and a partner asleep are each ordinary;
    # with a third party who will not know they make the invitation.
    ordinary = has("ordinary_visit")
    # An open call in SMS ("ki vient", "dispo ?", "who's down", "dm me")
    # is an invitation unless it names an ordinary plan ("dispo pour une
    # partie", "a call"); a time alone ("demain") is no plan (s10rec).
    plan = any(
        h.entry.name == "ordinary_visit"
        and message.normalised.text[h.start : h.end].strip() not in _TIME_ONLY
        for h in hits
    )
    # "qui est dispo" is both: the open call's plan excuses it too.
    invited = any(
        h.entry.name == "recruit_invite" and not _inside_any(h, hits, "invite_open") for h in hits
    )
    open_call = has("invite_open") and not plan
    approach = logistics or has("recruit_vetting") or invited or open_call
    come = has("recruit_come") and (has("asleep") or sedated) and not ordinary
    # The third party who will not know must be said apart from her sleep:
    # "my wife is sleeping when I come home" is one fact, not two.
    unaware = _distinct(
        [h for h in hits if h.entry.name == "incapacitated" and not _inside_any(h, hits, "asleep")],
        "incapacitated",
    )
    # A partner shown asleep or drugged by emoji only ("my wife 😴💊 tonight,
    # anyone?"): an ordinary plan ("un call", "demain") keeps it a good night.
    emoji_out = has("partner_out") and not plan
    # "how many mg of zolpidem so she doesn't wake up?": a dose asked so that
    # someone will not wake or notice. A child's or a patient's dose is care
    # (the ``!recruitment`` words: patient, bébé, my son, my daughter).
    dose_asked = (
        has("dose_question")
        and bool(incapacitated)
        and not any(has(name) for name in ("kin_child", "kin_young", "minor_ref"))
    )
    if (
        ((incapacitated or sedated or emoji_out) and approach)
        or dose_asked
        or (dosing and (incapacitated or approach or has("recruit_come")))
        or (come and unaware)
        # "wife's asleep, come over", "ma femme dort, viens": the invitation
        # glued to her sleep, unless the visit is ordinary ("viens plutôt
        # demain", "passe prendre la perceuse", "come over for the match").
        or (has("asleep_come") and not ordinary)
        # "ma femme dort, qui veut venir ce soir ?", "wife's asleep, who's
        # down": her sleep and a call to whoever wants to come, with no
        # ordinary plan named ("qui veut venir jouer en ligne"), and not a
        # witness telling what was proposed to them (lead, s10).
        or (
            _own_partner_asleep(message, hits)
            and (invited or open_call)
            and not (ordinary or plan or has("reported_speech") or has("help_ask"))
        )
        # A partner asleep, drugged or unaware offered for sharing (room names,
        # pseudonyms, ads: "Maris partageurs de femmes endormies").
        or (has("share_offer") and (has("asleep") or incapacitated or sedated or dosing))
        or incapacitated >= 2
        # Session 11 (s11crimes, class 1): something put in someone else's
        # drink (ADMINISTER names a SEDATIVE or a vague dose and the THIRD
        # PARTY), or a third party who cannot refuse or will not remember
        # (INCAPACITY said crudely, ``no_consent``), with any INVITE, a
        # plain "viens" included, unless an ordinary plan is named ("come
        # over for dinner").
        or (
            (_administered(message, hits) or unable)
            and (invited or open_call or has("recruit_come"))
            and not plan
        )
        # Session 23 (review s23): "plus elles sont bourrées mieux c'est, on
        # passe les prendre, qui est chaud": a state said to be wanted is no
        # ordinary plan, whatever pick-up is named beside the open call.
        or (has("no_consent") and has("recruit_invite") and has("invite_open"))
        or logistics >= 2
        or (logistics and has("recruit_vetting"))
    ):
        found.append("recruitment")

    # Session 22: more images demanded ("send 2 more", "envoie-m'en
    # d'autres") is the blackmail's demand as money is.
    demand = has("sx_demand") or has("money_amount") or has("nude_more") or has("more_images")
    parts = sum((has("leverage"), has("audience"), demand))
    pressure = has("sx_pressure") or has("deadline")
    # "j'ai tes nudes. paye": the reader's intimate images held, with a
    # demand, need no audience named (the threat to show them is implied).
    held = has("intimate_held") and (has("sx_demand") or has("money_amount") or pressure)
    # Session 15: the price of making an image go away, implied ("couche
    # avec moi et la vidéo disparaît", "pay and the pics get deleted").
    # Not a warning or a report that repeats it ("psa: if someone says pay
    # and i delete it, don't pay").
    released = (
        any(h.entry.name == "sx_release" and not reported.in_quotes(message, h) for h in hits)
        and (has("sx_demand") or money or has("sex_ask") or has("scam_route"))
        and not any(has(name) for name in reported.TOLD_CUES)
    )
    # Session 17 (review s17): the reader's intimate images and their people
    # under a condition ("ur nudes go to ur mom unless u send more", "si tu
    # me quittes tes nudes finissent sur le groupe de la classe"): the
    # condition is the demand.
    conditioned = has("leverage") and has("audience") and has("conditional")
    # Session 27: priced in a chore or a treat ("pay me in chipotle or it
    # goes to the gc 😈"), it is a friend's mock blackmail, as in ``extort``
    # (asked last: most messages have no blackmail to excuse).
    if (
        parts == 3 or (parts == 2 and pressure) or held or released or conditioned
    ) and not extort.mock_price(message):
        found.append("sextortion")

    # Someone's relative or classmate with a child's age, in digits or words
    # ("your daughter is 14", "ta cousine a douze ans"); without an age, an
    # adult niece (s8fix).
    relative = has("relation_other") and (has("other_age") or has("age_word"))
    minor = has("minor_ref") or has("minor_age") or relative
    sexualised = has("sexual_ref") or has("body_dev")
    # A survivor telling the age they were ("i was 12 when he made me…",
    # "j'avais 13 ans quand…") to nobody in particular: the child is their
    # past self, the help they ask is the guide's allow (s9fix class 1).
    survivor = (
        has("survivor_past")
        and not (has("minor_ref") or relative)
        and not _SECOND_PERSON.search(message.normalised.text)
    )
    if (
        has("minor_attraction")
        or has("child_voice")
        or has("minor_age_approved")
        or (sexualised and minor and not _own_body_question(message, has) and not survivor)
        # "ta fille de 14 ans elle est mignonne, tu me la présentes ?"
        or (minor and courted)
        # "looking for young girls 13-16, i pay", "qui a des photos de petites
        # de 13 14 ans": seeking or trading minors (a minor word or a child's
        # age range with a seek, trade, payment or secrecy word).
        or (has("minor_seek") and (has("minor_ref") or has("minor_range")))
        # "je cherche une gamine de 12 ans", "looking for a girl 13": someone
        # sought by a child's age under 15 (a 16-year-old looking for
        # someone of 16 in a teen room is ordinary). A parent looking for a
        # babysitter or a tutor names the service ("pour garder mes enfants");
        # an alert for a missing child, a child who found or lost something, a
        # school project, a foster family say theirs (``seek_excuse``).
        or (
            has("seek_young")
            and _child_sought(message)
            and not has("child_service")
            and not has("parent")
            and not has("seek_excuse")
        )
        or _child_offered(message, hits, has)
        # "ta fille de 13 ans en maillot": a child's swimsuit with their age,
        # unless a parent says it of their own child for a sport, a purchase
        # or school and offers nothing (session 7).
        or (minor and has("swimwear") and not _kit_errand(has))
        or _young_sexualised(message, hits, has)
        or _minor_content_kept(message, has)
        or _consent_age_pitched(message, has)
        # Session 27: a liking for the young with a minor's age range ("salon
        # pr ceux qui aiment les jeunes 13-15", "for guys into young ones
        # 14-16"); a coach's "j'entraîne les jeunes 13-15" likes nobody.
        or (has("young_liked") and has("minor_range"))
    ):
        found.append("minor_sexualisation")

    harm, knows = has("harm") or has("grave_harm"), has("knows_you")
    intent_to = has("future_self") or has("conditional")
    requested = sending_requested(message, has)
    if (
        has("veiled_threat")
        or (harm and (intent_to or knows or has("threat_target")))
        or (
            knows
            and (has("threat_target") or has("conditional") or has("future_self"))
            # "je sais à quelle heure vous sortez, rendez-vous salle 12",
            # "i know when u finish, i'll pick u up": a lesson, a lift.
            and not has("pickup_offer")
        )
        or (
            has("leak_threat")
            and (
                has("conditional")
                or (has("audience") and _readers_or_menace(message, has, "leak_threat"))
            )
            and not requested
        )
        # "je vais publier tes photos pour te détruire": the aim says the
        # harm, no condition or audience needed (review 8, s8fix2).
        or (has("leak_threat") and has("leak_aim"))
        # Session 17: a sending to the reader's people ("jvais balancer tes
        # msg à toute la classe", "its going to the confessions page") is a
        # threat with a condition, an aim, a thing held or a clock; "je
        # poste les photos du mariage sur le groupe de la famille" is not.
        or (_leak_sent(message, has) and not requested)
        # "would be a shame if your kids walked home alone": a menace opener
        # with someone or something of theirs.
        or (has("shame_if") and (has("threat_target") or knows))
        # "fais gaffe en rentrant", "watch your back", "on sait où t'habites":
        # a threat alone, unless the message gives a benign reason for it.
        or (has("menace_caution") and "menace_caution" not in suppressed)
        # "🔪🔪🔪 demain": weapons with a time or a place, not in a kitchen or a game.
        or (has("weapon_emoji") and has("threat_when") and "weapon_emoji" not in suppressed)
        # "je vais te retrouver", "we'll find you": a promise to find the
        # reader, unless a place, a time or an object follows it at once
        # ("je vais te retrouver au parc", "I'll find you a seat").
        or (has("find_you") and not _followed(message, hits, "find_you", "place_time", gap=0))
        or _implicit_threat(message, hits, has)
        or _routine_threat(message, hits, has)
        or _weapon_or_loss_threat(has)
        # Session 19 (review s19): a weapon asked for a planned fight ("qui a
        # une lame pour la baston de demain", "bring bats, we settling it").
        or (has("fight_weapon") and has("fight_plan"))
    ):
        found.append("threat")

    located = _distinct(hits, "dox_data")
    # A real name put on a member with one whereabouts is enough; three
    # whereabouts of someone unnamed too, unless the sender speaks of
    # themselves ("je rentre seule tous les soirs…").
    revealed = bool(located) and bool(_REVEAL.search(original))
    unnamed = located >= 3 and not _FIRST_PERSON.search(message.normalised.text)
    # Session 17: digging for a named person's whereabouts (``dox_seek``:
    # a dox announced, an IP traced, "which days she has labs").
    if revealed or unnamed or has("dox_seek") or _exposed_by_name(message, hits, has):
        found.append("doxxing")
    elif has("third_party") or has("dox_incite"):
        if pd.find_addresses(original) or pd.find_phone_numbers(original):
            located += 2
        if (has("third_party") and located >= 2) or (has("dox_incite") and located >= 1):
            found.append("doxxing")

    route, bait, story = has("scam_route"), has("scam_bait"), has("scam_story")
    credentials, ask = has("scam_credentials"), has("scam_ask")
    # "j'ai payé 20€ en carte cadeau pour mon jeu": the sender's own past
    # payment is no request; only an ask outside it counts (review 8, s8fix2).
    if ask and has("own_payment"):
        ask = any(
            h.entry.name == "scam_ask" and not _inside_any(h, hits, "own_payment") for h in hits
        )
    # A bait or a payment rail alone is talk ("customs charged me 40 quid",
    # "my dad invests in crypto"); a scam asks for something.
    if (
        (credentials and (ask or bait or story))
        # "les 3 chiffres derrière ta carte", the CVV: asked for, a scam.
        or (has("card_code") and (has("cred_ask") or ask or bait or story))
        or (route and (ask or bait or story))
        or (bait and (ask or credentials or story))
        or (story and money)
        # Session 26 (review s26): a wallet's recovery words asked for in
        # any form ("drop ur 12 words here", "faut coller tes 12 mots").
        or (has("seed_words") and (has("seed_give") or ask or has("cred_ask")))
    ):
        found.append("scam")

    told_of = any(has(name) for name in reported.TOLD_CUES)
    pushed_to_die = (
        has("suicide_incitement")
        or _suicide_hinted(message, hits, has)
        or _overdose_pushed(message, hits, has)
    )
    if (
        pushed_to_die
        or _third_party_mocked(message, hits, has, suppressed)
        or _pile_on(has, suppressed)
        or _ana_coached(message, hits, has)
        or (
            (_addressed(message, hits, "insult") and (has("insult") or has("putdown")))
            or _bare_insult(message, hits)
            or _distinct(hits, "putdown") >= 2
            or (has("insult") and has("putdown"))
            or (_addressed(message, hits, "insult_mild") and (has("putdown") or has("insult")))
            # Session 16: two different mild insults aimed at the reader ("t'es
            # nul, t'es gros", "you useless overpaid clown"): one is banter,
            # two are a put-down.
            or _put_down_twice(message, hits)
            or _insult_pile(message, hits)
            # Session 19 (review s19): death wished on someone named ("hope
            # Megan from the 3rd floor dies in a car crash").
            or _death_wished(message)
            # Session 19: a degrading insult and a member's @handle ("whore.
            # that's it, that's the msg @luna"): the handle is the address.
            or (has("insult") and _MENTION.search(message.text) is not None and not told_of)
        )
    ):
        found.append("harassment")

    group_named = has("group") or has("group_bare")
    expelled = _group_expelled(message, hits)
    # The sender's own attack on a group: dehumanised, expelled, or a dog
    # whistle with a group or a slur of its own (s9fix class 3).
    # "disgusting" condemning the whistle is not the sender dehumanising.
    dehumanised = any(
        h.entry.name == "dehumanise" and not _inside_any(h, hits, "hate_condemn") for h in hits
    )
    # A whistle explained or condemned (``hate_meta``, ``hate_condemn``) may
    # be excused by a report cue; one blown bare ("the goyim know, report
    # them") is the sender's own.
    explained = (
        has("hate_meta")
        or has("hate_condemn")
        or any(
            message.normalised.text[h.start : h.end].strip() not in _REPORT_ONLY
            for h in message.hits_of("intent_suppress", "hate")
        )
    )
    kitchen_oven = has("dog_whistle") and _oven_in_kitchen(message)
    own_attack = (
        (has("group") and has("dehumanise") and not has("stereo_denied"))
        or expelled
        or (
            has("dog_whistle")
            and (group_named or dehumanised or not explained)
            and not kitchen_oven
        )
        # s12harass: the group generalised, said to deserve it, sent to the
        # kitchen is the sender's own attack (a look-alike excuse such as
        # "nigerians" for the n-word's masks does not clear it).
        or (_coded_hate(message, has) and not group_hate.hate_denied(message))
        or group_hate.stereotyped(message, hits, has)
    )
    # A dog whistle named in news or condemnation ("le RN veut la
    # remigration, c'est scandaleux", "great replacement is a conspiracy
    # theory") is not one blown, unless it is approved or aimed at a group.
    whistled = (
        has("dog_whistle")
        and (own_attack or not has("hate_condemn") or has("hate_approve"))
        and not kitchen_oven
    )
    # "t'as des beaux seins, tu me les montres ?", "send pics of that ass",
    # "montre ton corps en cam": a sexual body part and a request to show or
    # send it, a few words apart, in either order (s9fix class 5).
    if has("body_sexual") or has("body_any"):
        # Someone else's or one's own ("les mecs qui envoient une photo de
        # leur zizi", "my doctor wants to see my breasts") is talk, not a request.
        bodies = [h for h in hits if not _owned_by_other(message, h)]
        if _near(message, bodies, "body_sexual", "show_ask", _SHOW_GAP) or _near(
            message, bodies, "body_any", "cam_ask", _SHOW_GAP
        ):
            found.append("sexual_content")
    if _solicitation(has):
        found.append("sexual_content")

    if whistled or own_attack:
        found.append("hate")
    elif has("dog_whistle"):
        first["whistle_condemned"] = None  # the learned layer's excuse too

    # A threat in a game or a joke ("je vais te défoncer à fifa mdr") is
    # cancelled by the conversation cues' suppressors too.
    suppressed |= {hit.entry.name for hit in message.hits_of("suppress")} & {"threat"}
    if not threat_excuses(message):
        suppressed.discard("threat")  # "after the game I'll break your jaw"
    aimed = frozenset({"threat"}) if _threat_aimed(message, has) else frozenset()
    if concrete_threat(message):
        suppressed.discard("threat")  # "je sais où t'habites … mdr"
    elif laughing(original) and not laugh_proof(message):
        suppressed.add("threat")
    elif aimed and not threat_excused(message, aimed):
        suppressed.discard("threat")  # "spoiler: je vais te défoncer"
    # s9fix classes 2-3: an excuse (a suppressor, a report or help cue)
    # cannot clear an attack the message still makes itself: an insult
    # aimed at the reader, a group dehumanised, expelled or whistled at
    # ("(((them))) run the banks, if you see them report them", "he said
    # you're a whore"). When someone else's words are told, it is held.
    contested = set()
    if "hate" in found and "hate" in suppressed and own_attack:
        contested.add("hate")
    if "harassment" in found and _signed_with_affection(message, hits, pushed_to_die):
        suppressed.add("harassment")  # "ta gueule connard jtm quand meme"
    elif (
        "harassment" in found
        and "harassment" in suppressed
        and (
            _aimed_at_reader(message, hits)
            # Session 23 (authors db..dh): "va te pendre franchement, t'as
            # ruiné la saison": a push to die is said to the reader by its
            # own grammar; a season, a game or a story beside it does not
            # make it fiction, unless someone else's words are told.
            or (_pushed_to_die_aimed(message, hits) and not told_of)
        )
    ):
        contested.add("harassment")
    suppressed -= contested
    # A witness telling a bare whistle ("someone wrote (((them))), i
    # reported it") or an insult someone aimed ("he said you're a whore") is
    # held; a group attacked in the sender's own words stays refused.
    told = has("reported_speech")
    if group_named or dehumanised or expelled:
        told = told and "hate" not in contested
    held_back = frozenset(contested) if told else frozenset()
    # s12recruit (``checks/recruit``): recruitment said indirectly (her state
    # or medicine with the reader's part, a spiked drink, a sedative sought
    # for someone else, a partner not in on it). Its own excuses, not the
    # broad ``!recruitment`` words ("frat party", "since the surgery").
    if recruit_rules.recruited(message):
        suppressed.discard("recruitment")
        found.append("recruitment")
    # Session 19 (``checks/stalking``): someone watched and followed, "I
    # slept in my car outside your place", "why did you turn your location
    # off, who was the guy".
    watched = stalking.stalked(message)
    if watched and "threat" not in found:
        found.append("threat")
    if watched == 2:
        suppressed.discard("threat")
    if "doxxing" not in found and stalking.sought(message):
        found.append("doxxing")
    # Session 12 (s12extort, ``checks/extort``): blackmail told in fragments
    # and stalking with menace, read here so that the scorer sees them too.
    regex_parts = {name for name in ("money_amount", "deadline") if has(name)}
    read = extort.categories(message, hits, regex_parts, "threat" in found)
    found += [c for c in read if c not in found]
    categories = tuple(c for c in INTENT_CATEGORIES if c in found and c not in suppressed)
    return Intent(categories, first, held_back, aimed)


# Conversation cues (data/cues) that are a grooming move or an ambush set-up
# even in one message (the labelling guide: "asks a teen for photos, to keep a
# secret, to meet alone"; "an ambush set-up in one message").
_GROOMING_CUES = frozenset(
    {"age_question", "school_question", "location_question", "parents_absent", "flattery",
     "special_bond", "secrecy", "off_platform", "gift_offer", "photo_request",
     "meeting_proposal", "meeting_alone", "private_place", "isolated_place"}
)  # fmt: skip
AMBUSH_DETAILS = frozenset(
    {"meeting_alone", "meeting_night", "isolated_place", "video_refusal", "place_change"}
)


def _strong_teen_move(message: Scanned) -> bool:
    """A move that is enough alone towards a teen (intent components):
    secrecy about the relationship, a move to an unwatched app, home alone;
    a gift against a meeting; a photo of themselves in bed, in a swimsuit or
    of their feet; kissing experience with someone older."""
    names = {hit.entry.name for hit in reported.unquoted(message, "intent")}
    if not names:
        return False
    excused = {hit.entry.name for hit in message.hits_of("intent_suppress")}
    names -= excused
    return (
        # Session 19: not when a teen tells what someone wrote to them ("ya
        # un mec qui m'a écrit 'je suis pas comme les autres adultes'").
        ("teen_groom" in names and names.isdisjoint({"reported_speech", "incitement_report"}))
        or {"gift_any", "meet_condition"} <= names
        or {"photo_ask", "body_setting"} <= names
        # Credit, money or a present for a photo ("je te file 50€ de recharge
        # si tu m'envoies une photo").
        or (
            "photo_for" in names
            and "teen_groom" not in excused
            and ("gift_any" in names or _MONEY.search(message.text) is not None)
        )
        or {"experience_q", "older_partner"} <= names
        # Session 19: the teen's school asked so as to drive past it ("c
        # quoi ton lycée ? je passe peut-être devant en voiture").
        or {"drive_past", "school_named"} <= names
        # Session 19: teens called by their age with a private ask, the
        # caller's adult age or a lure ("je cherche des filles de 15-16 ans,
        # écrivez-moi", "any 16 yo girls, i'm 18, i got vodka").
        or (
            "teen_age_call" in names
            and bool(names & {"teen_lure_ask", "adult_bait"})
            and "lure_sexual" not in names
            and not message.hits_of("intent_suppress", "lure")
        )
        # "dis à ta mère que tu dors chez Inès", "delete this chat after":
        # the lie a teen is told to tell their parents, unless the plan is
        # said openly ("chez moi", "ta mère est d'accord"); the chat erased
        # (review 10, s10rec).
        # The ``!teen_groom`` excuses hold for them too ("supprime la conv
        # c'est pour la fête surprise").
        or (
            "teen_groom" not in excused
            and (("parent_lie" in names and "honest_plan" not in names) or "erase_chat" in names)
        )
    )


# Session 28: "the ovens" is the Holocaust's whistle ("shove the lot of
# them in the ovens", "fire up the ovens, we know who's first") and a
# kitchen's ("stay behind to clean the ovens", "send the pizzas to the
# ovens"). A kitchen word and no word for people gassed or burnt: a kitchen.
_OVEN = re.compile(r"\bovens?\b")
_KITCHEN = phrase_pattern((
    "clean", "cleaning", "bake", "baking", "baked", "preheat", "preheated", "tray", "trays",
    "pizza", "pizzas", "bread", "rolls", "cookie", "cookies", "cake", "cakes", "potatoes",
    "potato", "chicken", "roast", "dough", "bakery", "kitchen", "chef", "restaurant", "min",
    "mins", "minutes", "degrees", "fan", "timer", "pie", "pies", "pastry", "pastries",
    "croissant", "croissants", "baguette", "baguettes", "lasagna", "lasagne", "casserole",
    "muffin", "muffins", "brownie", "brownies", "turkey", "veg", "veggies", "apprentice",
    "apprentices", "shift", "pan", "pans", "counter", "oven mitt",
))  # fmt: skip
_OVEN_PEOPLE = phrase_pattern((
    "jew", "jews", "jewish", "kike", "kikes", "yid", "yids", "zionist", "zionists", "gas",
    "gassed", "gassing", "shower", "showers", "who's first", "whos first", "six million",
    "6 million", "zyklon", "holocaust", "the lot of them", "all of them",
))  # fmt: skip


def _oven_in_kitchen(message: Scanned) -> bool:
    """Whether every dog whistle of the message is an oven, in a kitchen."""
    text = message.normalised.text
    whistles = message.hits_of("intent", "dog_whistle")
    return (
        bool(whistles)
        and all(_OVEN.search(text[h.start : h.end]) for h in whistles)
        and _KITCHEN.search(text) is not None
        and _OVEN_PEOPLE.search(text) is None
    )


# Session 28: the loser of a bet ("loser buys the wings", "le perdant paye
# les kebabs") is a role: its ``!harassment`` phrase makes that "loser" no
# insult (``_addressed_words``), but excuses no other insult of the message
# ("sale chienne, loser pays", review s28). Most ``!harassment`` phrases
# excuse the whole message on purpose (a push-to-die word in a game, a
# joke or a report: "on va unalive le boss", "ta mère va te tuer si tu
# rentres à minuit"); widening this to all of them moved five training
# messages away (review of the change).
_WAGER = re.compile(
    r"^(?:the |le |la |les )?(?:loser|losers|looser|last place|last one|perdant|perdante"
    r"|perdants|dernier|derniere)\b"
)


def _only_wagers(message: Scanned) -> bool:
    """Whether every ``!harassment`` phrase of the message is a wager's loser."""
    text = message.normalised.text
    excuses = message.hits_of("intent_suppress", "harassment")
    return bool(excuses) and all(_WAGER.match(text[h.start : h.end].strip()) for h in excuses)


def _self_photo_asked(message: Scanned) -> bool:
    """A photo of themselves asked of a teen ("envoie-moi une photo de toi",
    "send me a pic of you"): in private, the guide's grooming move "asks a
    teen for photos" (review 8, s8fix2). A photo of something else (the
    homework, the game) is not asked of the teen themselves."""
    names = {hit.entry.name for hit in reported.unquoted(message, "intent")}
    names -= {hit.entry.name for hit in message.hits_of("intent_suppress")}
    if {"photo_ask", "photo_self"} <= names:
        return True
    # Session 28: the teen's outfit asked for ("send me a pic of what ur
    # wearing to the lock in", "une photo de ta tenue pour le culte") is a
    # photo of them when it is kept between the two or leered at; friends
    # matching outfits for a party ("envoie ta tenue pour ce soir, j'hésite
    # entre deux robes") write neither, and the guide allows them. Not "just
    # to see", "fits you", "entre nous", "modest": friends say them too
    # ("just to see if it matches mine", review s28).
    return {"photo_ask", "photo_outfit"} <= names and (
        _OUTFIT_KEPT.search(message.normalised.text) is not None
        or emoji.any_of(message.text, (*emoji.LEERS, *emoji.WINKS))
    )


_OUTFIT_KEPT = phrase_pattern((
    "just for me", "juste pour moi", "rien que pour moi", "que pour moi", "only for me",
    "only for my eyes", "for my eyes only", "i won't show", "i wont show", "won't show anyone",
    "wont show anyone", "je montrerai à personne", "je le montre à personne",
    "personne d'autre la verra", "personne la verra", "delete it after", "supprime après",
    "supprime la après", "just curious", "juste curieux", "juste curieuse", "par curiosité",
    "don't tell", "dont tell", "dis rien", "le dis à personne", "dis le à personne",
))  # fmt: skip


def one_message_moves(message: Scanned, ctx: SenderContext) -> tuple[str, ...]:
    """``grooming`` (a teen is the audience) or ``ambush`` (adults) when one
    message already makes the move: come alone, a lonely place with a
    meeting, parents away, a secret or a photo asked with another move."""
    if ctx.band == "teen" and ctx.is_private and _self_photo_asked(message):
        return ("grooming",)
    if minors.grown_in_teen_room(message, ctx):
        return ("grooming",)
    cues = {hit.entry.name for hit in reported.unquoted(message, "cue")}
    if not cues:
        return ("grooming",) if ctx.band == "teen" and _strong_teen_move(message) else ()
    cues -= {hit.entry.name for hit in message.hits_of("suppress")}
    isolating = cues & AMBUSH_DETAILS
    meeting = "meeting_proposal" in cues or "private_place" in cues
    ambush = len(isolating) >= 2 or (meeting and bool(isolating))
    if ctx.band == "teen" and _strong_teen_move(message):
        return ("grooming",)
    if ctx.band == "teen":
        moves = cues & _GROOMING_CUES
        if {"meeting_proposal", "private_place"} <= moves:
            moves.discard("private_place")  # "viens chez moi" is one move, not two
        if ambush or cues & {"parents_absent", "meeting_alone"} or len(moves) >= 2:
            return ("grooming",)
        return ()
    return ("ambush",) if ambush else ()


def _own_partner_asleep(message: Scanned, hits: list[Hit]) -> bool:
    """A partner the sender calls their own asleep ("ma femme dort"), not
    someone else's in a witness's story ("un mec ... pendant que sa femme
    dort, j'ai fait des captures"): the open call is the sender's. Whose
    partner it is, is the ``others_partner`` component of data/intent."""
    return any(
        h.entry.name == "asleep" and not _starts_with(h, hits, "others_partner") for h in hits
    ) and not message.hits_of("frame", "report")


def _starts_with(hit: Hit, hits: list[Hit], name: str) -> bool:
    """Whether a hit of component ``name`` opens ``hit``."""
    return any(o.entry.name == name and o.start == hit.start for o in hits)


# Pictures named: what a collection or a trade holds (``_minor_content_kept``).
_PICTURES = re.compile(
    r" (?:pics?|photos?|vids?|videos?|contenus?|content|images?|tofs?|nudes?|snaps|clips?"
    r"|dosiers?|drives?|folders?|colections?|stash) "
)
_MINORS_SPOKEN_OF = ("teen_age_call", "minor_ref", "minor_leer", "seek_young")


# "va te tuer" is an order only at the start of what is said: the message's
# start or after a lead-in ("franchement va te pendre", "wesh kys"). After
# anything else it is someone else's act ("ta mère va te tuer", "le coach va
# te tuer si t'es en retard") or talk about the word ("how 'kys' became").
_LEAD_INS = frozenset(
    {"franchement", "wesh", "bref", "mais", "alors", "et", "stp", "svp", "alez", "juste", "donc",
     "ouais", "ok", "non", "bon", "serieux", "mec", "gros", "just", "go", "pls", "please",
     "bro", "dude", "honestly", "seriously", "lol", "mdr", "ptdr", "srsly", "fr", "ngl", "bah"}
)  # fmt: skip
# Who may stand before it as its subject when it ends the message ("no one
# wants u next season, kys" is an order; "ta mère va te tuer" is not).
# (Canonical spelling: "boss" is "bos", "elles" is "eles".)
_SUBJECTS = frozenset(
    {"il", "ils", "ele", "eles", "on", "qui", "je", "j", "tu", "mere", "pere", "maman", "papa",
     "daron", "darone", "frere", "soeur", "prof", "coach", "i", "he", "she", "they", "we",
     "mom", "mum", "dad", "bos", "how", "word", "mot"}
)  # fmt: skip
# A hit that carries its own third-person subject ("elle devrait crever",
# "she should just die") is said of someone else.
_THIRD_PERSON_START = frozenset({"il", "ils", "ele", "eles", "he", "she", "they"})
# An object after it makes it an act on someone else ("on va unalive le boss").
_SOMEONE_ELSES_END = frozenset({"le", "la", "les", "the", "him", "her", "them", "lui", "leur"})


def _pushed_to_die_aimed(message: Scanned, hits: list[Hit]) -> bool:
    """A push to die in the imperative, aimed at the reader: at the start of
    what is said ("va te pendre franchement", "wesh kys") or as the last
    words after a clause ("…next season, kys"); not quoted, and with no one
    else as its subject or its object."""
    text = message.normalised.text
    for hit in hits:
        if hit.entry.name != "suicide_incitement" or reported.quoted(message, hit):
            continue
        before, after = text[: hit.start].split(), text[hit.end :].split()
        if text[hit.start : hit.end].split()[0] in _THIRD_PERSON_START:
            continue
        if (not before or before[-1] in _LEAD_INS) and (
            not after or after[0] not in _SOMEONE_ELSES_END
        ):
            return True
        if not after and before[-1] not in _SUBJECTS:
            return True  # the last words, after a clause: "…next season, kys"
    return False


def _minor_content_kept(message: Scanned, has: Callable[[str], bool]) -> bool:
    """Session 23 (authors db..dh): minors' pictures kept or traded ("the
    schoolgirl ones, for my private collection", "échanger des contenus de
    jeunes de 15-16, j'ai ce qu'il faut en stock"), or a taste for the young
    said with minors named ("j'aime les jeunes, 14-15 ans max"). A trade of
    cards or a teen's own collection names no pictures or no minors."""
    if not any(has(name) for name in _MINORS_SPOKEN_OF):
        return False
    pictures = _PICTURES.search(f" {message.normalised.text} ") is not None
    # A coach or a teacher who "likes the young ones" of a team or a class
    # (review s23) says a job; pictures kept or traded stay a minor's.
    return (has("minor_stash") and pictures) or (has("minor_liking") and not has("young_work"))


def _solicitation(has: Callable[[str], bool]) -> bool:
    """Session 23 (authors db..dh): a sexual encounter sought in a room by its
    own words ("any women up for something naughty tonight", "homme marié
    cherche aventure coquine", "h 35 dispo cette nuit pour une femme seule,
    discret, je reçois"). A seeker alone is no encounter ("cherche une femme
    de ménage discrète"): it needs a naughty word, or discretion with a time,
    a host or a married sender; a couple's first drink "sans pression", the
    room's rules and a report are excused (earlier authors allowed them)."""
    if not has("solicit_seek") or has("solicit_excuse"):
        return False
    discreet, when, married = has("solicit_discreet"), has("solicit_when"), has("solicit_married")
    return has("solicit_naughty") or (discreet and (when or married)) or (married and when)


def _decision(category: str, intent: Intent, ctx: SenderContext) -> str:
    if category in intent.held:
        return HOLD
    if category == "sexual_content":
        # As the lexicon's: refused among teens, held in an adult public room.
        return BLOCK if ctx.band == "teen" else HOLD
    return DECISION[category]


class IntentCheck:
    name = "intent"

    def __call__(self, message: Scanned, ctx: SenderContext) -> CheckResult | None:
        intent = read_intent(message)
        # s11ambush's rules (``checks/ambush``): a group ambush planned, a move
        # off the platform to escape the moderators, a teen's body asked about.
        categories = intent.categories + one_message_moves(message, ctx)
        categories += tuple(c for c in ambush_rules.moves(message, ctx) if c not in categories)
        # s12extort: an ambush set up in one message, in words the cues miss.
        if "ambush" not in categories and extort.ambush(message):
            categories += ("ambush",)
        # Session 15: a secret asked of a teen in private, alone; only when
        # nothing else is read (a hold must not take the place of a refusal).
        if (
            not categories
            and ctx.band == "teen"
            and ctx.is_private
            and minors.secret_asked(message)
        ):
            categories = ("grooming",)
        # Session 19: blackmail demanding nude images from a teen is also a
        # minor sexualised: refused, and the refusal opens a case.
        if (
            ctx.band == "teen"
            and "sextortion" in categories
            and "minor_sexualisation" not in categories
            and message.hits_of("intent", "nude_more")
        ):
            categories += ("minor_sexualisation",)
        if "minor_sexualisation" not in categories and (
            (ctx.band == "teen" and minors.sexual_probe(message))
            or minors.sought_here(message, ctx)
            or minors.leered_at(message)
        ):
            categories += ("minor_sexualisation",)
        if not {"minor_sexualisation", "grooming"} & set(categories):
            categories += minors.adult_moves_on_minors(message, ctx)
        if not {"minor_sexualisation", "grooming"} & set(categories):
            categories += minors.offered_in_private(message, ctx)
        if ctx.band == "adult" and ctx.is_private:
            # Sexual content between adults in private is allowed (the guide).
            categories = tuple(c for c in categories if c != "sexual_content")
        if VICTIM_NARRATION:
            excused = message.victim_excuses() - intent.aimed
            categories = tuple(c for c in categories if c not in excused)
        # Session 21 (review s21b): bait dressed as advice is a scam.
        if "scam" not in categories and advice.bait_as_advice(message):
            categories += ("scam",)
        # Session 21: a scam or a blackmail told to warn others (checks/advice).
        if advice.ADVICE_EXCUSES.intersection(categories) and advice.public_warning(message):
            excused = advice.ADVICE_EXCUSES - intent.aimed
            categories = tuple(c for c in categories if c not in excused)
        if not categories:
            return None
        decision = gravest((_decision(c, intent, ctx), (c,)) for c in categories)
        return CheckResult(decision, categories)
