"""Nisbas (al-Masri, al-Shishani, al-Baghdadi…) → the origin they name, from a data file.

A nisba suggests where a person or his family comes from; it does not prove a
nationality. `nationality_hint` therefore says how to claim it: the hedge `uncertain`
and a note that the nationality is inferred from the name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from allegiance.model.claim import Argument, Claim, Hedge, Quote
from allegiance.model.errors import ConfigurationError
from allegiance.model.yaml_data import load_yaml
from allegiance.resolve.keys import bare_key, latin_key

NisbaKind = Literal["country", "people", "city", "region", "lineage"]

NATIONALITY_NOTE = "nationality inferred from the nisba {nisba!r} in the name"


class NisbaOrigin(BaseModel):
    """What a nisba names: its kind, the country (ISO 3166-1 alpha-2) and the people."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    nisba: str
    variants: tuple[str, ...] = ()
    arabic: tuple[str, ...] = ()
    kind: NisbaKind
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    people: str | None = None


class _NisbaTable(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    nisbas: tuple[NisbaOrigin, ...]


@dataclass(frozen=True, slots=True)
class NationalityHint:
    """An `attribute.nationality` claim to make from a nisba, and how firmly."""

    country: str
    nisba: str
    origin: NisbaOrigin
    hedge: Hedge = Hedge.UNCERTAIN
    confidence: float = 0.5

    @property
    def note(self) -> str:
        return NATIONALITY_NOTE.format(nisba=self.nisba)

    @property
    def qualifiers(self) -> dict[str, str]:
        values = {"nisba": self.nisba, "nisba_kind": self.origin.kind}
        if self.origin.people:
            values["people"] = self.origin.people
        return values

    def to_claim(self, subject_id: str, *, document_id: str, extractor: str, quote: Quote) -> Claim:
        """The claim, hedged `uncertain`, whose note says it is inferred from the name."""
        return Claim(
            type="attribute.nationality",
            subject_id=subject_id,
            document_id=document_id,
            extractor=extractor,
            quote=quote,
            object=Argument(literal=self.country),
            hedge=self.hedge,
            confidence=self.confidence,
            qualifiers=self.qualifiers,
            notes=self.note,
        )


def nisba_origin(nisba: str) -> NisbaOrigin | None:
    """The origin a nisba names ("al-Masri", "Masri", "المصري"), or None when unknown."""
    table = _table()
    origin = table.get(bare_key(nisba))
    return origin if origin is not None else table.get(latin_key(nisba))


def nationality_from_nisba(nisba: str) -> str | None:
    """The country a country or people nisba names; None for cities, regions, lineages."""
    origin = nisba_origin(nisba)
    if origin is None or origin.kind not in ("country", "people"):
        return None
    return origin.country


def nationality_hint(nisba: str) -> NationalityHint | None:
    """The `attribute.nationality` claim a country or people nisba yields, else None.

    Cities (al-Baghdadi), regions (al-Shami) and lineages (al-Qurashi) yield none: a
    caller that wants a weaker claim from a city reads `nisba_origin` and decides.
    """
    country = nationality_from_nisba(nisba)
    origin = nisba_origin(nisba)
    if country is None or origin is None:
        return None
    return NationalityHint(country, nisba, origin)


@cache
def _table() -> dict[str, NisbaOrigin]:
    """Every spelling's key (written without the article) → its origin (read once)."""
    path = resources.files("allegiance.resolve").joinpath("data").joinpath("nisbas.yaml")
    try:
        table = _NisbaTable.model_validate(load_yaml(path.read_text("utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigurationError(f"invalid nisbas.yaml: {exc}") from exc
    keys: dict[str, NisbaOrigin] = {}
    for origin in table.nisbas:
        for spelling in (origin.nisba, *origin.variants, *origin.arabic):
            key = latin_key(spelling)
            if keys.get(key, origin) != origin:
                raise ConfigurationError(f"nisbas.yaml: {spelling!r} names two origins")
            keys[key] = origin
    return keys
