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

from causerie.safety import personal_data as pd
from causerie.safety.links import find_links
from causerie.safety.verdict import Scanned

# What a warning may excuse: the categories a told crime is read as (the
# checks take away a threat aimed at the reader in the sender's own voice).
ADVICE_EXCUSES = frozenset({"scam", "sextortion", "doxxing", "threat"})

_NEVER_DOES = re.compile(
    r"\b(?:ne (?:vous |te )?(?:demandera|demande|demandent|demanderont|exige|exigera|exigent"
    r"|appellera|contactera) jamais|n exige jamais|nobody legit|no one legit|noone legit"
    r"|no legit|no real (?:bank|company|employer|recruiter|landlord)|(?:will|wil|would|wil ever)"
    r" never (?:ask|cal|text|contact)|never (?:asks|ask you|ask u|cals|texts)|won t ever ask"
    r"|wont ever ask|ca n existe pas|ca existe pas|that doesn t exist|doesn t exist)\b"
)
_WARNING = re.compile(
    r"\b(?:psa|pour info|pour votre info|fyi|rapel|reminder|heads up|attention|warning|mefiance"
    r"|mefiez vous|beware|careful|faites gaffe|gaffe|posting so|posting this so|so other parents"
    r"|so others|pour que les autres|faites tourner|faites passer|if anyone ever|if someone ever"
    r"|si jamais qn|si jamais quelqu un|si quelqu un te|si qn te)\b"
)
_WHY = re.compile(
    r"\b(?:arnaque|arnaques|scam|scams|scamer|scamers|escroquerie|escroc|escrocs|red flag"
    r"|signalez|signaler|signale|report|reported|reporting|block|bloquez|bloque|ne payez pas"
    r"|payez rien|don t pay|dont pay|didnt pay|didn t pay|never pay|jamais payer|ne repondez pas"
    r"|repondez pas|don t answer|dont answer|don t reply|dont reply|tel me|tel a teacher"
    r"|tel an adult|tel your|tel ur|dis le moi|dis le a|parles en|parle en|previens)\b"
)


def public_warning(message: Scanned) -> bool:
    """A scam or a blackmail told to warn others (module doc)."""
    text = message.normalised.text
    if not (_NEVER_DOES.search(text) or (_WARNING.search(text) and _WHY.search(text))):
        return False
    # A way to reach someone is the bait, whatever the words around it.
    original = message.text
    # Someone's street address is theirs exposed, even "so that others know".
    return not (
        find_links(original)
        or pd.find_phone_numbers(original)
        or pd.find_emails(original)
        or pd.find_addresses(original)
    )
