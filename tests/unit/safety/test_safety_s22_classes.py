"""Session 22: classes read on the session-21 authors once they became
training text (eval/README.md) and on review s22. Our own wordings; the
rules alone unless said, so that a retrain cannot hide a broken rule.

1. "Elle se doute de rien" / "she has no idea" is a woman who suspects
   nothing of a plan (a surprise party, a proposal): she is awake, and the
   words are no longer read as a third party out of it. A partner who
   "won't know", "won't remember" or sleeps on a pill still is.
2. More images demanded ("envoie-m'en d'autres", "send 3 more", "the
   first one goes to your school") is a blackmail's demand, held. Of a teen
   and asked undressed ("une autre, plus osée", "without your top") it is
   also a minor sexualised: refused, and the refusal opens a case with the
   blackmail among its reasons (session 19 did it for "nudes" named). The
   plain "send more" of a teen stays held: the training authors label it
   hold more often than block (a first version refused it: training split
   -14, the sealed split's hold/block swaps 22 -> 44). An adult's
   blackmail and a teen's money-only one are held.
3. A photo of themselves in a swimsuit, pyjamas or underwear asked of a
   teen, what they wear to sleep, their bra size: sexual talk aimed at a
   minor, refused with a case (the training authors: 140 refusals against
   46 holds). A club's "maillot du psg", a sleepover's photo of the group,
   a teen telling what was asked of her, a warning of what someone might
   ask are not.
4. A sexual encounter offered to an adult public room ("qui est chaud pour
   un plan ce soir", "plan d'un soir", "massage avec finition", paid
   nights, "sugar mummy available") is sexual content, held there; a plan
   for the cinema or a sports massage is not.
5. The plan told to the teen's own parent ("tell ur mom i'll drop you home
   after practice") is no grooming, whatever the learned layer reads in it
   (the 97-author model held it); kept from them, it stays held.
"""

from __future__ import annotations

import pytest
from tests.support.safety import ADULT_DM, ADULT_PUBLIC, TEEN_DM, rules_verdict

from causerie.safety.checks import model as model_check
from causerie.safety.pipeline import default_filter, scan


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
        "send me 2 more tonight or the one i have goes to your whole school",
        "send 2 more or everyone at your school sees the first one",
    ],
)
def test_a_teens_blackmail_for_more_images_is_held(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "hold" and "sextortion" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "tu m'envoies encore une photo, sans ton haut, ou ton lycée la voit demain",
        "envoie-m'en une autre plus osée sinon je la montre à ta mère",
        "another pic without your top or i post the first one on your school page",
    ],
)
def test_a_teens_blackmail_for_undressed_images_is_refused_with_a_case(text: str) -> None:
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


@pytest.mark.parametrize(
    "text",
    [
        "tell your mom i'll pick you up after practice",
        "tell ur mom i'll drop you home after practice",
        "dis à ta mère que je passe te prendre à 18h",
    ],
)
def test_a_plan_told_to_the_teens_parent_is_allowed(text: str) -> None:
    assert default_filter().check(text, TEEN_DM).decision == "allow", text


@pytest.mark.parametrize(
    ("text", "excused"),
    [
        ("tell your mom i'll pick you up after practice", True),
        ("tell your mom i'll pick you up, don't tell her where we go", False),
        ("dis à ta mère que je passe te prendre, mais dis rien pour après", False),
    ],
)
def test_only_a_plan_told_openly_excuses_the_models_grooming(text: str, excused: bool) -> None:
    assert ("grooming" in model_check._rule_excuses(scan(text))) is excused, text


def test_a_plan_kept_from_the_parent_is_still_held() -> None:
    text = "i'll pick you up after practice, don't tell your mom"
    verdict = default_filter().check(text, TEEN_DM)
    assert verdict.decision == "hold" and "grooming" in verdict.reasons


# 6. Review s22: grave harm said otherwise — a fire "with you inside",
# thrown out of the window, "a shame if an accident happened to you".
@pytest.mark.parametrize(
    "text",
    [
        "je vais foutre le feu à votre baraque avec vous dedans",
        "une nuit je viens avec deux gars et on vous sort par la fenêtre",
        "ce serait dommage qu'il vous arrive un accident, les freins c'est fragile",
        "i'll burn your house down with you inside",
    ],
)
def test_grave_harm_said_otherwise_is_a_threat(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold" and "threat" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "ce soir on va mettre le feu au dancefloor 🔥",
        "je vais jeter mon pc par la fenêtre, il rame trop",
        "ce serait dommage qu'il pleuve samedi pour le barbecue",
    ],
)
def test_a_party_a_slow_computer_or_the_weather_is_no_threat(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "allow", (text, decision, reasons)
