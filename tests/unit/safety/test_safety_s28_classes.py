"""Session 28: classes read on the session-27 authors (em..er) once they
became training text (eval/README.md). Our own wordings; the rules alone,
so that a retrain cannot hide a broken rule (docs/safety.md, "Session 28
classes").

1. Peoples named by their origin beyond the first lists ("kenyans =
   thieves", "les guinéens c'est tous des voleurs"), the majority's own
   left out; "arrêtez" alone no longer denies hate ("arrêtez de nous les
   imposer").
2. Banter read as an insult: the loser of a bet ("loser buys the wings"),
   a put-down signed off by the group's affection ("c pour ça qu'on
   t'aime"); "the ovens" alone is no dog whistle ("clean the ovens").
3. Numbers that label things are no ages ("postes 12 et 14", "chambres
   14-15"), nor a year after a thing ("ours is from 2015").
4. A teen's outfit asked for in private and kept or leered at is a photo of
   them; friends matching outfits for a party are not.
5. Recruitment said with a habit word before her medicine ("elle prend
   toujours un somnifère"), "avec ses pilules", "a s'en rendra même pas
   compte", "zonked on her pills", "if you get what i mean", "t'es game".
6. Sextortion: the reader's photos said to go round with an answer
   demanded ("réponds sinon tes photos circulent"), put on the group,
   posted "before I post what I have".
"""

from __future__ import annotations

import pytest
from tests.support.safety import ADULT_DM, ADULT_PUBLIC, TEEN_DM, TEEN_PUBLIC, rules_check

from causerie.safety.checks import group_hate
from causerie.safety.pipeline import scan


@pytest.mark.parametrize(
    "text",
    [
        "ugandans = scammers, never lend them a cent",
        "les guinéens c'est tous des voleurs",
        "les vietnamiens sont tous des voleurs de scooters",
        "les tamouls c tous des escrocs",
        "cameroonians are all liars, every single one",
        "les gens du voyage c'est tous des voleurs, faut les virer",
    ],
)
def test_peoples_named_by_origin_are_refused_as_hate(text: str) -> None:
    verdict = rules_check(text, ADULT_PUBLIC)
    assert verdict.decision == "block" and "hate" in verdict.reasons, (text, verdict)


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("arrêtez avec vos clichés sur les roms, c'est raciste", True),
        ("arrêtez de dire que les roms volent", True),
        ("les 'femmes trans' = des mecs déguisés, arrêtez de nous les imposer", False),
    ],
)
def test_arretez_alone_does_not_deny_hate(text: str, denied: bool) -> None:
    assert group_hate.hate_denied(scan(text)) is denied, text


@pytest.mark.parametrize(
    "text",
    [
        "the kenyans won the marathon again, unreal",
        "j'adore les libanais, leur bouffe est dingue",
        "cameroonians are all so welcoming, loved my trip",
        "arrêtez avec vos clichés sur les roms, c'est raciste",
        "les bretons et leur beurre salé sur tout mdr",
    ],
)
def test_peoples_named_without_a_vice_are_delivered(text: str) -> None:
    assert rules_check(text, ADULT_PUBLIC).decision == "allow", text


@pytest.mark.parametrize(
    ("text", "ctx"),
    [
        ("gonna destroy you at fifa later, loser pays for the pizza", ADULT_PUBLIC),
        ("pronos entre nous ce we, le perdant paye les kebabs", TEEN_PUBLIC),
        ("t'es la plus grosse bavarde du groupe et c pour ça qu'on t'aime", TEEN_PUBLIC),
        ("ur such an idiot lol that's why we love you", TEEN_PUBLIC),
        ("my boss made me stay late to clean the ovens, is that legal at 16?", TEEN_PUBLIC),
        ("put the tray back in the oven for ten more minutes", ADULT_PUBLIC),
    ],
)
def test_banter_and_kitchens_are_delivered(text: str, ctx: object) -> None:
    assert rules_check(text, ctx).decision == "allow", text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "decision", "reason"),
    [
        ("t'es qu'une grosse pute, on t'aime", "block", "harassment"),
        ("send the lot of them back in the ovens", "block", "hate"),
        ("they all belong in the ovens", "block", "hate"),
    ],
)
def test_their_abusive_twins_are_still_refused(text: str, decision: str, reason: str) -> None:
    verdict = rules_check(text, ADULT_PUBLIC)
    assert verdict.decision == decision and reason in verdict.reasons, (text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "il reste les postes 12 et 14 pour la battue, envoyez vos noms en mp",
        "tables 14-16 encore libres pour le repas du club, qui veut ? mp",
        "anyone got the consent form template? ours is from 2015 and never mentions photos",
        "qui a le règlement ? le nôtre date de 2015, y a rien sur les photos",
    ],
)
def test_numbers_that_label_things_are_no_ages(text: str) -> None:
    assert rules_check(text, ADULT_PUBLIC).decision == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "des filles de 13-14 ans ici ? mp",
        "ya des meufs de 14-15 ici ? mp moi",
        "y a des filles de 2012 ici ?",
    ],
)
def test_minors_sought_by_age_are_still_refused(text: str) -> None:
    verdict = rules_check(text, ADULT_PUBLIC)
    assert verdict.decision == "block" and "minor_sexualisation" in verdict.reasons, (
        text,
        verdict,
    )


@pytest.mark.parametrize(
    "text",
    [
        "send me a pic of what ur wearing tmrw, just curious 😉",
        "envoie moi une photo de ta tenue pour la messe, juste pour moi",
        "send a pic in ur uniform after practice, i won't show anyone",
        "envoie une photo de ce que tu portes ce soir 😏",
    ],
)
def test_a_teens_outfit_kept_or_leered_at_is_held(text: str) -> None:
    verdict = rules_check(text, TEEN_DM)
    assert verdict.decision == "hold" and "grooming" in verdict.reasons, (text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "envoie une photo de ta tenue pour ce soir, j'hésite entre deux robes",
        "send me a pic of ur outfit for prom so we don't match lol",
        "tu m'envoies une photo de ta robe pour le bal ? jveux pas la même",
    ],
)
def test_friends_matching_outfits_are_delivered(text: str) -> None:
    assert rules_check(text, TEEN_DM).decision == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "ma copine prend toujours un somnifère le soir, on pourrait s'amuser, t'es chaud ?",
        "elle dort comme une pierre avec ses comprimés, passe à 1h, elle s'en rendra pas compte",
        "ma blonde dort dur, viens au chalet samedi, a s'en rendra même pas compte, t'es game ?",
        "my flatmate's always zonked on her meds by 11, door on the latch, if you catch my drift",
        "she's dead to the world on her pills by ten, you down for it?",
    ],
)
def test_recruitment_said_as_habit_or_hint_is_held(text: str) -> None:
    verdict = rules_check(text, ADULT_DM)
    assert verdict.decision == "hold" and "recruitment" in verdict.reasons, (text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "ma femme prend toujours un somnifère, elle se lève à 5h, passe pas tard pour le match",
        "she's always zonked on her meds by ten, poor thing, the surgery took it out of her",
        "t'es game pour le padel dimanche ?",
    ],
)
def test_care_and_ordinary_plans_are_delivered(text: str) -> None:
    assert rules_check(text, ADULT_DM).decision == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "@marco_77 réponds à mes mp sinon tes photos circulent",
        "réponds vite avant que je poste ce que j'ai de toi",
        "answer me or ur pics go round the whole office",
        "reply before i post what i have on you",
    ],
)
def test_photos_said_to_go_round_for_an_answer_are_sextortion(text: str) -> None:
    verdict = rules_check(text, ADULT_PUBLIC)
    assert verdict.decision == "hold" and "sextortion" in verdict.reasons, (text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "tes photos de vacances sont trop belles, elles circulent dans toute la famille",
        "réponds quand tu peux, tes photos du mariage sont arrivées",
    ],
)
def test_photos_shared_happily_are_delivered(text: str) -> None:
    assert rules_check(text, ADULT_PUBLIC).decision == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "rends la caisse propre sinon je passe à l'atelier et je vous éclate tous les deux",
        "vous m'avez arnaqué, je vais vous retrouver un par un",
        "le prochain qui touche à mon scoot jlui crève ses pneus",
        "si vous revenez sur notre secteur on brûle vos scoots",
    ],
)
def test_threats_to_several_or_to_their_things_are_held(text: str) -> None:
    verdict = rules_check(text, ADULT_DM)
    assert verdict.decision == "hold" and "threat" in verdict.reasons, (text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "je vous éclate tous à fifa ce soir mdr",
        "si vous revenez dimanche on vous fait un gâteau",
        "si tu m'abandonnes encore en ranked jte crame ta maison sur minecraft ptdr",
        "arrêtez de traiter les gens de 'pd' pour rigoler, c'est pas drôle",
    ],
)
def test_games_invitations_and_condemnations_are_delivered(text: str) -> None:
    assert rules_check(text, TEEN_PUBLIC).decision == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "j'ai crevé en vélo ce matin, 40 min à pied",
        "il m'a crevé mes pneus ce con, je porte plainte",
    ],
)
def test_a_tyre_punctured_is_no_push_to_die(text: str) -> None:
    assert rules_check(text, TEEN_PUBLIC).decision == "allow", text


def test_crever_said_to_someone_is_still_refused() -> None:
    verdict = rules_check("va crever", TEEN_PUBLIC)
    assert verdict.decision == "block" and "harassment" in verdict.reasons


# Review s28 (a helper's probes against the first version of these classes).


@pytest.mark.parametrize(
    "text",
    [
        "shove the lot of them in the ovens",
        "into the ovens with the jews",
        "fire up the ovens, we know who's first",
        "gas them all and straight to the ovens",
    ],
)
def test_the_oven_whistle_is_still_refused(text: str) -> None:
    verdict = rules_check(text, ADULT_PUBLIC)
    assert verdict.decision == "block" and "hate" in verdict.reasons, (text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "put the trays back in the ovens for 5 more min",
        "once the pizzas are topped send them to the ovens",
        "potatoes done? shove them in the oven for 20 min",
        "the ovens at the bakery broke again, no bread today",
    ],
)
def test_a_kitchens_ovens_are_delivered(text: str) -> None:
    assert rules_check(text, ADULT_PUBLIC).decision == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "sale chienne, loser pays",
        "ferme ta gueule sale chienne, le dernier paye",
        "ta gueule sale pute, le perdant offre les kebabs",
    ],
)
def test_a_wager_excuses_no_other_insult(text: str) -> None:
    verdict = rules_check(text, TEEN_PUBLIC)
    assert verdict.decision == "block" and "harassment" in verdict.reasons, (text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "envoie une photo de ta tenue pour le mariage, entre nous la robe verte était mieux",
        "send a pic of ur uniform, is it modest enough for the new dress code?",
    ],
)
def test_friends_words_about_an_outfit_are_no_secret(text: str) -> None:
    assert rules_check(text, TEEN_DM).decision == "allow", text


@pytest.mark.parametrize(
    "text",
    [
        "reply before i post the pics from the wedding, need your ok first",
        "réponds avant que je poste les photos du mariage, tu veux être floutée ?",
        "nothing wakes her lol, the baby slept through the fireworks, u game for a walk tmrw?",
        "not all lebanese are crooks, stop generalising",
        "g crevé deux fois cette semaine, faut que je change de pneus",
        "couchettes 14-15 libres dans le train de nuit, qui veut ? mp",
    ],
)
def test_reviews_false_alarms_are_delivered(text: str) -> None:
    assert rules_check(text, ADULT_DM).decision == "allow", text


@pytest.mark.parametrize("text", ["qqn de 2012 ici ? mp 😏", "ya des go de 2012 ici ? mp"])
def test_someone_born_recently_sought_is_refused(text: str) -> None:
    verdict = rules_check(text, ADULT_PUBLIC)
    assert verdict.decision == "block" and "minor_sexualisation" in verdict.reasons, (text, verdict)
