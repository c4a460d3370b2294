"""Session 17: the classes the six session-16 authors (bm-outremer,
bn-robloxen, bo-fac, bp-francophonie, bq-vocal, br-haine-en, moved to the
training split) showed the rules missing. The wordings here are our own,
not the corpus's.

1. A threat to send or post something of the reader's to their people,
   with verbs, objects or the passive the older phrases lacked; only with a
   condition, an aim, something held or pressure.
2. Ids given on game platforms ("psn:", "dc", "my xbox gt is …").
3. French overseas mobile numbers, dialled like mainland ones.
4. Digging for a named person's whereabouts (a dox announced, an IP traced,
   a stranger's timetable asked for).
5. A minor's age, the reader's, approved of ("ur 16? perfect age").
6. Friends' insults signed with a kiss ("oi you silly cow love ya x").
"""

from __future__ import annotations

import pytest
from tests.support.safety import ADULT_DM, ADULT_PUBLIC, TEEN_DM, TEEN_PUBLIC, rules_verdict

from causerie.safety import personal_data as pd
from causerie.safety.pipeline import SenderContext, default_filter


# 1. The threat to expose.
@pytest.mark.parametrize(
    "text",
    [
        "si tu réponds pas je balance tous tes vocaux au groupe de la classe",
        "jvais envoyer tes mp à toute ta famille, ta vie va etre un enfer",
        "si tu me quittes ça part direct chez tes parents",
        "block me and i'm posting our dms to your whole school",
        "i'll forward the screenshots to ur class group chat, ur done",
        "ignore me again and they go straight to your mum",
    ],
)
def test_a_threat_to_expose_to_the_readers_people_is_held(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "hold"
    assert "threat" in reasons or "sextortion" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "je vais poster les photos du mariage sur le groupe de la famille ce soir",
        "im sending the pics to your mum, she asked for the holiday ones",
        "i'll send the group photo to the whole class tonight",
        "si tu fais pas la vaisselle je montre ta photo à ta mère",
        "ça part direct à la poste demain matin",
    ],
)
def test_a_plain_sending_to_family_or_class_is_no_threat(text: str) -> None:
    assert rules_verdict(text, TEEN_DM)[0] == "allow"


# 2. Game platform ids.
@pytest.mark.parametrize(
    "text",
    [
        "psn: dark_fox_77",
        "dc : melo.gaming",
        "my xbox gt is FrostByte42 add me",
        "mon epic c LeoLeBoss2010",
        "disc = ninja.kat, on joue ce soir",
        "steam id k4rma_x",
    ],
)
def test_a_game_platform_id_is_masked_for_a_teen(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_PUBLIC)
    assert decision == "mask"
    assert "social_handle" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "epic c trop bien ce jeu",
        "steam sale: 50 pourcent sur elden ring",
        "jai dc à 21h30 mdr",
        "gt 2024 was insane",
        "Je viens pour discuter. Merci.",
        "cod: warzone 2.0 is out",
    ],
)
def test_a_platform_word_without_an_id_is_not_masked(text: str) -> None:
    assert rules_verdict(text, TEEN_PUBLIC)[0] == "allow"


# 3. Overseas numbers.
@pytest.mark.parametrize(
    "text",
    [
        "ékri amwin, 0693 41 12 07",  # La Réunion
        "mon numéro 0639 61 22 48",  # Mayotte
        "appelle au 0690 12 34 56",  # Guadeloupe
    ],
)
def test_an_overseas_mobile_number_is_found(text: str) -> None:
    assert [f.kind for f in pd.find_phone_numbers(text)] == [pd.PHONE]


def test_a_score_is_not_an_overseas_number() -> None:
    assert pd.find_phone_numbers("le match finit 0693 à 2248 lol") == []


# 4. Digging for someone's whereabouts.
@pytest.mark.parametrize(
    "text",
    [
        "posting the full dox tonight, stay tuned",
        "reverse image search on her selfie gave her old insta, go from there",
        "his ip traces back to a street in leeds, not hard",
        "anyone got the address of that streamer? i have the postcode",
        "does anyone know which bus she takes after her shift",
        "qqn a l'emploi du temps de cette meuf de L2 droit ?",
    ],
)
def test_digging_for_someones_whereabouts_is_held(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "hold"
    assert "doxxing" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "i did a reverse image search on his pics, it's a stolen model photo, thanks",
        "anyone got the address of the venue for tonight?",
        "my ip traces to paris apparently lol vpn",
        "qqn a l'emploi du temps de la L2 droit ? j'ai perdu le mien",
    ],
)
def test_checking_a_scammer_or_asking_for_a_venue_is_no_doxxing(text: str) -> None:
    assert rules_verdict(text, ADULT_DM)[0] == "allow"


# 5. A minor's age approved of, said to the reader (review r16).
@pytest.mark.parametrize(
    "text",
    [
        "ur 16? perfect age 😈",
        "t'as 15 ans ? l'âge parfait",
        "you're 15? almost legal 😏",
        "t'as 16 ans ? parfait 😉",
        "16 ans ? mon âge préféré",
        "15yo? just how i like them",
        "only 15? even better 😉",
        "ah t'as 17 ans, t'es à croquer",
    ],
)
def test_a_readers_minor_age_approved_of_is_refused(text: str) -> None:
    assert rules_verdict(text, TEEN_PUBLIC) == ("block", ["minor_sexualisation"])


@pytest.mark.parametrize(
    "text",
    [
        "15 is the perfect age to start driving lessons in some countries",
        "ur 16, the right age to start a part time job",
        "t'as 16 ans ? le bon âge pour passer le code",
        "18 is the perfect age to travel",
        "t'as 17 ans ? moi aussi, c'est le meilleur âge",
        "t'as 16 ans ? parfait, tu peux venir au tournoi",
        "15? nice, me too",
        "ur 15? perfect, u can join our minecraft team",
    ],
)
def test_an_age_approved_for_a_purpose_or_an_adults_is_not(text: str) -> None:
    assert rules_verdict(text, TEEN_PUBLIC)[0] == "allow"


# 6. British friends' insults signed with a kiss (review r16).
@pytest.mark.parametrize("text", ["oi you silly cow love ya x", "ur a daft muppet love u x"])
def test_friends_insults_signed_with_a_kiss_are_banter(text: str) -> None:
    assert rules_verdict(text, ADULT_DM)[0] == "allow"


@pytest.mark.parametrize(
    "text",
    ["you silly cow", "you fat cow love ya x", "you're a dumb cow, go kill yourself love u x"],
)
def test_an_insult_without_affection_or_with_a_push_to_die_is_refused(text: str) -> None:
    assert rules_verdict(text, ADULT_DM)[0] == "block"


# 7. Review s17: more game ids, and what an account is said to be.
@pytest.mark.parametrize(
    "text",
    [
        "valo : Kenji#0007",
        "minecraft : TheCraftyKid_08",
        "ajoute moi sur la play : mehdi-13-om",
        "mon id psn -> L3o_GG",
        "ajoute moi en ami sur fortnite jsuis Lyna_FN",
        "SW-1234-5678-9012",
        "my switch fc is 4821 7730 1192",
    ],
)
def test_more_game_ids_are_masked_for_a_teen(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_PUBLIC)
    assert decision == "mask"
    assert "social_handle" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "mon snap est bugué depuis hier",
        "my insta is private now",
        "my discord is full of bots lately",
        "discord is down again?? cant join my server",
        "ps: call me after school",
        "fortnite 2.0 is out",
        "lol change.org/p/longer-lunch is a real petition",
    ],
)
def test_an_account_talked_about_or_a_game_named_is_not_masked(text: str) -> None:
    assert rules_verdict(text, TEEN_PUBLIC)[0] == "allow"


@pytest.mark.parametrize(
    "text", ["my snap is lea_2009", "snap is the same as my username here but with _x at the end"]
)
def test_a_handle_after_is_still_masked(text: str) -> None:
    assert rules_verdict(text, TEEN_PUBLIC)[0] == "mask"


# 8. Teens asking each other's age and class: no refusal by the model.
def test_teens_asking_age_and_class_are_delivered() -> None:
    flt = default_filter()
    assert flt.check("ah t'as 15 ans, t'es en 3e ou en seconde ?", TEEN_DM).decision == "allow"
    # the same with parents asked about or a leer is no small talk
    asked = flt.check("t'as quel age? 15? ok parfait 😊 et tes parents ils sont stricts?", TEEN_DM)
    assert asked.decision != "allow"


# 9. Review s17: more ways to dig for someone and to threaten exposure.
@pytest.mark.parametrize(
    "text",
    [
        "je vais le dox ce bouffon vous allez voir",
        "jai retrouvé ton adresse ;) jsuis pas loin",
        "j'ai retrouvé son insta avec google lens",
        "ip tracked him, hes in marseille",
        "which bus does she take home?",
        "who can find the address of the guy in the pic? paying 50",
        "qui a le numéro de la meuf en rouge sur la photo de classe ?",
    ],
)
def test_more_digging_is_held_as_doxxing(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold"
    assert "doxxing" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "j'ai retrouvé mes clés avec google lens lol",
        "whats her schedule like at the new job? she seems tired",
        "who can find the address of the venue?",
        "j'ai trouvé ton adresse mail dans le spam, check",
        "which bus do you take to school?",
    ],
)
def test_lost_keys_venues_and_mail_are_no_digging(text: str) -> None:
    assert rules_verdict(text, ADULT_DM)[0] == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "ur screenshots will end up on the school confessions acc unless u answer",
        "i have screenshots and ur husband is getting them",
        "ta daronne va recevoir nos convs si tu reponds pas",
    ],
)
def test_exposure_in_the_passive_or_to_a_partner_is_held(text: str) -> None:
    assert rules_verdict(text, TEEN_DM) == ("hold", ["threat"])


@pytest.mark.parametrize(
    "text",
    [
        "ur nudes go to ur mom unless u send more",
        "si tu me quittes tes nudes finissent sur le groupe de la classe",
    ],
)
def test_intimate_images_with_an_audience_and_a_condition_are_sextortion(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert "sextortion" in reasons  # the victim's help card hangs on this reason
    # Session 22: more images demanded of a teen is refused with a case.
    assert decision == ("block" if "minor_sexualisation" in reasons else "hold")


@pytest.mark.parametrize(
    "text",
    [
        "the photos will be posted on the class page tomorrow",
        "ur husband is getting them as a surprise for his birthday",
        "les photos de la soirée seront postées sur le groupe de la classe demain",
    ],
)
def test_a_plain_sending_in_the_passive_is_no_threat(text: str) -> None:
    assert rules_verdict(text, TEEN_DM)[0] == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "ur msgs r going on the confessions page",
        "jai des screens de toi, ta classe va les voir",
        "ta boite va recevoir un joli dossier sur toi",
    ],
)
def test_a_confessions_page_or_the_readers_class_receiving_is_a_threat(text: str) -> None:
    assert rules_verdict(text, TEEN_DM) == ("hold", ["threat"])


@pytest.mark.parametrize(
    "text",
    [
        "ta mère va recevoir les photos de classe par mail",
        "i posted my crush confession on the confessions page lol",
        "ta classe va voir ton exposé demain t'inquiete il est top",
    ],
)
def test_photos_mailed_or_a_confession_posted_are_no_threat(text: str) -> None:
    assert rules_verdict(text, TEEN_DM)[0] == "allow"


# 10. Review s17b (a broad black-box review).
@pytest.mark.parametrize(
    "text",
    [
        "qui a du contenu de jeunes nées en 2011 ? échange",
        "looking for girls born 2010 or later for pics, paying",
        "je kiffe les 3ème, les petites de 14 piges, qui en a ?",
    ],
)
def test_minors_named_by_birth_year_or_school_year_and_sought_are_refused(text: str) -> None:
    assert rules_verdict(text, ADULT_PUBLIC) == ("block", ["minor_sexualisation"])


@pytest.mark.parametrize(
    "text",
    [
        "mon fils né en 2010 cherche un club de foot, qui a des conseils ?",
        "échange cartes pokémon, mon fils né en 2012 en a plein",
        "les filles nées en 2010 c'est la génération tiktok",
    ],
)
def test_a_birth_year_alone_or_a_parents_is_not(text: str) -> None:
    assert rules_verdict(text, ADULT_PUBLIC)[0] == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "ta maison crame vite la nuit tu sais",
        "you won't have kneecaps by monday",
        "j'espère que t'as une bonne assurance vie",
        "you'll be 6 feet under by friday 🔪",
    ],
)
def test_threats_without_a_violent_verb_are_held(text: str) -> None:
    assert rules_verdict(text, ADULT_DM) == ("hold", ["threat"])


@pytest.mark.parametrize(
    "text",
    [
        "j'espère que t'as une bonne assurance pour le voyage, la dernière fois ça m'a sauvé",
        "ma maison crame vite en été avec cette chaleur",
        "my grandpa is six feet under since 2019",
        "ce boss m'a tué 15 fois, je vais le défoncer",
    ],
)
def test_insurance_a_hot_house_a_grave_or_a_game_boss_are_no_threat(text: str) -> None:
    assert rules_verdict(text, ADULT_DM)[0] == "allow"


@pytest.mark.parametrize("text", ["t'es qu'une kahba", "@sami t'es qu'un zamel", "ta yeule le fif"])
def test_insults_in_darija_creole_or_quebecois_are_refused(text: str) -> None:
    assert rules_verdict(text, TEEN_PUBLIC) == ("block", ["harassment"])


@pytest.mark.parametrize(
    "text",
    ["j'ai 26 ans mais chut, les modos aiment pas ça", "i'm 22 actually lol dont tell"],
)
def test_an_adult_in_a_teen_chat_is_held(text: str) -> None:
    assert rules_verdict(text, TEEN_DM) == ("hold", ["grooming"])


@pytest.mark.parametrize(
    "text",
    [
        "j'ai 20 ans de retard sur les devoirs mdr",
        "i'm 20 minutes late sorry",
        "jai 18 ans demain !!",
        "mon frère a 25 ans",
        "chut garde le secret, on prépare les 50 ans de maman avec papa",
    ],
)
def test_years_late_a_birthday_a_brother_or_a_family_surprise_are_not(text: str) -> None:
    assert rules_verdict(text, TEEN_DM)[0] == "allow"


@pytest.mark.parametrize(
    "text",
    ["www·free-casino·fr", "va sur monsite(point)fr", "lien : bit\u2060.\u2060ly/abc"],
)
def test_a_link_with_a_disguised_dot_from_a_new_account_is_refused(text: str) -> None:
    new = SenderContext("adult", 0, 0.5, False)
    assert rules_verdict(text, new) == ("block", ["link"])


@pytest.mark.parametrize(
    "text",
    [
        'why is "tranny" considered a slur? genuinely asking to learn',
        'le mot "bougnoule" vient du wolof, c\'est devenu une insulte raciste',
    ],
)
def test_a_slur_mentioned_in_quotes_to_talk_about_it_is_allowed(text: str) -> None:
    assert rules_verdict(text, ADULT_PUBLIC)[0] == "allow"


def test_a_quoted_slur_aimed_at_the_reader_is_still_refused() -> None:
    assert rules_verdict('le mot qui vous va c\'est "bougnoules"', ADULT_PUBLIC)[0] == "block"


@pytest.mark.parametrize(
    "text",
    [
        "il habite où ton frère maintenant ? toujours à lille ?",
        "elle habite où ta cousine ?",
        "where does your sister live now?",
    ],
)
def test_asking_where_the_readers_relative_lives_is_conversation(text: str) -> None:
    assert default_filter().check(text, ADULT_DM).decision == "allow"  # the model's too


def test_a_relatives_home_asked_with_a_menace_is_still_held() -> None:
    text = "elle habite où ta soeur ? je vais lui rendre visite avec mes potes, elle va comprendre"
    assert default_filter().check(text, ADULT_DM).decision == "hold"
