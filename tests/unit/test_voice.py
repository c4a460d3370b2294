"""One voice (issue 16): French texts say "tu", and people never see the
machine's codes (field names, filter categories, reason words)."""

from __future__ import annotations

import re

import pytest

from causerie.transport.i18n import _MESSAGES, _REASONS, render

VOUS = re.compile(r"\b(vous|votre|vos)\b|\b\w+ez\b", re.IGNORECASE)
# French words ending in -ez that are not a "vous" verb form.
NOT_VOUS = {"chez", "assez", "nez"}


@pytest.mark.parametrize("code", sorted(_MESSAGES))
def test_french_says_tu(code: str) -> None:
    french = _MESSAGES[code][0]
    found = [m.group(0) for m in VOUS.finditer(french) if m.group(0).lower() not in NOT_VOUS]
    assert not found, f"{code}: {found} in {french!r}"


def test_reason_phrases_say_tu() -> None:
    for code, (french, _) in _REASONS.items():
        found = [m.group(0) for m in VOUS.finditer(french) if m.group(0).lower() not in NOT_VOUS]
        assert not found, f"{code}: {found}"


def test_no_internal_code_reaches_people() -> None:
    cases = [
        ("invalid", {"field": "password"}),
        ("invalid", {"field": "client_id"}),
        ("blocked_by_filter", {"reasons": ["minor_sexualisation", "model:threat"]}),
        ("held_for_review", {"reasons": ["phone_number", "some_new_code"]}),
        ("name_not_allowed", {"reason": "staff_impersonation"}),
        ("not_allowed", {"reason": "an_unknown_reason"}),
        ("attestation_invalid", {"reason": "bad_nonce"}),
    ]
    for code, params in cases:
        for language in ("fr", "en"):
            text = render(code, params, language)
            assert "_" not in text and "model:" not in text, (code, language, text)
            assert "password" not in text or language == "en"


def test_fields_and_categories_in_words() -> None:
    assert render("invalid", {"field": "password"}, "fr") == (
        "Ce qui a été saisi ne convient pas : vérifie le champ « mot de passe »."
    )
    assert render("invalid", {"field": "password"}, "en") == (
        "What was entered is not valid: check the password field."
    )
    assert render("invalid", {}, "fr") == "Ce qui a été saisi ne convient pas."
    french = render("blocked_by_filter", {"reasons": ["threat", "model:threat", "hate"]}, "fr")
    assert french == "Message refusé par le filtre de sécurité (menace, haine)."
    assert render("blocked_by_filter", {"reasons": ["unknown"]}, "en") == (
        "Message refused by the safety filter."
    )


def test_the_client_knows_the_servers_mask() -> None:
    from importlib import resources

    from causerie.safety.verdict import MASK_TOKEN

    model = (resources.files("causerie") / "web" / "model.js").read_text()
    assert f'export const MASK_TOKEN = "{MASK_TOKEN}";' in model
