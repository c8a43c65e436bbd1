"""Exports and alerts over the API: the same formats, filters and feeds as the CLI.

`GET /api/export` writes one of the export formats (see `export/formats.py`) with the
filters of `allegiance export`; `GET /api/alerts` lists recorded alerts as JSON and
`GET /api/alerts.atom` as an Atom feed. Reading alerts does not run the watch: recording
new ones (and calling webhooks) is the CLI's `allegiance alerts` or `ingest`.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from allegiance.export.atom import to_atom
from allegiance.export.filters import ExportFilter, Region, Selection, parse_grade
from allegiance.export.formats import FORMATS, ExportFormat, write_export
from allegiance.model import Review
from allegiance.query.alerts import AlertView
from allegiance.store import KnowledgeBase
from allegiance.web.dependencies import KB, Viewer
from allegiance.workflow.alerts import alert_views

router = APIRouter()

Ids = Annotated[list[str] | None, Query(description="Repeatable.")]


@router.get(
    "/api/export",
    tags=["exports"],
    response_class=Response,
    responses={200: {"description": "The export, in the format's media type."}},
)
def api_export(
    who: Viewer,
    kb: KB,
    format: ExportFormat = ExportFormat.JSONL,
    what: Literal["claims", "entities", "documents"] = "claims",
    entity: Annotated[list[str] | None, Query(description="Entity ids (repeatable).")] = None,
    region: Annotated[
        str | None, Query(description="A country code (SY) or a box west,south,east,north.")
    ] = None,
    since: date | None = None,
    until: date | None = None,
    type: Annotated[list[str] | None, Query(description="Claim types (repeatable).")] = None,
    review: Annotated[list[Review] | None, Query(description="Review statuses.")] = None,
    min_grade: Annotated[str | None, Query(description="e.g. C3", max_length=2)] = None,
    min_confidence: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    as_of: Annotated[date | None, Query(description="geojson only: control on this day.")] = None,
) -> Response:
    """One export format over the claims that pass the filters (as `allegiance export`)."""
    wanted = ExportFilter(
        entity_ids=tuple(entity or ()),
        region=Region.parse(region) if region else None,
        since=since,
        until=until,
        types=tuple(type or ()),
        reviews=tuple(review or ()),
        min_grade=parse_grade(min_grade) if min_grade else None,
        min_confidence=min_confidence,
    )
    for entity_id in wanted.entity_ids:
        kb.get_entity(entity_id)  # an unknown id is a 404, not an empty export
    out = io.StringIO()
    write_export(Selection(kb, wanted), format, out, what=what, as_of=as_of)
    info = FORMATS[format]
    filename = f"allegiance-{format.value}{info.suffix}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(out.getvalue(), media_type=info.media_type, headers=headers)


def recorded_alerts(
    kb: KnowledgeBase, rule: list[str] | None, since: date | None
) -> list[AlertView]:
    records = kb.list_alerts(rule_ids=rule, since=since)
    return alert_views(kb, records, new=())


@router.get("/api/alerts", tags=["alerts"])
def api_alerts(who: Viewer, kb: KB, rule: Ids = None, since: date | None = None) -> list[AlertView]:
    """Recorded alerts, newest first, with the claims and documents behind each."""
    return recorded_alerts(kb, rule, since)


@router.get(
    "/api/alerts.atom",
    tags=["alerts"],
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}}},
)
def api_alerts_atom(who: Viewer, kb: KB, rule: Ids = None, since: date | None = None) -> Response:
    """The recorded alerts as an Atom 1.0 feed."""
    feed = to_atom(recorded_alerts(kb, rule, since), updated=datetime.now(UTC))
    return Response(feed, media_type="application/atom+xml")
