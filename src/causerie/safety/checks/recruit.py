"""Session 12 (s12recruit): recruitment against someone who cannot consent,
and drink spiking, said indirectly in one message. Components are in
``intent/fr_recruitment.tsv`` and ``intent/en_recruitment.tsv`` (``noconsent_*``);
no component is a finding alone, every rule is a combination:

1. A third party out of it, in everyday words (``noconsent_out``: "dort à poings
   fermés", "bouge plus", "off her face", "dead weight"; or the older
   ``incapacitated`` / ``asleep``) or on her medicine (``noconsent_med``: "elle a
   pris son truc", "avec ses gouttes", "her sleepers"; or ``sedated``),
   with an invitation or logistics aimed at the reader (``noconsent_come``: "tu
   viens à quelle heure", "side gate's unlocked", "you'd have till 4"; or
   the older invitations and covert logistics). Either part alone is a
   nurse, an insomniac, a parent, a couple: only the pair is recruitment.
2. Something put in someone else's drink (``noconsent_put`` + ``noconsent_glass``), or
   her glass with "you can't taste it" (``noconsent_tasteless``), or a barman
   who "puts what's needed" (``noconsent_barman``).
3. A sedative sought for someone else (``noconsent_source`` + ``noconsent_forother``, or
   a vague third party ``noconsent_forwho`` with a wink).
4. A partner who does not know (``noconsent_unaware``: "wife's not in on it",
   "elle sait pas que c'est ce soir") in a sexual plan (``noconsent_fantasy``) or
   with a state, a drug or an invitation.

The older ``!recruitment`` words ("party", "les enfants", "surgery") are
too broad here (a frat party, "since the surgery" are the crime's words):
these rules have their own excuses, ``!noconsent`` (a surprise, a birthday, harm
reduction, a report, the Mazan trial, carers), a child who is the one
asleep (``noconsent_child``), a third party who will be woken or waits for the
reader (``noconsent_awake``), and the frames of a report, a warning, a story, a
victim or care. A quoted report ("if someone writes 'she won't know',
report it") is not the sender's voice.
"""

from __future__ import annotations

from collections.abc import Iterable

from causerie.safety import emoji, reported
from causerie.safety.normalise import phrase_pattern
from causerie.safety.verdict import Scanned

# The invitations and logistics of the older rules (data/intent/{fr,en}.tsv)
# count as the reader's part too, and so do the recruits before him
# ("noconsent_before": "last guy was fine") and the insinuation ("noconsent_hint": "u get
# me", "ça tombe bien pour nous").
_APPROACH = frozenset(
    {"noconsent_come", "noconsent_before", "noconsent_hint", "recruit_come", "invite_open",
     "recruit_invite", "covert_logistics", "recruit_vetting"}
)  # fmt: skip
_STATE = frozenset({"noconsent_out", "incapacitated", "no_consent"})
# Logistics that are more than "tu peux passer": with these, a partner
# merely asleep ("ma femme dort") is enough.
_STRONG_APPROACH = frozenset(
    {"noconsent_come", "noconsent_before", "noconsent_hint", "covert_logistics"}
)
_DRUG = frozenset({"noconsent_med", "sedated"})
# Frames (data/frames) that make the whole message someone else's story, a
# warning, a report, or a third party who speaks for herself and set her
# limits. Not "care" nor "celebration": "since the surgery", "elle croit que
# je suis de garde", "after the party" are the crime's own words.
_EXCUSING_FRAMES = ("report", "warning", "story", "victim", "consent")


def _names(message: Scanned) -> set[str]:
    """The components of the message outside quotation marks: the crime's
    phrases quoted by a witness, a moderator or a wife who found the
    messages ("he was telling men 'she's out cold, come around 2'") are
    not the sender's voice. A word in quotes inside the sender's own
    phrase ("une femme qui va 'dormir' 😉") still counts: its hit is not
    inside the quotes."""
    return {
        hit.entry.name for hit in message.hits_of("intent") if not reported.in_quotes(message, hit)
    }


def _excused(message: Scanned) -> bool:
    if message.hits_of("intent_suppress", "noconsent"):
        return True
    return any(message.hits_of("frame", frame) for frame in _EXCUSING_FRAMES)


# A drug, a dose or something put in her drink: no care word excuses these
# ("on lui met un truc dans son verre, après on la met dans un taxi").
_UNCARING = _DRUG | {
    "noconsent_dose", "noconsent_put", "noconsent_glass", "noconsent_tasteless",
    "noconsent_source", "noconsent_barman", "into_drink", "administer", "dosing", "dose_verb",
    "drug_named", "vague_dose",
}  # fmt: skip


def cared_for(message: Scanned, components: Iterable[str]) -> bool:
    """Session 21: a drunk woman taken home or watched over (``!noconsent_care``:
    a taxi, water, staying with her), with no drug, dose or drink named."""
    return bool(message.hits_of("intent_suppress", "noconsent_care")) and _UNCARING.isdisjoint(
        components
    )


def recruited(message: Scanned) -> bool:
    """Whether one of the four classes, or a drunk woman offered
    (``offered_drunk``), is in this message."""
    hits = message.hits_of("intent")
    if _excused(message):
        return False
    names = _names(message)
    if cared_for(message, names):
        return False
    if offered_drunk(message):
        return True
    if not hits or not any(hit.entry.name.startswith("noconsent_") for hit in hits):
        return False
    approach = bool(names & _APPROACH)
    state = bool(names & _STATE)
    drug = bool(names & _DRUG)
    dose = "noconsent_dose" in names
    # 2. Spiking: her glass with a put verb, "ça se voit pas" or her state
    # after it; the barman "who puts what's needed".
    glass = "noconsent_glass" in names or "into_drink" in names
    tasteless = "noconsent_tasteless" in names
    put = "noconsent_put" in names
    spiked = (
        (glass and (put or tasteless or state))
        or (tasteless and (put or drug))
        or ("noconsent_barman" in names and (glass or tasteless or state or approach))
    )
    # A parent's medicine in a child's juice is care, not spiking; a partner
    # named beside the children ("les gosses dorment, ma femme aussi avec ce
    # que j'ai mis dans son verre") is not.
    child = "noconsent_child" in names or bool(message.hits_of("frame", "parent"))
    if spiked and not (child and "partner_ref" not in names):
        return True
    # 3. A sedative sought for someone else.
    # A wink: the sedative is not for the sender's own sleep.
    winked = emoji.any_of(message.text, emoji.WINKS)
    if "noconsent_source" in names and (
        "noconsent_forother" in names or tasteless or ("noconsent_forwho" in names and winked)
    ):
        return True
    # The sender doses or gets her drunk himself, and she will be out.
    if dose and (state or drug or approach):
        return True
    # 4. A partner who does not know, or a sleep "that is no game", in a
    # sexual plan or with her state, a drug or an invitation.
    # An invitation alone with "elle se doute de rien" is a surprise party:
    # the plan must be sexual or the partner out, drugged or recruited for.
    fantasy = "noconsent_fantasy" in names
    told = bool(names & {"noconsent_before", "noconsent_hint"})
    # A surprise being prepared ("elle se doute de rien, garez-vous plus
    # loin") excuses classes 4 and 1, never a drug, a sexual plan or "she
    # can't say no".
    if "noconsent_party" in names and not (drug or fantasy or "no_consent" in names):
        return False
    # Her state said apart from "won't know" ("elle se doute de rien" is an
    # ``incapacitated`` phrase too: one fact, not two).
    out = bool(names & {"noconsent_out", "asleep", "no_consent"})
    if "noconsent_unaware" in names and (fantasy or out or drug or told):
        return True
    # She speaks for herself, will be woken, is cared for (a mother after
    # her operation), the one asleep is a child or the visit is ordinary.
    # (``ordinary_visit``: "passe prendre le vélo", "demain", "for fifa").
    # A partner named and drugged beside the sleeping child ("notre bébé dort
    # enfin. ma femme a pris 2 somnifères, qui veut en profiter", session 24's
    # review) is not the child's sleep, as with the spiked glass above.
    child_only = "noconsent_child" in names and not ("partner_ref" in names and (drug or dose))
    if child_only or names & {"noconsent_awake", "noconsent_plan", "ordinary_visit"}:
        return False
    if fantasy and (state or drug or "asleep" in names):
        return True
    # Session 15: the fantasy said to be real ("a sleeping beauty scenario,
    # for real not roleplay, my gf"): the partner is a real third party.
    if "noconsent_real" in names and (fantasy or state or drug or "asleep" in names):
        return True
    # 1. Her state or her medicine with the reader's part; a partner only
    # asleep ("ma copine dort déjà, tu peux passer ?") needs logistics.
    asleep = "asleep" in names and bool(names & _STRONG_APPROACH)
    return ((state or drug) and approach) or asleep


# Everything by which a message gives the reader a part, names a drug or a
# plan: with none of them, a third party's state is only told.
_MORE_THAN_STATE = (
    _APPROACH
    | _DRUG
    | _STRONG_APPROACH
    | {"noconsent_fantasy", "noconsent_real", "noconsent_put", "noconsent_dose", "noconsent_source",
       "noconsent_unaware", "noconsent_glass", "dosing", "dose_verb", "drug_named", "partner_ref",
       "asleep_come", "share_offer", "recruit_come"}
)  # fmt: skip


def state_only(components: Iterable[str]) -> bool:
    """Whether the message says a third party's state (drunk, out, "won't
    remember") and nothing more of recruitment (session 15)."""
    names = set(components)
    return bool(names & _STATE) and names.isdisjoint(_MORE_THAN_STATE)


# Session 21 (review s21): a woman out of it offered to the reader or to a
# group, said in open words. A black-box reviewer wrote 60 such offers
# ("y'a une petite au gala qui est ko, on cherche 2 mecs chauds", "got a
# girl passed out at the house party, who wants in, no phones", "she can't
# even walk straight, perfect, come by before 4"); the phrase lists caught
# 21. Three parts, each in broad words, all needed: a woman or a girl
# spoken of (not the sender: "i'm wasted, come over" offers nobody), her
# state, and an offer or a place kept for the reader. Care, a report, a
# warning or a story excuse it (``_excused``). The phrases are written as
# people write them and matched in canonical form ("passed" is "pased").
_SHE_WORDS = (
    "elle",
    "la meuf",
    "une meuf",
    "meuf",
    "meufs",
    "la fille",
    "une fille",
    "fille",
    "filles",
    "nana",
    "nanas",
    "une petite",
    "la petite",
    "la blonde",
    "une blonde",
    "collègue",
    "copine",
    "premières années",
    "bleues",
    "she",
    "her",
    "girl",
    "girls",
    "chick",
    "lass",
    "woman",
    "blonde",
    "sorority girl",
    "fresher",
    "freshers",
    "one who",
    "one who's",
    "found one",
    "spotted one",
    "pick one",
    "pick out",
    "the drunkest one",
    "celle qui",
    "stagiaire",
    "la stagiaire",
    "étudiante",
    "intern",
    "une bleue",
)
_OUT_OF_IT_WORDS = (
    "ko",
    "k.o",
    "hs",
    "raide",
    "raides",
    "déchirée",
    "déchirées",
    "bourrée",
    "bourrées",
    "arrachée",
    "arrachées",
    "torchée",
    "torchées",
    "foncedée",
    "défoncée",
    "défoncées",
    "dans les vapes",
    "dans le coltar",
    "inconsciente",
    "évanouie",
    "ivre morte",
    "tient plus debout",
    "tient pu debout",
    "tient pas debout",
    "plus toute sa tête",
    "cuver",
    "a bu comme un trou",
    "saoule",
    "saoules",
    "passed out",
    "out of it",
    "out cold",
    "barely conscious",
    "unconscious",
    "can't walk",
    "can't even walk",
    "can't stand",
    "cant walk",
    "cant even walk",
    "cant stand",
    "too far gone",
    "totally gone",
    "plastered",
    "smashed",
    "hammered",
    "wasted",
    "trashed",
    "steaming",
    "legless",
    "blackout",
    "paralytic",
    "munted",
    "drunk",
    "sloshed",
    "til she's out",
    "until she's out",
    # Session 21 (review s21b).
    "can barely stand",
    "barely stand",
    "got smashed",
    "trop bu",
    "qui ont trop bu",
    "complètement déchirée",
    "easy targets",
    "easy target",
    "titube",
    "stumbling",
    "à l'ouest",
    "est out",
    "répond même plus",
    "répond plus",
    "sera bien faite",
    "décuve",
    "tiennent pas l'alcool",
    "rien dans les souvenirs",
    "se souviendra de rien",
    "won't remember",
    # Session 23 (authors db..dh).
    "complètement partie",
    "complètement parties",
    "dit plus rien",
    "se souviennent de rien",
    "se souviendront de rien",
    "out like a light",
    "the drunker the better",
)
_OFFERED_WORDS = (
    "qui veut",
    "qui est partant",
    "qui est chaud",
    "quelqu'un veut",
    "qqn veut",
    "qq1 veut",
    "intéressé",
    "t'es chaud",
    "vous êtes chauds",
    "vs êtes chauds",
    "ta part",
    "sa part",
    "premier arrivé",
    "premier qui arrive",
    "on cherche un mec",
    "on cherche 2 mecs",
    "on cherche deux mecs",
    "on cherche des mecs",
    "on cherche un gars",
    "on cherche 2 gars",
    "on cherche des gars",
    "on cherche un 3e",
    "on cherche un 4e",
    "on cherche un troisième",
    "garde une place",
    "on te dit",
    "on vous dit",
    "on t'attend",
    "on vous attend",
    "venez à 2",
    "venez à deux",
    "si tu viens vite",
    "viens vite",
    "faut venir",
    "dira oui à tout",
    "dira rien",
    "elle est à toi",
    "elle est à vous",
    "who wants",
    "anyone want",
    "any1 want",
    "u in",
    "you in",
    "all yours",
    "room for one more",
    "one more guy",
    "need a lad",
    "need a discreet lad",
    "need a guy",
    "looking for guys",
    "looking for discreet guys",
    "looking for lads",
    "join the chat",
    "text u the address",
    "text you the address",
    "share the addy",
    "send u the addy",
    "first come",
    "bring someone you trust",
    "if you're quick",
    "if ur quick",
    "come alone",
    "come by before",
    "perfect come",
    "come over before",
    "your turn",
    "ur turn",
    "a turn",
    # Session 21 (review s21b).
    "who's coming",
    "whos coming",
    "wanna join",
    "want to join",
    "à ton tour",
    "à votre tour",
    "après moi",
    "il manque un",
    "manque un 4e",
    "manque un 3e",
    "on cible",
    "on en isole une",
    "t'es dans le coup",
    "on a besoin d'un gars",
    "besoin d'un gars",
    "need a 3rd",
    "grab a friend",
    "who's with me",
    "whos with me",
    "bring someone who",
    "keep ur mouth shut",
    "keep your mouth shut",
    "tu me rejoins",
    "profitez-en",
    "profitez en",
    "on y va à 2",
    "on y va à deux",
    "t'es partant",
    "viens seul",
    "ramène qq1",
    "ramène quelqu'un",
    "qui le 3e",
    "on se la partage",
    # Session 23 (authors db..dh).
    "ceux qui ramènent",
    "qui ramène des meufs",
    "on est déjà 2",
    "on est déjà deux",
    "chance like this again",
    "après je partage",
)


_SHE = phrase_pattern(_SHE_WORDS)
_OUT_OF_IT = phrase_pattern(_OUT_OF_IT_WORDS)
_OFFERED = phrase_pattern(_OFFERED_WORDS)


def offered_drunk(message: Scanned) -> bool:
    """A woman out of it offered to the reader (above)."""
    text = message.normalised.text
    return bool(_OUT_OF_IT.search(text) and _OFFERED.search(text) and _SHE.search(text))


def nothing_but_state(components: Iterable[str]) -> bool:
    """Whether the message gives the reader no part and names no drug or
    plan (her state may be said or not): with care words, a drunk friend
    looked after (session 21)."""
    return set(components).isdisjoint(_MORE_THAN_STATE)
