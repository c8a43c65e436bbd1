"""The map: who controls which place as of a date, and the events just before it.

The page draws an offline Natural Earth base map (world-atlas, vendored) with Leaflet and
fetches its JSON twin again whenever the date slider moves.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from allegiance.model import Entity
from allegiance.query.claims import ClaimReader
from allegiance.query.control import ActorRef, PlaceControl, control_as_of
from allegiance.query.events import EventCluster, cluster_claims, describe_events
from allegiance.store import KnowledgeBase
from allegiance.web.dependencies import KB, Viewer
from allegiance.web.pages import render
from allegiance.web.schemas import ActorOut, MapEvent, MapPlace, MapView

router = APIRouter()


def _actor(actor: ActorRef | None) -> ActorOut | None:
    return ActorOut(id=actor.id, name=actor.name) if actor else None


def _coordinates(entity: Entity) -> tuple[float, float] | None:
    lat, lon = entity.attributes.get("lat"), entity.attributes.get("lon")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return float(lat), float(lon)
    return None


def _place(control: PlaceControl, where: tuple[float, float]) -> MapPlace:
    period = control.period
    return MapPlace(
        id=control.place.id,
        name=control.place.name,
        lat=where[0],
        lon=where[1],
        status=control.status.value,
        actor=_actor(period.actor) if period else None,
        actors=[ActorOut(id=a.id, name=a.name) for a in period.actors] if period else [],
        held_by=_actor(period.held_by) if period else None,
        since=period.start if period else None,
        until=period.end if period else None,
        rule=period.rule if period else None,
        hedges=[h.value for h in period.hedges] if period else [],
        claim_ids=list(period.claim_ids) if period else [],
        document_ids=list(period.document_ids) if period else [],
    )


def _territory_span(reader: ClaimReader) -> tuple[date | None, date | None]:
    days = [
        day
        for claim in reader.claims(types=["territory"])
        if claim.date is not None
        for day in (claim.date.start, claim.date.end)
    ]
    return (min(days), max(days)) if days else (None, None)


def current_events(kb: KnowledgeBase, reader: ClaimReader) -> tuple[list[EventCluster], bool]:
    """The stored events as they read now, else (before `events build`) clustered here."""
    stored = kb.list_events()
    if stored:
        return describe_events(reader, stored), True
    return cluster_claims(reader), False


def map_view(kb: KnowledgeBase, as_of: date | None, *, days: int) -> MapView:
    reader = ClaimReader(kb)
    first, last = _territory_span(reader)
    day = as_of or last or date.today()
    places, unplaced = [], 0
    for control in control_as_of(reader, day):
        where = _coordinates(kb.get_entity(control.place.id))
        if where is None:
            unplaced += 1
        else:
            places.append(_place(control, where))
    clusters, stored = current_events(kb, reader)
    events = []
    for cluster in clusters:
        if cluster.place_id is None or cluster.date is None:
            continue
        if not day - timedelta(days=days) <= cluster.date.start <= day:
            continue
        place = kb.get_entity(cluster.place_id)
        where = _coordinates(place)
        if where is None:
            continue
        events.append(
            MapEvent(
                id=cluster.id,
                type=cluster.type,
                place_id=place.id,
                place_name=place.name,
                lat=where[0],
                lon=where[1],
                date=cluster.date.to_text(),
                status=cluster.status.value,
                claim_ids=list(cluster.claim_ids),
                document_ids=list(cluster.document_ids),
            )
        )
    return MapView(
        as_of=day,
        days=days,
        first_day=first,
        last_day=last,
        places=places,
        events=events,
        events_from="stored" if stored else "clustered",
        unplaced=unplaced,
    )


AsOf = Annotated[date | None, Query(description="The date (default: the last dated claim).")]
Days = Annotated[int, Query(ge=1, le=3660, description="Events this many days before.")]


@router.get("/api/map", tags=["places and control"])
def api_map(who: Viewer, kb: KB, as_of: AsOf = None, days: Days = 30) -> MapView:
    """Control of every located place as of a date, with events in the days before it."""
    return map_view(kb, as_of, days=days)


@router.get("/map", include_in_schema=False)
def map_page(
    request: Request, who: Viewer, kb: KB, as_of: AsOf = None, days: Days = 30
) -> Response:
    return render(request, "map.html", who=who, page=map_view(kb, as_of, days=days))
