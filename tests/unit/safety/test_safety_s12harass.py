"""Session 12 (s12harass): harassment aimed at a designated third person in
a room, dog-piling calls, disguised suicide incitement and coded hate are
refused; their look-alikes (self-mockery, friends, reports, kindness, news,
a sad teen, food and clouds) stay allowed. Wordings are our own."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import SenderContext, default_filter

TEEN_PUBLIC = SenderContext("teen", 2, 60.0, False)


def _check(text: str) -> tuple[str, list[str]]:
    verdict = default_filter(link_min_trust=1).check(text, TEEN_PUBLIC)
    return verdict.decision, verdict.reasons


@pytest.mark.parametrize(
    "text",
    [
        # 1. a third person mocked: body, rumour, ranking, poverty, family
        "la grosse de la 2nde4 elle a remis son legging on voit tout 🤮🐷",
        "le gros qui transpire au fond du bus regardez le 🐖",
        "elle schlingue grave la meuf de ma classe",
        "il a jamais vu un savon le nouveau",
        "ptdr tout le lycee sait qu'elle couche avec tout le monde",
        "sondage: qui est la plus moche de la classe ?",
        "ton daron il t'habille aux restos du coeur ou quoi",
        "son pere s'est barré a cause de lui c'est sur",
        "look at his new pfp lmao beached whale 🐋",
        "she's been passed around the whole team ngl",
        "rank the fattest boys in year 9, go",
        "the reason his parents split is him tbh",
        "that kid in my class never showers, smells like soup",
        # 2. dog-piling calls
        "tout le monde spammez ses commentaires jusqu'a ce qu'elle supprime son compte",
        "on a cree un groupe les anti-lucas, rejoignez",
        "everyone go flood his dms until he quits",
        "yall say something mean about chloe lol",
        "we made a gc just to roast her",
        "leak tonight, pics of her from the party 👀",
        # 3. disguised suicide incitement
        "tell him to cut deeper next time lol",
        "just go thru with it already",
        "go find the highest bridge in ur town",
        "k y s",
        "do everyone a favour and stop coming to school",
        "dis lui de couper plus profond la prochaine fois",
        "personne te regretterait si tu disparaissais",
        # 4. coded and masked hate
        "f*gs everywhere in this server lately",
        "y a trop de bougnoules au lycée",
        "romanians on here are all thieves, ban the lot",
        "les albanais ici c'est tous des voleurs",
        "trans people deserve what they get",
        "girls belong in the kitchen, make me a sandwich",
        "les meufs retournez a la cuisine",
        "blood and soil brothers 🌾",
        "the only good [x] is a dead one, you know who",
        "comme par hasard 👃 toujours les memes",
    ],
)
def test_aimed_harassment_and_coded_hate_are_refused(text: str) -> None:
    decision, reasons = _check(text)
    assert decision == "block", (text, reasons)
    assert {"harassment", "hate"} & set(reasons), (text, reasons)


@pytest.mark.parametrize(
    "text",
    [
        # self-mockery, friends, food, clouds, pets
        "mdr jsuis la grosse de la bande j'ai fini le gateau 🐷",
        "regardez ce nuage on dirait un cochon 🐷",
        "j'ai acheté des baskets lidl trop stylées",
        "mon chien pue de ouf il s'est roulé dans la boue",
        "my dog looks like a potato and i love him 🥔",
        "regardez la patate douce que j'ai cuisinée",
        # kindness and warnings
        "tout le monde mettez des coeurs sous le post de lina pour son anniv",
        "everyone say congrats in maya's comments",
        "that free robux thing everyone posts is a scam, his acc got stolen",
        "leak incoming 🍿 the new season trailer drops friday",
        # a teen feeling low, plans, news
        "i feel like nobody would notice if i just stopped showing up tbh",
        "personne remarquerait si je partais de ce groupe de toute facon",
        "i'm going to go through with it, the move to lyon is decided",
        "the tallest bridge in the world is in france",
        "the only good spider is a dead one lol",
        # reports and condemnation
        "someone wrote 'gays deserve what they get' in general, i reported it",
        "nobody deserves what they get for being gay",
        "i have to get back to the kitchen, the sauce is burning",
        "on a parlé de harcèlement en cours, une fille se faisait appeler la grosse de la classe",
        "my nose 👃 is so blocked, allergy season",
        "le club anti-gaspi de la cantine recrute",
    ],
)
def test_look_alikes_stay_allowed(text: str) -> None:
    decision, reasons = _check(text)
    assert decision == "allow", (text, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "im not racist but nigerians are all scammers, ban the lot",
        "not racist but gays deserve what they get",
        "je suis pas raciste mais les nigérians c'est tous des arnaqueurs, faut tous les bannir",
        "no offense but the gays here deserve what they get",
    ],
)
def test_the_disclaimer_that_opens_hate_is_no_denial(text: str) -> None:
    """ "Not racist but…" carries the word of a condemnation; it excused the
    rules' coded hate and the model's hate reading alike (session 12 review)."""
    for ctx in (TEEN_PUBLIC, SenderContext("adult", 2, 60.0, False)):
        assert default_filter().check(text, ctx).decision in ("hold", "block"), (text, ctx)
