"""Session 25: format-level classes read on the session-24 authors (du..dz)
once they became training text (eval/README.md). Our own wordings; the rules
alone, so that a retrain cannot hide a broken rule (docs/safety.md,
"Session 25 classes").

1. A local number (555-0147, 5793 2841) with the sender's own phone cue a
   few words off on either side ("my # is …", "text me instead …", "…
   text me after 6"); a room, a bus, a shop's or someone else's number, a
   score or a year are not.
2. Digits and words mixed in a spelled number ("zéro 7 zéro zéro …").
3. A handle after "my tag / gt / id is", or spelled or in spaced letters
   after "tele:"; a year after "my id is", television talk are not.
4. A group on another app joined ("rejoignez le discord des terminales",
   "join our insta gc"), or the reader told to follow there or to ask for
   the way in; a game's, a school's or a class's official group, and a
   group joined in the past, are not.
"""

from __future__ import annotations

import pytest
from tests.support.safety import TEEN_DM, TEEN_PUBLIC, rules_check, rules_verdict


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("my # is 555-0162 hmu after school", "555-0162"),
        ("txt me instead 555-0119 this site is so slow", "555-0119"),
        ("here's my number so we can talk properly, 555 0180", "555 0180"),
        ("my numbers 555-0171 call me after dinner", "555-0171"),
        ("555-0126 text me when ur free", "555-0126"),
        ("mon num c'est bien 5793 2841, appelle moi le soir", "5793 2841"),
        ("zéro 6 zéro zéro zéro zéro 48 21 écris moi", "48 21"),
        ("my gt is NightOwl_77 add me for ranked", "NightOwl_77"),
        ("mon tag c'est lumi.0x, ajoute", "lumi.0x"),
        ("dispo sur tele: n i g h t _ 4 2 si tu veux", "n i g h t _ 4 2"),
        ("tele: at moon dot rider dot 11", "moon dot rider dot 11"),
    ],
)
def test_numbers_and_handles_with_a_cue_a_few_words_off_are_masked(text: str, hidden: str) -> None:
    verdict = rules_check(text, TEEN_DM)
    assert verdict.decision == "mask", (text, verdict.decision, verdict.reasons)
    assert hidden not in verdict.text, verdict.text


@pytest.mark.parametrize(
    "text",
    [
        "text me when you get to room 1203 1204",
        "call me at 8, the bus is 555 1200 something",
        "call me later, their number is 555-0148 if u wanna book",
        "my score was 1450 1500 text me",
        "my number is 12 on the jersey, text me if u see the game",
        "le score c'était zéro 7 zéro zéro au final",
        "my id is 2009 no wait that's my birth year",
        "my tag is gone lol the game reset everything",
        "la télé: nulle ce soir",
        "à la télé : le match point par point",
    ],
)
def test_rooms_shops_scores_and_years_are_not_numbers(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "rejoignez le discord des secondes, demandez moi en mp pour l'invit",
        "join our insta gc, it's way more chill",
        "rejoins mon telegram ce soir",
        "on fait un live tiktok à 21h, rejoignez moi là-bas",
        "le groupe whatsapp des 3e B, mp moi pour le lien",
    ],
)
def test_a_group_joined_on_another_app_is_an_invitation(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_PUBLIC)
    assert decision == "mask" and "off_platform" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "j'ai rejoint le discord officiel du jeu pour les patch notes",
        "le prof nous a demandé de rejoindre le teams de la classe pour les devoirs",
        "rejoignez le club de lecture, c'est le mardi au cdi",
        "le live tiktok de squeezie ce soir, rejoignez moi dans le chat du live",
        "qui a discord sur son tel ? le mien plante",
    ],
)
def test_official_groups_past_joins_and_app_talk_are_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_PUBLIC)
    assert decision == "allow", (text, decision, reasons)
