"""Session 27: classes read on the session-26 authors (eg..el) once they
became training text (eval/README.md). Our own wordings; the rules alone,
so that a retrain cannot hide a broken rule (docs/safety.md, "Session 27
classes").

1. Group slurs the lists lacked, in their masked spellings ("k3l!ng",
   "kykes", "m@s1s1"), and "no X no Y" about groups; "retards" is the French
   word for delays, refused as hate until this session.
2. Threats said by their harm or outcome ("i'll batter u", "burn both of
   u", "gets their car windows smashed", "won't make it … in one piece",
   "on les retrouvera"), with the sender's intent or a condition ("next
   person who…", "le prochain qui…"); a story or a wish is not.
3. Secrecy from a teen's people said as "no need" ("u dont have to tell ur
   mom", "ur friends dont need to know", "t'es pas obligée de le dire à ta
   mère"); asking a teen to tell their parents is not, nor "your parents
   need to know" (it was read as a secret until this session).
5. A friend's mock blackmail priced in food or a treat ("pay me in
   chipotle or it goes to the gc 😈", "ça va te coûter un resto"): no case
   for the conversation; the same photo for money still is one.
4. Sexual offers the lists lacked ("dirty talk", "dm me for a good time",
   worn underwear for sale, "tryna hook up tonight"): held in an adult
   public room, refused among teens; hooking up a printer is not.
"""

from __future__ import annotations

import pytest
from tests.support.safety import ADULT_DM, ADULT_PUBLIC, TEEN_DM, TEEN_PUBLIC, rules_check

from causerie.safety.scorer import ConversationScorer, Participant


@pytest.mark.parametrize(
    "text",
    [
        "these k3l!ngs everywhere in the food court, cant stand them",
        "kykes running the bank again, typical",
        "bunch of g00ks at the next table",
        "no fags no refugees in our section, simple",
        "the r3tard bus just pulled up lmao",
        "r3tards like that shouldnt be on the bus with normal people",
        "ces m@s1s1 de la chorale la, honte",
        "encore un sous homme qui vient mendier",
        "les anglofous la ne comprennent rien",
        "sales romanos, toujours à voler",
    ],
)
def test_group_slurs_are_refused(text: str) -> None:
    verdict = rules_check(text, ADULT_PUBLIC)
    assert verdict.decision == "block" and "hate" in verdict.reasons, (text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "les retards de la SNCF me rendent fou",
        "encore des retards sur la ligne 13 ce matin",
        "désolée pour mes retards cette semaine",
        "trop de retards en ce moment, je vais me plaindre",
        "no milk no sugar please",
        "the kelp forest doc was amazing",
    ],
)
def test_homographs_and_ordinary_words_are_delivered(text: str) -> None:
    assert rules_check(text, ADULT_PUBLIC).decision == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "if u tell the teacher it was me i'll batter u after school",
        "i swear ill burn both of u, nothing to lose",
        "refund me or i'll smash every prop u own, and u with them",
        "next person who reports our stream gets their car windows smashed",
        "if you snitch you won't make it to graduation in one piece",
        "ceux qui nous ont balancés, on les retrouvera, on oublie rien",
        "le prochain qui touche à mon scooter je te défonce",
        "tu vas me le payer cher, crois moi",
    ],
)
def test_threats_by_harm_or_outcome_are_held(text: str) -> None:
    verdict = rules_check(text, ADULT_DM)
    assert verdict.decision == "hold" and "threat" in verdict.reasons, (text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "hope u get home in one piece in that storm",
        "on a perdu les clés mais on les retrouvera",
        "les chatons se sont cachés, on les retrouvera demain",
        "my car got its windows smashed last night, insurance is a nightmare",
        "the next person who asks gets a free coffee",
        "le prochain qui arrive ferme la porte stp",
        "we're gonna batter them saturday lads, 4-0 easy",
        "my gran burns every pie she makes lol",
    ],
)
def test_stories_wishes_and_turns_are_not_threats(text: str) -> None:
    assert rules_check(text, ADULT_DM).decision == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "u dont have to tell ur mom about the shoot, she'd make it weird",
        "ur friends dont need to know, it's easier that way",
        "your parents don't need to know we talk",
        "t'es pas obligée de le dire à ta mère, on fera ça tranquille",
        "tes potes ont pas besoin de savoir qu'on se parle",
    ],
)
def test_secrecy_said_as_no_need_is_held_for_a_teen(text: str) -> None:
    verdict = rules_check(text, TEEN_DM)
    assert verdict.decision == "hold" and "grooming" in verdict.reasons, (text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "tell ur mom i'll drop u home after practice",
        "demande à ta mère si tu peux venir à l'anniv samedi",
        "your parents need to know the bus leaves at 7",
        "dont tell ur mum but i ate the last of the cereal 😭",
    ],
)
def test_telling_the_parents_is_not_secrecy(text: str) -> None:
    assert rules_check(text, TEEN_DM).decision == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "anyone up for some dirty talk tonight? bored af",
        "ladies dm me for a good time, i'm hung and discreet",
        "selling my worn panties, pics in dm",
        "selling my used gym leggings, dm me",
        "looking for a naughty chat partner, the dirtier the better",
        "who's tryna hook up tonight, my room has a lock",
        "qui est chaud pour une discussion coquine ce soir",
        "je vends mes culottes portées, mp",
    ],
)
def test_sexual_offers_are_held_in_public_and_refused_among_teens(text: str) -> None:
    public = rules_check(text, ADULT_PUBLIC)
    assert public.decision == "hold" and "sexual_content" in public.reasons, (text, public)
    assert rules_check(text, TEEN_PUBLIC).decision == "block", text


@pytest.mark.parametrize(
    "text",
    [
        "trying to hook up the printer to the wifi, any tips",
        "we had a good time at the market this morning",
        "j'ai mis des chaussettes sales dans la machine",
        "le string de ma fille est trop grand, je le rends",
    ],
)
def test_ordinary_words_near_sexual_offers_are_delivered(text: str) -> None:
    assert rules_check(text, TEEN_PUBLIC).decision == "allow", text


@pytest.mark.parametrize(
    ("masked", "word"),
    [("d*ck", "dick"), ("f*ck", "fuck"), ("p*rn", "porn"), ("n*des", "nudes"), ("sl*t", "slut"),
     ("wh*re", "whore"), ("b*tch", "bitch"), ("k*ll", "kill"), ("p*d*s", "pedes")],
)  # fmt: skip
def test_masked_words_stay_readable_as_the_lists_grow(masked: str, word: str) -> None:
    # A word added to any list can make a mask fit two words, and a mask
    # that fits two is left unread: "deck" beside "dick" unmasked "d*ck".
    from causerie.safety.normalise import normalise

    assert normalise(f"see my {masked} now").text.split()[2] == normalise(word).text.strip()


def _levels(messages: list[tuple[str, str]]) -> list[str]:
    scorer = ConversationScorer()
    state = scorer.start([Participant(p, declared_age=30, account_age_days=300.0) for p in "ab"])
    out = []
    for sender, text in messages:
        state, _ = scorer.add_message(state, sender, text)
        out.append(scorer.assess(state).level)
    return out


@pytest.mark.parametrize(
    "price",
    ["pay me in chipotle or it goes to the gc 😈", "buy me a burrito bowl or it goes to the gc 😈"],
)
def test_mock_blackmail_priced_in_food_is_no_case(rules_only: None, price: str) -> None:
    joke = [
        ("a", "i have a pic of u asleep on the bus w ur mouth wide open"),
        ("b", "delete it or else"),
        ("a", price),
        ("b", "blackmail?? in this economy??"),
    ]
    assert not {"medium", "high"} & set(_levels(joke))
    assert rules_check(price, ADULT_DM).decision == "allow"


def test_mock_blackmail_in_french_is_no_case(rules_only: None) -> None:
    joke = [
        ("a", "j'ai une photo compromettante de toi 😈"),
        ("a", "toi endormi dans le fauteuil, bouche ouverte, avec le chat sur la tête 😂"),
        ("a", "ça va te coûter cher: un resto et tu fais la nuit chez ta mère samedi"),
        ("a", "sinon elle part sur le groupe famille 😇"),
    ]
    assert not {"medium", "high"} & set(_levels(joke))


def test_the_same_photo_for_money_is_still_a_case(rules_only: None) -> None:
    demand = [
        ("a", "i have a pic of u from the call last night, the one without ur shirt"),
        ("a", "pay me 300 in gift cards or it goes to the gc and ur mom"),
    ]
    assert _levels(demand)[-1] in ("medium", "high")
    assert rules_check(demand[1][1], ADULT_DM).decision == "hold"
