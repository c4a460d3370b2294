// French first, English second. The language follows the browser until the
// person picks one; the choice is kept in localStorage (and sent to the
// server so WebSocket `detail` texts follow it too).

const STRINGS = {
  fr: {
    "app.tagline": "Le chat entre personnes, sans prise de tête",
    "skip": "Aller au contenu",
    "nav.rooms": "Salons",
    "nav.messages": "Messages privés",
    "nav.messages.short": "MP",
    "nav.account": "Mon compte",
    "nav.logout": "Se déconnecter",
    "nav.main": "Navigation principale",
    "lang.label": "Langue",

    "start.title": "Discute en quelques secondes",
    "start.lead": "Un pseudo, un genre, un âge, une ville : c'est tout. Pas d'e-mail, pas de numéro.",
    "start.rules_title": "Les règles",
    "start.rules": "Causerie est réservée aux 15 ans et plus. Les 15–17 ans et les adultes ont des espaces séparés qui ne se croisent jamais. Sois bienveillant·e, et signale tout ce qui te met mal à l'aise : chaque signalement reçoit une réponse.",
    "start.submit": "Entrer dans Causerie",
    "start.have_account": "Tu as déjà un mot de passe ?",
    "start.login_link": "Se connecter",
    "start.feature_rooms": "Des salons par thème, en direct",
    "start.feature_nearby": "Des membres près de chez toi, si tu le veux",
    "start.feature_safe": "Les messages privés commencent par une demande",

    "field.pseudo": "Pseudo",
    "field.pseudo.hint": "3 à 24 caractères : lettres, chiffres, _ - .",
    "field.gender": "Genre",
    "field.gender.choose": "Choisir…",
    "gender.female": "Femme",
    "gender.male": "Homme",
    "gender.nonbinary": "Non-binaire",
    "gender.undisclosed": "Je préfère ne pas le dire",
    "field.age": "Âge",
    "field.age.hint": "15 ans minimum",
    "field.city": "Ville",
    "field.city.hint": "Commence à taper, puis choisis dans la liste",
    "field.password": "Mot de passe",
    "field.email": "E-mail (facultatif)",

    "err.required": "Ce champ est obligatoire.",
    "err.pseudo_taken": "Ce pseudo est déjà pris.",
    "err.too_young": "Causerie est réservée aux 15 ans et plus.",
    "err.unknown_city": "Cette ville est inconnue : choisis-la dans la liste.",
    "err.name_not_allowed": "Ce pseudo n'est pas autorisé. Choisis-en un autre.",
    "err.invalid": "Vérifie ce champ.",
    "err.invalid_form": "Certaines informations ne sont pas valides.",
    "err.rate_limited": "Trop d'essais d'un coup. Réessaie dans {s} s.",
    "err.bad_credentials": "Pseudo ou mot de passe incorrect.",
    "err.already_registered": "Ce compte a déjà un mot de passe.",
    "err.network": "Le serveur ne répond pas. Réessaie dans un instant.",
    "err.generic": "Une erreur est survenue.",
    "err.trust_required": "Ton compte est trop récent pour cette action.",
    "err.not_allowed": "Ce n'est pas possible ici.",

    "login.title": "Se connecter",
    "login.lead": "Avec le pseudo et le mot de passe de ton compte.",
    "login.submit": "Se connecter",
    "login.new": "Nouveau ici ?",
    "login.new_link": "Entrer en invité",

    "home.rooms": "Salons",
    "theme.films": "Films & séries",
    "theme.gaming": "Jeux",
    "theme.general": "Général",
    "theme.lifestyle": "Vie quotidienne",
    "theme.music": "Musique",
    "theme.regions": "Régions",
    "theme.sport": "Sport",
    "theme.studies": "Études & travail",
    "theme.support": "Entraide",
    "theme.tech": "High-tech",
    "home.filter": "Filtrer par thème",
    "home.all": "Tous",
    "home.online": "{n} en ligne",
    "home.no_rooms": "Aucun salon pour le moment.",
    "home.requires_attestation": "Vérification d'âge requise",
    "home.hello": "Salut {p} !",
    "home.band.teen": "Tu es dans l'espace 15–17 ans.",
    "home.band.adult": "Tu es dans l'espace adultes.",
    "tabs.label": "Sections",

    "nearby.title": "À proximité",
    "nearby.unavailable": "La liste des membres à proximité n'est pas encore disponible. Rien n'est affiché ici tant qu'elle ne l'est pas.",
    "nearby.switch": "Apparaître dans « À proximité »",
    "nearby.explain": "Si tu l'actives, les membres de ta tranche d'âge qui l'ont aussi activé voient ton pseudo, ta ville et une distance approximative (par exemple « < 10 km »). Jamais ta position exacte. Tu peux le désactiver à tout moment.",
    "nearby.off": "Active l'option pour voir les membres proches de toi.",
    "nearby.empty": "Personne à proximité pour le moment.",

    "status.online": "Connecté",
    "status.connecting": "Connexion…",
    "status.reconnecting": "Connexion perdue — reconnexion…",
    "status.offline": "Hors ligne — les messages manqués arriveront au retour du réseau",
    "status.ended": "Session terminée",

    "room.back": "Salons",
    "room.load_older": "Voir les messages précédents",
    "room.start": "Début de la conversation",
    "room.empty": "Aucun message pour l'instant. Lance la conversation !",
    "room.composer": "Ton message",
    "room.composer.hint": "Entrée pour envoyer, Maj+Entrée pour aller à la ligne",
    "room.send": "Envoyer",
    "room.pending": "envoi…",
    "room.failed": "Non envoyé",
    "room.dismiss": "Retirer",
    "room.members": "Dans ce salon",
    "room.authors": "Vu·es dans ce salon",
    "room.members_none": "Personne pour l'instant.",
    "room.not_found": "Ce salon n'existe pas ou ne t'est pas accessible.",
    "room.blocked_hidden": "Les messages de {p} sont masqués.",
    "room.messages": "Messages",
    "room.new_messages": "Nouveaux messages",
    "room.you": "toi",

    "dm.requested": "Demande envoyée. Tu pourras écrire de nouveau quand {p} l'aura acceptée.",
    "dm.pending": "{p} veut discuter avec toi en privé.",
    "dm.accept": "Accepter",
    "dm.decline": "Refuser",
    "dm.declined": "Cette demande a été refusée.",
    "dm.private": "Conversation privée",

    "profile.dm": "Message privé",
    "profile.block": "Bloquer",
    "profile.report": "Signaler",
    "profile.close": "Fermer",
    "profile.first_message": "Ton premier message",
    "profile.send_request": "Envoyer la demande",
    "profile.request_info": "Ton premier message arrive comme une demande : la conversation s'ouvre quand {p} accepte.",
    "profile.block_confirm": "Bloquer {p} ? Vous ne vous verrez plus nulle part, dans aucun sens.",
    "profile.block_yes": "Oui, bloquer",
    "profile.blocked": "{p} est bloqué·e.",
    "profile.unavailable": "Ce profil n'est pas disponible.",
    "profile.yourself": "C'est toi.",
    "profile.age": "{n} ans",
    "profile.cancel": "Annuler",

    "report.title_message": "Signaler ce message",
    "report.title_user": "Signaler {p}",
    "report.reason": "Motif",
    "report.details": "Précisions (facultatif)",
    "report.send": "Envoyer le signalement",
    "report.sent": "Merci. Ton signalement est reçu : tu recevras une réponse.",
    "report.soon": "Le signalement sera bientôt disponible.",
    "reason.harassment": "Harcèlement",
    "reason.hate": "Haine",
    "reason.sexual_content": "Contenu sexuel",
    "reason.minor_at_risk": "Mineur·e en danger",
    "reason.threat": "Menace",
    "reason.meeting_danger": "Rencontre dangereuse",
    "reason.spam": "Spam",
    "reason.scam": "Arnaque",
    "reason.personal_data": "Données personnelles",
    "reason.other": "Autre",

    "conv.title": "Messages privés",
    "conv.requests": "Demandes reçues",
    "conv.open": "Conversations",
    "conv.sent": "Demandes envoyées",
    "conv.declined": "Refusées",
    "conv.empty": "Aucune conversation privée. Clique sur un pseudo dans un salon pour en proposer une.",
    "conv.unread": "{n} non lu(s)",
    "conv.open_link": "Ouvrir",

    "account.title": "Mon compte",
    "account.trust": "Niveau de confiance : {n}",
    "account.guest": "Compte invité",
    "account.registered": "Compte avec mot de passe",
    "account.upgrade": "Garder mon pseudo",
    "account.upgrade_lead": "Crée un mot de passe pour retrouver ton pseudo sur un autre appareil. Le même pseudo, les mêmes conversations.",
    "account.upgrade_submit": "Créer mon mot de passe",
    "account.upgraded": "C'est fait : ton compte a un mot de passe.",
    "account.settings": "Réglages",
    "account.dm_requests": "Qui peut m'envoyer une demande privée",
    "dm_requests.everyone": "Tout le monde (de ma tranche d'âge)",
    "dm_requests.nobody": "Personne",
    "account.saved": "Enregistré.",
    "account.blocks": "Membres bloqués",
    "account.unblock": "Débloquer",
    "account.no_blocks": "Tu n'as bloqué personne.",
    "band.teen": "Espace 15–17 ans",
    "band.adult": "Espace adultes",
  },
  en: {
    "app.tagline": "Chat with people, no fuss",
    "skip": "Skip to content",
    "nav.rooms": "Rooms",
    "nav.messages": "Private messages",
    "nav.messages.short": "PM",
    "nav.account": "My account",
    "nav.logout": "Log out",
    "nav.main": "Main navigation",
    "lang.label": "Language",

    "start.title": "Start chatting in seconds",
    "start.lead": "A nickname, a gender, an age, a city: that's all. No e-mail, no phone number.",
    "start.rules_title": "The rules",
    "start.rules": "Causerie is for people aged 15 and over. 15–17 year olds and adults have separate spaces that never meet. Be kind, and report anything that makes you uncomfortable: every report gets an answer.",
    "start.submit": "Enter Causerie",
    "start.have_account": "Already have a password?",
    "start.login_link": "Log in",
    "start.feature_rooms": "Themed rooms, live",
    "start.feature_nearby": "Members near you, if you want",
    "start.feature_safe": "Private messages start with a request",

    "field.pseudo": "Nickname",
    "field.pseudo.hint": "3 to 24 characters: letters, digits, _ - .",
    "field.gender": "Gender",
    "field.gender.choose": "Choose…",
    "gender.female": "Woman",
    "gender.male": "Man",
    "gender.nonbinary": "Non-binary",
    "gender.undisclosed": "Prefer not to say",
    "field.age": "Age",
    "field.age.hint": "15 or older",
    "field.city": "City",
    "field.city.hint": "Start typing, then pick from the list",
    "field.password": "Password",
    "field.email": "E-mail (optional)",

    "err.required": "This field is required.",
    "err.pseudo_taken": "This nickname is already taken.",
    "err.too_young": "Causerie is for people aged 15 and over.",
    "err.unknown_city": "Unknown city: pick it from the list.",
    "err.name_not_allowed": "This nickname is not allowed. Please choose another one.",
    "err.invalid": "Please check this field.",
    "err.invalid_form": "Some of the information is not valid.",
    "err.rate_limited": "Too many attempts at once. Try again in {s} s.",
    "err.bad_credentials": "Wrong nickname or password.",
    "err.already_registered": "This account already has a password.",
    "err.network": "The server is not answering. Try again in a moment.",
    "err.generic": "Something went wrong.",
    "err.trust_required": "Your account is too new for this.",
    "err.not_allowed": "That is not possible here.",

    "login.title": "Log in",
    "login.lead": "With your account's nickname and password.",
    "login.submit": "Log in",
    "login.new": "New here?",
    "login.new_link": "Enter as a guest",

    "home.rooms": "Rooms",
    "theme.films": "Films & TV",
    "theme.gaming": "Games",
    "theme.general": "General",
    "theme.lifestyle": "Everyday life",
    "theme.music": "Music",
    "theme.regions": "Regions",
    "theme.sport": "Sport",
    "theme.studies": "Study & work",
    "theme.support": "Support",
    "theme.tech": "Tech",
    "home.filter": "Filter by theme",
    "home.all": "All",
    "home.online": "{n} online",
    "home.no_rooms": "No rooms yet.",
    "home.requires_attestation": "Age check required",
    "home.hello": "Hi {p}!",
    "home.band.teen": "You are in the 15–17 space.",
    "home.band.adult": "You are in the adult space.",
    "tabs.label": "Sections",

    "nearby.title": "Nearby",
    "nearby.unavailable": "The list of members nearby is not available yet. Nothing is shown here until it is.",
    "nearby.switch": "Show me in “Nearby”",
    "nearby.explain": "If you turn this on, members of your age group who turned it on too see your nickname, your city and an approximate distance (for example “< 10 km”). Never your exact location. You can turn it off at any time.",
    "nearby.off": "Turn the option on to see members near you.",
    "nearby.empty": "Nobody nearby right now.",

    "status.online": "Connected",
    "status.connecting": "Connecting…",
    "status.reconnecting": "Connection lost — reconnecting…",
    "status.offline": "Offline — missed messages will arrive when the network is back",
    "status.ended": "Session ended",

    "room.back": "Rooms",
    "room.load_older": "Show earlier messages",
    "room.start": "Start of the conversation",
    "room.empty": "No messages yet. Say hello!",
    "room.composer": "Your message",
    "room.composer.hint": "Enter to send, Shift+Enter for a new line",
    "room.send": "Send",
    "room.pending": "sending…",
    "room.failed": "Not sent",
    "room.dismiss": "Remove",
    "room.members": "In this room",
    "room.authors": "Seen in this room",
    "room.members_none": "Nobody yet.",
    "room.not_found": "This room does not exist or is not open to you.",
    "room.blocked_hidden": "Messages from {p} are hidden.",
    "room.messages": "Messages",
    "room.new_messages": "New messages",
    "room.you": "you",

    "dm.requested": "Request sent. You can write again once {p} accepts it.",
    "dm.pending": "{p} would like to talk with you privately.",
    "dm.accept": "Accept",
    "dm.decline": "Decline",
    "dm.declined": "This request was declined.",
    "dm.private": "Private conversation",

    "profile.dm": "Private message",
    "profile.block": "Block",
    "profile.report": "Report",
    "profile.close": "Close",
    "profile.first_message": "Your first message",
    "profile.send_request": "Send the request",
    "profile.request_info": "Your first message arrives as a request: the conversation opens when {p} accepts.",
    "profile.block_confirm": "Block {p}? You will no longer see each other anywhere, either way.",
    "profile.block_yes": "Yes, block",
    "profile.blocked": "{p} is blocked.",
    "profile.unavailable": "This profile is not available.",
    "profile.yourself": "That's you.",
    "profile.age": "{n} years old",
    "profile.cancel": "Cancel",

    "report.title_message": "Report this message",
    "report.title_user": "Report {p}",
    "report.reason": "Reason",
    "report.details": "Details (optional)",
    "report.send": "Send the report",
    "report.sent": "Thank you. Your report was received: you will get an answer.",
    "report.soon": "Reporting will be available soon.",
    "reason.harassment": "Harassment",
    "reason.hate": "Hate",
    "reason.sexual_content": "Sexual content",
    "reason.minor_at_risk": "Minor at risk",
    "reason.threat": "Threat",
    "reason.meeting_danger": "Dangerous meeting",
    "reason.spam": "Spam",
    "reason.scam": "Scam",
    "reason.personal_data": "Personal data",
    "reason.other": "Other",

    "conv.title": "Private messages",
    "conv.requests": "Requests for you",
    "conv.open": "Conversations",
    "conv.sent": "Requests you sent",
    "conv.declined": "Declined",
    "conv.empty": "No private conversations. Click a nickname in a room to start one.",
    "conv.unread": "{n} unread",
    "conv.open_link": "Open",

    "account.title": "My account",
    "account.trust": "Trust level: {n}",
    "account.guest": "Guest account",
    "account.registered": "Password account",
    "account.upgrade": "Keep my nickname",
    "account.upgrade_lead": "Create a password to find your nickname again on another device. Same nickname, same conversations.",
    "account.upgrade_submit": "Create my password",
    "account.upgraded": "Done: your account has a password.",
    "account.settings": "Settings",
    "account.dm_requests": "Who can send me a private request",
    "dm_requests.everyone": "Everyone (in my age group)",
    "dm_requests.nobody": "Nobody",
    "account.saved": "Saved.",
    "account.blocks": "Blocked members",
    "account.unblock": "Unblock",
    "account.no_blocks": "You have not blocked anyone.",
    "band.teen": "15–17 space",
    "band.adult": "Adult space",
  },
};

export const LANGUAGES = [
  ["fr", "Français"],
  ["en", "English"],
];

const KEY = "causerie.lang";
let current = initialLanguage();

function initialLanguage() {
  const saved = safeGet(KEY);
  if (saved && STRINGS[saved]) return saved;
  const wanted = navigator.languages?.length ? navigator.languages : [navigator.language || "fr"];
  for (const tag of wanted) {
    const base = String(tag).toLowerCase().slice(0, 2);
    if (STRINGS[base]) return base;
  }
  return "fr";
}

function safeGet(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function lang() {
  return current;
}

/** Switches the language and remembers the choice. */
export function setLang(code) {
  if (!STRINGS[code]) return;
  current = code;
  try {
    localStorage.setItem(KEY, code);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  document.documentElement.lang = code;
}

/** The translated string for `key`, with {name} placeholders filled in. */
export function t(key, vars = {}) {
  const text = STRINGS[current][key] ?? STRINGS.fr[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

document.documentElement.lang = current;

/** The label of a room theme (themes are machine words from the server). */
export function themeLabel(theme) {
  return theme && has(`theme.${theme}`) ? t(`theme.${theme}`) : theme || "";
}

/** True when `key` has a translation. */
export function has(key) {
  return key in STRINGS[current] || key in STRINGS.fr;
}
