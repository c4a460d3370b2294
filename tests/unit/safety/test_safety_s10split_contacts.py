"""Session 10 (s10split), class 2: contact details whose separators are
decorated (emoji, bullets, brackets, words) so that no e-mail or handle
pattern sees them; numbers, scores and ordinary talk about mail providers
and apps stay allowed."""

from __future__ import annotations

import pytest

from causerie.safety.pipeline import MessageFilter, SenderContext

TEEN = SenderContext("teen", trust_level=2, account_age_days=60)
NEW_GUEST = SenderContext("adult", trust_level=0, account_age_days=0.5)


@pytest.mark.parametrize(
    "text",
    [
        "lulu93 🌀 gmail • com",
        "écris moi sur lulu93 • gmail • com",
        "jojo_75 ⭐ hotmail ⭐ fr",
        "max.b 💌 outlook 🔹 fr",
        "lulu93 (a) gmail (.) com",
        "lulu93 [a] gmail [.] com",
        "lulu93 (arobase) gmail (point) com",
        "lulu93 arobaz gmail",
        "lulu.93 🌀 gmail",
        "lulu93 gmail com",
        "write me: tom_1999 ✨ yahoo ✨ com",
        "l u l u 9 3 @ g m a i l . c o m",
    ],
)
def test_decorated_email_addresses_are_masked(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN)
    assert verdict.decision == "mask"
    assert "email" in verdict.reasons
    assert "gmail" not in verdict.text and "hotmail" not in verdict.text


def test_a_decorated_address_is_an_email_not_a_link(flt: MessageFilter) -> None:
    verdict = flt.check("lulu93 (a) gmail (.) com", NEW_GUEST)
    assert verdict.decision == "mask"
    assert verdict.reasons == ["email"]


@pytest.mark.parametrize(
    "text",
    [
        "snap: l 🌸 e 🌸 a 🌸 2009",
        "👻 lea⭐2009",
        "ig 👉🏻 lea.2009",
        "insta 👇🏽 jojo_75",
        "tiktok: lea•2009",
        "add me on insta 💫 m 💫 a 💫 x 💫 0 💫 7",
    ],
)
def test_decorated_handles_are_masked(flt: MessageFilter, text: str) -> None:
    verdict = flt.check(text, TEEN)
    assert verdict.decision == "mask"
    assert "social_handle" in verdict.reasons
    assert "2009" not in verdict.text and "75" not in verdict.text and "0 💫 7" not in verdict.text


@pytest.mark.parametrize(
    "text",
    [
        "je préfère gmail à outlook",
        "mon compte gmail a été piraté 😭",
        "j'ai 2 comptes gmail",
        "il a gmail et moi outlook",
        "free ⭐ orange ⭐ sfr c'est pareil",
        "je suis chez free depuis 10 ans",
        "on se voit en live 😂",
        "hotmail ça existe encore ? 😂",
        "snap: ok 👍 merci",
        "snap: lol 😂 mdr",
        "mon insta 💕 j'adore",
        "score 3 ⭐ 2 ⭐ 1",
        "à 18h ⭐ 19h",
        "ce film c'est 4 ⭐ sur 5",
    ],
)
def test_talk_about_providers_apps_and_scores_stays_allowed(flt: MessageFilter, text: str) -> None:
    assert flt.check(text, TEEN).decision == "allow"
