"""Actors and places named by event datasets (ACLED, UCDP), found or added as entities.

A dataset names an actor by a string ("Islamic State (Syria)") and a place by a name and
coordinates. An actor is the entity that already has that name (or the name without its
trailing parenthesis), else a new group kept under the dataset's scheme; a place is a
stored place of that name within about 10 km, else a new place with the dataset's
coordinates. Ids are content ids of the dataset's key, so importing again finds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from followthemoney.types import registry

from allegiance.model import Alias, Entity, EntityKind
from allegiance.model.ids import content_id
from allegiance.store import KnowledgeBase

ACTOR_KINDS = (EntityKind.GROUP, EntityKind.ORGANIZATION, EntityKind.PERSON)
PLACE_KINDS = (EntityKind.PLACE, EntityKind.FACILITY)
NEAR_DEGREES = 0.1
_PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*$")


@dataclass(frozen=True, slots=True)
class PlaceName:
    """A place as a dataset row gives it."""

    name: str
    lat: float | None
    lon: float | None
    country: str | None = None  # a country name or code, as the dataset writes it
    admin1: str | None = None
    admin2: str | None = None


def country_code(text: str | None) -> str | None:
    """ISO 3166 alpha-2 (upper case) of a country name or code, when FollowTheMoney knows it."""
    if not text:
        return None
    code = registry.country.clean(text)
    return code.upper() if code and len(code) == 2 else None


@dataclass(slots=True)
class DatasetEntities:
    """Finds or adds the entities one dataset names; remembers them for the whole import."""

    scheme: str
    _actors: dict[str, str] = field(default_factory=dict)
    _places: dict[tuple[str, float | None, float | None], str] = field(default_factory=dict)

    def actor(self, kb: KnowledgeBase, name: str) -> str:
        if name not in self._actors:
            self._actors[name] = self._find_actor(kb, name) or self._add_actor(kb, name)
        return self._actors[name]

    def place(self, kb: KnowledgeBase, place: PlaceName) -> str:
        key = (place.name, place.lat, place.lon)
        if key not in self._places:
            self._places[key] = self._find_place(kb, place) or self._add_place(kb, place)
        return self._places[key]

    def forget(self) -> None:
        """Drop what was remembered: a rolled-back transaction may have added it."""
        self._actors.clear()
        self._places.clear()

    def _find_actor(self, kb: KnowledgeBase, name: str) -> str | None:
        kept = kb.entity_by_external_id(self.scheme, name)
        if kept is not None:
            return kept.id
        for candidate in dict.fromkeys((name, _PARENTHESIS.sub("", name))):
            found = [e for e in kb.find_entities(candidate) if e.kind in ACTOR_KINDS]
            # An entity of that very name before one that only has it as an alias.
            found.sort(key=lambda e: e.name.casefold() != candidate.casefold())
            if found:
                return found[0].id
        return None

    def _add_actor(self, kb: KnowledgeBase, name: str) -> str:
        entity = Entity(
            id=content_id("ent", self.scheme, "actor", name),
            kind=EntityKind.GROUP,
            name=name,
            aliases=(Alias.of(short),) if (short := _PARENTHESIS.sub("", name)) != name else (),
            external_ids={self.scheme: name},
        )
        kb.add_entity(entity)
        return entity.id

    def _find_place(self, kb: KnowledgeBase, place: PlaceName) -> str | None:
        for entity in kb.find_entities(place.name):
            if entity.kind in PLACE_KINDS and _near(entity, place):
                return entity.id
        return None

    def _add_place(self, kb: KnowledgeBase, place: PlaceName) -> str:
        key = f"{place.name}|{place.lat}|{place.lon}"
        attributes: dict[str, object] = {
            name: value
            for name, value in (
                ("lat", place.lat), ("lon", place.lon), ("country", country_code(place.country)),
                ("admin1", place.admin1), ("admin2", place.admin2),
                ("gazetteer_source", self.scheme),
            )
            if value is not None
        }  # fmt: skip
        entity = Entity(
            id=content_id("ent", self.scheme, "place", key),
            kind=EntityKind.PLACE,
            name=place.name,
            attributes=attributes,
            external_ids={f"{self.scheme}-place": key},
        )
        kb.add_entity(entity)
        return entity.id


def _near(entity: Entity, place: PlaceName) -> bool:
    lat, lon = entity.attributes.get("lat"), entity.attributes.get("lon")
    if place.lat is None or place.lon is None:
        return True
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return False
    return abs(lat - place.lat) <= NEAR_DEGREES and abs(lon - place.lon) <= NEAR_DEGREES
