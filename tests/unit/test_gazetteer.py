"""The offline gazetteer: shipped data, search, resolve, file format."""

from __future__ import annotations

import dataclasses
import gzip
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from causerie import ports
from causerie.adapters.gazetteer import (
    MAX_LIMIT,
    CityRecord,
    Gazetteer,
    default_data_path,
    fold_place_name,
    write_city_file,
)
from causerie.domain.models import City


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer().load()


def _shipped_rows() -> list[list[str]]:
    """The city lines of the shipped file, parsed independently of the adapter."""
    lines = gzip.decompress(default_data_path().read_bytes()).decode("utf-8").split("\n")
    count = int(lines[0].split("\t")[2])
    return [line.split("\t") for line in lines[2 : 2 + count]]


@pytest.fixture(scope="module")
def rows() -> list[list[str]]:
    return _shipped_rows()


def _implements_port(gazetteer: ports.Gazetteer) -> ports.Gazetteer:
    return gazetteer  # mypy checks the adapter against the port here


# --- the shipped data ------------------------------------------------------------


def test_loads_lazily() -> None:
    # Load time is measured in bench/ (about 0.06 s), never asserted here.
    gazetteer = Gazetteer()
    assert gazetteer._index is None  # nothing read at construction
    gazetteer.load()
    assert gazetteer._index is not None
    assert len(_implements_port(gazetteer).search("a")) > 0


def test_shipped_file_is_compact() -> None:
    assert default_data_path().stat().st_size < 3_000_000


def test_covers_french_communes_and_french_speaking_countries(rows: list[list[str]]) -> None:
    per_country = Counter(row[4] for row in rows)
    assert per_country["France"] > 15_000
    for country in ("Belgique", "Suisse", "Luxembourg", "Monaco", "Canada", "Maroc", "Algérie"):
        assert per_country[country] > 0, country
    for country in ("Tunisie", "Sénégal", "Côte d'Ivoire", "Cameroun"):
        assert per_country[country] > 0, country
    quebec = [row for row in rows if row[2] == "Québec"]
    assert len(quebec) > 300
    assert all(int(row[5]) >= 500 for row in rows if row[4] == "France")


def test_regions_are_names_not_codes(rows: list[list[str]]) -> None:
    code = re.compile(r"^[A-Z0-9]{1,3}$|^\d+$")
    for row in rows:
        region = row[2]
        assert region and not code.match(region), row
    regions = {row[2] for row in rows if row[4] == "France"}
    assert "Auvergne-Rhône-Alpes" in regions
    assert "Bretagne" in regions  # French names, not GeoNames' English "Brittany"


def test_no_city_districts(rows: list[list[str]]) -> None:
    # Location is the city, never finer: arrondissements are not places.
    names = {row[1] for row in rows}
    assert not any(re.match(r"^(Paris|Lyon|Marseille) \d", name) for name in names)
    assert not any("(Kreis" in name for name in names)


def test_rows_most_populous_first(rows: list[list[str]]) -> None:
    populations = [int(row[5]) for row in rows]
    assert populations == sorted(populations, reverse=True)


def test_stored_keys_agree_with_the_folding(rows: list[list[str]], gazetteer: Gazetteer) -> None:
    # The keys are folded at build time; a change to fold_place_name without a
    # rebuild must fail here rather than silently break search.
    for row in rows[:: max(1, len(rows) // 2000)]:
        found = gazetteer.resolve(row[1])
        assert found is not None, row[1]
        assert fold_place_name(found.name) == fold_place_name(row[1])


# --- search --------------------------------------------------------------------------


def test_lyo_finds_lyon_first(gazetteer: Gazetteer) -> None:
    results = gazetteer.search("lyo")
    assert results[0].name == "Lyon"
    assert results[0].country == "France"
    assert results[0].region == "Auvergne-Rhône-Alpes"


@pytest.mark.parametrize(
    "query", ["saint-étienne", "st etienne", "Saint Etienne", "ST-ÉTIENNE", "sainte", "st-e"]
)
def test_saint_etienne_however_typed(gazetteer: Gazetteer, query: str) -> None:
    names = [city.name for city in gazetteer.search(query, limit=50)]
    if query in {"sainte"}:
        assert all(fold_place_name(name).startswith("sainte") for name in names)
    else:
        assert names[0] == "Saint-Étienne"


def test_accents_and_case_do_not_matter(gazetteer: Gazetteer) -> None:
    assert gazetteer.search("orleans")[0].name == "Orléans"
    assert gazetteer.search("ÉVRY") == gazetteer.search("evry")
    assert gazetteer.search("besancon")[0].name == "Besançon"
    assert gazetteer.search("Geneve")[0].name == "Genève"


def test_apostrophes_hyphens_and_spaces_do_not_matter(gazetteer: Gazetteer) -> None:
    expected = gazetteer.search("lisle", limit=50)
    assert expected
    assert all(fold_place_name(city.name).startswith("lisle") for city in expected)
    for variant in ("l'isle", "L’Isle", "l isle", "L-ISLE"):
        assert gazetteer.search(variant, limit=50) == expected, variant
    assert any(city.name.startswith("L'Isle-") for city in expected)


def test_st_alone_means_both_st_and_saint(gazetteer: Gazetteer) -> None:
    names = [city.name for city in gazetteer.search("st", limit=50)]
    assert "Strasbourg" in names
    assert any(name.startswith("Saint-") for name in names)
    # A finished word "st " is an abbreviation only.
    finished = gazetteer.search("st ", limit=50)
    assert finished and all(fold_place_name(city.name).startswith("saint") for city in finished)


def test_most_populous_first(gazetteer: Gazetteer) -> None:
    for query in ("sa", "b", "mont", "la"):
        populations = [city.population for city in gazetteer.search(query, limit=50)]
        assert populations == sorted(populations, reverse=True)
        assert len(populations) == 50


def test_limits(gazetteer: Gazetteer) -> None:
    assert len(gazetteer.search("a")) == 10
    assert len(gazetteer.search("a", limit=3)) == 3
    assert len(gazetteer.search("a", limit=1000)) == MAX_LIMIT
    assert gazetteer.search("a", limit=0) == []
    assert gazetteer.search("a", limit=-5) == []


def test_nothing_for_empty_or_unknown_queries(gazetteer: Gazetteer) -> None:
    assert gazetteer.search("") == []
    assert gazetteer.search("  '-' ") == []
    assert gazetteer.search("zzzzqx") == []


def test_french_exonyms_and_original_names(gazetteer: Gazetteer) -> None:
    brussels = gazetteer.search("Bruxelles")[0]
    assert brussels.country == "Belgique"
    assert gazetteer.search("Brussels")[0] == brussels
    assert gazetteer.resolve("Brussels") == brussels
    assert gazetteer.resolve("alger") == gazetteer.resolve("Algiers")


# --- resolve -------------------------------------------------------------------------


def _homonyms(rows: list[list[str]], name: str) -> list[list[str]]:
    key = fold_place_name(name)
    return [row for row in rows if fold_place_name(row[1]) == key]


def test_resolve_paris_is_the_french_capital(gazetteer: Gazetteer, rows: list[list[str]]) -> None:
    assert len(_homonyms(rows, "Paris")) > 1  # Paris, Ontario is in the data too
    paris = gazetteer.resolve("Paris")
    assert paris is not None
    assert (paris.country, paris.region) == ("France", "Île-de-France")
    assert gazetteer.resolve("paris") == gazetteer.resolve(" PARIS ") == paris


@pytest.mark.parametrize("name", ["Saint-Denis", "Valence", "Bruges", "Paris", "Namur"])
def test_resolve_prefers_french_then_most_populous(
    gazetteer: Gazetteer, rows: list[list[str]], name: str
) -> None:
    homonyms = _homonyms(rows, name)
    french = [row for row in homonyms if row[3] == "FR"]
    best = max(french or homonyms, key=lambda row: int(row[5]))
    resolved = gazetteer.resolve(name)
    assert resolved is not None
    assert resolved.id == best[0]


def test_resolve_bruges_is_the_french_one_although_smaller(gazetteer: Gazetteer) -> None:
    bruges = gazetteer.resolve("Bruges")
    brugge = gazetteer.search("Bruges", limit=50)
    assert bruges is not None and bruges.country == "France"
    assert any(
        city.country == "Belgique" and city.population > bruges.population for city in brugge
    )


def test_resolve_spelling_variants(gazetteer: Gazetteer) -> None:
    city = gazetteer.resolve("Saint-Étienne")
    assert city is not None
    for variant in ("st etienne", "saint etienne", "ST-ETIENNE", "Saint Étienne"):
        assert gazetteer.resolve(variant) == city, variant
    assert gazetteer.resolve("l'isle-adam") == gazetteer.resolve("L Isle Adam") is not None


def test_resolve_is_exact_not_prefix(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Lyo") is None
    assert gazetteer.resolve("") is None
    assert gazetteer.resolve("nowhere-at-all") is None


def test_ids_round_trip(gazetteer: Gazetteer, rows: list[list[str]]) -> None:
    for row in rows[:: max(1, len(rows) // 500)]:
        city = gazetteer.get(row[0])
        assert city is not None
        assert (city.id, city.name, city.region, city.country) == (row[0], row[1], row[2], row[4])
        assert gazetteer.resolve(city.id) == city
        assert gazetteer.get(city.id) == city
    assert gazetteer.get("0") is None
    assert gazetteer.get("Paris") is None


def test_coordinates_stay_in_the_domain_object(gazetteer: Gazetteer) -> None:
    # City carries its centroid for the server's distance computations; the
    # public shape (id, name, region, country) is built by transport, and no
    # other field of City carries a location.
    city = gazetteer.resolve("Lyon")
    assert city is not None
    assert 45 < city.lat < 46 and 4 < city.lon < 5
    fields = {field.name for field in dataclasses.fields(City)}
    assert fields - {"lat", "lon"} == {"id", "name", "region", "country", "population"}
    for text in (city.id, city.name, city.region, city.country):
        assert str(city.lat)[:5] not in text


# --- the file format, on small generated data ------------------------------------


_NAME_PARTS = st.sampled_from(
    [
        "Saint",
        "St",
        "Sainte",
        "Ste",
        "L'",
        "Isle",
        "Étienne",
        "etienne",
        "Mont",
        "Val",
        "Œuf",
        "sur",
        "la",
        "Ré",
        "re",
        "Stra",
    ]
)
_NAMES = st.lists(_NAME_PARTS, min_size=1, max_size=3).flatmap(
    lambda parts: st.sampled_from(["-", " ", ""]).map(lambda sep: sep.join(parts))
)


@st.composite
def _records(draw: st.DrawFn) -> list[CityRecord]:
    names = draw(st.lists(_NAMES, min_size=1, max_size=30))
    records = []
    for number, name in enumerate(names, start=1):
        country_code = draw(st.sampled_from(["FR", "BE", "CA"]))
        records.append(
            CityRecord(
                City(
                    id=str(number),
                    name=name,
                    region="Région",
                    country="France" if country_code == "FR" else "Ailleurs",
                    population=draw(st.integers(500, 10_000)),
                    lat=draw(st.floats(-89, 89)),
                    lon=draw(st.floats(-179, 179)),
                ),
                country_code=country_code,
            )
        )
    return records


def _write(tmp_path: Path, records: list[CityRecord]) -> Gazetteer:
    path = tmp_path / "cities.tsv.gz"
    write_city_file(path, records)
    return Gazetteer(path)


@settings(max_examples=60, deadline=None)
@given(records=_records(), query=_NAMES)
def test_search_matches_brute_force(
    tmp_path_factory: pytest.TempPathFactory, records: list[CityRecord], query: str
) -> None:
    gazetteer = _write(tmp_path_factory.mktemp("g"), records)
    # Queries ending in a complete word: the prefix is the folded query.
    prefix = fold_place_name(query + " ")
    expected = sorted(
        (r.city for r in records if fold_place_name(r.city.name).startswith(prefix)),
        key=lambda city: (-city.population, city.id),
    )
    found = gazetteer.search(query + " ", limit=MAX_LIMIT)
    assert [city.id for city in found] == [city.id for city in expected[:MAX_LIMIT]]


@settings(max_examples=60, deadline=None)
@given(records=_records(), name=_NAMES)
def test_resolve_matches_brute_force(
    tmp_path_factory: pytest.TempPathFactory, records: list[CityRecord], name: str
) -> None:
    gazetteer = _write(tmp_path_factory.mktemp("g"), records)
    key = fold_place_name(name)
    homonyms = [r for r in records if fold_place_name(r.city.name) == key]
    french = [r for r in homonyms if r.country_code == "FR"]
    pool = french or homonyms
    expected = min(pool, key=lambda r: (-r.city.population, r.city.id)).city if pool else None
    resolved = gazetteer.resolve(name)
    assert (resolved and resolved.id) == (expected and expected.id)
    for record in records:
        city = gazetteer.get(record.city.id)
        assert city is not None
        assert dataclasses.replace(city, lat=0, lon=0) == dataclasses.replace(
            record.city, lat=0, lon=0
        )
        assert (city.lat, city.lon) == pytest.approx((record.city.lat, record.city.lon), abs=1e-5)


def test_rejects_a_file_of_another_format(tmp_path: Path) -> None:
    path = tmp_path / "cities.tsv.gz"
    path.write_bytes(gzip.compress(b"id\tname\n1\tParis\n"))
    with pytest.raises(ValueError, match="city file"):
        Gazetteer(path).load()


def test_folding() -> None:
    assert fold_place_name("Saint-Étienne") == fold_place_name("st etienne") == "saintetienne"
    assert fold_place_name("Sainte-Foy") == fold_place_name("Ste Foy") == "saintefoy"
    assert fold_place_name("L’Haÿ-les-Roses") == "lhaylesroses"
    assert fold_place_name("Œuilly") == "oeuilly"
    assert fold_place_name("Stains") == "stains"  # "st" only as a whole word
