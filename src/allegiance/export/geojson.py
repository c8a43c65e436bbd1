"""GeoJSON (RFC 7946): events as points, or the control of places as of a date.

Coordinates are the place's (longitude first, as RFC 7946 orders them); `geo_precision`
says how far to trust them (1 town or site, 2 near or part of, 3 district or region).
Every feature lists the claims and documents behind it, and its hedges. A selected event
or place without coordinates cannot be a feature: it is counted as skipped.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, TextIO

from allegiance.export.filters import ExportResult, Selection, Tick, no_tick
from allegiance.model import Entity, Event
from allegiance.query.claims import CurrentClaim
from allegiance.query.control import ControlPeriod, PlaceControl, control_as_of

Feature = dict[str, Any]


def point(place: Entity) -> dict[str, Any] | None:
    lat, lon = place.attributes.get("lat"), place.attributes.get("lon")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return None
    return {"type": "Point", "coordinates": [float(lon), float(lat)]}


def event_features(selection: Selection, result: ExportResult, *, tick: Tick) -> list[Feature]:
    features = []
    for event, claims in selection.events():
        tick()
        place_id = event.place_id or next((c.place_id for c in claims if c.place_id), None)
        geometry = point(selection.entity(place_id)) if place_id else None
        if place_id is None or geometry is None:
            result.skipped.append((event.id, "no place with coordinates"))
            continue
        features.append(
            {"type": "Feature", "id": event.id, "geometry": geometry,
             "properties": _event_properties(selection, event, claims, place_id)}
        )  # fmt: skip
    return features


def _event_properties(
    selection: Selection, event: Event, claims: list[CurrentClaim], place_id: str
) -> dict[str, Any]:
    precision = next((c.claim.place_precision for c in claims if c.claim.place_precision), None)
    return {
        "type": event.type,
        "date": event.date.to_dict() if event.date else None,
        "status": event.status.value,
        "place": {"id": place_id, "name": selection.entity(place_id).name},
        "geo_precision": int(precision) if precision else None,
        "actors": sorted({selection.entity(c.subject_id).name for c in claims}),
        "claim_ids": [c.id for c in claims],
        "document_ids": sorted({c.document_id for c in claims}),
        "hedges": sorted({c.hedge.value for c in claims}),
    }


def control_features(
    selection: Selection, as_of: date, result: ExportResult, *, tick: Tick
) -> list[Feature]:
    """The places whose status on `as_of` rests on at least one selected claim."""
    region = selection.filter.region
    within = region.country if region and region.country else None
    features = []
    for control in control_as_of(selection.reader, as_of, within):
        tick()
        period = control.period
        if period is None or not set(period.claim_ids) & selection.by_id.keys():
            continue
        place = selection.entity(control.place.id)
        geometry = point(place)
        if geometry is None:
            result.skipped.append((place.id, "no coordinates"))
            continue
        if region is not None and not region.contains(place):
            continue
        features.append(
            {"type": "Feature", "id": place.id, "geometry": geometry,
             "properties": _control_properties(control, period)}
        )  # fmt: skip
    return features


def _control_properties(control: PlaceControl, period: ControlPeriod) -> dict[str, Any]:
    return {
        "place": {"id": control.place.id, "name": control.place.name},
        "as_of": control.as_of.isoformat(),
        "status": period.status.value,
        "actor": period.actor.name if period.actor else None,
        "actor_id": period.actor.id if period.actor else None,
        "actors": [actor.name for actor in period.actors],
        "held_by": period.held_by.name if period.held_by else None,
        "since": period.start.isoformat(),
        "until": period.end.isoformat() if period.end else None,
        "rule": period.rule,
        "claim_ids": list(period.claim_ids),
        "document_ids": list(period.document_ids),
        "hedges": [hedge.value for hedge in period.hedges],
        "support": period.support,
        "last_reported": period.last_reported.isoformat(),
        "other_claim_ids": list(period.other_claim_ids),
    }


def write_geojson(
    selection: Selection, out: TextIO, *, as_of: date | None = None, tick: Tick = no_tick
) -> ExportResult:
    """Events as a FeatureCollection, or (given `as_of`) the control of places on that day."""
    result = ExportResult()
    if as_of is None:
        features = event_features(selection, result, tick=tick)
    else:
        features = control_features(selection, as_of, result, tick=tick)
    result.written = len(features)
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return result
