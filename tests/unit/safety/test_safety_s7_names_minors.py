"""Names that sexualise minors (issue 12, rev12 fault A): a girl or boy word
with a child's age or range, young girls "only" / "que des", "loli"
compounds; and the close names that stay allowed (the novel with its
author, a girl word with no age, "ado" in the teen space, a fan of The
Police)."""

from __future__ import annotations

import pytest

from causerie.safety.names import check_name
from causerie.safety.pipeline import SenderContext, default_filter


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("JeuneFille13", "pseudo"),
        ("jeune_fille_14ans", "pseudo"),
        ("treize_jeunefille", "pseudo"),
        ("girl_13yo", "pseudo"),
        ("boy13", "pseudo"),
        ("lil_g1rl_12", "pseudo"),
        ("yng_g1rls_only", "pseudo"),
        ("YoungGirlsOnly", "pseudo"),
        ("LoliLover", "pseudo"),
        ("loli_hunter", "pseudo"),
        ("LolitaNabokov_13", "pseudo"),
        ("Jeunes filles 12-14 ans", "room"),
        ("Jeunes filles 12 14", "room"),
        ("Que des jeunes filles", "room"),
        ("young girls only", "room"),
        ("Club Lolita 13 ans (Nabokov)", "room"),
    ],
)
def test_a_name_sexualising_minors_is_refused(name: str, kind: str) -> None:
    verdict = check_name(name, kind)
    assert (verdict.allowed, verdict.reason) == (False, "minor_sexualisation")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Lolita (Nabokov) club lecture", "room"),
        ("Lolita Nabokov", "bio"),
        ("JeuneFille", "pseudo"),  # decided: no age, no qualifier
        ("Ado_gamer", "pseudo"),
        ("ado_14", "pseudo"),  # decided: a teen saying their age in the teen space
        ("Girls only", "room"),
        ("Ados only", "room"),
        ("Lea_14", "pseudo"),
        ("Lucas_14ans", "pseudo"),
        ("Cowboy_14", "pseudo"),
        ("girl_2009", "pseudo"),
        ("lolilol", "pseudo"),
        ("PoliceFan_Sting", "pseudo"),
    ],
)
def test_close_ordinary_names_are_allowed(name: str, kind: str) -> None:
    assert check_name(name, kind).allowed


@pytest.mark.parametrize("name", ["Lolita", "Police_Officiel", "PoliceFanOfficiel"])
def test_the_bare_title_and_the_police_stay_refused(name: str) -> None:
    assert not check_name(name).allowed


ADULT = SenderContext("adult", trust_level=2, account_age_days=120, is_private=False)


@pytest.mark.parametrize(
    "text",
    [
        "lecture du soir: Lolita de Nabokov, un roman dérangeant",
        "le film Lolita de Kubrick",
        "I read Nabokov's Lolita, a disturbing novel",
    ],
)
def test_the_novel_named_with_its_author_is_allowed(text: str) -> None:
    assert default_filter().check(text, ADULT).decision == "allow"


@pytest.mark.parametrize(
    "text", ["ma petite lolita tu es belle", "lolita de 13 ans, comme dans le roman"]
)
def test_lolita_aimed_or_with_an_age_is_still_refused(text: str) -> None:
    assert default_filter().check(text, ADULT).decision in ("hold", "block")
