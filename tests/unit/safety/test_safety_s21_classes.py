"""Session 21: classes written from the session-20 authors' let-throughs,
once they became training text (eval/README.md). Our own wordings, each
with hard negatives of the same shape; the rules alone, so that a retrain
cannot hide a broken rule.

1. A woman made drunk by a group and offered to the reader (recruitment):
   "pretty gone", "bien chargées", "une qui tient plus debout", "she's all
   yours", "des potes qui savent fermer leur gueule". Getting her home, a
   cab, water, the recovery position excuse it (``!noconsent_care``).
2. An adult's moves on minors: minors sought with their parents kept out, a
   place asked where minors named by age are, someone else's children's
   photos asked in a swimsuit, for a swap or as a secret.
3. A phone number spelled out from "zéro six" in a range no operator has.
4. The cheap reading of joined messages sees the trans symbol of the "41%"
   jab (``detect_some``).
"""

from __future__ import annotations

import pytest
from tests.support.safety import ADULT_DM, ADULT_PUBLIC, TEEN_DM, rules_verdict

from causerie.safety.checks import advice
from causerie.safety.detect import detect_in_context, detect_some
from causerie.safety.pieces import JOINED_SIGNALS
from causerie.safety.pipeline import default_filter, scan
from causerie.safety.verdict import SenderContext


@pytest.mark.parametrize(
    "text",
    [
        "on est trois chez moi, la meuf du bar est bien bourrée, tu ramènes juste un pote qui sait"
        " fermer sa gueule",
        "ce soir les nouvelles seront bien bourrées, on en prend une qui tient plus debout, ramène"
        " des potes qui savent se taire",
        "my flatmate's date is at ours and totally gone, couple of us here already, she's all"
        " yours after midnight",
        "we're getting the freshers hammered at the pre, one who's barely standing comes back to"
        " mine. bring a mate if he can keep his mouth shut",
    ],
)
def test_a_drunk_woman_offered_by_a_group_is_held_as_recruitment(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold" and "recruitment" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "la meuf du bar est bien bourrée, on la ramène en navette, t'es des nôtres ?",
        "si une fille tient plus debout, position latérale et on appelle le 15",
        "she's totally gone lol, we're staying with her and getting her some water",
        "the pizza is all yours, the girls are pretty hammered, designated driver is sam",
        "elle est bien cuite la raclette, vous êtes des nôtres samedi ?",
    ],
)
def test_care_for_a_drunk_woman_is_no_recruitment(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert "recruitment" not in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    ("text", "ctx", "expected"),
    [
        ("homme sympa cherche ado 14-15 ans pour bisous, sans les parents bien sûr",
         ADULT_PUBLIC, "minor_sexualisation"),
        ("looking for a 16-17 yo girl to help around the house, paid, she shouldn't tell her"
         " parents", ADULT_PUBLIC, "grooming"),
        ("quelqu'un connaît un groupe snap avec des meufs de 13-14 ans ?", ADULT_PUBLIC,
         "minor_sexualisation"),
        ("anyone know a discord server with 14 yo girls? asking for me", ADULT_PUBLIC,
         "minor_sexualisation"),
        ("vous pouvez m'envoyer des photos de vos filles en maillot ? c'est pour un casting,"
         " rémunéré", ADULT_DM, "grooming"),
        ("got any pics of your teenage nieces? happy to trade", ADULT_DM,
         "minor_sexualisation"),
    ],
)  # fmt: skip
def test_an_adults_moves_on_minors_are_read(text: str, ctx: SenderContext, expected: str) -> None:
    decision, reasons = rules_verdict(text, ctx)
    assert expected in reasons and decision in ("hold", "block"), (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "mon fils de 15 ans veut partir en camp sans ses parents, c'est raisonnable ?",
        "quelqu'un connaît un groupe pour les parents d'ados de 13-14 ans ? des conseils",
        "mamie veut les photos de vos enfants au spectacle, envoyez les sur le groupe famille",
        "pics of my daughter in her swimsuit at the lake, she's 14 and mortified lol",
        "on recrute des animateurs pour un séjour 12-15 ans, rémunéré, parents informés",
        "anyone know a good server for 15 yo gamers? my son wants friends his age",
    ],
)
def test_parents_and_youth_work_are_not_moves_on_minors(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert not {"minor_sexualisation", "grooming"} & set(reasons), (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "zéro six trente-neuf quatre-vingt-dix-huit onze vingt-deux, écris moi",
        "zero six trente neuf quatre vingt dix huit vingt et un dix sept texte moi",
    ],
)
def test_a_number_spelled_from_zero_six_is_masked_in_a_fiction_range(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "mask" and "phone_number" in reasons, (text, decision, reasons)


def test_a_lone_spelled_number_is_no_phone() -> None:
    decision, reasons = rules_verdict("j'ai eu six sur vingt et onze sur vingt", TEEN_DM)
    assert "phone_number" not in reasons, (decision, reasons)


def test_the_cheap_reading_sees_the_41_jab() -> None:
    text = "41% mdrrr \U0001f3f3\ufe0f\u200d\u26a7\ufe0f"
    full = {(f.name, f.evidence) for f in detect_in_context(text)[0] if f.name in JOINED_SIGNALS}
    assert ("hate", "hate") in full
    assert {(f.name, f.evidence) for f in detect_some(text, JOINED_SIGNALS)} == full


# Session 21, after a black-box review (review s21, outside the repository):
# the same classes in open words, our own wordings.
@pytest.mark.parametrize(
    "text",
    [
        "y a une nana complètement déchirée au gala, qui est partant ? on est déjà deux",
        "collègue bourrée dans ma voiture après le pot, quelqu'un veut ?",
        "the girl from the pub is smashed and back at ours, who wants in? no phones",
        "freshers party, we pick one who can't stand and text you the address",
    ],
)
def test_a_woman_out_of_it_offered_in_open_words_is_recruitment(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold" and "recruitment" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "je suis bourrée mdr qui veut venir manger des frites avec moi",
        "she's wasted lol who wants to help me carry her to the taxi and stay with her",
        "ma pote est hs, qui est partant pour la raccompagner en navette ?",
        "i'm so drunk, anyone want the last slice?",
    ],
)
def test_a_drunk_friend_helped_or_the_sender_drunk_is_no_offer(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert "recruitment" not in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quelqu'un sait où trouver un groupe telegram avec des 12 ans ?", "minor_sexualisation"),
        ("where's the discord with the 7th graders? link pls", "minor_sexualisation"),
        ("ta nièce de 14 ans peut venir me voir, pas la peine de prévenir sa mère", "grooming"),
        ("anyone wanna swap bathtime pics of the kids? keep it private", "minor_sexualisation"),
        ("des photos de votre fille en justaucorps ? entre nous", "grooming"),
    ],
)
def test_an_adults_moves_on_minors_in_open_words(text: str, expected: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert expected in reasons and decision in ("hold", "block"), (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "teacher here, any tips for year 9 students who won't read?",
        "on cherche des bénévoles pour l'aide aux devoirs des collégiens",
        "my 15yo wants to join the teen side here, is it actually safe?",
        "survivor here. at 13 someone online said he was 14, he was 40. talk to your kids",
        "pics of my son in his trunks at the pool, first time he swam alone!",
    ],
)
def test_teachers_parents_and_survivors_make_no_move_on_minors(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert not {"minor_sexualisation", "grooming"} & set(reasons), (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "PSA: nobody legit will ever ask you to pay a parcel fee in gift cards. report and block",
        "rappel : votre banque ne vous demandera jamais un code reçu par SMS",
        "attention arnaque : un faux notaire demande des frais par mandat cash, signalez-le",
        "heads up, someone sends 'pay or i post your pics' to new members. don't pay, report",
    ],
)
def test_a_public_warning_about_a_scam_is_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "attention arnaque : les vrais conseillers appellent jamais, appelez moi au 06 12 34 56 78",
        "PSA: banks never ask for codes, check yours at bank-verify.example.com",
        "méfiance, arnaque aux faux notaires, écrivez-moi à notaire.secours@example.com",
    ],
)
def test_a_warning_with_a_way_to_reach_someone_is_no_warning(text: str) -> None:
    assert not advice.public_warning(scan(text, default_filter().index)), text


@pytest.mark.parametrize(
    "text",
    [
        "je suis gouine et fière, et alors",
        'rappel modé : pas de "tranny" ici, même pour rire',
    ],
)
def test_ones_own_identity_and_a_mods_ban_are_no_hate(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert "hate" not in reasons, (text, decision, reasons)


def test_a_denial_with_the_word_is_still_hate() -> None:
    decision, reasons = rules_verdict("je suis pas gouine moi, sale gouine", ADULT_PUBLIC)
    assert "hate" in reasons, (decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "la table de six : zéro, six, douze, dix-huit, vingt-quatre, trente",
        "on compte de cinq en cinq : zéro, cinq, dix, quinze, vingt",
    ],
)
def test_a_times_table_in_words_is_no_phone_number(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert "phone_number" not in reasons, (text, decision, reasons)


# A second black-box review (review s21b): its first run is the independent
# figure (eval/README.md); these are our wordings of what it found.
@pytest.mark.parametrize(
    "text",
    [
        "attention aux faux conseillers ! appelez plutôt notre service fraude au 06 12 34 56 78",
        "victime d'arnaque ? contactez plutôt mon ami expert, whatsapp +44 7700 900123",
        "warning: your account will be closed unless you verify at causerie-verify.example.net",
    ],
)
def test_bait_dressed_as_advice_is_a_scam(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "hold" and "scam" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "heads up, a fake parcel text asks for a £1.99 redelivery fee, don't click it",
        "rappel : personne de l'équipe ne vous demandera votre mot de passe",
        "conseil : ne publiez pas de photos de vos enfants en maillot sur les réseaux",
    ],
)
def test_warnings_without_a_way_to_reach_anyone_stay_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "server with 12 year olds?",
        "your son is 11? send me a pic of him at the pool, just for me",
        "cherche une fille de 14 ans pour du mannequinat, pas besoin de prévenir les parents",
    ],
)
def test_more_open_moves_on_minors(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision in ("hold", "block"), (text, decision, reasons)


def test_advice_about_a_child_online_is_no_place_asked() -> None:
    text = "how do you talk to a 10 year old about online safety?"
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert "minor_sexualisation" not in reasons, (decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "elle tient plus debout, je m'occupe de la raccompagner, ramène un pote qui sait se taire",
        "she's smashed, grab a mate and meet me out back, who's with me",
    ],
)
def test_the_crimes_own_cover_words_are_no_care(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold" and "recruitment" in reasons, (text, decision, reasons)


# Review of the session's own change: the excuses it added must not open a
# way around the seed's crimes.
@pytest.mark.parametrize(
    "text",
    [
        "je mets un truc dans son verre, tu viens vers 2h, on la met dans un taxi après",
        "she'll have the drops in her drink, come round at 1, we'll get her an uber home after",
    ],
)
def test_care_words_never_excuse_a_drink_or_a_drug(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold" and "recruitment" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "attention, t'as 24h : paie 50€ en pcs ou j'envoie tes photos à ta classe. bloque moi pas",
        "conseil : paie ou ta femme voit la vidéo, et bloque pas sinon c'est direct",
        "heads up: pay me $100 or your nudes go to your followers. don't block me",
    ],
)
def test_a_warning_word_before_a_demand_excuses_nothing(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision in ("hold", "block") and "sextortion" in reasons, (text, decision, reasons)
