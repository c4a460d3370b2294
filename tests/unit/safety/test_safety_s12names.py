"""Session 12 (s12names): a red-team list of names an offender on a French
chat would try, by class, and ordinary names that look close and must stay
accepted. Own wordings; each class is fixed by components in names.py and
data/names, never by these strings.

Decisions documented here and in docs/safety.md:
- "Lolita" alone stays refused as a pseudonym (existing policy): in French
  the word names a sexualised girl before a first name; "Lola", "Dolores",
  "Lolo" are accepted.
- A police or justice title in a pseudonym or room name is refused even with
  "retraité": the name is worn in every conversation, and the title is the
  lever ("je suis policier, envoie ..."). In a bio, a job said in prose
  ("Policier retraité, passionné de pêche") claims no authority on the site
  and is accepted; "je suis modo ici" is refused.
"""

from __future__ import annotations

import pytest

from causerie.safety.names import check_name

# (text, kind) refused, by class.
MINORS = [
    ("D4ddy_pour_ados", "pseudo"),
    ("papa_cherche_ado", "pseudo"),
    ("daddy4teen", "pseudo"),
    ("Tonton.Gentil.Pour.Petites", "pseudo"),
    ("jeunettes_bienvenues", "pseudo"),
    ("l0l1t4", "pseudo"),
    ("schoolgirl_lover", "pseudo"),
    ("Cherche_ado_15", "pseudo"),
    ("aime_les_14", "pseudo"),
    ("dispo15", "pseudo"),
    ("hot16", "pseudo"),
    ("cherche15", "pseudo"),
    ("love_13_15", "pseudo"),
    ("15ans_pour_toi", "pseudo"),
    ("👧14🍭", "pseudo"),
    ("🍭_pour_👧", "pseudo"),
    ("YoungGirlsLover", "pseudo"),
    ("Lyceenne_Dispo", "pseudo"),
    ("TeenHunter", "pseudo"),
    ("CHERCHE-MINETTE", "pseudo"),
    ("Tonton_c00l_4_kids", "pseudo"),
    ("sugar_daddy_lyceennes", "pseudo"),
    ("school-girl lover", "room"),
    ("Ados coquines", "room"),
    ("Petites lycéennes 14-16", "room"),
    ("Tonton gentil pour jeunes", "room"),
    ("Jeunettes bienvenues 😈", "room"),
    ("Rencontres 13-17 discrètes", "room"),
    ("Lolitas only", "room"),
    ("Daddies for young girls", "room"),
    ("Salon des 🍭 de 14 ans", "room"),
    ("👧🍭 pour messieurs", "room"),
    ("Élèves de 4e coquines", "room"),
    ("cam ados 🔞", "room"),
    ("j'aime les jeunettes de 14-15 ans, mp", "bio"),
    ("papa gentil cherche petite ado pour câlins", "bio"),
    ("dispo pour les moins de 16 ans 😉", "bio"),
]

STAFF = [
    ("Modérateur", "pseudo"),
    ("Mоdo", "pseudo"),  # Cyrillic o
    ("Αdmin", "pseudo"),  # Greek Alpha
    ("ᎪᎠᎷᏆᏁ", "pseudo"),  # Cherokee
    ("Ａｄｍｉｎ", "pseudo"),  # full width
    ("𝐀𝐝𝐦𝐢𝐧", "pseudo"),  # mathematical bold
    ("𝓜𝓸𝓭𝓸", "pseudo"),  # mathematical script
    ("Adrnin", "pseudo"),
    ("Mod_0fficiel", "pseudo"),
    ("A.d.m.i.n", "pseudo"),
    ("M-O-D-O", "pseudo"),
    ("Officiel_Modo_Causerie", "pseudo"),
    ("xXAdminXx", "pseudo"),
    ("Equipe_Causerie", "pseudo"),
    ("Support.Causerie", "pseudo"),
    ("Suport_Causerie", "pseudo"),
    ("P0lice_Nationale", "pseudo"),
    ("Gendarmerie_Nationale", "pseudo"),
    ("G3ndarme", "pseudo"),
    ("Gendarrnerie", "pseudo"),
    ("Brigade_des_Mineurs", "pseudo"),
    ("PHAR0S", "pseudo"),
    ("Ph4ros_Signalement", "pseudo"),
    ("Pοlice", "pseudo"),  # Greek omicron
    ("PoIice", "pseudo"),  # capital i
    ("Agent_OPJ", "pseudo"),
    ("Le_Modo", "pseudo"),
    ("Adm1nistrateur", "pseudo"),
    ("Admln", "pseudo"),
    ("Ꮇoderatrice", "pseudo"),
    ("VVebmaster", "pseudo"),
    ("Modérat0r", "pseudo"),
    ("Policier_retraité", "pseudo"),
    ("Service_Signalements", "pseudo"),
    ("Je suis modératrice ici, écris-moi en privé", "bio"),
    ("Membre de l'équipe de modération", "bio"),
    ("Agent de police, je surveille ce salon", "bio"),
    ("Accueil — Équipe Causerie", "room"),
    ("Bureau des modos", "room"),
]

RECRUITMENT = [
    ("couple cherche H pour madame endormie", "room"),
    ("Soirées somnifère", "room"),
    ("femme HS dispo ce soir", "bio"),
    ("Épouses K.O. à partager", "room"),
    ("Partage de ma femme qui dort", "room"),
    ("MariPartageFemmeEndormie", "pseudo"),
    ("Soirées GHB pour madame", "room"),
    ("Ma femme ne se souviendra de rien, viens la voir", "bio"),
    ("Sleepy wife sharing", "room"),
    ("Wife_Asleep_4U", "pseudo"),
    ("Stilnox & libertinage", "room"),
    ("Mari complice, elle prend son cachet à 22h, tu passes après", "bio"),
    ("Madame au pays des rêves, messieurs bienvenus", "room"),
    ("somno_partage", "pseudo"),
    ("Chérie dans le coltar, venez", "room"),
    ("Cherche H pour s'occuper de ma femme quand elle a pris son somnifère", "bio"),
]

CONTACT_HATE = [
    ("sn@p: lea.du.69", "bio"),
    ("ajoute moi sur s n a p : jadou92", "bio"),
    ("insta -> ma.rion_92", "bio"),
    ("télégrame @ lulu_hot", "bio"),
    ("zéro six douze trente quatre cinquante six soixante dix-huit", "bio"),
    ("0 6 1 2 3 4 5 6 7 8", "bio"),
    ("06.12.34.56.78", "bio"),
    ("mon 👻 c'est lilou2k", "bio"),
    ("wsp +33 6 12 34 56 78", "bio"),
    ("Mort_aux_arabes", "pseudo"),
    ("JeVaisTeRetrouver", "pseudo"),
    ("Gaz_les_juifs", "pseudo"),
    ("N1gg3r_K1ller", "pseudo"),
    ("Tueur_de_bougnoules", "pseudo"),
    ("Hitl3r_avait_raison", "pseudo"),
]

# Tried and left allowed on purpose (ambiguous with an ordinary name):
# "Pr0f_aime_les_eleves" (a teacher's "j'aime mes/les élèves"), "Papas &
# leurs ptites" (single fathers and their daughters).

REFUSED = {
    "minors": MINORS,
    "staff": STAFF,
    "recruitment": RECRUITMENT,
    "contact_hate": CONTACT_HATE,
}

# Ordinary names that look close: accepted.
ACCEPTED = [
    # first names and surnames of every origin
    ("Modeste", "pseudo"),
    ("Adminah", "pseudo"),
    ("Lola_92", "pseudo"),
    ("Dolores", "pseudo"),
    ("Lolo_du_Sud", "pseudo"),
    ("Moussa", "pseudo"),
    ("Oluwaseun", "pseudo"),
    ("Nguyen_Thi_Lan", "pseudo"),
    ("Siobhán", "pseudo"),
    ("Zoltán_B", "pseudo"),
    ("Marco_Pedone", "pseudo"),
    ("Annamaria_Polizzi", "pseudo"),
    ("Loïc_Admirat", "pseudo"),
    ("Dani_Pedrosa_fan", "pseudo"),
    ("Policarpo", "pseudo"),
    ("Saint_Nazaire_44", "pseudo"),
    ("Kidlat", "pseudo"),
    ("Lea_2009", "pseudo"),
    ("Jade.2011", "pseudo"),
    # fathers, uncles, teachers, teens
    ("Jeune_papa_75", "pseudo"),
    ("Prof_de_maths", "pseudo"),
    ("Papa_de_Lina", "pseudo"),
    ("Papa_de_2_ados", "pseudo"),
    ("Tonton_Bricolo", "pseudo"),
    ("Tata_Nounou", "pseudo"),
    ("Mamie_Gateau", "pseudo"),
    ("Ado_Gaming_16", "pseudo"),
    ("Chasseur_de_champignons", "pseudo"),
    ("Hunter_x_Hunter_fan", "pseudo"),
    ("Staffy_Lover", "pseudo"),
    ("Pomodoro_Time", "pseudo"),
    ("Komodo_Dragon", "pseudo"),
    ("Supporter_OM", "pseudo"),
    ("Dispo_le_soir", "pseudo"),
    ("Hot_Chocolate", "pseudo"),
    ("Minou_le_chat", "pseudo"),
    ("Coquin_du_17", "pseudo"),
    ("Mangeuse_de_bonbons_🍭", "pseudo"),
    # rooms
    ("Lycée & devoirs", "room"),
    ("Fans de manga 15-17", "room"),
    ("Ados 15-17 : jeux vidéo", "room"),
    ("Révisions bac 2025", "room"),
    ("Collège : entraide maths", "room"),
    ("Parents d'ados", "room"),
    ("Insomnie et tisanes", "room"),
    ("Couples libertins 35+", "room"),
    ("Apnée du sommeil, entraide", "room"),
    ("Jeunes parents épuisés", "room"),
    ("Club des tontons bricoleurs", "room"),
    ("Papas solos du 93", "room"),
    ("Modélisme ferroviaire", "room"),
    ("Typo & polices de caractères", "room"),
    ("Soirées pyjama entre copines", "room"),
    # bios
    ("Policier retraité, passionné de pêche à la mouche", "bio"),
    ("Prof de maths au lycée, j'aime le jazz", "bio"),
    ("Maman de deux ados, fan de rando", "bio"),
    ("Infirmière de nuit, je dors le jour", "bio"),
    ("Mon mari ronfle, je me réfugie ici", "bio"),
    ("Né en 1979, Lyonnais, 1m80", "bio"),
    ("Dispo le mercredi de 14h à 16h pour un café", "bio"),
    ("👧 Maman de 2 filles, 6 et 9 ans", "bio"),
    ("Mon insta ? Pas ici, on discute d'abord", "bio"),
]


# Own variants of each fixed class, not in the list measured above.
VARIANTS = [
    ("JeCherche_14", "pseudo"),
    ("kiffe_les_13", "pseudo"),
    ("veux16", "pseudo"),
    ("J aime les 14 ans", "bio"),
    ("Gazer_les_juifs", "pseudo"),
    ("KillAllJews", "pseudo"),
    ("cramez_les_pedes", "pseudo"),
    ("Dehors_les_arabes", "pseudo"),
    ("LittleGirlLover", "pseudo"),
    ("amateur_de_petites_filles", "pseudo"),
    ("Cellule_Moderation", "pseudo"),
    ("ReportTeam", "pseudo"),
    ("Signalement_Officiel", "pseudo"),
    ("🎒🍑", "pseudo"),
    ("🍭13🍭", "pseudo"),
    ("Soirées rohypnol", "room"),
    ("GHB party", "room"),
    ("Plans Xanax coquins", "room"),
    ("Copine KO à prendre", "room"),
    ("ma femme dans le gaz, venez", "bio"),
    ("Épouse au pays des rêves pour vous", "room"),
    ("elle ne se souviendra de rien, cherche H", "bio"),
    ("Je fais partie du staff, mp moi", "bio"),
    ("je modère ce salon", "bio"),
    ("Gendarme, je lis vos mp", "bio"),
    ("modo ici, écris moi", "bio"),
    ("Daddy sympa pour gamines", "room"),
    ("tontons 4 kids", "room"),
    ("Collégiens de 3e chauds", "room"),
    ("6emes coquines", "room"),
    ("disponible pour les moins de 15 ans", "bio"),
]

# Hard negatives of the new components.
VARIANTS_ACCEPTED = [
    ("Sevrage somnifères, entraide", "room"),
    ("Insomnie : arrêter le Xanax", "room"),
    ("Soirées jeux de société", "room"),
    ("Ma femme est KO après le boulot, je viens papoter", "bio"),
    ("Mon mari prend ses cachets le soir, il dort tôt", "bio"),
    ("Madame dort, monsieur joue aux jeux vidéo", "bio"),
    ("Couple cherche couple, madame joueuse", "room"),
    ("Je surveille les salons pour signaler les relous", "bio"),
    ("Agent immobilier à Lyon", "bio"),
    ("Officier de marine marchande à la retraite", "bio"),
    ("Je modère mes propos", "bio"),
    ("J'adore les 14 juillet", "bio"),
    ("J'adore les 15 h de route", "bio"),
    ("J'aime les 4x4 et la rando", "bio"),
    ("J'aime les 80s", "bio"),
    ("dispo pour les 18-25 ans", "bio"),
    ("Love_15", "pseudo"),
    ("Cherche_partenaire_tennis", "pseudo"),
    ("Chercheur_CNRS_13", "pseudo"),
    ("Recherche_2024", "pseudo"),
    ("Aime_les_chats_14", "pseudo"),
    ("Papa_Cool_de_3_enfants", "pseudo"),
    ("Tonton cool pour soirées jeux", "room"),
    ("Goûter des enfants 🍭", "room"),
    ("Lili_🎒_rentree", "pseudo"),
    ("Élèves de 3e : entraide", "room"),
    ("Les 6e du collège Jaurès", "room"),
    ("Mamans des 13-15 ans", "room"),
    ("Marie_Pedoni", "pseudo"),
    ("Gang des pédologues", "room"),
]


@pytest.mark.parametrize(
    ("text", "kind"), [case for cases in REFUSED.values() for case in cases] + VARIANTS
)
def test_s12names_refused(text: str, kind: str) -> None:
    assert not check_name(text, kind).allowed


@pytest.mark.parametrize(("text", "kind"), ACCEPTED + VARIANTS_ACCEPTED)
def test_s12names_accepted(text: str, kind: str) -> None:
    verdict = check_name(text, kind)
    assert verdict.allowed, verdict.reason
