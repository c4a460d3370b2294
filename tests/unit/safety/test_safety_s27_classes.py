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
3. Secrecy from a teen's people said as "no need to know" ("ur friends
   dont need to know", "tes potes ont pas besoin de le savoir"); asking a
   teen to tell their parents is not, nor "your parents need to know" (it
   was read as a secret until this session), nor "you don't have to tell
   your coach, the doctor sent a note" (review s27).
5. A friend's mock blackmail priced in food or a treat ("pay me in
   chipotle or it goes to the gc 😈", "ça va te coûter un resto"): no case
   for the conversation; the same photo for money still is one.
6. A minor's age said of "elle" (the canonical text spells it "ele") and
   before a word starting with "m" ("elle a 15 mais…" was read as metres),
   and a minor's age range followed by a comma; with a liking for the young
   offered to those who seek it ("ceux qui aiment les jeunes 13-15, mp").
4. Sexual offers the lists lacked ("dirty talk", "dm me for a good time",
   worn underwear for sale, "tryna hook up tonight"): held in an adult
   public room, refused among teens; hooking up a printer is not.
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


@pytest.mark.parametrize(
    "text",
    [
        "these k3l!ngs everywhere in the food court, cant stand them",
        "kykes running the bank again, typical",
        "bunch of g00ks at the next table",
        "no fags no refugees in our section, simple",
        "the r3tard table is so loud lmao",
        "r3tards like that shouldnt be on the bus with normal people",
        "ces m@s1s1 de la chorale la, honte",
        "encore un sous homme qui vient mendier",
        "les anglofous la ne comprennent rien",
        "sales romanos, toujours à voler",
        "bande de bicots",
        "curry-munchers took over the whole street",
        "zipper heads at the next table",
        "encore un niakwé qui double tout le monde",
        "que des trizos dans cette classe",
        "those beaners again",
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
        "my knee grows stiffer every winter",
        "getting the train to Troon for the golf on saturday",
        "he threw a beaner right at my head in the 6th inning",
        "happy 90th to my grandpa Hymie 🎉",
        "reprise des combats à Masisi, dans le Nord-Kivu",
        "caught the wog from the kids, off work today",
        "beach day at Tanjung Keling, water was perfect",
        "no refugees or migrants were on board, coastguard says",
        "the coons got into the trash again, raccoons are relentless",
        "on a vu des ratons laveurs au zoo",
        "merci à vous les abos, 10k ce soir !!",
        "retard bus 42, j'arrive dans 10 min",
    ],
)
def test_homographs_and_ordinary_words_are_delivered(text: str) -> None:
    assert rules_check(text, ADULT_PUBLIC).decision == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "if u tell the teacher it was me i'll batter u after school",
        "i swear ill torch both of u, nothing to lose",
        "ima merk ur whole family",
        "vous me le paierez tous",
        "tu rentreras pas chez toi en un seul morceau",
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
        "if the fever goes up again i'll rush you to A&E, ok?",
        "dead battery? i'll jump u at the station in 10 min, got cables",
        "made too much chutney, i'll bottle u a jar",
        "loved the mixtape? i'll burn both of you a copy",
        "i'll finish you two by 5, the salon closes at 6",
        "les sangliers ont filé dans le bois, on les retrouvera tôt ou tard",
        "nos photos de classe, on les retrouvera même dans 10 ans sur le cloud",
    ],
)
def test_stories_wishes_and_turns_are_not_threats(text: str) -> None:
    assert rules_check(text, ADULT_DM).decision == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "ur friends dont need to know, it's easier that way",
        "your parents don't need to know we talk",
        "ur roommates dont need to know, just come after 11",
        "tes potes ont pas besoin de le savoir, ok ?",
        "you dont have to tell anyone about our chats",
        "what ur parents dont know wont hurt them",
        "keep it from ur mom ok",
        "t'as pas à le dire à tes parents",
        "ta mère a pas à le savoir",
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
        "you don't have to tell your coach you're sick, the doctor sent a note",
        "t'es pas obligée de le dire à ta mère, c'est moi qui l'appelle ce soir",
        "ta mère n'a pas besoin de l'apprendre par cœur, le code est sur la feuille",
        "you don't have to tell your parents anything, the school emailed them the grades",
        "ta mère a pas à savoir nager pour venir à la sortie",
    ],
)
def test_telling_the_parents_is_not_secrecy(text: str) -> None:
    assert rules_check(text, TEEN_DM).decision == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "anyone up for some dirty talk tonight? bored af",
        "dm me for a good time ladies, im hung and discreet",
        "selling my worn panties, pics in dm",
        "selling my used socks, dm for pics",
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
        "dm me for a good time to call, i'm free after 3",
        "im so hung over from the party lol never again",
        "selling used school tights age 9-10, vinted link in bio",
        "selling my worn thongs size 9, the beach kind",
        "take it all off the heat once it boils",
        "no dirty talk at practice or coach will bench u",
        "mon chat coquin a encore volé du jambon",
        "j'ai mis les culottes portées au sale, la machine tourne",
        "cette année je suis bien monté en grade, enfin chef d'équipe",
        "trying to hook up with someone from IT to fix my laptop",
    ],
)
def test_ordinary_words_near_sexual_offers_are_delivered(text: str) -> None:
    assert rules_check(text, TEEN_PUBLIC).decision == "allow", text


@pytest.mark.parametrize(
    ("masked", "word"),
    [("d*ck", "dick"), ("f*ck", "fuck"), ("p*rn", "porn"), ("n*des", "nudes"), ("sl*t", "slut"),
     ("wh*re", "whore"), ("b*tch", "bitch"), ("k*ll", "kill"), ("p*d*s", "pedes"),
     ("n*****s", "niggers"), ("f*ggots", "faggots"), ("n*gre", "negre")],
)  # fmt: skip
def test_masked_words_stay_readable_as_the_lists_grow(masked: str, word: str) -> None:
    # A word added to any list can make a mask fit two words, and a mask
    # that fits two is left unread ("deck" beside "dick" unmasked "d*ck") or
    # read as the other slur ("niakwes" took "n*****s" first, alphabetically).
    from causerie.safety.normalise import normalise

    assert normalise(f"see my {masked} now").text.split()[2] == normalise(word).text.strip()


@pytest.mark.parametrize(
    "price",
    [
        "pay me in chipotle or it goes to the gc 😈",
        "buy me a burrito bowl or it goes to the gc 😈",
        "u owe me a frappuccino or it goes to the gc lol",
    ],
)
def test_mock_blackmail_priced_in_food_is_no_case(rules_only: None, price: str) -> None:
    joke = [
        ("a", "i have a pic of u asleep on the bus w ur mouth wide open"),
        ("b", "delete it or else"),
        ("a", price),
        ("b", "blackmail?? in this economy??"),
    ]
    assert not {"medium", "high"} & set(conversation_levels(joke))
    assert rules_check(price, ADULT_DM).decision == "allow"


def test_mock_blackmail_in_french_is_no_case(rules_only: None) -> None:
    joke = [
        ("a", "j'ai une photo compromettante de toi 😈"),
        ("a", "toi endormi dans le fauteuil, bouche ouverte, avec le chat sur la tête 😂"),
        ("a", "ça va te coûter cher: un resto et tu fais la nuit chez ta mère samedi"),
        ("a", "sinon elle part sur le groupe famille 😇"),
    ]
    assert not {"medium", "high"} & set(conversation_levels(joke))


@pytest.mark.parametrize(
    "text",
    [
        "buy me dinner or ur nudes go to the whole school",
        "tu me paies un resto ou tes nudes partent sur le groupe de la classe",
    ],
)
def test_a_treat_beside_nudes_is_still_blackmail(text: str) -> None:
    # Review s27: the mock price vetoed the reading of a real blackmail.
    verdict = rules_check(text, ADULT_DM)
    assert verdict.decision == "hold" and "sextortion" in verdict.reasons, (text, verdict)


def test_the_same_photo_for_money_is_still_a_case(rules_only: None) -> None:
    demand = [
        ("a", "i have a pic of u from the call last night, the one without ur shirt"),
        ("a", "pay me 300 in gift cards or it goes to the gc and ur mom"),
    ]
    assert conversation_levels(demand)[-1] in ("medium", "high")
    assert rules_check(demand[1][1], ADULT_DM).decision == "hold"


def test_a_home_care_handover_is_care_for_whoever_says_it(rules_only: None) -> None:
    handover = [
        ("a", "je te passe la relève chez Mme T samedi, le cahier de liaison est à jour"),
        ("a", "elle prend son traitement à 20h30, à 21h30 elle dort à poings fermés"),
        ("a", "tu te gares au bout de la rue, le fils veut pas qu'on se mette dans la cour"),
        ("a", "pas de parfum elle fait de l'asthme, et tu pars pas avant que sa fille arrive"),
    ]
    assert not {"medium", "high"} & set(conversation_levels(handover, age=45, account_days=400.0))


def test_an_offer_of_a_sleeping_woman_is_no_care_when_the_words_are_the_victims(
    rules_only: None,
) -> None:
    # "alzheimer", "elle se souvient de rien" are not care words: they are
    # the victim of a carer who offers her.
    offer = [
        ("a", "je garde une dame alzheimer la nuit, elle se souvient de rien le matin"),
        ("a", "si un homme veut passer la voir quand elle dort, gare toi loin et pars avant 6h"),
    ]
    assert conversation_levels(offer, age=45, account_days=400.0)[-1] in ("medium", "high")


@pytest.mark.parametrize(
    "text",
    [
        "la petite de l'annonce, si elle a 15 c'est encore mieux pour moi",
        "elle a 15 mais elle en fait 18 👀",
        'salon pr ceux qui aiment les "jeunes" 13-15, mp pour le groupe',
        "for guys into young ones 14-16, dm",
    ],
)
def test_a_minors_age_said_of_someone_and_leered_at_is_refused(text: str) -> None:
    verdict = rules_check(text, ADULT_DM)
    assert verdict.decision == "block" and "minor_sexualisation" in verdict.reasons, (text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "elle a 15 min de retard, encore mieux j'ai le temps 😈",
        "she is 15 mins away lol 😈",
        "le match a fini 13-15, belle remontée",
        "j'entraîne les jeunes 13-15 le mercredi",
        "on aime les jeunes 13-15 de notre club, fiers d'eux",
        "les ados 13-15 adorent les jeux de société",
    ],
)
def test_minutes_scores_and_coaches_name_no_minor_leered_at(text: str) -> None:
    assert rules_check(text, ADULT_DM).decision == "allow", text
