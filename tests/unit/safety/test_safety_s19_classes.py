"""Session 19: classes the seven session-18 authors (bz..cf, moved to the
training split after their last measure) showed the rules missing. The
wordings here are our own.

1. Stalking by an ex or a controlling partner (``checks/stalking``): a
   night outside her home, a tracker, her keys copied, "I'm not leaving
   until", "who was the guy", her location demanded.
2. Doxxing by a crowd: someone sought by the one she fled, with a grievance
   or a reward; a crowd asked to report where she goes.
3. Recruitment in everyday words ("proper gone", "lights out", "as long as
   she won't be awake", "want to go 2nd or 3rd"), and recordings of
   someone asleep traded.
4. A sedative sought for a date "too uptight"; a product that makes a girl
   "coopérative".
5. Hate: a vice said to be innate in a group, a group sworn at, "typical X
   move", a group swarming and sent out.
6. Harassment: what someone "has always been", death wished on someone
   named, a degrading insult with a member's @handle.
7. Teens called by their age with a private ask or a lure; a teen's school
   asked so as to drive past it; secrecy about the sender.
8. Swatting promised; weapons asked to a fight.
9. Sextortion in fragments: the file, the replay, "tu paies pas je publie",
   "pour que ta copine voie jamais", "je commence par ton cousin".
10. A minor named by age or school year and leered at (``minors.leered_at``).
"""

from __future__ import annotations

import pytest
from tests.support.safety import ADULT_DM, ADULT_PUBLIC, TEEN_DM, TEEN_PUBLIC, rules_verdict

from causerie.safety.verdict import SenderContext


# 1. Stalking.
@pytest.mark.parametrize(
    "text",
    [
        "j'ai attendu toute la nuit devant chez toi, t'as éteint à 1h30",
        "je suis posté en bas de chez ta soeur, je bouge pas tant que tu sors pas",
        "j'ai caché un airtag sous ta voiture, comme ça je sais où tu vas",
        "pourquoi t'as désactivé ta localisation ? t'étais avec qui ?",
        "I waited all night outside your flat. your bedroom light was on till 3",
        "i'm sitting outside your work. i'm not leaving until you come out",
        "I had a copy made of your keys, nice to see you redid the kitchen",
        "I put a tracker in your handbag so I always know where you are",
        "saw you leaving the pub with him. who was the guy",
        "why did you switch your location off? don't make me come round",
    ],
)
def test_someone_watched_and_followed_is_a_threat(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold"
    assert "threat" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "je suis en bas de chez toi, descends on va être en retard",
        "je t'ai vue au marché ce matin, t'avais l'air en forme !",
        "I'm outside your place, the uber's here, come down",
        "saw you at the pool this morning, your backstroke is amazing",
        "I let myself in with the spare key, the dog's been walked",
        "turn your location on when you leave so i know you got home ok ❤️",
        "j'ai mis un airtag dans la valise de mon fils pour le voyage",
    ],
)
def test_a_friend_outside_a_sighting_or_a_parents_tracker_is_allowed(text: str) -> None:
    decision, _ = rules_verdict(text, ADULT_DM)
    assert decision == "allow"


# 2. Doxxing by a crowd.
@pytest.mark.parametrize(
    "text",
    [
        "Je recherche Karine Dubois, 38 ans, partie avec mes enfants, elle bosse à Lidl"
        " vers Poitiers. Toute info récompensée",
        "quelqu'un sait où habite maintenant Chloé Garnier ? elle m'a bloqué partout",
        "looking for Megan Walsh, she ran off with my kids, works in a pharmacy near Leeds, reward",
        "lads, message me every time you see her car outside the gym",
        "on a monté un groupe whatsapp pour la surveiller, postez quand vous la voyez",
    ],
)
def test_someone_sought_by_a_crowd_is_doxxing(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "hold"
    assert "doxxing" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "Avis de recherche : Tom, 14 ans, disparu depuis samedi à Lille, appelez la police",
        "looking for my old friend Sarah Kent from uni, we lost touch, anyone know her?",
        "does anyone know where the Saturday market moved to?",
        "chien perdu, labrador noir, vu près du parc, toute info bienvenue",
    ],
)
def test_police_appeals_lost_friends_and_pets_are_allowed(text: str) -> None:
    decision, _ = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow"


# 3. Recruitment in everyday words.
@pytest.mark.parametrize(
    "text",
    [
        "she's lights out by 11, text me when you're round the corner",
        "wife's properly gone after the wine, come now, back door's open",
        "any age is fine as long as she won't be awake. you'd have till 4",
        "want to go first or second? she'll be out the whole night",
        "swapping sleep vids of the missus, real only, dm what you've got",
    ],
)
def test_recruitment_in_everyday_words_is_held(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold"
    assert "recruitment" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "the baby's out like a light, come over for a cuppa",
        "she's lights out by 10 every night since the new job, so boring",
        "which room is the party in? is the back door open?",
        "nan's had her tablet, she'll sleep till 7, you can sit with me downstairs",
    ],
)
def test_a_sleeping_baby_an_early_night_or_a_party_is_allowed(text: str) -> None:
    decision, _ = rules_verdict(text, ADULT_DM)
    assert decision == "allow"


# 4. A sedative sought for someone else.
@pytest.mark.parametrize(
    "text",
    [
        "qqun a du G pour samedi ? pas pour moi, pour une meuf trop coincée",
        "vous connaissez un truc qui rend une meuf moins farouche ? 😏",
        "anyone got something to loosen up my tinder date? she's way too uptight",
    ],
)
def test_a_sedative_sought_for_a_date_is_recruitment(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "hold"
    assert "recruitment" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "qqun a du doliprane ? c'est pour ma copine, migraine",
        "anyone got something to relax my dog during fireworks? he's so anxious",
    ],
)
def test_medicine_for_a_friend_or_a_pet_is_allowed(text: str) -> None:
    decision, _ = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow"


# 5. Hate.
@pytest.mark.parametrize(
    "text",
    [
        "les gitans ça vole, c'est dans leur sang",
        "y a que les arabes pour arnaquer comme ça",
        "it's in their blood, muslims are violent, always have been",
        "fucking immigrants everywhere, can't walk the dog in peace",
        "typical jew trick, always about money",
        "ces sales juifs contrôlent tout",
    ],
)
def test_a_group_attacked_without_a_slur_is_hate(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "block"
    assert "hate" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "les juifs, c'est dans leur culture de fêter pessah en famille",
        "it's in their genes, both my kids are tall",
        "bloody pigeons everywhere on the balcony",
        "the muslims on my street ran a food bank for everyone",
    ],
)
def test_traditions_genes_and_pigeons_are_not_hate(text: str) -> None:
    decision, _ = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow"


# 6. Harassment.
@pytest.mark.parametrize(
    "text",
    [
        "you've always been a worthless bitch",
        "t'es devenue une vraie salope depuis ton divorce",
        "he'd be better off dead, tell him that from me",
        "slut. that's all. @rosie_plays",
    ],
)
def test_what_someone_has_always_been_and_death_wished_are_harassment(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "block"
    assert "harassment" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "you've always been the best sister",
        "t'as toujours été une super copine",
        "@rosie she called me a slut in dm, what should i do",
        "write to lena.slut@example.com is not a real address lol",
    ],
)
def test_praise_and_a_reported_insult_are_not_harassment(text: str) -> None:
    decision, _ = rules_verdict(text, ADULT_DM)
    assert decision == "allow"


# 7. Teens called by their age, a school asked to drive past, secrecy.
@pytest.mark.parametrize(
    "text",
    [
        "je suis photographe et je cherche des filles de 16-17 ans pour un projet, écrivez-moi",
        "any 15 yo girls bored tonight? im 21 and i got a car, dm me",
        "if ur 15-17 and want easy money hmu, no questions",
        "écrivez-moi en privé avec votre âge, je suis organisateur, accès backstage",
        "c'est quoi ton collège ? je pourrais passer devant un jour",
        "don't tell anyone about me, not even your friends ok",
    ],
)
def test_a_teen_lured_by_age_or_asked_for_secrecy_is_a_grooming_move(text: str) -> None:
    decision, reasons = rules_verdict(
        text, TEEN_DM if "ton" in text or "tell" in text else TEEN_PUBLIC
    )
    # Held as a grooming move, or refused when another rule also reads a
    # minor sexualised ("any 15 yo girls bored tonight").
    assert decision in {"hold", "block"}
    assert "grooming" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "le club de volley recrute des filles de 15-16 ans, entraînement le jeudi,"
        " inscriptions au secrétariat",
        "any 16 yo wanna join our valorant squad? need one more",
        "qui veut venir au bowling samedi ? on est 5 de la 1ère C",
    ],
)
def test_a_club_a_game_squad_or_classmates_are_allowed(text: str) -> None:
    decision, _ = rules_verdict(text, TEEN_PUBLIC)
    assert decision == "allow"


# 8. Swatting, weapons to a fight.
@pytest.mark.parametrize(
    "text",
    [
        "cute apartment. shame if an armed police team kicked in the door tonight",
        "the swat team will be at your door before your stream ends",
        "ce soir derrière le stade, ramenez vos lames parce que nous on aura les nôtres",
    ],
)
def test_swatting_promised_and_weapons_to_a_fight_are_threats(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "hold"
    assert "threat" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "the cops came to my neighbour's party last night lol",
        "ramenez vos couteaux et vos planches pour l'atelier du samedi",
    ],
)
def test_a_neighbours_party_or_a_cooking_class_is_allowed(text: str) -> None:
    decision, _ = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow"


# 9. Sextortion in fragments.
@pytest.mark.parametrize(
    "text",
    [
        "tu paies pas, je diffuse. tu paies, j'efface. simple",
        "j'ai encore tout. tu m'envoies 40€ en paysafe et personne saura",
        "je commence par ta soeur si t'as pas répondu à 21h, le fichier est prêt",
        "virement de 200 ce soir pour que ta femme voie jamais le replay",
        "one message to your boss and you're done. 300 in bitcoin and it disappears",
        "if you want it deleted you'll have to earn it. the file is still here",
    ],
)
def test_blackmail_in_fragments_is_sextortion(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold"
    assert "sextortion" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "tu peux enlever de ta story la photo où je dors ? 😭",
        "fais des captures de tout avant de le bloquer, et signale-le",
        "je t'envoie l'extrait du film de l'atelier théâtre",
    ],
)
def test_a_story_photo_advice_to_a_victim_or_a_clip_is_allowed(text: str) -> None:
    decision, _ = rules_verdict(text, TEEN_DM)
    assert decision == "allow"


# 10. A minor named by age or school year and leered at.
@pytest.mark.parametrize(
    "text",
    [
        "ma voisine a 15 ans et franchement elle fait 18 ans 👀",
        "les 4e du collège d'à côté 🤤",
        "year 10 girls at the bus stop are proper fit",
        "my stepdaughter is 14 and she's sexy already, want pics?",
        "une ado de 16 ans trop bonne, je me la ferais",
    ],
)
def test_a_minor_named_and_leered_at_is_refused(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "block"
    assert "minor_sexualisation" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "moi j'ai 16 ans 🤤 vivement la pizza",
        "ma fille de 15 ans est trop bonne en anglais",
        "trop bonne la crêperie à côté du collège 🤤",
        "he wrote 'she's 15 but looks 18' so i reported him",
    ],
)
def test_ones_own_age_a_school_subject_or_a_report_is_not_a_leer(text: str) -> None:
    decision, _ = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow"


# From a black-box review of the classes above (458 cases of its own, kept
# outside the repository), in our own words.
# 11. Stalking said as plain fact, a tracker hidden, a location demanded.
@pytest.mark.parametrize(
    "text",
    [
        "comment cacher un traceur dans la voiture de ma copine sans qu'elle le trouve ?",
        "any app to see my wife's location without her knowing? she's been lying",
        "j'ai toujours un double de tes clés, change la serrure si tu veux",
        "watched you through your bedroom window last night. nice pyjamas",
        "partage moi ta position maintenant ou je viens voir moi-même",
        "your find my went off at 10:02. turn it back on",
    ],
)
def test_a_tracker_hidden_a_window_watched_or_a_location_demanded_is_a_threat(
    text: str,
) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold"
    assert "threat" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "j'ai dormi dans ma voiture devant l'hôpital, ma femme accouchait",
        "le serrurier m'a fait un double de mes clés en 5 minutes",
        "send me your live location when you leave the party so i can pick you up",
    ],
)
def test_a_night_at_the_maternity_a_locksmith_or_a_lift_home_is_allowed(text: str) -> None:
    decision, _ = rules_verdict(text, ADULT_DM)
    assert decision == "allow"


# 12. Doxxing by a crowd, more wordings.
@pytest.mark.parametrize(
    "text",
    [
        "500€ à qui me donne l'adresse de Manon Petit, elle s'est barrée avec ma fille",
        "dans quel foyer ils ont mis ma femme ? c'est mes enfants aussi",
        "anyone know where my ex works now? tell me where she parks, there's money in it",
        "need eyes in Lyon, dm me any sighting of the girl in my pic",
    ],
)
def test_a_crowd_asked_to_find_someone_is_doxxing(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "hold"
    assert "doxxing" in reasons


# 13. A sedative sought for a date, recordings of her asleep traded.
@pytest.mark.parametrize(
    "text",
    [
        "qqn a un truc pour endormir une fille ? c'est pour mon rencard",
        "combien de gouttes de lexomil pour qu'une fille dorme, j'ai un date",
        "un produit inodore pour une meuf ce soir ? vous voyez l'idée",
        "which drops can i put in a drink so she can't taste it? first date friday",
        "you still got those pills? got a girl coming round tonight",
        "swapping vids of my wife sleeping, send me yours",
    ],
)
def test_a_sedative_for_a_date_or_sleep_videos_traded_is_recruitment(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "hold"
    assert "recruitment" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "we swap his shampoo for mayo 😂 he'll never know",
        "qqn a des gouttes pour les yeux ? j'ai un date ce soir et j'ai les yeux rouges",
    ],
)
def test_a_prank_or_eye_drops_are_allowed(text: str) -> None:
    decision, _ = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow"


# 14. Death wished, weapons to a fight, a bomb reported to an address.
@pytest.mark.parametrize(
    ("text", "decision", "reason"),
    [
        ("i hope Kevin from accounts gets cancer", "block", "harassment"),
        ("qui ramène une batte pour la baston de samedi ?", "hold", "threat"),
        ("who's got a knife for the fight tomorrow, we settling it", "hold", "threat"),
        ("gonna call in a bomb threat to your house, see how you like it", "hold", "threat"),
    ],
)
def test_death_wished_weapons_to_a_fight_and_a_bomb_reported(
    text: str, decision: str, reason: str
) -> None:
    got, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert got == decision
    assert reason in reasons


@pytest.mark.parametrize(
    "text",
    [
        "i hope the villain dies in the finale, so annoying",
        "i hope my grandad doesn't die before christmas",
        "arrêtez de dire 'va te pendre' pour rigoler, c'est pas drôle",
        "les frelons asiatiques ont envahi le jardin, qu'ils dégagent",
        "je t'envoie le fichier ce soir, t'as jusqu'à lundi",
        "ramène ta batte pour le match de baseball samedi",
    ],
)
def test_fiction_care_quoted_insults_pests_files_and_sport_are_allowed(text: str) -> None:
    decision, _ = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow"


# From a second black-box review (428 cases of its own, on minors,
# recruitment, threats, grooming and sextortion), in our own words.
# 15. Sexual questions and asks put to a teen in other words: refused.
@pytest.mark.parametrize(
    "text",
    [
        "vous êtes allés jusqu'où avec ton copain ?",
        "t'as déjà fait une pipe ? pour savoir",
        "ta culotte elle est de quelle couleur ?",
        "strip poker on facetime tonight?",
        "how far did you go with your ex?",
        "what do you sleep in? 😇",
        "take your top off for the next one, trust me",
    ],
)
def test_a_sexual_question_to_a_teen_is_refused(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "block"
    assert "minor_sexualisation" in reasons


@pytest.mark.parametrize(
    "text",
    [
        "un mec m'a demandé ce que je porte pour dormir, je l'ai bloqué, c normal ?",
        "t'es plutôt jupe ou jean pour la soirée ? moi j'hésite",
        "whoever filmed me in the changing rooms, i know it's one of you",
    ],
)
def test_a_teens_report_clothes_or_a_victims_anger_is_not_a_sexual_ask(text: str) -> None:
    _, reasons = rules_verdict(text, TEEN_DM)
    assert "minor_sexualisation" not in reasons


# 16. Recruitment in slang; the pitch.
@pytest.mark.parametrize(
    "text",
    [
        "ma belle-soeur est bourrée, elle dort dans la chambre d'amis, qui est chaud ?",
        "elle dort sous somnifères, on était trois la dernière fois, personne a rien vu",
        "c'est pas du viol si elle dit rien, viens vers minuit",
        "need a third tonight, my gf won't be conscious lol",
        "my flatmate's too wasted to notice, first come first served",
    ],
)
def test_recruitment_in_slang_is_held(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold"
    assert "recruitment" in reasons


# 17. Grooming moves and veiled threats in other words.
@pytest.mark.parametrize(
    ("text", "ctx", "reason"),
    [
        ("t'es dans quel collège ? je suis souvent dans le coin", TEEN_DM, "grooming"),
        ("je dirai rien à personne, et toi non plus ok ?", TEEN_DM, "grooming"),
        ("trust me, i'm not like other adults", TEEN_DM, "grooming"),
        ("ce serait triste que tes enfants rentrent pas de l'école", ADULT_DM, "threat"),
        ("je te jure sur ma vie t'es un homme mort", ADULT_DM, "threat"),
    ],
)
def test_grooming_moves_and_veiled_threats_in_other_words(
    text: str, ctx: SenderContext, reason: str
) -> None:
    decision, reasons = rules_verdict(text, ctx)
    assert decision == "hold"
    assert reason in reasons


# 18. Blackmail of a teen that demands nude images: a minor sexualised too.
@pytest.mark.parametrize(
    "text",
    [
        "envoie une autre vidéo, à poil cette fois, sinon ta classe voit la première",
        "one more nude or your mum gets the first one tonight",
    ],
)
def test_blackmail_demanding_nude_images_of_a_teen_is_refused(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "block"
    assert {"sextortion", "minor_sexualisation"} <= set(reasons)


def test_blackmail_of_an_adult_for_more_images_stays_held() -> None:
    decision, reasons = rules_verdict(
        "envoie une autre photo, nue cette fois, sinon ta femme voit la première", ADULT_DM
    )
    assert decision == "hold"
    assert "minor_sexualisation" not in reasons
