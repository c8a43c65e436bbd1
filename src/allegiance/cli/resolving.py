"""`allegiance resolve actor|place TEXT`: ranked candidates with their scores, as JSON."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from pydantic import BaseModel

from allegiance.cli.runtime import Runtime
from allegiance.model import Entity, EntityKind
from allegiance.resolve.actors import load_actors
from allegiance.resolve.matching import AliasIndex
from allegiance.resolve.places import PlaceCandidate, default_place_index
from allegiance.workflow.gazetteer import stored_places, to_actor_entity

app = typer.Typer(help="Look a name up: ranked candidates with scores.", no_args_is_help=True)

ACTOR_KINDS = (EntityKind.PERSON, EntityKind.GROUP, EntityKind.ORGANIZATION)


class ActorCandidate(BaseModel):
    entity_id: str
    name: str
    kind: str
    matched: str
    score: float
    method: str
    compared: tuple[str, str]
    external_ids: dict[str, str]


class PlaceCandidateOut(BaseModel):
    key: str
    name: str
    kind: str
    feature: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    precision: int
    score: float
    evidence: tuple[str, ...]


def _actor_entities(runtime: Runtime) -> dict[str, Entity]:
    """The actor gazetteer, plus the knowledge base's actors when there is one."""
    entities = {entity.id: entity for entity in map(to_actor_entity, load_actors().actors)}
    if runtime.exists():
        with runtime.reading() as kb:
            for kind in ACTOR_KINDS:
                entities.update((e.id, e) for e in kb.iter_entities(kind=kind))
    return entities


@app.command()
def actor(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="A name in any script or spelling.")],
    limit: Annotated[int, typer.Option(help="How many candidates at most.", min=1)] = 5,
) -> None:
    """Persons, groups and organizations a name may refer to, best first."""
    entities = _actor_entities(ctx.obj)
    index = AliasIndex()
    for entity in entities.values():
        names = (entity.name, *(alias.name for alias in entity.aliases))
        index.add_many(entity.id, dict.fromkeys(names), kind=entity.kind.value)
    found = [
        ActorCandidate(
            entity_id=candidate.entity_id,
            name=entities[candidate.entity_id].name,
            kind=entities[candidate.entity_id].kind.value,
            matched=candidate.name,
            score=round(candidate.score, 1),
            method=candidate.method,
            compared=candidate.compared,
            external_ids=entities[candidate.entity_id].external_ids,
        )
        for candidate in index.lookup(text, limit=limit)
    ]
    typer.echo(json.dumps([c.model_dump() for c in found], ensure_ascii=False, indent=2))


@app.command()
def place(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help='A place phrase: "Al-Bukamal", "near Mayadin".')],
    context_country: Annotated[
        str | None, typer.Option(help="ISO country code the text is about, e.g. SY.")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many candidates at most.", min=1)] = 5,
) -> None:
    """Gazetteer places a phrase may name, best first, with precision codes (1–3)."""
    runtime: Runtime = ctx.obj
    extra = []
    if runtime.exists():
        with runtime.reading() as kb:
            extra = stored_places(kb)
    index = default_place_index(extra=extra)
    country = context_country.upper() if context_country else None
    found = index.resolve(text, context_country=country, limit=limit)
    typer.echo(json.dumps([_place(c).model_dump() for c in found], ensure_ascii=False, indent=2))


def _place(candidate: PlaceCandidate) -> PlaceCandidateOut:
    record = candidate.record
    return PlaceCandidateOut(
        key=record.key,
        name=record.name,
        kind=record.kind,
        feature=record.feature,
        country=record.country,
        admin1=record.admin1,
        lat=record.lat,
        lon=record.lon,
        geonames_id=record.geonames_id,
        precision=candidate.precision,
        score=candidate.score,
        evidence=candidate.evidence,
    )
