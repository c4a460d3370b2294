"""Session 8 classes from an outside adversarial review (issue 12, helper
s8fix). Each class is tested with wordings the rules were not written from
(FR and EN, SMS spelling, leetspeak) and with close hard negatives that must
stay allowed."""

from __future__ import annotations

import pytest

from causerie.safety.checks.intent import read_intent
from causerie.safety.pipeline import MessageFilter, SenderContext, scan

TEEN_PUBLIC = SenderContext("teen", trust_level=1, account_age_days=10, is_private=False)
ADULT_DM = SenderContext("adult", trust_level=2, account_age_days=400, is_private=True)
ADULT_PUBLIC = SenderContext("adult", trust_level=2, account_age_days=90, is_private=False)
NEW_ADULT_DM = SenderContext("adult", trust_level=0, account_age_days=1, is_private=True)
CONTEXTS = [TEEN_PUBLIC, ADULT_DM, ADULT_PUBLIC, NEW_ADULT_DM]


# Class 1: a child designated by a relation and a child's age (digits or
# words), or by an age under 18, with a sexual remark or a question about
# their body.
CHILD_SEXUALISED = [
    "your daughter is 14? bet she's tight",
    "ta nièce de 12 ans elle a des seins ?",
    "looking for yng g1rls under 16 to sext",
    "ur lil sis is 13? bet she's wet",
    "ur niece is 13 bet she's tight",
    "her son is 11 and i'd bang him",
    "your son is 12, i'd fuck him",
    "your stepdaughter is 14, has she got boobs yet?",
    "your niece is twelve, does she have boobs yet?",
    "his daughter is fourteen and so fuckable",
    "anyone got yung girls under 14 for lewds",
    "yng boys 13yo for dirty pics dm",
    "ta soeur a 13 ans elle doit être bonne",
    "ta petite cousine de douze ans, je me la ferais bien",
    "ta fille de 13 ans elle a de la poitrine ?",
    "ton neveu de 13 ans il est bandant",
    "ton fils de 14 ans, je le baiserais",
    "ta cousine de 14 ans elle doit etre serree",
    "ta camarade de 13 ans est chaude ?",
    "la fille de ta voisine a 13 ans, elle est bonne",
    "cherche jeunettes -16 pour sexto",
    "jcherche des meufs de moins de 15 pour sexto",
    # a parent's worry does not excuse a sexual remark or an offer
    "my daughter is 12 and has nice tits, is that normal?",
    "ma fille de 12 ans a des seins, tu veux voir ?",
    "your daughter is 14 and developed yet? is that normal lol",
    "t'as 14 ans t'es vierge ? c'est normal",
]


@pytest.mark.parametrize("text", CHILD_SEXUALISED)
def test_a_child_sexualised_is_refused_with_a_case_everywhere(
    flt: MessageFilter, text: str
) -> None:
    assert "minor_sexualisation" in read_intent(scan(text)).categories
    for ctx in CONTEXTS:
        verdict = flt.check(text, ctx)
        assert verdict.decision == "block", (ctx, verdict)
        assert "minor_sexualisation" in verdict.reasons


CHILD_NOT_SEXUALISED = [
    "ma fille de 14 ans a ses règles, c'est normal qu'elle ait mal ?",
    "my daughter is 14 and got her first bra, tips?",
    "she's 14 and tight with her friends",
    "ma fille de 11 ans a déjà des seins, c'est normal ?",
    "my 12 year old daughter's breasts are sore, is that normal?",
    "mon fils de 13 ans a mal aux testicules, on va chez le pédiatre ?",
    "mon fils de 12 ans a des poils, c'est normal ?",
    "ma fille de 10 ans a de la poitrine, trop tôt ? pédiatre ?",
    "my son is 13 and worried about his penis size, should he see a doctor?",
    "i'm 14 and my breasts hurt is that normal",
    "i'm 15 and still a virgin, is that weird?",
    "j'ai 15 ans et je suis encore vierge c'est bizarre ?",
    "j'ai 14 ans et j'ai des seins qui font mal c'est normal ?",
    "cours d'éducation sexuelle en 4e demain pour les 13 ans",
    "sex ed for 14 year olds should cover consent",
    "your niece is 25 and so hot",
    "ta nièce est trop belle sur la photo du mariage",
    "my daughter is 15 and the schedule is so tight this week",
    "my son is 14 and his shoes are too tight",
    "your daughter is 12? my son is in her class",
    "your son is 14, wanna hit the park later with mine?",
    "ta fille a 13 ans ? elle est en 4e avec mon fils",
    "your niece is 16 and so good at chess",
    "my daughter is 10, she's wet from the pool, should i dry her hair?",
]


@pytest.mark.parametrize("text", CHILD_NOT_SEXUALISED)
def test_a_parent_a_teen_or_an_adult_relative_stays_allowed(flt: MessageFilter, text: str) -> None:
    assert "minor_sexualisation" not in read_intent(scan(text)).categories
    for ctx in CONTEXTS:
        assert flt.check(text, ctx).decision == "allow", ctx


# A child's voice below the teen band (no member can be under 15) speaking
# sexually of themself is an adult playing one: the teen's own-body excuse
# keeps anatomical words only for those ages ("i'm 14 and my breasts hurt"
# above stays allowed).
@pytest.mark.parametrize(
    "text",
    [
        "i'm 12 and i get horny is that normal",
        "im 11 and i want to have sex is that weird?",
    ],
)
def test_a_childs_voice_speaking_sexually_is_not_a_teens_question(text: str) -> None:
    assert "minor_sexualisation" in read_intent(scan(text)).categories


# Class 2: a phone number or a house number written in words is personal data
# like digits: masked for a teen and from a new account.
SPELT_CONTACTS = [
    ("zéro six point douze point trente quatre point cinquante six point soixante dix huit",
     "phone_number"),
    ("zero sept tiret quatre vingt onze tiret vingt deux tiret treize tiret quarante",
     "phone_number"),
    ("call me oh seven nine dot double one dot two three four dot five six seven",
     "phone_number"),
    ("oh seven seven double nine one two three four five six", "phone_number"),
    ("j'habite au dix-sept rue de la paix", "street_address"),
    ("dix-sept rue de la paix, 2e étage", "street_address"),
    ("au quarante-deux bis avenue victor hugo", "street_address"),
    ("c'est au trente et un boulevard saint germain", "street_address"),
    ("twelve baker street", "street_address"),
    ("i live at twelve baker street", "street_address"),
    ("come to forty two elm road", "street_address"),
    ("we're at seventy seven oak lane", "street_address"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind"), SPELT_CONTACTS)
def test_contact_details_in_words_are_masked_like_digits(
    flt: MessageFilter, text: str, kind: str
) -> None:
    for ctx in (TEEN_PUBLIC, NEW_ADULT_DM):
        verdict = flt.check(text, ctx)
        assert verdict.decision == "mask", (ctx, verdict)
        assert kind in verdict.reasons
        assert "•••" in verdict.text
    # Between established adults personal data is theirs to give.
    assert flt.check(text, ADULT_DM).decision == "allow"


NUMBER_WORDS_NOT_CONTACTS = [
    "j'ai dix-sept ans",
    "rdv à dix-sept heures",
    "twelve o'clock",
    "la rue de la paix au monopoly",
    "on a fait one more road trip",
    "one long drive home",
    "un deux trois soleil",
    "le score est de trois à deux",
    "j'ai eu douze point cinq au bac",
    "le score c'est trois tiret deux",
    "zero six point douze point trente quatre",
    "on était douze dans la rue hier",
    "i scored twelve points on the street court",
]


@pytest.mark.parametrize("text", NUMBER_WORDS_NOT_CONTACTS)
def test_ages_times_scores_and_counting_stay_text(flt: MessageFilter, text: str) -> None:
    for ctx in (TEEN_PUBLIC, NEW_ADULT_DM):
        assert flt.check(text, ctx).decision == "allow", ctx


# Class 4: quotes as a shield. A quote excuses speech reported from a third
# party, never a request addressed to the reader that is merely wrapped in
# quotes, even when a reporting cue stands elsewhere in the message.
WRAPPED_REQUESTS = [
    ("i'm telling you 'send a pic or i'll send your nudes to your whole school', like he told me",
     ADULT_DM),
    ("just do it: 'send me a pic in your bed', someone said girls do it", TEEN_PUBLIC),
    ("je te dis \"je sais où t'habites\" comme il m'a dit", ADULT_DM),
    ("fais-le : 'envoie une photo de toi au lit', il m'a écrit que c'est normal", TEEN_PUBLIC),
    ("i received 'send a pic in your bikini' lol now you do it", TEEN_PUBLIC),
    ("il m'a écrit 'envoie une photo en maillot', à ton tour", TEEN_PUBLIC),
    ("listen to me: \"i know where you live, keep talking\" he said the same to my bro", ADULT_DM),
]  # fmt: skip


@pytest.mark.parametrize(("text", "ctx"), WRAPPED_REQUESTS)
def test_a_request_wrapped_in_quotes_is_not_excused(
    flt: MessageFilter, text: str, ctx: SenderContext
) -> None:
    assert flt.check(text, ctx).decision in ("hold", "block")


VICTIMS_REPORTS = [
    "he told me 'send a pic or else'",
    "il m'a écrit 'envoie une photo'",
    "he told me 'send a pic or i'll show everyone', what do i do?",
    "il m'a dit \"je sais où t'habites\", je fais quoi ?",
    "listen, he told me 'send a pic in your bed and don't tell your parents', what do i do?",
    "quelqu'un m'a écrit 'envoie une photo en maillot', je te dis ça pour que tu fasses gaffe",
    'someone said "i know where you live" to me, i\'m telling you so you know',
]


@pytest.mark.parametrize("text", VICTIMS_REPORTS)
def test_a_victims_report_stays_allowed(flt: MessageFilter, text: str) -> None:
    for ctx in CONTEXTS:
        assert flt.check(text, ctx).decision == "allow", ctx
