"""Human sentences for every error code, in the reader's language. The code
is the machine's word (the API's contract); the detail is the person's, from
the catalogue (causerie/i18n: ``problem.<code>``)."""

from __future__ import annotations

from typing import Any

from causerie.i18n import LANGUAGES, has, message

SUPPORTED = LANGUAGES
# A select's "nothing to add" branch: the catalogue writes
# ``{field, select, none {} other { : … {field}}}``.
NONE = "none"
# What a sentence assumes when the error did not say (the usual limits).
_DEFAULTS: dict[str, Any] = {"min_age": 15, "level": 1, "max": 2000, "retry_after": 1}


def pick_language(accept_language: str | None, preferred: str | None = None) -> str:
    """The user's setting first, then the first supported Accept-Language."""
    if preferred in SUPPORTED:
        return preferred
    best, best_q = "fr", 0.0
    for part in (accept_language or "").split(","):
        tag, *params = part.split(";")
        primary = tag.strip().lower().split("-")[0]  # "fr-CA" is French, "frr" is not
        q = 1.0
        for param in params:
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        # The highest weight wins, the first among equals; q=0 means "not this".
        if primary in SUPPORTED and q > best_q:
            best, best_q = primary, q
    return best


def _word(prefix: str, code: object, language: str) -> str:
    """The words for a code, or NONE: people never see the code itself."""
    if isinstance(code, str) and has(f"{prefix}.{code}"):
        return message(f"{prefix}.{code}", language)
    return NONE


def _categories(codes: list[str], language: str) -> str:
    """Safety categories in words ("model:<c>" is the learned layer's word
    for the same category); unknown codes are left out."""
    words: list[str] = []
    for code in codes:
        word = _word("category", code.removeprefix("model:"), language)
        if word != NONE and word not in words:
            words.append(word)
    return ", ".join(words) if words else NONE


def render(code: str, params: dict[str, Any], language: str) -> str:
    key = f"problem.{code}" if has(f"problem.{code}") else "problem.invalid"
    # A field with a stated rule gets the rule ("3 to 24 characters: …"),
    # not only the field's name, when the refusal carries its limits.
    if code == "invalid" and "max" in params and has(f"problem.invalid.{params.get('field')}"):
        key = f"problem.invalid.{params['field']}"
    args: dict[str, Any] = {**_DEFAULTS, **params}
    args["field"] = _word("problem.field", params.get("field"), language)
    reason = params.get("reason")
    reasons = params.get("reasons")
    args["reason"] = _word("problem.reason", reason, language)
    if isinstance(reasons, list | tuple):
        args["categories"] = _categories([str(r) for r in reasons], language)
    elif isinstance(reason, str):
        args["categories"] = _categories([reason], language)
    else:
        args["categories"] = NONE
    if "until" not in params:
        args.pop("until", None)
    return message(key, language, **args)
