"""Human sentences for every error code, in French and English. The code is
the machine's word; the detail is the person's."""

from __future__ import annotations

from typing import Any

SUPPORTED = ("fr", "en")

_MESSAGES: dict[str, tuple[str, str]] = {
    # code: (français, English)
    "invalid": (
        "Ce qui a été saisi ne convient pas{field_fr}.",
        "What was entered is not valid{field_en}.",
    ),
    "bad_signature": (
        "Signature du prestataire de paiement invalide ou trop ancienne.",
        "The payment provider's signature is wrong or too old.",
    ),
    "already_subscribed": (
        "Tu as déjà un abonnement Causerie+ : gère-le depuis la page Causerie+.",
        "You already have a Causerie+ subscription: manage it from the Causerie+ page.",
    ),
    "not_configured": (
        "La boutique Causerie+ n'est pas ouverte sur ce serveur.",
        "The Causerie+ shop is not open on this server.",
    ),
    "too_young": (
        "Causerie est réservé aux personnes de {min_age} ans et plus.",
        "Causerie is for people aged {min_age} and over.",
    ),
    "pseudo_taken": ("Ce pseudo est déjà pris.", "This pseudonym is already taken."),
    "unknown_city": (
        "Ville inconnue : choisis-la dans la liste.",
        "Unknown city: pick it from the list.",
    ),
    "name_not_allowed": (
        "Ce nom n'est pas autorisé par nos règles{reason_part}.",
        "This name is not allowed by our rules{reason_part}.",
    ),
    "already_registered": (
        "Ce compte a déjà un mot de passe.",
        "This account already has a password.",
    ),
    "bad_credentials": ("Pseudo ou mot de passe incorrect.", "Wrong pseudonym or password."),
    "unauthenticated": (
        "Connexion requise ou session expirée.",
        "You need to sign in, or your session has expired.",
    ),
    "csrf_failed": (
        "La page a expiré : recharge-la, puis recommence.",
        "This page has expired: reload it, then try again.",
    ),
    "not_allowed": ("Action non autorisée{reason_fr}.", "Not allowed{reason_en}."),
    "trust_required": (
        "Ton compte est trop récent pour cela (niveau de confiance {level}) : "
        "participe aux salons publics, dans le respect des règles, pour le débloquer "
        "(ta progression est sur la page « Mon compte »).",
        "Your account is too new for this (trust level {level}): take part in public "
        "rooms, within the rules, to unlock it (your progress is on the 'My account' page).",
    ),
    "attestation_required": (
        "Une attestation d'âge est nécessaire pour cela.",
        "An age attestation is needed for this.",
    ),
    "not_found": ("Introuvable.", "Not found."),
    "conversation_exists": (
        "Une conversation existe déjà avec cette personne.",
        "You already have a conversation with this person.",
    ),
    "rate_limited": (
        "Trop de tentatives : réessaie dans {retry_after} s.",
        "Too many attempts: try again in {retry_after} s.",
    ),
    "blocked": ("Cette personne n'est pas joignable.", "This person cannot be reached."),
    "too_long": (
        "Message trop long ({max} caractères au plus).",
        "Message too long ({max} characters at most).",
    ),
    "not_joined": (
        "Rejoins d'abord ce salon.",
        "Join this room first.",
    ),
    "blocked_by_filter": (
        "Message refusé par le filtre de sécurité{reasons_part}.",
        "Message refused by the safety filter{reasons_part}.",
    ),
    "held_for_review": (
        "Message retenu : une personne de la modération va le vérifier{reasons_part}.",
        "Message held: a moderator will check it{reasons_part}.",
    ),
    "account_suspended": (
        "Ton compte est suspendu : consulte tes notifications pour en connaître les raisons "
        "et faire appel.",
        "Your account is suspended: see your notices for the reasons and how to appeal.",
    ),
    "muted": (
        "Tu es en sourdine jusqu'à {until}.",
        "You are muted until {until}.",
    ),
    "city_change_limited": (
        "Tu as déjà changé de ville {limit} fois : réessaie dans {retry_after} s.",
        "You have already changed city {limit} times: try again in {retry_after} s.",
    ),
    "too_large": ("Message trop volumineux.", "Message too large."),
    "internal": (
        "Un problème est survenu de notre côté : réessaie.",
        "Something went wrong on our side: please try again.",
    ),
    "unavailable": (
        "Le service est momentanément indisponible : réessaie dans {retry_after} s.",
        "The service is briefly unavailable: try again in {retry_after} s.",
    ),
    "method_not_allowed": ("Méthode non permise.", "Method not allowed."),
    "case_closed": ("Ce dossier est déjà clos.", "This case is already closed."),
    "already_appealed": (
        "Tu as déjà fait appel de cette décision.",
        "You have already appealed this decision.",
    ),
    "attestation_invalid": (
        "Vérification d'âge refusée : demande un nouveau code et recommence.",
        "Age check refused: ask for a new code and try again.",
    ),
    "confirm_mismatch": (
        "Pour confirmer la suppression de ton compte, tape ton pseudo.",
        "To confirm the deletion of your account, type your pseudonym.",
    ),
    "wrong_password": (
        "Mot de passe incorrect : ton compte n'a pas été supprimé.",
        "Wrong password: your account was not deleted.",
    ),
    "unsupported_type": (
        "Ce fichier n'est pas une photo que tu peux envoyer (JPEG, PNG, WebP ou GIF).",
        "This file is not a photo you can send (JPEG, PNG, WebP or GIF).",
    ),
    "invalid_image": (
        "Cette image est illisible, trop grande ou contient autre chose qu'une image.",
        "This image is unreadable, too large, or contains something other than an image.",
    ),
}

_REASONS: dict[str, tuple[str, str]] = {
    "not_your_message": (
        "ce message n'est pas le tien",
        "this message is not yours",
    ),
    "edit_window": (
        "un message se modifie dans les 15 minutes après son envoi",
        "a message can be edited for 15 minutes after it was sent",
    ),
    "photo_not_editable": (
        "une photo ne se modifie pas : supprime-la si tu veux",
        "a photo cannot be edited: delete it if you want",
    ),
    "password_required": (
        "choisis d'abord un mot de passe, pour pouvoir revenir gérer ou résilier ton abonnement",
        "choose a password first, so that you can come back to manage or cancel your subscription",
    ),
    "minor": (
        "Causerie+ est réservé aux personnes majeures",
        "Causerie+ is for adults only",
    ),
    "awaiting_acceptance": (
        "attends que ta demande soit acceptée",
        "wait until your request is accepted",
    ),
    "accept_first": (
        "accepte d'abord la demande de conversation",
        "accept the conversation request first",
    ),
    "declined": ("la conversation a été refusée", "the conversation was declined"),
    "declined_recently": (
        "ta demande a été refusée il y a moins de 30 jours",
        "your request was declined less than 30 days ago",
    ),
    "recipient_settings": (
        "cette personne n'accepte pas de demandes",
        "this person does not accept requests",
    ),
    "not_recipient": (
        "seul le destinataire peut répondre",
        "only the recipient can answer",
    ),
    "already_answered": ("déjà répondu", "already answered"),
    "own_decision": (
        "un appel est examiné par un autre modérateur que celui qui a décidé",
        "an appeal is decided by a moderator other than the one who acted",
    ),
    "own_case": (
        "tu es partie à ce dossier (concerné, auteur du signalement ou de la décision) : "
        "un autre membre de l'équipe le traite",
        "you are a party to this case (its subject, a reporter, or who decided): "
        "another member of staff handles it",
    ),
    "sanctioned": (
        "un compte sous sanction ne reçoit pas de rôle de modération",
        "an account under a sanction is not given a staff role",
    ),
    "nearby_opt_in": (
        "active d'abord ta visibilité « à proximité »",
        "turn on your own nearby visibility first",
    ),
    "images_refused": (
        "cette personne ne reçoit pas de photos",
        "this person does not accept photos",
    ),
    "images_private_only": (
        "les photos ne s'envoient qu'en conversation privée acceptée",
        "photos can only be sent in an accepted private conversation",
    ),
    "nearby_teens_off": (
        "la liste « à proximité » n'est pas ouverte aux 15-17 ans sur ce service",
        "the nearby list is not open to 15-17 year olds on this service",
    ),
}


# Field names are the API's words: people see what the field is called on
# their screen, or nothing (never the code).
_FIELDS: dict[str, tuple[str, str]] = {
    "pseudo": ("pseudo", "pseudonym"),
    "password": ("mot de passe", "password"),
    "age": ("âge", "age"),
    "gender": ("genre", "gender"),
    "city": ("ville", "city"),
    "email": ("e-mail", "e-mail"),
    "text": ("message", "message"),
    "bio": ("présentation", "bio"),
    "from": ("date de début", "start date"),
    "to": ("date de fin", "end date"),
    "reason": ("motif", "reason"),
    "details": ("précisions", "details"),
    "language": ("langue", "language"),
    "token": ("code de vérification", "verification code"),
    "dm_requests": ("demandes privées", "private requests"),
    "rule": ("règle", "rule"),
    "facts": ("faits", "facts"),
    "hours": ("durée", "duration"),
    "caption": ("légende", "caption"),
}

# Safety categories (filter reasons, name refusals) in words; "model:<c>" is
# the learned layer's word for the same category. Unknown codes are not shown.
_CATEGORIES: dict[str, tuple[str, str]] = {
    "minor_sexualisation": ("contenu sexuel visant des mineurs", "sexual content about minors"),
    "recruitment": ("tentative d'isoler quelqu'un", "trying to isolate someone"),
    "sextortion": ("chantage", "blackmail"),
    "threat": ("menace", "threat"),
    "doxxing": ("données personnelles d'autrui", "someone else's personal data"),
    "scam": ("arnaque", "scam"),
    "harassment": ("harcèlement", "harassment"),
    "hate": ("haine", "hate"),
    "sexual_content": ("contenu sexuel", "sexual content"),
    "phone_number": ("numéro de téléphone", "phone number"),
    "email_address": ("adresse e-mail", "e-mail address"),
    "link": ("lien", "link"),
    "staff_impersonation": (
        "se faire passer pour l'équipe ou une autorité",
        "posing as staff or an authority",
    ),
    "mixed_script": ("mélange d'alphabets", "mixed alphabets"),
    "predatory": ("nom inquiétant", "worrying name"),
    "reserved": ("nom réservé", "reserved name"),
}


def _categories(codes: list[str], index: int) -> str:
    words: list[str] = []
    for code in codes:
        key = code.split(":", 1)[1] if code.startswith("model:") else code
        if key in _CATEGORIES and _CATEGORIES[key][index] not in words:
            words.append(_CATEGORIES[key][index])
    return f" ({', '.join(words)})" if words else ""


def pick_language(accept_language: str | None, preferred: str | None = None) -> str:
    """The user's setting first, then the first supported Accept-Language."""
    if preferred in SUPPORTED:
        return preferred
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in SUPPORTED:
            return tag
    return "fr"


def render(code: str, params: dict[str, Any], language: str) -> str:
    fr, en = _MESSAGES.get(code, _MESSAGES["invalid"])
    template = en if language == "en" else fr
    index = 1 if language == "en" else 0
    values: dict[str, Any] = {"min_age": 15, "level": 1, "max": 2000, "retry_after": 1}
    values.update({k: v for k, v in params.items()})
    field = params.get("field")
    label = _FIELDS.get(field) if isinstance(field, str) else None
    values["field_fr"] = f" : vérifie le champ « {label[0]} »" if label else ""
    values["field_en"] = f": check the {label[1]} field" if label else ""
    reason = params.get("reason")
    reason_text = _REASONS[reason][index] if reason in _REASONS else None
    values["reason_fr"] = values["reason_en"] = f" : {reason_text}" if reason_text else ""
    if language == "en" and reason_text:
        values["reason_en"] = f": {reason_text}"
    reasons = params.get("reasons")
    if isinstance(reasons, list | tuple):
        values["reasons"] = ", ".join(str(r) for r in reasons)
        values["reasons_part"] = _categories([str(r) for r in reasons], index)
    values.setdefault("reasons_part", "")
    values["reason_part"] = _categories([reason], index) if isinstance(reason, str) else ""
    values.setdefault("reason", "")
    values.setdefault("reasons", "")
    values.setdefault("until", "")
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template
