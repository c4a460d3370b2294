"""The community rules moderators decide by (issue 16, item 9). A decision
names one of them: the statement of reasons (DSA art. 17(3)(e)) then cites
the same words every member can read, in the member's language, instead of
whatever a moderator happened to type."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    number: int
    fr: str
    en: str
    # Report reasons and automatic signals this rule usually answers: the
    # console suggests it first for such a case.
    reasons: tuple[str, ...] = ()

    def cite(self, language: str) -> str:
        """ "Règle 1 — …" / "Rule 1 — …": how a notice names the rule."""
        if language == "en":
            return f"Rule {self.number} — {self.en}"
        return f"Règle {self.number} — {self.fr}"


RULES: tuple[Rule, ...] = (
    Rule(
        "harassment",
        1,
        "Pas de harcèlement ni d'insultes envers une personne",
        "No harassment or insults aimed at a person",
        ("harassment", "held_by_filter"),
    ),
    Rule(
        "hate",
        2,
        "Pas de propos haineux (origine, religion, genre, orientation, handicap)",
        "No hate (origin, religion, gender, orientation, disability)",
        ("hate",),
    ),
    Rule(
        "sexual_content",
        3,
        "Pas de contenu sexuel non sollicité",
        "No unsolicited sexual content",
        ("sexual_content", "photo_request"),
    ),
    Rule(
        "minors",
        4,
        "Aucune approche sexuelle ni aucun rendez-vous avec un·e mineur·e",
        "No sexual approach to a minor, no meeting with a minor",
        ("minor_at_risk", "age_question", "age_band_mismatch", "nudity_minor", "known_image"),
    ),
    Rule(
        "threats",
        5,
        "Pas de menace, de violence ni d'appel à nuire à quelqu'un",
        "No threats, violence or calls to harm anyone",
        ("threat", "recruitment", "meeting_danger", "risk_high", "risk_medium"),
    ),
    Rule(
        "personal_data",
        6,
        "Pas de diffusion des données personnelles d'autrui",
        "No sharing of other people's personal data",
        ("personal_data", "doxxing"),
    ),
    Rule(
        "scams",
        7,
        "Pas d'arnaque, de chantage ni de sextorsion",
        "No scams, blackmail or sextortion",
        ("scam", "sextortion"),
    ),
    Rule(
        "spam",
        8,
        "Pas de spam ni de publicité",
        "No spam or advertising",
        ("spam",),
    ),
    Rule(
        "one_account",
        9,
        "Un compte par personne, sans contourner une sanction",
        "One account per person, no getting round a sanction",
        ("possible_ban_evasion", "shared_network"),
    ),
)

_BY_ID = {rule.id: rule for rule in RULES}


def rule_by_id(rule_id: str) -> Rule | None:
    return _BY_ID.get(rule_id)


def suggested(reasons: tuple[str, ...] | list[str]) -> list[str]:
    """The rules that fit a case's reasons, in catalogue order."""
    wanted = set(reasons)
    return [rule.id for rule in RULES if wanted.intersection(rule.reasons)]


def cited_by(text: str | None) -> list[str]:
    """The catalogue rules a statement cites (an appeal is suggested the
    rule of the decision it contests)."""
    if not text:
        return []
    return [rule.id for rule in RULES if text in (rule.cite("fr"), rule.cite("en"))]
