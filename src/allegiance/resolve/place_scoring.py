"""How a name match becomes a ranked place candidate: context, hints and precision.

The name match decides most of a candidate's score (`resolve.place_matching`: 1.0 for an
exact name, less for a name without articles, a fuzzy or consonant match or an alternate
name; weighed by `places.NAME_WEIGHT`, 0.8); what the document says around the name moves
the score by small, documented amounts, so that it breaks ties between places with the
same name:

- country context: +0.05 in the document's country, −0.20 elsewhere (so that only an
  exact name of a sizeable place abroad clears `BEST_THRESHOLD` against the context);
- what the phrase asks for: a province/district/subdistrict/region (+0.10 when the record
  is that kind of unit, −0.05 when it is a point, −0.08 when it is a unit of another
  level), a settlement (+0.05 / −0.10 for an area), a facility (+0.10 for a facility);
- without such a hint, areas (−0.02) and facilities (−0.05) yield to settlements, and a
  record without coordinates to one with them (−0.05); a province whose own town matches
  the same name yields to that town (−0.10: "Aleppo" is the city, "Nineveh" the province);
- co-mentioned places: up to +0.10 for the nearest one within 300 km (linear), +0.05 when
  a co-mentioned province is the candidate's own;
- population: up to +0.04 on a log scale (a city of 10 million gets it all).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from allegiance.resolve.place_phrases import PlacePhrase
from allegiance.resolve.place_records import PlaceRecord

EARTH_RADIUS_KM = 6371.0088
CO_MENTION_RADIUS_KM = 300.0
_ADMIN_HINTS = {
    "province": ("admin1",),
    "district": ("admin2",),
    "subdistrict": ("admin3",),
    "region": ("admin1", "admin2", "region"),
}


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A change to a candidate's score and the reasons for it."""

    delta: float
    evidence: tuple[str, ...]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def adjust(
    record: PlaceRecord,
    phrase: PlacePhrase,
    *,
    context_country: str | None,
    co_mentioned: Sequence[PlaceRecord],
    seats: frozenset[str] = frozenset(),
) -> Adjustment:
    """Everything besides the name that moves `record`'s score, with the reasons.

    `seats` names the provinces in which a settlement matched the same name: a bare
    "Aleppo" or "Raqqa" is the city, and its province yields to it.
    """
    parts = (
        _country(record, context_country),
        _hint(record, phrase),
        _seat(record, seats),
        _co_mentions(record, co_mentioned),
        _population(record),
    )
    return Adjustment(
        delta=sum(part.delta for part in parts),
        evidence=tuple(reason for part in parts for reason in part.evidence),
    )


def precision_of(record: PlaceRecord, phrase: PlacePhrase) -> int:
    """1 the place itself, 2 near or part of it, 3 a district, province or region."""
    if record.is_area or phrase.admin_level_hint in ("province", "district", "subdistrict"):
        return 3  # a town named for its district stands for the district
    if phrase.admin_level_hint == "region":
        return 2  # "eastern Mayadin": part of a town
    return min(phrase.precision, 2)


def _country(record: PlaceRecord, context: str | None) -> Adjustment:
    if context is None or record.country is None:
        return Adjustment(0.0, ())
    if record.country == context.upper():
        return Adjustment(0.05, (f"country context {record.country}",))
    return Adjustment(-0.15, (f"outside context country {context.upper()}",))


def _hint(record: PlaceRecord, phrase: PlacePhrase) -> Adjustment:
    delta, evidence = _kind_fit(record, phrase)
    if not record.has_coordinates:
        return Adjustment(delta - 0.05, (*evidence, "no coordinates"))
    return Adjustment(delta, evidence)


def _kind_fit(record: PlaceRecord, phrase: PlacePhrase) -> tuple[float, tuple[str, ...]]:
    """How well the kind of record fits what the phrase asks for."""
    hint = phrase.admin_level_hint
    if hint is not None:
        if record.feature in _ADMIN_HINTS.get(hint, ()):
            return 0.10, (f"{record.feature} as the phrase asks ({hint})",)
        # a town named like the unit stands for it better than a unit of another level
        return (-0.08 if record.is_area else -0.05), ()
    if phrase.feature_hint == "settlement":
        return (0.05 if record.kind == "place" and not record.is_area else -0.10), ()
    if phrase.feature_hint == "facility":
        return (0.10 if record.kind == "facility" else 0.0), ()
    if record.is_area:
        return -0.02, ()
    return (-0.05 if record.kind == "facility" else 0.0), ()


def _seat(record: PlaceRecord, seats: frozenset[str]) -> Adjustment:
    if record.feature == "admin1" and record.name in seats:
        return Adjustment(-0.10, (f"a town in {record.name} has this name",))
    return Adjustment(0.0, ())


def _co_mentions(record: PlaceRecord, co_mentioned: Sequence[PlaceRecord]) -> Adjustment:
    others = [other for other in co_mentioned if other.key != record.key]
    delta, evidence = 0.0, []
    if record.lat is not None and record.lon is not None:
        located = [o for o in others if o.lat is not None and o.lon is not None]
        if located:
            near = min(located, key=lambda o: _distance(record, o))
            km = _distance(record, near)
            if km < CO_MENTION_RADIUS_KM:
                delta += 0.10 * (1 - km / CO_MENTION_RADIUS_KM)
                evidence.append(f"near co-mentioned {near.name} {km:.0f} km")
    provinces = {o.name for o in others if o.feature == "admin1"}
    if record.admin1 is not None and record.admin1 in provinces:
        delta += 0.05
        evidence.append(f"in co-mentioned province {record.admin1}")
    return Adjustment(delta, tuple(evidence))


def _distance(a: PlaceRecord, b: PlaceRecord) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _population(record: PlaceRecord) -> Adjustment:
    if record.population <= 0:
        return Adjustment(0.0, ())
    share = min(1.0, math.log10(record.population + 1) / 7)
    return Adjustment(0.04 * share, (f"population {record.population}",))
