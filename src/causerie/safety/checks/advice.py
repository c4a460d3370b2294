"""Session 21: a public warning about a scam or a blackmail, told to warn
others ("PSA from a bank teller: nobody legit will ever ask you to pay in
gift cards", "votre banque ne vous demandera JAMAIS de lire un code",
"un compte envoie 'paie ou j'envoie tes photos', signalez, c'est une
arnaque connue"). The session-20 authors (now training text) wrote 14 such
hard negatives that the rules or the learned layer held as scam,
sextortion or doxxing: the crime's words are there, told so that nobody
falls for them.

Two shapes, on the canonical text: what a real bank, notary or landlord
never does ("ne demandera jamais", "nobody legit", "will never ask"); or
a warning word ("PSA", "rappel", "heads up", "méfiance", "posting so other
parents know", "if anyone ever…") with why or what to do ("c'est une
arnaque", "red flag", "signalez", "don't pay", "tell a teacher"). A warning that gives a
way to reach someone (a number, an e-mail, a link) or a street address is
no longer only a warning: scammers dress their bait as advice ("attention
aux arnaques, passez plutôt par moi : 06 …"), and a scammer's home
address "faites tourner" is doxxing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from causerie.safety import personal_data as pd
from causerie.safety.links import find_links
from causerie.safety.normalise import phrase_pattern
from causerie.safety.verdict import Scanned

# What a warning may excuse: the categories a told crime is read as (the
# checks take away a threat aimed at the reader in the sender's own voice).
ADVICE_EXCUSES = frozenset({"scam", "sextortion", "doxxing", "threat"})
_BAIT = "advice_bait"  # ``Scanned.memo`` keys
_WARNED = "advice_warned"

_NEVER_DOES = phrase_pattern((
    "ne vous demandera jamais", "ne te demandera jamais", "ne demandera jamais",
    "ne vous demande jamais", "ne demande jamais", "ne demandent jamais",
    "ne demanderont jamais", "n'exige jamais", "n'exigera jamais", "n'exigent jamais",
    "ne vous appellera jamais", "ne vous contactera jamais", "nobody legit", "no one legit",
    "noone legit", "no legit", "no real bank", "no real company", "no real employer",
    "no real recruiter", "no real landlord", "will never ask", "would never ask",
    "will never call", "will never text", "will never contact", "never asks", "never ask you",
    "never ask u", "never calls", "never texts", "won't ever ask", "wont ever ask",
    "ça n'existe pas", "ça existe pas", "that doesn't exist", "doesn't exist",
    "are never a way", "is never a way", "jamais un moyen", "ne cliquez pas", "don't click",
    "dont click", "never click",
    # Session 23 (authors db..dh): "on vous demandera JAMAIS vos identifiants",
    # "real brands never need your codes", "jamais le code de la carte".
    "vous demandera jamais", "on vous demandera jamais", "te demandera jamais",
    "never need your", "never needs your", "never need ur", "don't need your codes",
    "jamais le code", "jamais ton code", "jamais votre code", "jamais vos identifiants",
    "jamais tes identifiants", "never your password", "never your code",
))  # fmt: skip
# "personne de l'équipe ne vous demandera votre mot de passe"
_NOBODY_WILL = re.compile(
    r"\b(?:persone|aucun|aucune|nobody|no one|noone)\b.{0,40}"
    r"\b(?:ne (?:vous |te )?demandera|ne (?:vous |te )?demande|wil ever ask|wil ask|asks)\b"
)
_WARNING = phrase_pattern((
    "psa", "pour info", "pour votre info", "fyi", "rappel", "reminder", "heads up",
    "attention", "warning", "méfiance", "méfiez-vous", "méfiez vous", "beware", "careful",
    "faites gaffe", "gaffe", "posting so", "posting this so", "so other parents", "so others",
    "pour que les autres", "faites tourner", "faites passer", "if anyone ever",
    "if someone ever", "si jamais qqn", "si jamais quelqu'un", "si quelqu'un te", "si qqn te",
    "tip", "tips", "conseil", "alerte", "alert",
))  # fmt: skip
_WHY = phrase_pattern((
    "arnaque", "arnaques", "scam", "scams", "scammer", "scammers", "escroquerie", "escroc",
    "escrocs", "red flag", "signalez", "signaler", "signale", "report", "reported",
    "reporting", "block", "bloquez", "bloque", "ne payez pas", "payez rien", "don't pay",
    "dont pay", "didnt pay", "didn't pay", "never pay", "jamais payer", "ne répondez pas",
    "répondez pas", "don't answer", "dont answer", "don't reply", "dont reply", "tell me",
    "tell a teacher", "tell an adult", "tell your", "tell ur", "dis-le moi", "dis le moi",
    "dis-le à", "dis le à", "parles-en", "parles en", "parle en", "préviens",
))  # fmt: skip


# Session 21 (review s21b): bait dressed as advice ("never pay
# sextortionists! instead send $100 in steam cards to our protection team",
# "attention aux faux conseillers ! appelez plutôt le vrai service fraude
# au 07…", "warning: your account will be flagged unless you verify at
# causerie-secure-login.net"): a warning, somewhere else to go, and a way to
# reach it (a number, a link, an e-mail, a handle). Held as a scam.
_REDIRECT = phrase_pattern((
    "plutôt", "instead", "rather", "à la place", "contactez", "contacte", "appelez", "appelle",
    "écrivez", "write to", "verify at", "verify your", "vérifiez", "vérifier",
    "our protection team", "our recovery team", "our security team", "notre équipe",
    "notre service", "recovery service", "recovery agent", "service de récupération",
    "récupérer vos fonds", "récupère votre argent", "recover your", "unless you verify",
    "sauf si vous vérifiez", "dm me", "dm him", "mp moi", "contact en mp", "je te donne son",
    "i can recover", "i can refund", "i can delete", "il supprime", "je le fais bannir",
    "transfère-moi", "transfere moi", "give me ur", "give me your", "read me",
))  # fmt: skip
# The victim of a scam addressed, for a "recovery" ("victime d'arnaque ?
# contactez plutôt…", "if you got scammed, I can recover your funds").
_SCAMMED = phrase_pattern((
    "victime d'arnaque", "victime de sextorsion", "victime d'escroquerie", "victim of a scam",
    "if you got scammed", "if you've been scammed", "if you were scammed", "lost money to",
    "si vous avez été arnaqué", "si t'as été arnaqué", "got scammed",
))  # fmt: skip
_NEVER_PAY = phrase_pattern(("never pay", "ne payez jamais", "don't pay", "dont pay",
                             "ne payez pas", "payez pas", "pas payer"))  # fmt: skip


# A demand in the sender's own voice ("attention, t'as 24h : paie ou
# j'envoie tes photos", "tip: send more pics or I tell your mom"): a
# warning word before it warns of nothing. Told, it is quoted or someone
# else's ("someone sends 'pay or I post your pics'").
_OWN_DEMAND = phrase_pattern((
    "pay me", "paie moi", "paye moi", "send me", "envoie moi", "envoie-moi", "or i", "or else",
    "ou j'", "ou je", "sinon j'", "sinon je", "pay or", "paie ou", "paye ou", "or your",
    "ou ta", "ou ton", "ou tes", "i'll post", "i'll send", "j'envoie tes", "je publie",
))  # fmt: skip
_TOLD_BY = phrase_pattern((
    "someone", "somebody", "quelqu'un", "qqn", "un compte", "an account", "un mec", "un type",
    "a guy", "scammers", "arnaqueurs", "escrocs", "they send", "ils envoient", "received",
    "j'ai reçu", "a reçu", "got a message", "got the classic",
))  # fmt: skip
_QUOTE_MARKS = re.compile(r"[\"«»“”]|(?<!\w)'|'(?!\w)")


def _own_demand(message: Scanned) -> bool:
    text = message.normalised.text
    if not _OWN_DEMAND.search(text):
        return False
    told = _QUOTE_MARKS.search(message.text) or _TOLD_BY.search(text)
    return not (told or message.hits_of("intent", "reported_speech"))


def _remembered(message: Scanned, key: str, read: Callable[[Scanned], bool]) -> bool:
    """``read(message)``, computed once per message and kept in its memo."""
    known = message.memo.get(key)
    if isinstance(known, bool):
        return known
    found = read(message)
    message.memo[key] = found
    return found


def bait_as_advice(message: Scanned) -> bool:
    """Somewhere else to go, and a way to reach it, in a warning (kept in
    ``Scanned.memo``: three checks ask of each message)."""
    return _remembered(message, _BAIT, _bait)


def _bait(message: Scanned) -> bool:
    text = message.normalised.text
    if not (
        _WARNING.search(text)
        or _NEVER_PAY.search(text)
        or _NEVER_DOES.search(text)
        or _SCAMMED.search(text)
    ):
        return False
    if not _REDIRECT.search(text) or any(
        message.hits_of("frame", f) for f in ("report", "story", "victim")
    ):
        return False
    # The way to reach it must be there: a price or a code alone is what
    # the warnings themselves name ("a £1.99 redelivery fee, don't click").
    return _reaches_someone(message.text) or bool(pd.find_shorthand_app_handles(message.text))


def public_warning(message: Scanned) -> bool:
    """A scam or a blackmail told to warn others (module doc; kept in
    ``Scanned.memo``: the intent, lexicon and model checks all ask)."""
    return _remembered(message, _WARNED, _warning)


def _warning(message: Scanned) -> bool:
    text = message.normalised.text
    never = _NEVER_DOES.search(text) or _NOBODY_WILL.search(text)
    if not (never or (_WARNING.search(text) and _WHY.search(text))):
        return False
    if _own_demand(message) or bait_as_advice(message):
        return False
    # A way to reach someone is the bait, whatever the words around it;
    # someone's street address is theirs exposed, even "so that others know".
    return not (_reaches_someone(message.text) or pd.find_addresses(message.text))


def _reaches_someone(text: str) -> bool:
    """A link, a phone number or an e-mail address in the original text."""
    return bool(find_links(text) or pd.find_phone_numbers(text) or pd.find_emails(text))
