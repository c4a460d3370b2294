"""Human sentences for every error code, in French and English. The code is
the machine's word; the detail is the person's."""

from __future__ import annotations

from typing import Any

SUPPORTED = ("fr", "en")

_MESSAGES: dict[str, tuple[str, str]] = {
    # code: (français, English)
    "invalid": ("Requête invalide{field_fr}.", "Invalid request{field_en}."),
    "bad_signature": (
        "Signature du prestataire de paiement invalide ou trop ancienne.",
        "The payment provider's signature is wrong or too old.",
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
        "Ville inconnue : choisissez-la dans la liste.",
        "Unknown city: pick it from the list.",
    ),
    "name_not_allowed": (
        "Ce nom n'est pas autorisé par nos règles ({reason}).",
        "This name is not allowed by our rules ({reason}).",
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
        "Jeton anti-falsification manquant ou incorrect ; rechargez la page.",
        "Missing or wrong anti-forgery token; reload the page.",
    ),
    "not_allowed": ("Action non autorisée{reason_fr}.", "Not allowed{reason_en}."),
    "trust_required": (
        "Votre compte est trop récent pour cela (niveau de confiance {level} requis) : "
        "participez quelques jours aux salons publics, dans le respect des règles, "
        "pour le débloquer.",
        "Your account is too new for this (trust level {level} required): take part in "
        "public rooms for a while, within the rules, to unlock it.",
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
        "Trop de tentatives : réessayez dans {retry_after} s.",
        "Too many attempts: try again in {retry_after} s.",
    ),
    "blocked": ("Cette personne n'est pas joignable.", "This person cannot be reached."),
    "too_long": (
        "Message trop long ({max} caractères au plus).",
        "Message too long ({max} characters at most).",
    ),
    "not_joined": (
        "Rejoignez d'abord ce salon.",
        "Join this room first.",
    ),
    "blocked_by_filter": (
        "Message refusé par le filtre de sécurité ({reasons}).",
        "Message refused by the safety filter ({reasons}).",
    ),
    "held_for_review": (
        "Message retenu pour vérification par un modérateur ({reasons}).",
        "Message held for review by a moderator ({reasons}).",
    ),
    "account_suspended": (
        "Votre compte est suspendu : consultez vos notifications pour en connaître les raisons "
        "et faire appel.",
        "Your account is suspended: see your notices for the reasons and how to appeal.",
    ),
    "muted": (
        "Vous êtes en sourdine jusqu'à {until}.",
        "You are muted until {until}.",
    ),
    "city_change_limited": (
        "Vous avez déjà changé de ville {limit} fois : réessayez dans {retry_after} s.",
        "You have already changed city {limit} times: try again in {retry_after} s.",
    ),
    "too_large": ("Trame trop volumineuse.", "Frame too large."),
    "internal": ("Erreur interne ; réessayez.", "Internal error; please retry."),
    "unavailable": (
        "Le service est momentanément indisponible : réessaie dans {retry_after} s.",
        "The service is briefly unavailable: try again in {retry_after} s.",
    ),
    "method_not_allowed": ("Méthode non permise.", "Method not allowed."),
    "case_closed": ("Ce dossier est déjà clos.", "This case is already closed."),
    "already_appealed": (
        "Vous avez déjà fait appel de cette décision.",
        "You have already appealed this decision.",
    ),
    "attestation_invalid": (
        "Attestation d'âge refusée ({reason}) : demandez un nouveau code et recommencez.",
        "Age attestation refused ({reason}): ask for a new code and try again.",
    ),
    "confirm_mismatch": (
        "Pour confirmer la suppression de votre compte, tapez votre pseudo.",
        "To confirm the deletion of your account, type your pseudonym.",
    ),
    "wrong_password": (
        "Mot de passe incorrect : votre compte n'a pas été supprimé.",
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
    "minor": (
        "Causerie+ est réservé aux personnes majeures",
        "Causerie+ is for adults only",
    ),
    "awaiting_acceptance": (
        "attendez que votre demande soit acceptée",
        "wait until your request is accepted",
    ),
    "declined": ("la conversation a été refusée", "the conversation was declined"),
    "declined_recently": (
        "votre demande a été refusée il y a moins de 30 jours",
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
        "activez d'abord votre visibilité « à proximité »",
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
    values["field_fr"] = f" (champ « {field} »)" if field else ""
    values["field_en"] = f" (field '{field}')" if field else ""
    reason = params.get("reason")
    reason_text = _REASONS[reason][index] if reason in _REASONS else reason
    values["reason_fr"] = values["reason_en"] = f" : {reason_text}" if reason_text else ""
    if language == "en" and reason_text:
        values["reason_en"] = f": {reason_text}"
    reasons = params.get("reasons")
    if isinstance(reasons, list | tuple):
        values["reasons"] = ", ".join(str(r) for r in reasons)
    values.setdefault("reason", "")
    values.setdefault("reasons", "")
    values.setdefault("until", "")
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template
