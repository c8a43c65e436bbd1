"""The gazetteer data shipped in the package: provinces and regions, and facilities.

Both files are hand-written YAML (`resolve/data/regions.yaml`, `facilities.yaml`) and are
validated when loaded: a malformed entry is an InputError naming the file and the entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from allegiance.model import InputError
from allegiance.model.yaml_data import load_yaml
from allegiance.resolve.place_records import PlaceRecord, to_place_names

_DATA = "allegiance.resolve.data"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    feature: str = Field(min_length=1)
    country: str = Field(pattern=r"^[A-Z]{2}$")
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    names: list[str] = Field(default_factory=list)
    source: str = Field(min_length=1)


class _Region(_Entry):
    key: str = Field(pattern=r"^(admin1:[A-Z]{2}\.\d{2}|region:[a-z0-9-]+)$")
    geonames_id: int | None = None
    codes: list[str] = Field(default_factory=list)


class _Facility(_Entry):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    near: str | None = None


def _entries(file_name: str, section: str) -> list[object]:
    origin = f"{_DATA}/{file_name}"
    text = resources.files(_DATA).joinpath(file_name).read_text(encoding="utf-8")
    try:
        document = load_yaml(text)
    except yaml.YAMLError as exc:
        raise InputError(origin, f"not valid YAML: {exc}") from exc
    entries = document.get(section) if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise InputError(origin, f"expected a top-level list {section!r}")
    return entries


def load_regions() -> Iterator[PlaceRecord]:
    """Provinces of Syria and Iraq (admin1) and named regions, from regions.yaml."""
    for number, raw in enumerate(_entries("regions.yaml", "regions"), start=1):
        try:
            entry = _Region.model_validate(raw)
        except ValidationError as exc:
            raise InputError(f"{_DATA}/regions.yaml", f"entry {number}: {exc}") from exc
        yield PlaceRecord(
            key=entry.key,
            name=entry.name,
            kind="place",
            feature=entry.feature,
            country=entry.country,
            lat=entry.lat,
            lon=entry.lon,
            population=0,
            admin1=entry.name if entry.feature == "admin1" else None,
            admin2=None,
            names=to_place_names([entry.name, *entry.names]),
            geonames_id=entry.geonames_id,
            source=f"regions.yaml ({entry.source})",
            codes=(entry.key.removeprefix("admin1:"), *entry.codes),
        )


def load_facilities() -> Iterator[PlaceRecord]:
    """Air bases, oil fields, crossings, dams, prisons and bases, from facilities.yaml."""
    for number, raw in enumerate(_entries("facilities.yaml", "facilities"), start=1):
        try:
            entry = _Facility.model_validate(raw)
        except ValidationError as exc:
            raise InputError(f"{_DATA}/facilities.yaml", f"entry {number}: {exc}") from exc
        yield PlaceRecord(
            key=f"facility:{entry.id}",
            name=entry.name,
            kind="facility",
            feature=entry.feature,
            country=entry.country,
            lat=entry.lat,
            lon=entry.lon,
            population=0,
            admin1=None,
            admin2=None,
            names=to_place_names([entry.name, *entry.names]),
            geonames_id=None,
            source=f"facilities.yaml ({entry.source})",
        )


def load_country_names() -> frozenset[str]:
    """Country names listed in regions.yaml (Arabic, official and short forms)."""
    names = _entries("regions.yaml", "countries")
    if not all(isinstance(name, str) and name for name in names):
        raise InputError(f"{_DATA}/regions.yaml", "countries must be a list of names")
    return frozenset(str(name) for name in names)


@cache
def admin1_names() -> dict[tuple[str, str], str]:
    """Province names by (country, GeoNames admin1 code), e.g. ("SY", "07") → "Deir ez-Zor"."""
    table: dict[tuple[str, str], str] = {}
    for record in load_regions():
        if record.feature == "admin1" and record.country:
            code = record.key.removeprefix("admin1:").split(".")[1]
            table[(record.country, code)] = record.name
    return table
