"""Session 26: classes read on the session-25 authors (ea..ef) once they
became training text (eval/README.md). Our own wordings; the rules alone,
so that a retrain cannot hide a broken rule (docs/safety.md, "Session 26
classes").

1. A local number spelled out digit by digit after the sender's own phone
   cue ("text me its five five five zero one four two"); a score, grades,
   a dance count or a cue after the words are not (review s26).
2. A handle in spaced letters after a game platform's shorthand ("dc: m i
   n n i e _ 0 3"), with a mark or two digits ("dc: b r b 5 min" is not).
3. A crypto wallet's recovery words asked for ("envoie-moi ta phrase de
   récupération", "paste ur 12 word phrase"), and an account "signalé" or
   "bloqué" as the bait; the advice never to give them is not.
4. Minors sought by age for something offered in private, with an offer
   or a secret ("je prends un élève en privé, faut être discret", "i prefer
   15-16, dm me"); a notice, a peer who says their own age, a parent, a
   warning are not.
5. Death wished on a group ("les p.d ça mérite pas de vivre"); "ils
   méritent pas ça" stays a denial.
6. What happened to a relative or a friend told to the room ("mon cousin
   s'est fait avoir, appel vidéo puis 'paie ou j'envoie à ta mère'") is a
   report for the conversation; a demand to the reader after it keeps its
   weight, and the message is no victim's excuse.
"""

from __future__ import annotations

import pytest
from tests.support.safety import (
    ADULT_DM,
    ADULT_PUBLIC,
    TEEN_DM,
    TEEN_PUBLIC,
    conversation_levels,
    rules_check,
)

from causerie.safety.pipeline import SenderContext


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("text me its five five five zero one four two", "five five five zero"),
        ("my number is five five five oh one three two, text me after practice", "oh one three"),
        ("my number: five five five, oh one six three", "oh one six three"),
        ("my number's five five five, oh one eight eight", "oh one eight eight"),
        ("call me, five five five, one two three four", "one two three four"),
        ("text me when ur free, four one five six two three nine", "six two three"),
        ("my number's 555-0188", "555-0188"),
        ("my digits r eight one eight four four two one", "eight one eight"),
        ("my number is 5 five 5 zero one 4 two", "zero one 4"),
        ("snap: lea2009 💕 ajoutez moi", "lea2009"),
        ("dc: m i n n i e _ 0 3 if u want to join the stream party", "m i n n i e"),
        ("steam: l e o _ 9 9", "l e o _ 9 9"),
        ("riot: l u n a # e u w", "l u n a"),
        ("roblox: b l o x y _ g i r l 1 2", "b l o x y"),
    ],
)
def test_spelled_local_numbers_and_decorated_handles_are_masked(text: str, hidden: str) -> None:
    verdict = rules_check(text, TEEN_DM)
    assert verdict.decision == "mask", (text, verdict.decision, verdict.reasons)
    assert hidden not in verdict.text, verdict.text


@pytest.mark.parametrize(
    "text",
    [
        "the score was five five five one two three four",
        "i was number five, five five and one two three four in the relay",
        "text me the answer: question five, then one two three four five six",
        "snap: ok 👍 merci",
        "dc: 2 h 3 0 ce soir",
        "dc: b r b 5 min",
        # review s26
        "the dance routine is five six seven eight, one two three four, text me if u forget",
        "ma moyenne : quinze, seize, douze, quatorze, écris-moi si t'as mieux",
        "scores: twenty one, eighteen, fifteen, nineteen, text me for the rematch",
        "the times were twelve, thirteen, fourteen, fifteen, text me if u can come",
        "call me and count with me: one two three four five six seven eight",
        "snap: pourquoi 😭 il m'a ghost",
        "sc: whatever 💅 i dont care",
        "insta: influencers 🙄 r so fake",
    ],
)
def test_numbers_in_words_and_emoji_that_give_no_contact_are_left(text: str) -> None:
    verdict = rules_check(text, TEEN_PUBLIC)
    assert verdict.decision == "allow", (text, verdict.decision, verdict.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "ton wallet a été signalé, pour éviter le blocage envoie moi ta phrase de récupération",
        "votre compte a été bloqué, donnez vos 24 mots au support pour le débloquer",
        "to fix ur stuck tx pls paste ur 12 word phrase in this chat, it's encrypted",
        "enter your seed phrase on this site to claim the airdrop",
        "send me ur private key and i'll recover the funds for you",
        # review s26
        "ton compte metamask est signalé, envoie ta seed pour vérifier",
        "pour récupérer tes cryptos faut que tu me donnes ta phrase secrète",
        "drop ur 12 words here n ill sync ur wallet",
        "your account has been restricted, confirm your mnemonic to restore access",
        "le support a besoin de ta clé privée pour débloquer le retrait",
        "pour valider l'airdrop faut coller tes 12 mots ici",
        "ur phantom wallet got compromised, send me the seed asap so i can move the funds",
    ],
)
def test_a_wallets_recovery_words_asked_for_are_held_as_a_scam(text: str) -> None:
    verdict = rules_check(text, ADULT_DM)
    assert (verdict.decision, "scam" in verdict.reasons) == ("hold", True), verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "never share your 12 word phrase with anyone, support will never ask for it",
        "ne donnez jamais votre phrase de récupération, personne du support ne la demande",
        "j'ai perdu ma phrase de récupération, je suis dégoûté",
        "mon compte a été signalé par erreur, le support m'a débloqué",
        "si ton compte a été piraté signale-le au support",
        "write down your 12 word phrase on paper and keep it offline",
        "copy paste the bitcoin chart here pls",
        "enter the giveaway, winners announced friday",
        # review s26
        "to restore your wallet, enter your 12 word phrase in the app itself, not on websites",
        "type your password twice to confirm, the app asks that",
        "never type your seed phrase anywhere, scammers will drain you",
        "ne partage jamais ta seed, même pas au support",
        "i need a new ledger, my seed phrase is stored offline tho",
        "jamais donner votre phrase de récupération, aucun vrai support ne la demande",
    ],
)
def test_advice_and_own_wallets_are_no_scam(text: str) -> None:
    verdict = rules_check(text, ADULT_PUBLIC)
    assert verdict.decision == "allow", (text, verdict.reasons)


OFFERS = [
    "qui a moins de 16 ans ici ? je prends un élève gratuitement en privé, faut être discret",
    "any young traders wanna be mentored 1 on 1? dm me, i prefer 15-16, they learn faster",
    "scouting young artists 14 to 16 for showcases, dm me, studio paid, no need to involve parents",
    "any girls here 15-16 ish? dm me, i can help w gcse revision",
    "jeunes mannequins 15 16 ans pour un shooting payé, écrivez moi, dites rien à vos parents",
    # review s26 (doubled letters: "add me", "dont tell" are canonical "ad me", "dont tel")
    "who here is 13? i can help u get rich, just pm me and dont tell anyone",
    "any teens 14+ wanna be sponsored? inbox me",
    "if ur 15 or 16 and need cash, message me, no questions asked",
    "yo any 15 year olds wanna make easy money? hmu, keep it on the low",
    "mentorat gratuit pour les 15-16 ans, en privé seulement, c'est entre nous",
    # the 121-author model's threshold left these (training text, our wording)
    "je recrute des jeunes modèles 15-17 ans, rémunéré, discrétion assurée, écrivez moi en privé",
    "i pay for nitro for any girl under 16 who adds me",
    # a word of warning in the sender's own mouth excuses nothing
    "un type sympa ici, any girls 15-16 dm me, dont tell ur parents",
    "careful girls 14-16, i can help u get rich, dm me",
]


@pytest.mark.parametrize("text", OFFERS)
@pytest.mark.parametrize("ctx", [TEEN_PUBLIC, ADULT_PUBLIC])
def test_minors_sought_by_age_for_a_private_offer_are_held(text: str, ctx: SenderContext) -> None:
    verdict = rules_check(text, ctx)
    assert verdict.decision in ("hold", "block"), (text, verdict.reasons)
    assert {"grooming", "minor_sexualisation"} & set(verdict.reasons), verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "des filles de 15-16 qui veulent de l'argent facile en envoyant des photos ? mp",
        "jeunes modèles 14-16 ans pour des photos en maillot, rémunéré, écrivez moi en privé",
    ],
)
def test_minors_sought_for_photos_are_refused(text: str) -> None:
    verdict = rules_check(text, TEEN_PUBLIC)
    assert (verdict.decision, "minor_sexualisation" in verdict.reasons) == ("block", True), (
        verdict.reasons
    )


@pytest.mark.parametrize(
    "text",
    [
        "la prof de maths donne des cours gratuits aux 15-16 ans au cdi mardi",
        "je cherche des gens de 15 16 ans pour un serveur minecraft mp moi",
        "free fortnite coaching for anyone 15-16, dm me, im 16 and champ rank",
        "on cherche des 15-16 ans pour le tournoi gratuit, inscrivez vous en dm",
        "mon fils de 15 ans cherche un coach de tennis, mp moi",
        "si un mec vous propose du mentoring en dm à 15 ans, signalez le",
        # review s26
        "article: predators pose as mentors offering paid gigs to 15-16 year olds in DMs",
        "bro the 15-16 bracket is stacked, dm me if u want scouting notes on the other teams",
        "tournoi 14-16 ans samedi, lots payés par la mairie, mp pour s'inscrire",
        "we're 15-16 and starting a band, dm me if u can help with drums",
    ],
)
def test_notices_peers_parents_and_warnings_are_no_offer(text: str) -> None:
    verdict = rules_check(text, TEEN_PUBLIC)
    assert verdict.decision == "allow", (text, verdict.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "les pédés ça mérite pas de vivre",
        "les p.d ça mérite pas de vivre",
        "les juifs méritent de crever",
        "all gays don't deserve to live",
        # review s26
        "gays don't deserve to live",
        "trans ppl dont deserve to exist",
        "migrants dont even deserve the air they breathe",
        "all jews should burn",
    ],
)
def test_death_wished_on_a_group_is_refused(text: str) -> None:
    verdict = rules_check(text, ADULT_PUBLIC)
    assert (verdict.decision, "hate" in verdict.reasons) == ("block", True), verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        "les migrants méritent pas ça, c'est honteux ce qu'on leur fait",
        "nobody deserves to die for being gay",
        "trans people deserve to live in peace",
        "le tueur de ce film mérite de mourir mdr",
        "gays don't deserve the hate they get",
        "my plants deserve to die lol i never water them",
    ],
)
def test_denials_and_fiction_are_no_death_wish(text: str) -> None:
    verdict = rules_check(text, ADULT_PUBLIC)
    assert verdict.decision == "allow", (text, verdict.reasons)


def test_a_relatives_sextortion_told_to_the_room_is_no_case(rules_only: None) -> None:
    told = [
        ("a", "y a une vague de faux profils qui visent les petits rappeurs en ce moment"),
        ("b", "mon cousin s'est fait avoir, appel vidéo puis \"paie ou j'envoie à ta mère\""),
        ("c", "payez jamais, faites des captures et bloquez"),
    ]
    assert not {"medium", "high"} & set(conversation_levels(told, "public", people="abcd", age=25))


def test_a_relatives_story_before_a_demand_to_the_reader_excuses_nothing(
    rules_only: None,
) -> None:
    attack = [
        ("a", "mon cousin s'est fait avoir comme ça l'an dernier"),
        ("a", "bah toi aussi tu vas payer 300€ ou j'envoie ta vidéo à ta mère et tes potes"),
    ]
    assert conversation_levels(attack, "public", people="abcd", age=25)[-1] in ("medium", "high")
    assert rules_check(attack[1][1], ADULT_DM).decision == "hold"
