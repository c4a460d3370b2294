"""The offline city gazetteer: the ``Gazetteer`` port over the shipped
``causerie/data/cities.tsv.gz`` (built once by ``scripts/build_gazetteer.py``).

Names are matched on a folded key, computed by ``fold_place_name`` when the
file is built and stored in it: ASCII transliteration, lower case, every
character that is not a letter or digit dropped (so hyphens, apostrophes,
spaces and dots do not matter), and the whole words ``st``/``ste`` read as
``saint``/``sainte``. Keys are kept in one sorted list, so a prefix search is
two bisections. The file is read on first use (or by ``load()``).
"""

from __future__ import annotations

import bisect
import gzip
import heapq
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from anyascii import anyascii

from causerie.domain.models import City

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
FRANCE = "FR"

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}
# Sorts after every character a key may hold, to bound a prefix range.
_AFTER_KEY_CHARS = "{"
_FORMAT = ("#causerie-cities", "1")
_COLUMN_NAMES = "id\tname\tregion\tcountry_code\tcountry\tpopulation\tlat\tlon"


def _tokens(text: str) -> tuple[list[str], bool]:
    """Folded words of ``text``, and whether the last one is complete (the text
    ends with a separator, as in ``"st "``)."""
    ascii_text = (text if text.isascii() else anyascii(text)).lower()
    words = [word for word in _NOT_ALNUM.split(ascii_text) if word]
    ends_with_separator = bool(ascii_text) and not ascii_text[-1].isalnum()
    return words, ends_with_separator


def fold_place_name(text: str) -> str:
    """The key a whole place name is matched on: ``"St-Étienne"`` and
    ``"saint etienne"`` both give ``"saintetienne"``."""
    words, _ = _tokens(text)
    return "".join(_ABBREVIATIONS.get(word, word) for word in words)


def _prefix_keys(query: str) -> list[str]:
    """The folded prefixes a typed query stands for. A trailing ``st`` may be
    the start of "Strasbourg" or an abbreviation of "Saint": both are searched."""
    words, last_complete = _tokens(query)
    if not words:
        return []
    head = "".join(_ABBREVIATIONS.get(word, word) for word in words[:-1])
    last = words[-1]
    expanded = _ABBREVIATIONS.get(last)
    if expanded is None:
        return [head + last]
    if last_complete:
        return [head + expanded]
    return [head + last, head + expanded]


@dataclass(frozen=True, slots=True)
class _Index:
    lines: list[str]  # one tab-separated line per city, most populous first
    by_id: dict[str, int]
    keys: list[str]  # sorted folded names (aliases included)
    positions: list[int]  # keys[i] names the city on lines[positions[i]]

    def city(self, position: int) -> City:
        # Parsed on demand: splitting 28,000 lines and making as many frozen
        # dataclasses up front would cost more than all the rest of loading.
        city_id, name, region, _, country, population, lat, lon = self.lines[position].split("\t")
        return City(
            id=city_id,
            name=name,
            region=region,
            country=country,
            population=int(population),
            lat=float(lat),
            lon=float(lon),
        )

    def is_french(self, position: int) -> bool:
        return self.lines[position].split("\t", 4)[3] == FRANCE


@dataclass(frozen=True, slots=True)
class CityRecord:
    """One city as written to the data file: ``country_code`` ranks French
    cities first among homonyms; ``aliases`` are other names it is found by."""

    city: City
    country_code: str
    aliases: tuple[str, ...] = ()

    def search_keys(self) -> set[str]:
        """The folded names this city is found by."""
        return {key for key in map(fold_place_name, (self.city.name, *self.aliases)) if key}

    def line(self) -> str:
        city = self.city
        fields = (
            city.id,
            city.name,
            city.region,
            self.country_code,
            city.country,
            str(city.population),
            f"{city.lat:.5f}",
            f"{city.lon:.5f}",
        )
        for value in fields:
            if not value or "\t" in value or "\n" in value:
                raise ValueError(f"empty field or separator inside one: {value!r}")
        return "\t".join(fields)


def write_city_file(path: Path, records: Iterable[CityRecord]) -> None:
    """Write the data file ``_read_index`` reads (see docs/gazetteer.md): a
    format line with the city count, the column names, one line per city, most
    populous first, then the search index as two lines, so that loading needs
    no folding and no sorting: ``#keys`` (sorted folded names, ``|``-separated)
    and ``#positions`` (the city line of each key, 0-based)."""
    ordered = sorted(records, key=lambda record: (-record.city.population, record.city.id))
    entries = sorted(
        (key, position) for position, record in enumerate(ordered) for key in record.search_keys()
    )
    lines = [
        "\t".join((*_FORMAT, str(len(ordered)))),
        _COLUMN_NAMES,
        *(record.line() for record in ordered),
        "#keys\t" + "|".join(key for key, _ in entries),
        "#positions\t" + ",".join(str(position) for _, position in entries),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same data gives a byte-identical file (clean diffs).
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as handle,
    ):
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))


def default_data_path() -> Path:
    """The shipped data file."""
    return Path(str(resources.files("causerie").joinpath("data/cities.tsv.gz")))


def _read_index(path: Path) -> _Index:
    """Parse the file ``scripts/build_gazetteer.py`` writes (docs/gazetteer.md):
    a format line with the row count, the column names, one line per city, then
    the prepared search index (``#keys`` sorted, ``#positions``)."""
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
    head = lines[0].split("\t")
    if tuple(head[:2]) != _FORMAT or len(head) != 3 or not head[2].isdigit():
        raise ValueError(f"{path}: not a version-{_FORMAT[1]} city file")
    count = int(head[2])
    if len(lines) < count + 4:
        raise ValueError(f"{path}: truncated city file")
    rows = lines[2 : 2 + count]
    keys_tag, keys_text = lines[2 + count].split("\t")
    positions_tag, positions_text = lines[3 + count].split("\t")
    if (keys_tag, positions_tag) != ("#keys", "#positions"):
        raise ValueError(f"{path}: the search index is missing")
    keys = keys_text.split("|")
    positions = [int(position) for position in positions_text.split(",")]
    if len(keys) != len(positions) or any(p >= count for p in positions):
        raise ValueError(f"{path}: the search index does not match the cities")
    return _Index(
        lines=rows,
        by_id={row[: row.index("\t")]: position for position, row in enumerate(rows)},
        keys=keys,
        positions=positions,
    )


class Gazetteer:
    """Implements ``causerie.ports.Gazetteer``. Thread-safe; the file is read
    once, on first use or on ``load()``."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path or default_data_path()
        self._index: _Index | None = None
        self._lock = threading.Lock()

    def load(self) -> Gazetteer:
        """Read the data now (e.g. while the server starts) rather than on the
        first request."""
        self._loaded()
        return self

    def __len__(self) -> int:
        return len(self._loaded().lines)

    def cities(self) -> Iterator[City]:
        """Every city, most populous first (for tools and benchmarks)."""
        index = self._loaded()
        return (index.city(position) for position in range(len(index.lines)))

    def get(self, city_id: str) -> City | None:
        """The city with this id, or None."""
        index = self._loaded()
        position = index.by_id.get(city_id)
        return None if position is None else index.city(position)

    def search(self, query: str, limit: int = DEFAULT_LIMIT) -> list[City]:
        """Cities whose name (or French/original alias) starts with ``query``,
        folded; most populous first; ``limit`` is capped to 0..50. A query with
        no letter or digit finds nothing."""
        limit = max(0, min(limit, MAX_LIMIT))
        index = self._loaded()
        found: set[int] = set()
        for prefix in _prefix_keys(query):
            low = bisect.bisect_left(index.keys, prefix)
            high = bisect.bisect_left(index.keys, prefix + _AFTER_KEY_CHARS, low)
            found.update(index.positions[low:high])
        return [index.city(position) for position in heapq.nsmallest(limit, found)]

    def resolve(self, name_or_id: str) -> City | None:
        """A city id, or a whole name matched on its folded key; among
        homonyms the most populous French city, else the most populous one."""
        index = self._loaded()
        text = name_or_id.strip()
        if text in index.by_id:
            return index.city(index.by_id[text])
        key = fold_place_name(text)
        if not key:
            return None
        low = bisect.bisect_left(index.keys, key)
        high = bisect.bisect_right(index.keys, key, low)
        if low == high:
            return None
        # Equal keys are ordered by position, i.e. most populous first.
        homonyms = index.positions[low:high]
        best = next((p for p in homonyms if index.is_french(p)), homonyms[0])
        return index.city(best)

    def _loaded(self) -> _Index:
        index = self._index
        if index is None:
            with self._lock:
                if self._index is None:
                    self._index = _read_index(self._path)
                index = self._index
        return index
