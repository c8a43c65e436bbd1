"""`allegiance control`: who holds which place as of a date, with the claims behind it.

One line per place (status, actor, since when, hedges, claim ids); `--place` prints a place's
whole timeline and `--rollup` counts the statuses per province, district or country.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from pydantic import BaseModel
from rich.markup import escape

from allegiance.cli.options import parse_day
from allegiance.cli.output import OutputFormat, err_console, print_records
from allegiance.cli.runtime import Runtime
from allegiance.model import EntityKind, NotFoundError
from allegiance.query.claims import ClaimReader
from allegiance.query.control import (
    AreaControl,
    ControlPeriod,
    PlaceControl,
    PlaceRef,
    RollupLevel,
    control_as_of,
    control_timeline,
    rollup,
)
from allegiance.store import KnowledgeBase

_PLACE_KINDS = (EntityKind.PLACE, EntityKind.FACILITY)
_COLUMNS = ["place", "province", "status", "actor", "actors", "since", "until", "hedges", "claims"]
_AREA_COLUMNS = ["level", "area", "country", "places", "summary"]


class ControlLine(BaseModel):
    """A place's status over one period: who (holder, besieger, actor present or withdrawn;
    `actors` are the sides of a contest), since and until when, by which rule, on which
    claims with which hedges; `other_claims` were reported meanwhile without changing it."""

    place_id: str
    place: str
    country: str | None
    province: str | None
    district: str | None
    status: str
    actor_id: str | None
    actor: str | None
    actors: list[str]
    actor_ids: list[str]
    held_by: str | None
    since: str | None
    until: str | None
    rule: str | None
    hedges: list[str]
    support: float | None
    last_reported: str | None
    claims: list[str]
    documents: list[str]
    other_claims: list[str]


class CountLine(BaseModel):
    """The places of an area sharing a status and actor, and the claims behind them."""

    status: str
    actor_id: str | None
    actor: str | None
    places: list[str]
    claims: list[str]


class AreaLine(BaseModel):
    """The statuses of the places in one area, counted in `summary` and listed in `counts`."""

    level: str
    area: str | None
    country: str | None
    places: int
    summary: str
    counts: list[CountLine]


def register(app: typer.Typer) -> None:
    @app.command("control")
    def control(
        ctx: typer.Context,
        as_of: Annotated[
            str | None,
            typer.Option(
                "--as-of",
                help="The day to show (YYYY-MM-DD); today when left out.",
                show_default=False,
            ),
        ] = None,
        within: Annotated[
            str | None,
            typer.Option(
                help="Only places inside this province or district (id or unique name) "
                "or country (two-letter code such as IQ)."
            ),
        ] = None,
        place: Annotated[
            str | None,
            typer.Option(help="Print this place's whole timeline (id or unique name)."),
        ] = None,
        level: Annotated[
            RollupLevel | None,
            typer.Option("--rollup", help="Count the statuses per province, district or country."),
        ] = None,
        output: Annotated[
            OutputFormat,
            typer.Option("--output", "-o", help="jsonl, table, or auto (a table on a terminal)."),
        ] = OutputFormat.AUTO,
    ) -> None:
        """Show who controls, contests, besieges or is present in each place as of a day.

        Statuses come from the territory claims and clashes at each place by the precedence
        rules of docs/control.md; every line lists the claims and hedges behind it.
        """
        runtime: Runtime = ctx.obj
        day = parse_day(as_of)
        with runtime.reading() as kb:
            reader = ClaimReader(kb)
            if place is not None:
                periods = control_timeline(reader, find_place_id(kb, place), through=day)
                lines = [_period_line(p.place, p) for p in periods]
                if not print_records(lines, output=output, columns=_COLUMNS):
                    err_console().print(f"no territory claims at {escape(place)}", highlight=False)
                return
            area = _area(kb, within) if within else None
            controls = control_as_of(reader, day or date.today(), area)
        if level is not None:
            areas = [_area_line(a) for a in rollup(controls, level)]
            print_records(areas, output=output, columns=_AREA_COLUMNS)
        elif not print_records(
            [_control_line(c) for c in controls], output=output, columns=_COLUMNS
        ):
            err_console().print("no places with territory claims", highlight=False)


def find_place_id(kb: KnowledgeBase, reference: str) -> str:
    """A place by id, or by a name or alias when exactly one place has it."""
    if reference.startswith("ent-"):
        return kb.get_entity(reference).id
    found = [e for e in kb.find_entities(reference) if e.kind in _PLACE_KINDS]
    named = [e for e in found if e.name.casefold() == reference.casefold()]
    if len(found) == 1 or len(named) == 1:
        return (named or found)[0].id
    if not found:
        raise NotFoundError("place", reference)
    candidates = "; ".join(
        f"{e.id} ({e.name}, {e.attributes.get('feature', e.kind.value)}, "
        f"{e.attributes.get('admin1', '?')}, {e.attributes.get('country', '?')})"
        for e in found[:8]
    )
    raise NotFoundError("single place named", f"{reference}; candidates: {candidates}")


def _area(kb: KnowledgeBase, within: str) -> str:
    """A country code as given, else the place it names."""
    if len(within) == 2 and within.isalpha():
        return within.upper()
    return find_place_id(kb, within)


def _control_line(control: PlaceControl) -> ControlLine:
    return _period_line(control.place, control.period)


def _period_line(place: PlaceRef, period: ControlPeriod | None) -> ControlLine:
    return ControlLine(
        place_id=place.id,
        place=place.name,
        country=place.country,
        province=place.admin1,
        district=place.admin2,
        status=period.status.value if period else "unknown",
        actor_id=period.actor.id if period and period.actor else None,
        actor=period.actor.name if period and period.actor else None,
        actors=[a.name for a in period.actors] if period else [],
        actor_ids=[a.id for a in period.actors] if period else [],
        held_by=period.held_by.name if period and period.held_by else None,
        since=period.start.isoformat() if period else None,
        until=period.end.isoformat() if period and period.end else None,
        rule=period.rule if period else None,
        hedges=[h.value for h in period.hedges] if period else [],
        support=period.support if period else None,
        last_reported=period.last_reported.isoformat() if period else None,
        claims=list(period.claim_ids) if period else [],
        documents=list(period.document_ids) if period else [],
        other_claims=list(period.other_claim_ids) if period else [],
    )


def _area_line(area: AreaControl) -> AreaLine:
    counts = [
        CountLine(
            status=count.status.value,
            actor_id=count.actor.id if count.actor else None,
            actor=count.actor.name if count.actor else None,
            places=list(count.place_ids),
            claims=list(count.claim_ids),
        )
        for count in area.counts
    ]
    return AreaLine(
        level=area.level.value,
        area=area.name,
        country=area.country,
        places=area.places,
        summary=area.summary(),
        counts=counts,
    )
