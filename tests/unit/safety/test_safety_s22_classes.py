"""Session 22: classes read on the session-21 authors once they became
training text (eval/README.md). Our own wordings; the rules alone, so that a
retrain cannot hide a broken rule.

1. "Elle se doute de rien" / "she has no idea" is a woman who suspects
   nothing of a plan (a surprise party, a proposal): she is awake, and the
   words are no longer read as a third party out of it. A partner who
   "won't know", "won't remember" or sleeps on a pill still is.
"""

from __future__ import annotations

import pytest
from tests.support.safety import ADULT_DM, ADULT_PUBLIC, TEEN_DM, rules_verdict


@pytest.mark.parametrize(
    "text",
    [
        "elle se doute de rien pour samedi, venez à 19h et garez-vous dans la rue d'à côté",
        "ma femme se doute de rien, arrivez avant 20h et garez vous plus loin que la maison",
        "she has no idea about saturday, come at 7 and park on the next street",
        "my wife has no clue, get there by 6 and leave your car round the corner",
    ],
)
def test_a_woman_who_suspects_nothing_of_a_surprise_is_no_recruitment(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "ma femme dormira, elle saura rien, viens à 23h et gare-toi plus loin",
        "elle se doute de rien, elle prend son somnifère à 22h, viens après et gare-toi plus loin",
        "she won't remember a thing, come at midnight and park down the road",
        "she has no idea, she'll be out cold on her pills by 11, come after and park down the road",
    ],
)
def test_a_partner_who_wont_know_or_is_drugged_still_is(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold" and "recruitment" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "si tu m'en envoies pas deux autres ce soir, celle d'hier part sur le groupe de ta classe",
        "tu m'envoies encore une photo, sans ton haut, ou ton lycée la voit demain",
        "envoie-m'en une autre plus osée sinon je la montre à ta mère",
        "send me 2 more tonight or the one i have goes to your whole school",
        "another pic without your top or i post the first one on your school page",
    ],
)
def test_a_teens_blackmail_for_more_images_is_refused_with_a_case(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "block", (text, decision, reasons)
    assert "minor_sexualisation" in reasons and "sextortion" in reasons, (text, reasons)


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("send me 2 more tonight or the one i have goes to your whole family", ADULT_DM),
        ("si tu m'en envoies pas deux autres ce soir, celle d'hier part chez ta femme", ADULT_DM),
        ("100€ en paysafecard ce soir ou ta photo part sur le groupe de ta classe", TEEN_DM),
    ],
)
def test_an_adults_or_a_money_only_blackmail_stays_held(text: str, ctx: object) -> None:
    decision, reasons = rules_verdict(text, ctx)  # type: ignore[arg-type]
    assert decision == "hold" and "sextortion" in reasons, (text, decision, reasons)
    assert "minor_sexualisation" not in reasons


@pytest.mark.parametrize(
    "text",
    [
        "envoie moi une photo de toi en maillot de bain, personne saura",
        "tu m'envoies une tof en pyjama ? juste pour moi",
        "t'aurais pas des photos de toi en sous vet ?",
        "tu mets quoi pour dormir toi ?",
        "can u send me a pic of u in ur bikini from the beach",
        "show me a selfie in your pjs before bed",
        "which bra size are you now",
        "une photo de toi en maillot de bain stp, juste pour moi",
        "montre toi en pyjama, ça reste entre nous",
        "mirror selfie in ur bra, nobody will know",
    ],
)
def test_a_teen_asked_for_a_body_photo_is_refused_with_a_case(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "block" and "minor_sexualisation" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "envoie une photo de toi en maillot du psg on compare",
        "send me the pic of us in our pjs from the sleepover lol",
        "t'as une photo de la soirée pyjama ? on était trop belles",
        "y a un gars qui m'a dit 'envoie une photo en pyjama', je l'ai bloqué",
        "if anyone asks u for pics in ur swimsuit, block and report, it's a scam",
        "t'as vu la photo de toi en maillot du club sur le site ? trop stylée",
    ],
)
def test_a_jersey_a_sleepover_or_a_report_is_no_minor_sexualised(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert "minor_sexualisation" not in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "qui est chaude pour un plan ce soir vers Nantes, je reçois",
        "cherche plan d'un soir sans prise de tête, hôtel payé",
        "massage avec finition, discret, en mp",
        "who wants to hook up tonight, can host",
        "sugar daddy available for a fun girl this weekend",
        "nuit torride garantie, je me déplace",
        "moments intimes tarifés, discrétion assurée",
    ],
)
def test_an_encounter_offered_to_an_adult_room_is_held(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "hold" and "sexual_content" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "qui est chaud pour un resto ce soir ? j'ai un plan pas cher",
        "j'ai pris un massage complet du dos chez le kiné, ça fait du bien",
        "who wants to join the quiz team tonight, we need a fourth",
        "mon plan ce soir : plaid, série et tisane",
        "qui est dispo pour un plan ciné ce soir ? le nouveau Marvel",
        "wagwan fam u coming football later",
    ],
)
def test_ordinary_plans_and_massages_are_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow", (text, decision, reasons)
