"""Session 12 (s12recruit): recruitment against someone who cannot consent
and drink spiking, said indirectly in one message (``checks/recruit.py``,
``data/intent/*_recruitment.tsv``). The wordings are the tests' own (other
victims, places, drugs, SMS spelling, FR and EN); the hard negatives next to
each class share its words and must stay allowed."""

from __future__ import annotations

import pytest

from causerie.safety.checks.intent import read_intent
from causerie.safety.pipeline import MessageFilter, SenderContext, default_filter, scan

ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=90, is_private=True)
ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90, is_private=False)


def _held(flt: MessageFilter, text: str, ctx: SenderContext = ADULT_DM) -> None:
    verdict = flt.check(text, ctx)
    assert verdict.decision == "hold", (text, verdict)
    assert "recruitment" in verdict.reasons, (text, verdict)


def _allowed(flt: MessageFilter, text: str, ctx: SenderContext = ADULT_DM) -> None:
    verdict = flt.check(text, ctx)
    assert verdict.decision == "allow", (text, verdict)


# --- Class 1: her state or her medicine + the reader's part ----------------

STATE_WITH_LOGISTICS = [
    "ma copine dort a poings fermes depuis 23h, tu peux venir, cle sous le paillasson",
    "elle a pris ses gouttes a 22h, tu passes par le jardin et tu sonnes pas",
    "madame est sous lexomil ce soir, t auras jusqu a 4h, porte du garage ouverte",
    "ma coloc est dans le coltar apres sa soiree, tu viens a quelle heure ?",
    "avec son sirop elle bouge plus de la nuit, viens vers 2h et tu montes sans allumer",
    "her tablets kick in by 11 and shes out cold, back door's unlocked, u come in quietly",
    "missus is dead to the world after her sleepers, you'd have till 5, park up the road",
    "she's had her meds, proper dead weight now. key's under the mat, phone off",
    "shes off her face already lol, by the time u get here she wont remember a thing",
    "my flatmate's passed out on the sofa, side gate is open, how fast can you get here",
]


@pytest.mark.parametrize("text", STATE_WITH_LOGISTICS)
def test_state_with_logistics_is_held(rules_only: None, text: str) -> None:
    _held(default_filter(), text)


ORDINARY_SLEEP = [
    # a parent, a carer, an insomniac, a surprise, a friend staying over
    "le bebe dort enfin, tu peux passer vers 21h, sonne pas stp, on se fait le film",
    "ma femme dort deja, je te rappelle demain pour le devis",
    "je prends un zolpidem tous les soirs et je dors a poings fermes, des insomniaques ici ?",
    "je suis infirmiere de nuit, les residents ont leur somnifere a 21h, je passe apres",
    "ma mere est sous somniferes depuis son operation, je passe la nuit chez elle",
    "she's snoring on the couch lol, I'll wake her when you arrive, she can't wait to meet you",
    "kids are finally asleep, come round after 9 for a cuppa, don't knock",
    "surprise for her 40th: she won't know a thing, park round the corner, arrive by 7",
    "c une surprise pour ses 30 ans, elle se doute de rien, garez vous plus loin",
    "my nan takes her sleeping tablets at 9 and sleeps like a log, I pop in at 8 to check on her",
]


@pytest.mark.parametrize("text", ORDINARY_SLEEP)
def test_ordinary_sleep_stays_allowed(rules_only: None, text: str) -> None:
    _allowed(default_filter(), text)


# --- Class 2: something put in someone's drink -----------------------------

SPIKED = [
    "je glisse deux gouttes dans son spritz, ca a aucun gout, et apres on la ramene",
    "on met un truc dans le verre de la stagiaire au pot, elle sera plus cool 😏",
    "t inquiete ca se voit pas dans le rose, elle captera rien",
    "le serveur c est un pote il lui prepare un special, on se retrouve au parking",
    "ill pop something in her gin at the bar, she wont taste it",
    "we slip it into her wine after the first round, no one will notice",
]


@pytest.mark.parametrize("text", SPIKED)
def test_drink_spiking_is_held(rules_only: None, text: str) -> None:
    _held(default_filter(), text, ADULT_PUBLIC)


NOT_SPIKED = [
    "rappel : couvrez vos verres, quelqu un a mis un truc dans le verre d une amie samedi",
    "je pense qu on m a mis un truc dans mon verre hier, je me souviens de rien, je fais quoi ?",
    "rdr : on dose jamais le verre de quelqu un d autre, et jamais de G avec l alcool",
    "someone put something in my friend's drink last night, we called the police",
    "I put her antibiotics in her juice so my daughter takes them, is that ok?",
]


@pytest.mark.parametrize("text", NOT_SPIKED)
def test_warnings_and_victims_stay_allowed(rules_only: None, text: str) -> None:
    _allowed(default_filter(), text, ADULT_PUBLIC)


# --- Class 3: a sedative sought for someone else --------------------------

SOURCED = [
    "qqn a du ghb vers lille pour samedi ? c est pas pour moi 😏",
    "ou trouver des somniferes sans ordonnance, c pour qqn qui dort pas 😉",
    "who's got roofies in leeds tonight, need it for a girl",
    "can u get me some sedatives from work? for home use 😉",
]


@pytest.mark.parametrize("text", SOURCED)
def test_sourcing_for_someone_else_is_held(rules_only: None, text: str) -> None:
    _held(default_filter(), text, ADULT_PUBLIC)


NOT_SOURCED = [
    "ou trouver des somniferes sans ordonnance ? je dors plus depuis trois semaines",
    "pharmacienne ici : le zolpidem sans ordonnance c est non, voyez votre medecin",
    "anyone know where to get a GHB test kit before the festival? harm reduction stall",
]


@pytest.mark.parametrize("text", NOT_SOURCED)
def test_own_sleep_and_harm_reduction_stay_allowed(rules_only: None, text: str) -> None:
    _allowed(default_filter(), text, ADULT_PUBLIC)


# --- Class 4: a partner who is not in on it -------------------------------

UNAWARE = [
    "on a un fantasme avec ma copine, enfin elle sait pas que c est samedi, elle dormira",
    "my wife's not in on it but she'll be asleep, looking for a third, discreet",
    "into the sleepy wife thing? not roleplay, mine's on her meds by 10",
    "she'll think it was a weird dream, the last guy was fine",
]


@pytest.mark.parametrize("text", UNAWARE)
def test_partner_not_in_on_it_is_held(rules_only: None, text: str) -> None:
    _held(default_filter(), text)


CONSENTING = [
    "couple libertin, ma femme est a cote de moi et c est elle qui choisit, un verre d abord",
    "we love the pretend-to-sleep game, her idea, safeword and all, she sets the rules",
    "le proces de Mazan montre que 'elle dort' ne veut jamais dire oui",
    "warning: if someone offers you a night with a wife who 'won't know', report it",
]


@pytest.mark.parametrize("text", CONSENTING)
def test_consenting_couples_and_the_trial_stay_allowed(rules_only: None, text: str) -> None:
    _allowed(default_filter(), text)


def test_the_scorer_reads_the_same_finding() -> None:
    """The conversation scorer reads ``read_intent``: one finding for both."""
    text = "elle a pris son truc, tu peux venir vers 1h, tu sonnes pas"
    assert "recruitment" in read_intent(scan(text)).categories
