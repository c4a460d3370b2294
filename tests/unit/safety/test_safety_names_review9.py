"""Review 9 (s9fix3): names that passed the names check although the message
rules would refuse their words — staff look-alikes built on "safety"/"team",
"sl0t" beside a minor word, fathers "and" little girls, school grades with
a sexual word, a rapist's name worn with pride, a partner asleep offered in a
room name, a bio that says which children's ages it likes."""

from __future__ import annotations

import pytest

from causerie.safety.names import check_name


@pytest.mark.parametrize(
    ("kind", "text", "reason"),
    [
        ("pseudo", "SafetyTeam", "staff_impersonation"),
        ("pseudo", "Safety_Team", "staff_impersonation"),
        ("pseudo", "safety.officer", "staff_impersonation"),
        ("pseudo", "TeamSafety", "staff_impersonation"),
        ("pseudo", "Equipe-Moderation", "staff_impersonation"),
        ("pseudo", "team_causerie", "staff_impersonation"),
        ("pseudo", "teen_sl0t", "minor_sexualisation"),
        ("pseudo", "ado_slot", "minor_sexualisation"),
        ("pseudo", "petite_sl0ts", "minor_sexualisation"),
        ("room", "Papas et petites filles 🔥", "minor_sexualisation"),
        ("pseudo", "daddies_n_little_girls", "minor_sexualisation"),
        ("room", "Tontons et fillettes", "minor_sexualisation"),
        ("room", "Collège hot 4e 3e", "minor_sexualisation"),
        ("pseudo", "quatrieme_chaudes", "minor_sexualisation"),
        ("room", "8th grader sexy", "minor_sexualisation"),
        ("pseudo", "violeur_du_93", "threat"),
        ("pseudo", "Th3_V1ol3ur", "threat"),
        ("pseudo", "RapistKing", "threat"),
        ("room", "Ma femme endormie, venez", "recruitment"),
        ("room", "wife asleep come over", "recruitment"),
        ("pseudo", "CopineDroguee", "recruitment"),
        ("bio", "j'aime les petites de 13-14 ans, discrétion", "minor_sexualisation"),
        ("bio", "je kiffe les filles de 4e", "minor_sexualisation"),
        ("bio", "je vais te retrouver et te tuer", "threat"),
    ],
)
def test_names_the_message_rules_would_refuse_are_refused(
    kind: str, text: str, reason: str
) -> None:
    verdict = check_name(text, kind)
    assert not verdict.allowed
    assert verdict.reason == reason


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("pseudo", "Papa_de_Lea"),
        ("pseudo", "TeamFoot93"),
        ("pseudo", "Sam_support_OM"),
        ("pseudo", "Léa2009"),
        ("room", "Parents d'ados"),
        ("room", "Papas et enfants au parc"),
        ("room", "Collège Jean Moulin 4e B"),
        ("pseudo", "Lea_4e_B"),
        ("pseudo", "hotel_15"),
        ("pseudo", "Hot3eme"),
        ("room", "Femmes enceintes"),
        ("room", "Safety first, les parents"),
        ("pseudo", "SafeSpace_Lea"),
        ("pseudo", "Physiotherapist_Ana"),
        ("bio", "maman de deux ados, j'aime la rando"),
        ("bio", "15 ans, en seconde, fan de foot"),
    ],
)
def test_ordinary_names_stay_allowed(kind: str, text: str) -> None:
    assert check_name(text, kind).allowed
