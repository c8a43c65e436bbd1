"""The timeline: events in date order, for everything or for one entity (vis-timeline)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from allegiance.query.claims import ClaimReader
from allegiance.query.events import EventCluster
from allegiance.store import KnowledgeBase
from allegiance.web.dependencies import KB, Viewer
from allegiance.web.headers import TIMELINE_CONTENT_SECURITY_POLICY
from allegiance.web.pages import render
from allegiance.web.routes.maps import current_events
from allegiance.web.schemas import TimelineItem, TimelineView

router = APIRouter()


def _concerns(cluster: EventCluster, entity_id: str) -> bool:
    return entity_id in cluster.actor_ids or cluster.place_id == entity_id


def timeline_view(kb: KnowledgeBase, entity: str | None) -> TimelineView:
    reader = ClaimReader(kb)
    wanted = reader.canonical(kb.get_entity(entity).id) if entity else None
    clusters, stored = current_events(kb, reader)
    chosen = [c for c in clusters if wanted is None or _concerns(c, wanted)]
    items = []
    for cluster in chosen:
        if cluster.date is None:
            continue
        place = kb.get_entity(cluster.place_id).name if cluster.place_id else "unknown place"
        items.append(
            TimelineItem(
                id=cluster.id,
                type=cluster.type,
                group=cluster.type.split(".")[0],
                label=f"{cluster.type} at {place}",
                start=cluster.date.start,
                end=cluster.date.end,
                precision=cluster.date.precision,
                status=cluster.status.value,
                claim_ids=list(cluster.claim_ids),
                document_ids=list(cluster.document_ids),
            )
        )
    return TimelineView(
        entity=wanted,
        items=items,
        undated=len(chosen) - len(items),
        events_from="stored" if stored else "clustered",
    )


Entity = Annotated[str | None, Query(description="Only events with this entity as actor or place.")]


@router.get("/api/timeline", tags=["events"])
def api_timeline(who: Viewer, kb: KB, entity: Entity = None) -> TimelineView:
    """Dated events with their claims and documents; undated ones are counted."""
    return timeline_view(kb, entity)


@router.get("/timeline", include_in_schema=False)
def timeline_page(request: Request, who: Viewer, kb: KB, entity: Entity = None) -> Response:
    page = render(request, "timeline.html", who=who, page=timeline_view(kb, entity))
    page.headers["Content-Security-Policy"] = TIMELINE_CONTENT_SECURITY_POLICY
    return page
