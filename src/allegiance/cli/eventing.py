"""`allegiance events build|list|show`: the real happenings the claims describe, with the
origins behind each and how far independent origins corroborate it."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer
from pydantic import BaseModel
from rich.console import Console

from allegiance.cli.derived import print_build_summary, rebuild_derived
from allegiance.cli.entities import find_entity_id
from allegiance.cli.output import OutputFormat, print_records
from allegiance.cli.runtime import Runtime
from allegiance.export.jsonl import ClaimLookup
from allegiance.export.records import DateRecord, EntityRef, SourceRecord
from allegiance.model import Corroboration, NotFoundError
from allegiance.query.claims import ClaimReader
from allegiance.query.corroboration import Origin
from allegiance.query.events import EventCluster, describe_events, effective_grade

app = typer.Typer(
    help="Events: claims about one happening, clustered across documents.",
    no_args_is_help=True,
)


class OriginLine(BaseModel):
    key: str
    label: str
    kind: str
    supports: bool


class EventLine(BaseModel):
    """One event in a list: what, where, when, its status and what stands behind it."""

    id: str
    type: str
    date: str | None
    place: str | None
    place_id: str | None
    status: str
    credibility: int
    claims: list[str]
    documents: list[str]
    origins: list[str]


class EventClaimLine(BaseModel):
    id: str
    type: str
    hedge: str
    grade: str | None
    effective_grade: str
    origin: str
    quote: str
    source: SourceRecord


class EventDetail(BaseModel):
    """One event with every claim, source and origin behind it."""

    id: str
    type: str
    status: str
    credibility: int
    date: DateRecord | None
    place: EntityRef | None
    actors: list[EntityRef]
    origins: list[OriginLine]
    claims: list[EventClaimLine]


@app.command()
def build(ctx: typer.Context) -> None:
    """Cluster the current claims into events, and rebuild the stored control periods.

    `ingest`, `extract`, `import`, `entities merge|split` and `accounts
    confirm|reject|undo` run this at their end, and the web application after analysts'
    writes; run it yourself after changing the knowledge base any other way (a script).
    """
    print_build_summary(rebuild_derived(ctx.obj), Console())


def _passes(
    cluster: EventCluster,
    *,
    types: list[str] | None,
    status: Corroboration | None,
    places: set[str] | None,
    since: date | None,
    until: date | None,
) -> bool:
    if types and not any(cluster.type == t or cluster.type.startswith(f"{t}.") for t in types):
        return False
    if status is not None and cluster.status is not status:
        return False
    if places is not None and not places & {m.claim.place_id for m in cluster.members}:
        return False
    if since is not None and (cluster.date is None or cluster.date.end < since):
        return False
    return until is None or (cluster.date is not None and cluster.date.start <= until)


def _line(cluster: EventCluster, lookup: ClaimLookup) -> EventLine:
    return EventLine(
        id=cluster.id,
        type=cluster.type,
        date=cluster.date.to_text() if cluster.date else None,
        place=lookup.entity(cluster.place_id).name if cluster.place_id else None,
        place_id=cluster.place_id,
        status=cluster.status.value,
        credibility=cluster.credibility,
        claims=list(cluster.claim_ids),
        documents=list(cluster.document_ids),
        origins=[origin.label for origin in cluster.supporting_origins or cluster.origins],
    )


@app.command("list")
def list_events(
    ctx: typer.Context,
    type: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            "-t",
            help="Event type (repeatable; a family such as `territory` includes its types).",
        ),
    ] = None,
    status: Annotated[Corroboration | None, typer.Option(help="Only this status.")] = None,
    place: Annotated[
        str | None,
        typer.Option(help="Only events with a claim at this place (id or unique name)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Events dated on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Events dated on or before (YYYY-MM-DD).")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many at most.", min=1)] = 200,
    output: Annotated[
        OutputFormat, typer.Option("--output", "-o", help="jsonl, table, or auto.")
    ] = OutputFormat.AUTO,
) -> None:
    """List stored events, by date, with their status, credibility digit, claims and the
    independent origins that state them (all origins when none does)."""
    runtime: Runtime = ctx.obj
    with runtime.reading() as kb:
        reader = ClaimReader(kb)
        # a current claim names the canonical place, whichever merged member was written
        places = {reader.canonical(find_entity_id(kb, place))} if place else None
        clusters = describe_events(reader, kb.list_events())
        lookup = ClaimLookup(kb)
        lines = [
            _line(c, lookup)
            for c in clusters
            if _passes(
                c,
                types=type,
                status=status,
                places=places,
                since=date.fromisoformat(since) if since else None,
                until=date.fromisoformat(until) if until else None,
            )
        ][:limit]
    columns = ["id", "type", "date", "place", "status", "credibility", "origins"]
    print_records(lines, output=output, columns=columns)


@app.command()
def show(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(help="An event id (or its first 8+ characters).")],
) -> None:
    """Print one event as JSON: its claims with quotes and sources, origins, status and
    grades (each claim's own, and the effective one its event's corroboration earns)."""
    runtime: Runtime = ctx.obj
    with runtime.reading() as kb:
        reader = ClaimReader(kb)
        described = describe_events(reader, [kb.get_event(event_id)])
        if not described:  # every claim of it rejected or superseded since the last build
            raise NotFoundError("event with current claims", event_id)
        detail = _detail(described[0], ClaimLookup(kb))
    typer.echo(json.dumps(detail.model_dump(mode="json"), ensure_ascii=False, indent=2))


def _detail(cluster: EventCluster, lookup: ClaimLookup) -> EventDetail:
    supporting = set(cluster.supporting_origins)
    return EventDetail(
        id=cluster.id,
        type=cluster.type,
        status=cluster.status.value,
        credibility=cluster.credibility,
        date=DateRecord(**cluster.date.to_dict()) if cluster.date else None,
        place=lookup.ref(cluster.place_id) if cluster.place_id else None,
        actors=[lookup.ref(actor) for actor in cluster.actor_ids],
        origins=[_origin_line(o, supports=o in supporting) for o in cluster.origins],
        claims=[
            EventClaimLine(
                id=m.claim.id,
                type=m.claim.type,
                hedge=m.claim.hedge.value,
                grade=str(m.claim.grade) if m.claim.grade else None,
                effective_grade=str(effective_grade(cluster, m.claim)),
                origin=m.origin.label,
                quote=m.claim.claim.quote.text,
                source=lookup.source(m.claim.document_id),
            )
            for m in cluster.members
        ],
    )


def _origin_line(origin: Origin, *, supports: bool) -> OriginLine:
    return OriginLine(key=origin.key, label=origin.label, kind=origin.kind, supports=supports)
