"""Victims and witnesses quoting what was said to them (issue 12, rev12
fault B): French elision inside single quotes ('je sais où t'habites'),
speech received in the present or said to someone else ("m'envoie", "lui
disait"), a film's killer; and the guard that one's own threat, quoted to
the target, stays a threat."""

from __future__ import annotations

import pytest

from causerie.safety import reported
from causerie.safety.pipeline import MessageFilter, SenderContext, scan

TEEN = SenderContext("teen", trust_level=2, account_age_days=120, is_private=False)
ADULT = SenderContext("adult", trust_level=2, account_age_days=120, is_private=False)


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("mon ex m'envoie 'je sais où t'habites', je porte plainte", "'je sais où t'habites'"),
        ("j'ai reçu 'paie ou j'envoie ta vidéo', arnaque", "'paie ou j'envoie ta vidéo'"),
        ("he wrote to her 'don't tell anyone', so creepy", "'don't tell anyone'"),
    ],
)
def test_an_apostrophe_between_letters_does_not_close_a_single_quote(text: str, quote: str) -> None:
    spans = reported.quoted_spans(scan(text))
    assert [text[a:b] for a, b in spans] == [quote]


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        (
            "quelqu'un m'a écrit 'envoie une photo et dis rien à tes parents', je fais quoi ?",
            TEEN,
        ),
        ("mon ex m'envoie 'je sais où t'habites', je porte plainte demain", ADULT),
        (
            "ma soeur s'est fait harceler, quelqu'un lui disait 'va te pendre', c'est horrible",
            ADULT,
        ),
        (
            "j'ai reçu un message 'paie ou j'envoie ta vidéo', c'est une arnaque connue, "
            "ne payez pas",
            ADULT,
        ),
        ("ce film d'horreur où le tueur dit 'je sais où tu habites', flippant", TEEN),
        ("my ex sends me 'i know where u live', im going to the police tomorrow", ADULT),
        ("someone was telling her 'go hang yourself', it's horrible", ADULT),
        ("the killer says 'i know where you live' in this movie, creepy", TEEN),
        ("quelqu'un a écrit 'sale pute' sous sa photo, c'est grave", ADULT),
        ('Dans le livre le tueur écrit "je sais où tu habites" à la victime, frissons', ADULT),
        ("someone in here said 'kys' to my friend and she's not ok rn, how do i report it", TEEN),
        ("'ur trash, uninstall' is what every 12 yr old says in valo lmao", TEEN),
    ],
)
def test_a_victim_or_witness_quoting_is_allowed(
    flt: MessageFilter, text: str, ctx: SenderContext
) -> None:
    assert flt.check(text, ctx).decision == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "je te dis 'je vais te tuer'",
        "i'm telling you 'i will kill you'",
        "je répète: 'va te pendre'",
        'je répète : "va te pendre"',
        "je lui dis 'je sais où t'habites'",
        "je t'envoie 'je vais te tuer'",
        "'je sais où t'habites', je te dis",
        "i'm telling u: 'i know where you live'",
        "on a écrit 'crève' sur ta porte",
        "j'ai écrit 'crève' sur ta porte",
        "i said 'go kill yourself'",
        "je t'ai écrit 'je vais te tuer'",
        # A film named but no one in it speaking: no excuse.
        "ce film c'est moi, 'je sais où tu habites'",
    ],
)
def test_quoting_ones_own_threat_to_the_target_is_no_excuse(flt: MessageFilter, text: str) -> None:
    for ctx in (TEEN, ADULT):
        assert flt.check(text, ctx).decision in ("hold", "block"), ctx
