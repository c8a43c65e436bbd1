"""What a watch rule covers: its target entity, or a region and every place inside it.

A rule on a province or district (a stored place whose `feature` is admin1 or admin2)
covers the places `control.PlaceDirectory.inside` finds in it: the same admin1 (or admin2)
name and country. A rule on a country (a place with `feature: country` and a `country`
code) covers every place with that code. Any other place covers itself alone: the
attributes stored with a town say nothing of what it contains.
"""

from __future__ import annotations

from dataclasses import dataclass

from allegiance.model.entity import Entity, EntityKind
from allegiance.query.claims import ClaimReader
from allegiance.query.control import AREA_FEATURES, PlaceDirectory


@dataclass(frozen=True, slots=True)
class Scope:
    """The canonical ids a rule watches: the target itself, and for a region its places."""

    target_id: str
    is_place: bool
    place_ids: frozenset[str]

    @property
    def ids(self) -> frozenset[str]:
        return self.place_ids | {self.target_id}


def watch_scope(
    reader: ClaimReader, target: Entity, *, places: PlaceDirectory | None = None
) -> Scope:
    """The scope of a rule on `target`; `places` is read from the store when not given."""
    canonical = reader.canonical(target.id)
    if target.kind not in (EntityKind.PLACE, EntityKind.FACILITY):
        return Scope(canonical, False, frozenset())
    area = _area(target)
    if area is None:
        return Scope(canonical, True, frozenset({canonical}))
    directory = places or PlaceDirectory.load(reader.kb)
    inside = {reader.canonical(place.id) for place in directory.inside(area)}
    return Scope(canonical, True, frozenset(inside | {canonical}))


def _area(target: Entity) -> str | None:
    """What `PlaceDirectory.inside` takes for the target: its id, its country code, or None."""
    feature = target.attributes.get("feature")
    if feature in AREA_FEATURES:
        return target.id
    country = target.attributes.get("country")
    if feature == "country" and isinstance(country, str):
        return country
    return None
