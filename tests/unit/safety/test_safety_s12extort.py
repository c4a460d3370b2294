"""Session 12 (s12extort): blackmail told in fragments, stalking with menace
and an ambush set up in one message (``checks/extort.py``,
``data/intent/*_extortion.tsv``). Wordings are the tests' own (other
victims, other rails, SMS spelling, FR and EN); each class has its hard
negatives, which share its words and must stay allowed."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import MessageFilter, SenderContext

ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=90, is_private=True)
ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90, is_private=False)
TEEN_DM = SenderContext("teen", trust_level=2, account_age_days=90, is_private=True)


# --- Class 1: sextortion and blackmail in fragments --------------------------


@pytest.mark.parametrize(
    "text",
    [
        "i screen recorded the whole call lol. how much is that worth to you",
        "still got every photo u sent. ur sister gets them tonight unless u pay",
        "ur girlfriend is on insta right? she'd love ur little spicy vids. 150 or she sees",
        "go grab a google play card at walgreens, pic of the code. then nobody sees anything",
        "ur whole dorm would love that recording. zelle is quicker btw",
        "made the collage already, ur face + ur uni. one click and its done",
        "j'ai toutes tes captures. ton père va recevoir tout ça si tu payes pas",
        "tes parents verront nos petits échanges, 150 en recharge pcs et on oublie tout",
        "encore une photo et jte laisse tranquille, sinon la vidéo circule sur insta",
        "ta copine saura tout, j'ai les msg bizarres que tu m'as envoyés. on s'arrange ?",
    ],
)
def test_blackmail_in_two_parts_is_held(flt: MessageFilter, rules_only: None, text: str) -> None:
    verdict = flt.check(text, TEEN_DM)
    assert "sextortion" in verdict.reasons
    # Session 22: more images demanded of a teen is refused with a case.
    assert verdict.decision == ("block" if "minor_sexualisation" in verdict.reasons else "hold"), (
        verdict
    )


@pytest.mark.parametrize(
    "text",
    [
        # One part alone.
        "i screenshotted the recipe you sent, thanks!",
        "can u send 20 on cashapp for the pizza",
        "ur mom is on facebook now haha welcome to 2010",
        # A teen telling a friend, a victim asking for help, a warning.
        "some guy says he has my pics and wants 100 on cashapp, what do i do",
        "il dit qu'il a mes photos et que ma mère va les recevoir si je paye pas, aidez moi",
        "if someone says they have ur pics and asks for gift cards, dont pay, report it",
        "si quelqu'un te menace d'envoyer tes photos à tes parents, ne paye pas, signale",
        # Friends' banter: a trip photo, a beer, the dishes, laughing.
        "i have ur pics from the trip, gonna post them in the gc, u look great in the beach ones",
        "mdr si tu me payes pas une bière je montre à tout le monde ta photo de 6e",
        "do the dishes or i'll send ur mum the video of u singing 😂",
        # Paying back a friend; a sextortion scheme discussed at school.
        "my bad, i'll send you the 12 on paypal tonight",
        "our teacher showed us the 'i have ur pics, pay me' messages, so common apparently",
    ],
)
def test_one_part_a_victim_a_warning_or_a_joke_is_not_blackmail(
    flt: MessageFilter, rules_only: None, text: str
) -> None:
    verdict = flt.check(text, TEEN_DM)
    assert "sextortion" not in verdict.reasons, verdict


# --- Class 2: stalking and doxxing with menace ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "i know ur daughter is at st marys primary and gets out at 3:15. answer my texts",
        "we know she moved to leeds. she cant hide forever",
        "i saw u leave the gym on park rd, every tuesday. reply or i'll be waiting by the door",
        "je sais que ton fils sort du collège à 16h le jeudi. réponds moi et tout ira bien",
        "je t'ai vue sortir du taf hier, tu devrais répondre à mes messages",
        "the guy who scammed me works at the tesco on hill st, night shifts. not so brave irl",
    ],
)
def test_a_whereabouts_with_a_menace_is_held(
    flt: MessageFilter, rules_only: None, text: str
) -> None:
    verdict = flt.check(text, ADULT_DM)
    assert verdict.decision == "hold", verdict
    assert {"threat", "doxxing"} & set(verdict.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "i'll pick the kids up at the school gates at 3:15, reply when u see this",
        "can u cover my night shifts at the ward next week? reply when u can",
        "je récupère les enfants devant l'école à 16h30, réponds moi quand tu peux",
        "my daughter finishes at 3:30 on fridays, could you grab her with yours?",
        "sharing my live location till i get home, every night shift i do this",
        "i know she moved to leeds, she loves the new flat",
    ],
)
def test_pickups_shifts_and_ones_own_location_are_not_stalking(
    flt: MessageFilter, rules_only: None, text: str
) -> None:
    verdict = flt.check(text, ADULT_DM)
    assert not {"threat", "doxxing"} & set(verdict.reasons), verdict


# --- Class 3: an ambush set up in one message -------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "meet me at the old quarry gate after dark, keep ur lights off till u see me",
        "nobody goes down there at night, the lay-by past the farm. come on ur own",
        "what car u driving and do u carry cash? just so i know its u",
        "he's hooked lol. u and the lads wait in the bushes, we handle the rest",
        "leave the side door unlocked n text me when he's asleep, that's ur cue",
        "rdv au bout du chemin de halage à minuit, viens tout seul",
        "vous restez planqués derrière les bennes jusqu'à ce que je vous fasse signe",
        "pas la peine de venir accompagné, si je vois qqn d'autre je me casse",
    ],
)
def test_a_one_message_ambush_is_held(flt: MessageFilter, rules_only: None, text: str) -> None:
    verdict = flt.check(text, ADULT_DM)
    assert verdict.decision == "hold", verdict
    assert "ambush" in verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "coffee at the station café at 3? it's busy there so easy to find each other",
        "change of plan, the pub is shut, let's go to the one on the high street instead",
        "night hike with the walking group, meet at the car park 10pm, bring headlamps",
        "rando de nuit avec le club, départ 22h du parking, frontale obligatoire",
        "if a guy asks you to come alone to a lay-by at night, dont go, it's a setup",
        "tu viens seul ou avec tes potes au concert ce soir ?",
        "news: two men charged after luring a driver to a quarry at night",
    ],
)
def test_safe_dates_real_reasons_outings_and_warnings_are_no_ambush(
    flt: MessageFilter, rules_only: None, text: str
) -> None:
    verdict = flt.check(text, ADULT_DM)
    assert "ambush" not in verdict.reasons, verdict
