"""The one message catalogue (causerie/i18n): both languages say the same
things with the same arguments, every key the code asks for exists, and the
formatter follows each language's plural and date rules."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from causerie.domain.bands import Band
from causerie.domain.models import Gender, User
from causerie.domain.moderation import Action
from causerie.i18n import LANGUAGES, client_catalogue, message, source
from causerie.i18n.catalogue import SERVER_ONLY, compile_message, compiled
from causerie.i18n.formatting import format_compact
from causerie.services import notices

SRC = Path(__file__).resolve().parents[2] / "src" / "causerie"


def _arguments(compact: Any) -> set[str]:
    if isinstance(compact, str):
        return set()
    names: set[str] = set()
    for part in compact:
        if isinstance(part, list):
            names.add(part[0])
            if len(part) > 2 and isinstance(part[2], dict):
                for branch in part[2].values():
                    names |= _arguments(branch)
    return names


def test_both_languages_have_the_same_keys() -> None:
    french, english = set(source("fr")), set(source("en"))
    assert sorted(french - english) == []
    assert sorted(english - french) == []


def test_both_languages_use_the_same_arguments() -> None:
    fr, en = compiled("fr"), compiled("en")
    differ = {key: (_arguments(fr[key]), _arguments(en[key])) for key in fr}
    assert {k: v for k, v in differ.items() if v[0] != v[1]} == {}


def test_keys_the_server_asks_for_exist() -> None:
    """Every literal key given to message()/has() in the server's modules
    that use the catalogue."""
    asked = re.compile(r"""\b(?:message|has)\(\s*["']([a-z][\w.-]+)["']""")
    texts = [path.read_text("utf-8") for path in SRC.rglob("*.py")]
    used = {
        key for text in texts if "from causerie.i18n import" in text for key in asked.findall(text)
    }
    assert "statement.sanction" in used  # the scan sees the code
    assert sorted(used - set(source("fr"))) == []


def test_the_browser_gets_no_server_sentences() -> None:
    for language in LANGUAGES:
        sent = client_catalogue(language)
        assert "home.recent" in sent
        assert not [key for key in sent if key.startswith(SERVER_ONLY)]


def test_plurals_follow_each_language() -> None:
    # French: 0 and 1 are singular; English: only 1.
    assert message("home.recent", "fr", n=0) == "0 message dans la dernière heure"
    assert message("home.recent", "en", n=0) == "0 messages in the last hour"
    assert message("home.recent", "en", n=1) == "1 message in the last hour"
    assert message("home.recent", "fr", n=1200) == "1\u202f200 messages dans la dernière heure"


def test_exact_plural_select_and_missing_arguments() -> None:
    compact = compile_message("{n, plural, =0 {none} one {# item} other {# items}}")
    assert format_compact(compact, {"n": 0}, "en") == "none"
    assert format_compact(compact, {"n": 2}, "en") == "2 items"
    choice = compile_message("{g, select, female {elle} other {iel}}")
    assert format_compact(choice, {"g": "female"}, "fr") == "elle"
    assert format_compact(choice, {"g": "unknown"}, "fr") == "iel"
    assert format_compact(compile_message("Salut {p} !"), {}, "fr") == "Salut {p} !"
    assert compile_message("It''s '{'literal'}'") == "It's {literal}"


def test_unknown_language_and_key_fall_back() -> None:
    assert message("nav.rooms", "de") == "Salons"
    assert message("no.such.key", "en") == "no.such.key"


def _user(language: str) -> User:
    return User(
        id="u1",
        pseudo="lea",
        pseudo_key="lea",
        gender=Gender.FEMALE,
        age=20,
        band=Band.ADULT,
        city_id="c1",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        language=language,
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Ton compte est suspendu jusqu'au 2 décembre 2026 à 14:05 (UTC). Faits : "),
        ("en", "Your account is suspended until 2 December 2026, 14:05 (UTC). Facts: "),
    ],
)
def test_statements_give_dates_in_the_readers_words(language: str, expected: str) -> None:
    until = datetime(2026, 12, 2, 14, 5, tzinfo=UTC)
    text = notices.sanction_text(_user(language), Action.SUSPEND, "R1", "spam.", until)
    assert text.startswith(expected)
    assert "2026-12-02" not in text


def test_a_reduced_sanction_names_its_new_end() -> None:
    until = datetime(2026, 12, 9, 8, 0, tzinfo=UTC)
    text = notices.appeal_reduced_text(_user("fr"), Action.MUTE, until, "Motif.")
    assert text == (
        "Ton appel est accepté en partie : la sanction est réduite à une sourdine "
        "jusqu'au 9 décembre 2026 à 08:00 (UTC). Motif."
    )
    assert notices.appeal_reduced_text(_user("en"), Action.WARN, None, "") == (
        "Your appeal was partly granted: the sanction is reduced to a warning."
    )


def test_keys_the_browser_asks_for_exist() -> None:
    """Every literal key given to t(), tn() or has() in the web client is in
    the catalogue every page loads, or in a part the module loads itself."""
    asked = re.compile(r"""(?:(?<![.\w])|(?<=words\.))(?:t|tn|has)\(\s*["']([a-z][\w.-]*)["']""")
    loads_part = re.compile(r"""await loadPart\(["'](\w+)["']\)""")
    main = set(client_catalogue("fr"))
    missing: dict[str, list[str]] = {}
    used: set[str] = set()
    for path in (SRC / "web").rglob("*.js"):
        text = path.read_text("utf-8")
        known = set(main)
        for part in loads_part.findall(text):
            known |= set(client_catalogue("fr", part))
        keys = set(asked.findall(text))
        used |= keys
        if keys - known:
            missing[path.name] = sorted(keys - known)
    assert {"nav.rooms", "home.recent", "mod.title"} <= used  # the scan sees the code
    assert missing == {}


def test_the_moderation_part_is_apart_and_complete() -> None:
    for language in LANGUAGES:
        main, part = client_catalogue(language), client_catalogue(language, "moderation")
        assert part and not set(main) & set(part)
        assert all(k.startswith(("mod.", "tr.", "signal.")) for k in part)
        everything = {k for k in compiled(language) if not k.startswith(SERVER_ONLY)}
        assert set(main) | set(part) == everything


def test_counted_facts_agree_with_their_number() -> None:
    one = message("statement.misuse.warned", "fr", count=1, days=30)
    assert one.startswith("1 de tes messages a été retiré comme illicite en 30 jours ;")
    many = message("statement.misuse.suspended", "en", count=3, days=1)
    assert many == "3 of your messages were removed as illegal in 1 day, after a warning."


def test_the_browser_formats_dates_and_numbers_in_one_regional_form() -> None:
    """Intl gets i18n.js's locale() ("en-GB"), as the server's texts do,
    never the bare language ("en" would give "December 2, 2:05 PM")."""
    bare = re.compile(r"(?:Intl\.\w+|toLocale\w*)\(\s*lang\(\)")
    found = {
        str(path.relative_to(SRC)): bare.findall(path.read_text("utf-8"))
        for path in (SRC / "web").rglob("*.js")
    }
    assert {path: uses for path, uses in found.items() if uses} == {}
    assert bare.search("new Intl.DateTimeFormat(lang(), {})")


def test_counted_words_agree_with_their_number_not_with_parentheses() -> None:
    """A "3 notification(s) non lue(s)" reads as a form, not a sentence: every
    count chooses its words with the language's plural rules."""
    for language in LANGUAGES:
        pseudo = sorted(k for k, v in source(language).items() if "(s)" in v)
        assert pseudo == [], language
    assert message("notices.unread", "fr", n=1) == "1 notification non lue"
    assert message("notices.unread", "fr", n=3) == "3 notifications non lues"
    assert message("notices.unread", "en", n=1) == "1 unread notification"
    assert message("conv.unread", "fr", n=2) == "2 non lus"
    assert message("mod.row.sources", "en", n=2) == "2 sources"
    evidence = message("mod.evidence", "fr", n=1, held=0, bundles=2)
    assert evidence == (
        "1 élément de preuve conservé, dont 0 sous conservation légale, 2 dossiers de transmission."
    )
    # "Sanctions : aucune" (feminine), "Dossiers précédents : aucun".
    assert message("mod.no_sanctions", "fr") == "aucune"
