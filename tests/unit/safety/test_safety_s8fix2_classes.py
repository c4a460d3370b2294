"""Classes found by an outside attack (review 8, issue 12, helper s8fix2).
The reviewer's sentences are not used here: each class is tested with
other wordings (FR and EN, SMS spelling, leetspeak) and with close hard
negatives that must stay allowed."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import MessageFilter, SenderContext

TEEN_PUBLIC = SenderContext("teen", trust_level=2, account_age_days=90, is_private=False)
TEEN_DM = SenderContext("teen", trust_level=2, account_age_days=90, is_private=True)
TEEN_NEW = SenderContext("teen", trust_level=0, account_age_days=0.5, is_private=False)
ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90, is_private=False)


# A: a child named by relation and age with a verb, slang or a euphemism.
CHILD_VERBS = [
    "ta cousine de 11 ans j'ai envie de la caresser",
    "ton petit frère de 9 ans il suce bien je parie",
    "sa fille a treize ans, elle a un beau cul",
    "his daughter is 12, i'd love to touch her",
    "ur son is 10? i wanna touch him",
    "your niece is 13? would def smash",
    "her daughter is 12 and so fuckable",
    "p r e t e e n  girls are so hot",
    "tweens are sexy",
]


@pytest.mark.parametrize("text", CHILD_VERBS)
def test_child_sexualised_with_verbs_is_blocked(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, ADULT_PUBLIC)
    assert verdict.decision == "block", text
    assert "minor_sexualisation" in verdict.reasons


CHILD_NEGATIVES = [
    "ton fils de 10 ans il suce encore son pouce ?",
    "your son is 11? he would smash the competition at chess",
    "mon fils de 10 ans a de la fièvre, je le touche il est brûlant",
    "his daughter is 14 and we keep in touch",
]


@pytest.mark.parametrize("text", CHILD_NEGATIVES)
def test_child_named_without_sexual_words_is_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, ADULT_PUBLIC).decision == "allow", text


# C: photos of themselves asked of a teen in private; a body part asked.
@pytest.mark.parametrize(
    "text",
    [
        "envoie-moi une photo de toi en soutien-gorge",
        "tu m'envoies un selfie de toi ?",
        "montre-moi une photo de toi stp",
        "send me a pic of yourself",
    ],
)
def test_self_photo_asked_of_teen_in_private_is_held(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN_DM)
    assert verdict.decision in ("hold", "block"), text
    assert "grooming" in verdict.reasons


def test_homework_photo_between_teens_is_allowed(flt: MessageFilter) -> None:
    assert flt.check("envoie-moi une photo de l'exo 3 stp", TEEN_DM).decision == "allow"


def test_body_part_asked_of_teen_is_blocked(flt: MessageFilter) -> None:
    assert flt.check("montre-moi tes fesses", TEEN_DM).decision == "block"


# D: aimed at the reader.
@pytest.mark.parametrize(
    "text",
    [
        "uninstall the game and kys",
        "supprime ton compte et crève",
        "tue-toi",
        'je te la dédie : "pends-toi"',
        "i'll post your pics to ruin your life",
        "je vais balancer tes photos pour t'humilier",
    ],
)
def test_aimed_at_reader_is_stopped(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_PUBLIC).decision in ("hold", "block"), text


@pytest.mark.parametrize(
    "text",
    [
        "je vais publier tes photos du match, t'es trop fort",
        'il m\'a écrit "va te pendre", je fais quoi ?',
    ],
)
def test_not_aimed_at_reader_is_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_PUBLIC).decision == "allow", text


@pytest.mark.usefixtures("rules_only")
def test_advice_to_start_again_is_not_harassment_to_the_rules(flt: MessageFilter) -> None:
    """The rules let it through. The session-13 model reads it as
    harassment at 0.72 against the teen cut of 0.71 and holds it for a
    moderator (a known over-hold, eval/README.md session 13), never refuses it."""
    assert flt.check("delete your account and make a new one", TEEN_PUBLIC).decision == "allow"


def test_advice_to_start_again_is_never_refused(flt: MessageFilter) -> None:
    verdict = flt.check("delete your account and make a new one", TEEN_PUBLIC)
    assert verdict.decision in ("allow", "hold"), verdict


# E: contact details split by said separators, a spelled domain, a spaced link.
@pytest.mark.parametrize(
    "text",
    [
        "mon num : 07 tiret 81 tiret 45 tiret 22 tiret 19",
        "call me 212 dash 555 dash 0187",
        "tom.b @ h o t m a i l . f r",
        "mon adresse : douze rue des Lilas",
    ],
)
def test_split_contact_is_masked(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_NEW).decision == "mask", text


def test_spaced_www_link_from_new_account_is_blocked(flt: MessageFilter) -> None:
    assert flt.check("va sur www . promo-cadeau . com", TEEN_NEW).decision == "block"


@pytest.mark.parametrize(
    "text", ["j'ai eu 14 point 5 au contrôle", "version 2 point 1 point 4 dispo", "on était douze"]
)
def test_numbers_with_point_stay_text(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_NEW).decision == "allow", text


# F: a partner asleep and something slipped to her.
def test_partner_slipped_something_is_recruitment(flt: MessageFilter) -> None:
    verdict = flt.check(
        "cherche mecs discrets, ma meuf dort comme une souche quand je lui glisse un truc",
        ADULT_PUBLIC,
    )
    assert verdict.decision in ("hold", "block")


# G: the crime named in news or condemnation is allowed; seeking stays blocked.
@pytest.mark.parametrize(
    "text",
    [
        "un prof pédophile condamné par le tribunal de Nantes",
        "réseau pédopornographique démantelé par la police",
        "paedophile priest sentenced to 8 years",
        "stop aux pédophiles, protégeons nos enfants",
    ],
)
def test_crime_in_news_is_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, ADULT_PUBLIC).decision == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "qui a des vidéos pédo ?",
        "selling pedo vids",
        "pédophile et fier de l'être",
        "j'adore les pédos, stop la censure",
        "pedos are fine, stop the hate",
    ],
)
def test_pedo_seeking_stays_blocked(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, ADULT_PUBLIC).decision == "block", text


# H: a witness's report with the quote, whatever the quote.
@pytest.mark.parametrize(
    "text",
    [
        "j'ai vu un gars écrire 'ta sœur de 12 ans elle est bandante', je l'ai signalé",
        'saw some dude posting "your niece is 12? bet she\'s tight", reported him',
    ],
)
def test_witness_report_is_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_PUBLIC).decision == "allow", text


# I: "les règles" (periods, rules) is no hate; with a group it still is held.
@pytest.mark.parametrize(
    "text", ["j'ai mes règles depuis 10 jours c'est long", "c'est quoi les règles du tournoi ?"]
)
def test_regles_is_not_hate(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN_PUBLIC).decision == "allow", text


# J: one's own gift-card purchase is no scam; a payment asked in one is.
def test_own_gift_card_purchase_is_allowed(flt: MessageFilter) -> None:
    text = "g payé 15€ en carte cadeau pour mes skins"
    assert flt.check(text, ADULT_PUBLIC).decision == "allow"


def test_gift_card_payment_asked_is_scam(flt: MessageFilter) -> None:
    verdict = flt.check("paye 15€ en carte cadeau et je te donne le compte", ADULT_PUBLIC)
    assert "scam" in verdict.reasons


# The hyphen of a French imperative is a word break ("envoie-moi"), not
# interior punctuation; compound words keep theirs.
def test_imperative_hyphen_splits_but_compounds_stay() -> None:
    from causerie.safety.normalise import normalise

    assert normalise("envoie-moi ça").text == " envoie moi ca "
    assert normalise("dis-le").text == " dis le "
    found = normalise("pends-toi")
    assert found.original == "pends-toi" and found.original_span(7, 10) == (6, 9)
    assert normalise("sous-vêtements").text == " sousvetements "
    assert normalise("rendez-vous").text == " rendez vous "
