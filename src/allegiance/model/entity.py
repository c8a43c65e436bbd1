"""Entities (persons, groups, organizations, places, facilities, accounts) and their aliases."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class EntityKind(StrEnum):
    PERSON = "person"
    GROUP = "group"
    ORGANIZATION = "organization"
    PLACE = "place"
    FACILITY = "facility"
    ACCOUNT = "account"


class Script(StrEnum):
    LATIN = "Latn"
    ARABIC = "Arab"
    OTHER = "Zyyy"


def detect_script(text: str) -> Script:
    """The script most letters of `text` are written in."""
    arabic = sum(1 for char in text if "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f")
    letters = sum(1 for char in text if char.isalpha())
    if letters == 0:
        return Script.OTHER
    if arabic * 2 >= letters:
        return Script.ARABIC
    latin = sum(1 for char in text if char.isascii() and char.isalpha())
    return Script.LATIN if latin * 2 >= letters else Script.OTHER


@dataclass(frozen=True, slots=True)
class Alias:
    """One name of an entity, with its script and language and where it was first seen."""

    name: str
    script: Script
    language: str | None = None
    kind: str = "name"
    seen_in: str | None = None

    @classmethod
    def of(cls, name: str, *, language: str | None = None, kind: str = "name") -> Alias:
        return cls(name=name, script=detect_script(name), language=language, kind=kind)


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, group, organization, place, facility or account.

    `attributes` holds kind-specific values (nationality, lat/lon, country, platform,
    handle); `external_ids` maps a list or gazetteer name to its identifier.
    """

    id: str
    kind: EntityKind
    name: str
    aliases: tuple[Alias, ...] = ()
    attributes: dict[str, object] = field(default_factory=dict)
    external_ids: dict[str, str] = field(default_factory=dict)
