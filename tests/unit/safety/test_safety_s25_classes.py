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
   the way in; a game's, a club's, a school's or a class's official group,
   Teams (a school's tool), a group joined in the past or that one cannot
   join are not.
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
        ("zéro 7 zéro zéro zéro zéro 52 18 écris moi", "52 18"),
        # review s25
        ("text me when ur free 555-0147", "555-0147"),
        ("écris moi quand tu veux 5793 2841", "5793 2841"),
        ("call me " + "!" * 50 + " 555-0147", "555-0147"),
        ("my phone is 555-0147", "555-0147"),
        ("dm me 555-0147", "555-0147"),
        ("555-0147 that's my number", "555-0147"),
        ("555-0147 🙂 text me", "555-0147"),
        ("my # is 555\u00a00147", "0147"),
        ("my # is 555-0147, or my french one 06 12 34 56 78", "555-0147"),
        ("my tag is Kenji#0007", "Kenji#0007"),
        ("my gt is NightOwl_77 add me for ranked", "NightOwl_77"),
        ("mon tag c'est lumi.0x, ajoute", "lumi.0x"),
        ("dispo sur tele: n i g h t _ 4 2 si tu veux", "n i g h t _ 4 2"),
        ("tele: at moon dot rider dot 11", "moon dot rider dot 11"),
        ("tele: sky underscore boy 08", "08"),
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
        # review s25
        "hmu for duos, im 1800-2000 elo",
        "hmu if ur selling, budget 1500 2000",
        "call me between 1400-1530 pls",
        "text me, order 555-1234 shipped",
        "my # on the leaderboard is 123 4567",
        "the answer is 123-4567 text me if u disagree",
        "le score final 123-4567 appelle moi",
        "page 123-4567 call me",
        "the tag is 3XL lol it's huge",
        "le tag c'est 14h30 le rdv",
        "my tag is 1st",
        "la télé : un point c'est tout",
        "télé : 2 h 3 0 par jour max",
        "tele: 5 point 1 surround",
        "les scores de la saison: zéro 7, zéro 0, zéro 0, zéro 1, zéro 2",
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
        "rejoignez le discord de la classe: lien en mp",
        "join me on telegram",
        "join this discord, link in dm",
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
        "rejoignez le teams pour le cours de maths de 10h",
        "the teams meeting for maths, ask for the link from mr smith",
        "je peux pas rejoindre tiktok j'ai 12 ans",
        "rejoignez le discord du club de foot pour les horaires",
    ],
)
def test_official_groups_past_joins_and_app_talk_are_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_PUBLIC)
    assert decision == "allow", (text, decision, reasons)
