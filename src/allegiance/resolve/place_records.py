"""Gazetteer records: one place or facility with its names, coordinates and admin parents."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from allegiance.model import Script, detect_script

PlaceKind = Literal["place", "facility"]

ADMIN_FEATURES = frozenset({"admin1", "admin2", "admin3", "region"})
"""Features that name an area rather than a point: they resolve with precision 3."""


@dataclass(frozen=True, slots=True)
class PlaceName:
    """One name of a place, with its script and, when the source says, its language.

    `alternate` marks a name from a bulk list of variants (GeoNames alternatenames: old,
    foreign and letter-by-letter forms); matching weighs it a little below a main name.
    """

    name: str
    script: Script
    language: str | None = None
    alternate: bool = False


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    """One gazetteer entry.

    `key` is prefixed by its source ("geonames:170794", "ocha:SY0903",
    "facility:tabqa-air-base"); `names` holds every name including `name`; `codes` holds
    other identifiers of the same unit (ISO 3166-2, OCHA P-code, GeoNames admin code).
    """

    key: str
    name: str
    kind: PlaceKind
    feature: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int
    admin1: str | None
    admin2: str | None
    names: tuple[PlaceName, ...]
    geonames_id: int | None
    source: str
    codes: tuple[str, ...] = ()

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def is_area(self) -> bool:
        return self.feature in ADMIN_FEATURES


def to_place_names(
    names: Iterable[str], *, language: str | None = None, main: int | None = None
) -> tuple[PlaceName, ...]:
    """PlaceNames for `names` in first-seen order, blanks and repeats left out.

    The first `main` of them are main names and the rest alternates (all are main names
    when `main` is None), except that Arabic-script names always count as main names: in
    Syria and Iraq they are the names the places go by.
    """
    seen: dict[str, PlaceName] = {}
    for raw in names:
        name = raw.strip()
        if name and name not in seen:
            script = detect_script(name)
            alternate = main is not None and len(seen) >= main and script is not Script.ARABIC
            seen[name] = PlaceName(name, script, language, alternate)
    return tuple(seen.values())


def feature_of_population(population: int) -> str:
    """City, town or village, by GeoNames population (0 when unknown: a village)."""
    if population >= 100_000:
        return "city"
    if population >= 10_000:
        return "town"
    return "village"
