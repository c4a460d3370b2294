"""One voice (issue 16): French texts say "tu", and people never see the
machine's codes (field names, filter categories, reason words)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from causerie.i18n.catalogue import compiled, source
from causerie.transport.i18n import render

VOUS = re.compile(r"\b(vous|votre|vos)\b|\b\w+ez\b", re.IGNORECASE)
# French words ending in -ez that are not a "vous" verb form; "rendez-vous" is a noun.
NOT_VOUS = {"chez", "assez", "nez"}
# A machine word: snake_case, or a "model:" category.
CODE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\bmodel:[a-z]")


def _literals(compact: Any) -> list[str]:
    """The words of a compiled message, without its argument names."""
    if isinstance(compact, str):
        return [compact]
    words: list[str] = []
    for part in compact:
        if isinstance(part, str):
            words.append(part)
        elif len(part) > 2 and isinstance(part[2], dict):
            for branch in part[2].values():
                words.extend(_literals(branch))
    return words


@pytest.mark.parametrize("key", sorted(source("fr")))
def test_french_says_tu(key: str) -> None:
    french = source("fr")[key].replace("rendez-vous", "rendez_vous")
    found = [m.group(0) for m in VOUS.finditer(french) if m.group(0).lower() not in NOT_VOUS]
    assert not found, f"{key}: {found} in {french!r}"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_message_shows_a_machine_code(language: str) -> None:
    shown = {
        key: [m.group(0) for text in _literals(value) for m in CODE.finditer(text)]
        for key, value in compiled(language).items()
    }
    assert {key: codes for key, codes in shown.items() if codes} == {}


def test_the_scan_would_catch_a_code() -> None:
    assert CODE.search("Message refusé (minor_sexualisation).")
    assert not _literals([["reason"]])  # an argument's name is not shown


def test_no_internal_code_reaches_people() -> None:
    cases = [
        ("invalid", {"field": "password"}),
        ("invalid", {"field": "client_id"}),
        ("blocked_by_filter", {"reasons": ["minor_sexualisation", "model:threat"]}),
        ("held_for_review", {"reasons": ["phone_number", "some_new_code"]}),
        ("name_not_allowed", {"reason": "staff_impersonation"}),
        ("not_allowed", {"reason": "an_unknown_reason"}),
        ("attestation_invalid", {"reason": "bad_nonce"}),
        ("a_code_nobody_wrote", {}),
    ]
    for code, params in cases:
        for language in ("fr", "en"):
            text = render(code, params, language)
            assert "_" not in text and "model:" not in text, (code, language, text)
            assert "{" not in text, (code, language, text)
            assert "password" not in text or language == "en"


def test_fields_and_categories_in_words() -> None:
    assert render("invalid", {"field": "gender"}, "fr") == (
        "Ce qui a été saisi ne convient pas : vérifie le champ « genre »."
    )
    assert render("invalid", {"field": "gender"}, "en") == (
        "What was entered is not valid: check the gender field."
    )
    assert render("invalid", {}, "fr") == "Ce qui a été saisi ne convient pas."
    french = render("blocked_by_filter", {"reasons": ["threat", "model:threat", "hate"]}, "fr")
    assert french == "Message refusé par le filtre de sécurité (menace, haine)."
    assert render("blocked_by_filter", {"reasons": ["unknown"]}, "en") == (
        "Message refused by the safety filter."
    )
    assert render("not_allowed", {"reason": "declined"}, "fr") == (
        "Action non autorisée : la conversation a été refusée."
    )
    assert render("name_not_allowed", {"reason": "reserved"}, "en") == (
        "This name is not allowed by our rules (reserved name)."
    )


def test_a_field_with_a_rule_states_the_rule() -> None:
    """A refused pseudo or password says what is wrong with it, with the
    limits the refusal carries."""
    assert render("invalid", {"field": "password", "min": 8, "max": 256}, "fr") == (
        "Le mot de passe doit faire entre 8 et 256 caractères."
    )
    english = render("invalid", {"field": "pseudo", "min": 3, "max": 24}, "en")
    assert english.startswith("A pseudo is 3 to 24 characters: letters")


def test_limits_fill_the_sentence() -> None:
    assert render("rate_limited", {"retry_after": 12}, "fr") == (
        "Trop de tentatives : réessaie dans 12 s."
    )
    assert render("too_young", {}, "en") == "Causerie is for people aged 15 and over."


def test_a_mute_ends_on_a_date_in_the_readers_words() -> None:
    until = "2026-12-02T14:05:00+00:00"
    assert render("muted", {"until": until}, "fr") == (
        "Tu es en sourdine jusqu'au 2 décembre 2026 à 14:05 (UTC)."
    )
    assert render("muted", {"until": until}, "en") == (
        "You are muted until 2 December 2026, 14:05 (UTC)."
    )


def test_the_client_knows_the_servers_mask() -> None:
    from importlib import resources

    from causerie.safety.verdict import MASK_TOKEN

    model = (resources.files("causerie") / "web" / "model.js").read_text()
    assert f'export const MASK_TOKEN = "{MASK_TOKEN}";' in model
