"""Session 24: classes read on the session-23 authors (do..dt) once they
became training text (eval/README.md), and every input of the session's two
code reviews. Our own wordings; the rules alone, so that a retrain cannot
hide a broken rule (docs/safety.md, "Session 24 classes").

1. Sexual role-play sought or written ("nsfw rp partner", "rp lemon", a
   hand under a skirt, underwear ripped off): sexual content, refused among
   teens and held in an adult public room; "erp" (a firm's software), a
   shirt taken off to run, "jdr chaud" are not.
2. Threats said by their outcome ("tu repars en ambulance", "c'est toi
   qu'on efface", "u'll go home in an ambulance") or by the weapon brought
   to the reader ("je t'attends avec une barre de fer", "ill knife u"); a
   game, a quote, a hospital visit, a first-aid stretcher are not.
3. Touching oneself asked for on video, a penis offered to view.
4. A lie to the parents with a pickup is grooming.
5. A group sent back ("ship the lot back where they came from"); a slur as
   a group's event.
6. An abandoned building imposed as the meeting place, the face refused by
   asking why: an ambush set-up.
7. A shift's end and a workplace recognised: doxxing.
8. Personal data given a few words off (an "@handle", an introduced or
   spelled handle, a Discord tag, a local number, a house number), and an
   invitation to another app said around its name; mentions, pings,
   comparisons, amounts, years, resolutions are not.
9. A partner drugged beside a sleeping baby is recruitment.
"""

from __future__ import annotations

import pytest
from tests.support.safety import (
    ADULT_DM,
    ADULT_PUBLIC,
    TEEN_DM,
    TEEN_PUBLIC,
    rules_check,
    rules_verdict,
)


@pytest.mark.parametrize(
    "text",
    [
        "anyone up for some nsfw rp tonight? i like long detailed scenes",
        "smut rp partner wanted, i write a lot",
        "qui veut faire un rp lemon ce soir ? en mp",
        "*il glisse sa main sous ta jupe* on continue ?",
        "*she slides a hand under her skirt* your turn",
        "*rips her bra off* keep going?",
        "describe how your character undresses, take your time",
    ],
)
def test_sexual_role_play_is_sexual_content(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_PUBLIC)
    assert decision == "block" and "sexual_content" in reasons, (text, decision, reasons)
    held, held_reasons = rules_verdict(text, ADULT_PUBLIC)
    assert held == "hold" and "sexual_content" in held_reasons, (text, held, held_reasons)


def test_sexual_role_play_between_adults_in_private_is_theirs() -> None:
    assert rules_verdict("smut rp partner wanted, i write a lot", ADULT_DM)[0] == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "notre erp plante encore, la compta peut rien saisir",
        "we're migrating the erp to the cloud next quarter",
        "c'est quoi la différence entre un rp lime et un rp tout public ?",
        "rappel : pas de contenu sexuel dans les rp de ce salon",
        "she slid her hand into her pocket and pulled out the keys",
        "looking for an erp consultant, remote",
        "erp partner program: apply as a reseller",
        "on fait un jdr chaud ce soir ? ambiance donjon de lave",
        "rp hot chocolate au café après les cours ?",
        "il retire sa chemise et part courir, il fait trop chaud",
        "*rips his shirt off* and jumps in the pool lol",
    ],
)
def test_role_play_words_without_sex_are_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_PUBLIC)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("si tu viens samedi tu repars en ambulance", TEEN_DM),
        ("retire ta story avant midi ou c'est toi qu'on efface", TEEN_DM),
        ("réponds-moi avant ce soir sinon ça va très mal finir pour toi", ADULT_DM),
        ("c'est pas une menace c'est une promesse, je sais où tu bosses", ADULT_DM),
        ("demain je t'attends avec une barre de fer au parking", TEEN_PUBLIC),
        ("je reviens avec un bidon d'essence et vous comprendrez", ADULT_PUBLIC),
        ("ton voisin va retrouver sa voiture cramée s'il continue", ADULT_PUBLIC),
        ("say that again and ill knife u", TEEN_DM),
        ("touch my sister again and i'll snap your arm", ADULT_DM),
        ("show up friday and u'll go home in an ambulance", TEEN_DM),
    ],
)
def test_a_threat_said_by_its_outcome_or_weapon_is_held(text: str, context: object) -> None:
    decision, reasons = rules_verdict(text, context)  # type: ignore[arg-type]
    assert decision == "hold" and "threat" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "ill knife u in fortnite tonight, bring ur best skin 😂",
        "im gonna break ur neck in smash bros lol",
        "on revient avec un couteau à pain, le tien coupe plus rien",
        'si quelqu\'un te dit "ça va mal finir pour toi", signale-le',
        "my physio says ill end up in a wheelchair if i skip leg day lol",
        "tu rentres à l'hôpital demain pour ton opé ? courage",
        "exercice secourisme : amenez un brancard et des couvertures",
        "je reviens avec de l'essence, la tondeuse est vide",
        "bring a stretcher for the first aid drill on monday",
        "on t'attend avec une batte pour le match de baseball dimanche",
    ],
)
def test_outcome_words_in_a_game_a_quote_or_a_kitchen_are_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_PUBLIC)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("send me a vid of you touching yourself, i'll send one back", "sexual_content"),
        ("t'as déjà vu une vraie bite ? je peux te montrer", "sexual_content"),
    ],
)
def test_sexual_asks_to_a_teen_are_refused(text: str, category: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "block" and category in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "the article says he slept with a 15 year old. i hope they lock him up",
        "i've been with my 16 yr old bf for 2 months, is that weird? im 16 too",
        "j'ai déjà vu une vraie vache à la ferme de mon oncle",
        "t'as déjà vu une vraie queue devant le ciné ? 2h d'attente",
        "tu mets quoi sous ta robe pour le mariage, un jupon ?",
        "what do you wear under your hoodie when it's freezing?",
        "touching yourself is normal at our age, the school nurse said so",
    ],
)
def test_a_report_a_farm_and_a_coat_are_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_PUBLIC)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "dis à ta mère que tu dors chez Léa samedi, je passe te prendre au coin de la rue",
        "tell your mom you're at jess's tonight, i'll pick you up at the corner",
    ],
)
def test_a_lie_to_the_parents_with_a_pickup_is_grooming(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "hold" and "grooming" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "dis rien à la prof mais j'ai pas fini l'exposé 😭",
        "dont tell ur coach but the new drills are so boring lol",
        "dis rien à ta prof qu'on a triché ensemble au contrôle stp",
        "your teacher doesn't need to know we talk in class lol",
        "dis à ta mère que tu dors chez moi samedi, ma mère est d'accord",
    ],
)
def test_a_pupils_gripe_or_an_open_sleepover_is_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "the council keeps housing migrants here. ship the lot back where they came from",
        "ils laissent entrer les migrants, renvoyez-les tous d'où ils viennent",
        "deport all those useless Somalis back, they contribute nothing",
        "renvoie tous ces roms au bled",
        "another poofter parade downtown, hide the kids",
    ],
)
def test_a_group_sent_back_or_slurred_by_its_event_is_hate(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "block" and "hate" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "the parcel came damaged, send it back to the shop",
        "send the kids back home at 5 please, dinner's early",
        "my grandad was a migrant, they tried to send him back home in 1962",
        "pride parade this weekend, who's going? 🌈",
        "going to the dyke march this saturday, who's in?",
        "the refugees' visas are approved, the UN will fly them home when it's safe",
    ],
)
def test_a_parcel_a_family_story_or_pride_are_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "change de plan, viens au bâtiment abandonné derrière la gare",
        "rdv au chantier abandonné à 22h, c'est plus simple",
        "pourquoi tu veux voir ma tête d'abord ? viens juste, le terrain vague derrière le lidl",
        "why do you need to see my face first? just meet me behind the old warehouse",
    ],
)
def test_an_abandoned_place_imposed_or_the_face_refused_is_an_ambush(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "hold" and "ambush" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "viens au chantier lundi 7h, le chef t'attend pour l'essai",
        "on a visité une maison abandonnée en urbex, trop stylé les photos",
    ],
)
def test_a_building_site_job_or_urban_exploring_is_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_DM)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "je t'ai reconnue toi, t'es la caissière du Leclerc de Vierzon, tu finis ton service à 21h",
        "i recognised you, you're the nurse from st mary's, you finish your shift at 10 on fridays",
    ],
)
def test_someones_routine_or_workplace_exposed_is_doxxing(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "hold" and "doxxing" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "je prends le bus de 7h chaque matin pour aller au taf, trop dur",
        "ma soeur prend le train de 8h chaque matin, elle est crevée",
        "il prend le tram de 8h chaque jour, comme moi",
        "i finish my shift at 10 tonight, pub after?",
    ],
)
def test_ones_own_or_a_relatives_routine_is_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, ADULT_PUBLIC)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "tiktok? i'm @lilo.dances, follow back",
        "insta en privé c'est @zoe_l.artt accepte moi",
        "Insta ⇒ @mara.b.lyon",
        "i'm way more on discord, i'm frost.byte_9 there",
        "discord for the build team: kiro#2210",
        "snap aussi: karim.lyon69 ajoutez",
        "text me 555-0144 after practice",
        "call me 5793 2841, my island number",
        "i live on 88 birchwood lane, the house with the gnome",
        "i live on Wren Street, number 9, come round after school",
    ],
)
def test_handles_numbers_and_addresses_given_a_few_words_off_are_masked(text: str) -> None:
    decision, _ = rules_verdict(text, TEEN_DM)
    assert decision == "mask", (text, decision)


@pytest.mark.parametrize(
    "text",
    [
        "le snap officiel du club de hand c'est hbc.morges, ils postent les horaires",
        "@noah t'es sur snap ou pas ?",
        "on snap on parle de gta6 ce soir",
        "le live tiktok commence à 21h30",
        "contact moi pour le terrain, 1 500 000 fcfa",
        "the shop on Main Street, number 12, sells cheap cases",
        "text me when you get to room 1203 1204",
        "call me when the 2023-2024 season starts",
        "my house is a mess, my room is on the 2nd floor lol",
    ],
)
def test_a_clubs_account_a_mention_a_game_or_a_price_are_allowed(text: str) -> None:
    decision, _ = rules_verdict(text, TEEN_DM)
    assert decision == "allow", (text, decision)


@pytest.mark.parametrize(
    "text",
    [
        "vnz sur discord on sera plus tranquilles pour la game",
        "on continue sur telegram ? ici ça bug tout le temps",
        "t'as insta ? on parle là-bas",
        "can we move to telegram? i don't like this site",
        "va sur snap je te réponds là-bas",
    ],
)
def test_an_invitation_said_around_the_apps_name_is_masked(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "mask" and "off_platform" in reasons, (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "je parle à un mec bizarre sur discord, c'est normal ?",
        "ma mère capte rien à snap mdr",
        "who else thinks the new tiktok update is awful",
        "let's talk about instagram privacy settings in class",
        "j'ai supprimé snap, c'est mieux sans",
    ],
)
def test_an_app_talked_about_is_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_DM)
    assert decision == "allow", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "follow my art acc on ig!! lulu dot sketches 🎨",
        "mon insta c'est zoe point mrt underscore, ajoute moi",
        "snap is k a i dot 2009 add me",
    ],
)
def test_a_handle_spelled_with_its_dots_said_is_masked(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_PUBLIC)
    assert decision == "mask", (text, decision, reasons)


@pytest.mark.parametrize(
    "text",
    [
        "sur insta, point de vue, c'est nul ce filtre",
        "j'ai vu ça sur tiktok, point barre",
        "what's the point of snap streaks honestly",
        "jsp si j'ai encore snap ma mère l'a supp ptdr",
        "sur insta un point c'est tout",
        "discord crashed again, see bug#4471 on their github",
    ],
)
def test_point_and_dot_as_words_are_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_PUBLIC)
    assert decision == "allow", (text, decision, reasons)


def test_a_drugged_partner_beside_a_sleeping_baby_is_recruitment() -> None:
    """The review's bypass: the baby's sleep excused the partner drugged
    for an open call; a parcel collected quietly stays allowed."""
    crime = "notre bébé dort enfin. ma femme a pris 2 somnifères, qui veut en profiter"
    decision, reasons = rules_verdict(crime, ADULT_DM)
    assert decision == "hold" and "recruitment" in reasons, (decision, reasons)
    errand = "le bébé dort enfin et ma femme a pris son somnifère, passe récupérer le colis demain"
    assert rules_verdict(errand, ADULT_DM)[0] == "allow"


@pytest.mark.parametrize(
    "text",
    [
        "discord, good point tho",
        "sur insta j'ai 17 point 5 de moyenne mdr",
        "on discord, @here pings everybody lol",
        "j'ai vu sur tiktok la vidéo de @inoxtag trop drôle",
        "j'ai vu sur insta que @lucas_98 a posté la photo",
        "je préfère tiktok, c'est plus simple",
        "j'ai un compte tiktok, c'est mieux que youtube",
        "on regarde le match sur twitch ce soir ? ici ça lag trop",
        "my phone is 1080 1920 resolution",
        "we live in paris, the shop on oxford street no 10 is sick",
        "la saison va trop mal finir pour ta famille dans game of thrones",
        "c'est pas une menace c'est une promesse : je finis le gâteau demain 😋",
    ],
)
def test_the_second_reviews_look_alikes_are_allowed(text: str) -> None:
    decision, reasons = rules_verdict(text, TEEN_PUBLIC)
    assert decision == "allow", (text, decision, reasons)


def test_a_handle_is_masked_whole_past_the_window() -> None:
    text = "tiktok ? j'y poste plein de trucs, suis moi : @sk8rboi_lolilol_2009"
    verdict = rules_check(text, TEEN_PUBLIC)
    assert verdict.decision == "mask"
    masked = verdict.text
    assert "lolilol" not in masked and "2009" not in masked, masked
