"""`allegiance who` and `allegiance relations`: affiliations and group relations over time.

Each printed line carries the claim ids and documents behind it, the firmest hedge of
its claims and the precision of its dates; with `--as-of`, whether it holds that day
(`yes`, or `maybe` when a boundary is imprecise or unknown).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Annotated, TypeVar

import typer
from pydantic import BaseModel
from rich.markup import escape

from allegiance.cli.entities import find_entity_id
from allegiance.cli.options import parse_day
from allegiance.cli.output import OutputFormat, err_console, print_records
from allegiance.cli.runtime import Runtime
from allegiance.export.jsonl import ClaimLookup
from allegiance.model import EntityKind, FuzzyDate
from allegiance.query.affiliations import Affiliation, members, timeline
from allegiance.query.claims import ClaimReader
from allegiance.query.relations import Evidence, Holding, Relation, group_relations

OutputOption = Annotated[
    OutputFormat,
    typer.Option("--output", "-o", help="jsonl, table, or auto (a table on a terminal)."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Only what holds, or may hold, on this day (YYYY-MM-DD).",
        show_default=False,
    ),
]
Placed = TypeVar("Placed", Affiliation, Relation)
_WHO_COLUMNS = [
    "entity", "status", "group", "kind", "role", "start", "end", "holds", "hedge", "claims",
]  # fmt: skip
_RELATION_COLUMNS = ["group", "type", "other", "start", "end", "holds", "hedge", "claims"]


class AffiliationLine(BaseModel):
    """One affiliation (status `affiliation`), or a claim that made none (`contested`,
    `expected`): who, which group, from when to when, how firmly, on which claims."""

    status: str
    entity_id: str
    entity: str
    group_id: str | None
    group: str | None
    kind: str | None
    role: str | None
    start: str | None
    start_precision: str | None
    end: str | None
    end_precision: str | None
    ended_by: list[str]
    holds: str | None
    hedge: str
    lineage: list[str]
    carried_from: str | None
    renamed_to: str | None
    claims: list[str]
    documents: list[str]
    sources: list[str]
    contested: list[str]


class RelationLine(BaseModel):
    """One relation between two groups, with its interval and the claims behind it."""

    group_id: str
    group: str
    type: str
    other_id: str
    other: str
    start: str | None
    start_precision: str | None
    end: str | None
    end_precision: str | None
    ended_by: list[str]
    holds: str | None
    hedge: str
    claims: list[str]
    documents: list[str]
    sources: list[str]
    contested: list[str]


def register(app: typer.Typer) -> None:
    @app.command("who")
    def who(
        ctx: typer.Context,
        name: Annotated[str, typer.Argument(help="A person or group: id, or a unique name.")],
        as_of: AsOfOption = None,
        output: OutputOption = OutputFormat.AUTO,
    ) -> None:
        """Show whom a person or group was with over time, and a group's members.

        Stages of a renamed group count as one line: a member carries over to its new name.
        """
        runtime: Runtime = ctx.obj
        day = parse_day(as_of)
        with runtime.reading() as kb:
            reader = ClaimReader(kb)
            lookup = ClaimLookup(kb)
            entity_id = reader.canonical(find_entity_id(kb, name))
            found = timeline(reader, entity_id)
            ties = list(found.affiliations)
            if lookup.entity(entity_id).kind is EntityKind.GROUP:
                ties += members(reader, entity_id)
            lines = [_affiliation_line(a, lookup, day) for a in _placed(ties, day)]
            lines += [
                _claim_line(entity_id, evidence, status, lookup)
                for status, claims in (("contested", found.contested), ("expected", found.expected))
                for evidence in claims
            ]
        if not print_records(lines, output=output, columns=_WHO_COLUMNS):
            err_console().print(f"no affiliations of {escape(name)} found", highlight=False)
        _say_unplaced(ties, day)

    @app.command("relations")
    def relations(
        ctx: typer.Context,
        name: Annotated[
            str | None, typer.Argument(help="A group (id or unique name); all groups if left out.")
        ] = None,
        as_of: AsOfOption = None,
        output: OutputOption = OutputFormat.AUTO,
    ) -> None:
        """Show alliances, rivalries, mergers, splits and agreements between groups over time."""
        runtime: Runtime = ctx.obj
        day = parse_day(as_of)
        with runtime.reading() as kb:
            reader = ClaimReader(kb)
            lookup = ClaimLookup(kb)
            group_id = find_entity_id(kb, name) if name else None
            found = group_relations(reader, group_id)
            lines = [_relation_line(r, lookup, day) for r in _placed(found, day)]
        if not print_records(lines, output=output, columns=_RELATION_COLUMNS):
            err_console().print("no relations found", highlight=False)
        _say_unplaced(found, day)


def _placed(found: Sequence[Placed], day: date | None) -> list[Placed]:
    if day is None:
        return list(found)
    return [item for item in found if item.holds_on(day) in (Holding.YES, Holding.MAYBE)]


def _say_unplaced(found: Sequence[Affiliation | Relation], day: date | None) -> None:
    """Undated ties cannot be placed on a day; say so rather than drop them silently."""
    if day is None:
        return
    undated = sum(item.holds_on(day) is Holding.UNDATED for item in found)
    if undated:
        err_console().print(
            f"{undated} undated tie(s) cannot be placed on {day.isoformat()}; "
            "run without --as-of to see them",
            highlight=False,
        )


def _affiliation_line(item: Affiliation, lookup: ClaimLookup, day: date | None) -> AffiliationLine:
    return AffiliationLine(
        status="affiliation",
        entity_id=item.entity_id,
        entity=lookup.entity(item.entity_id).name,
        group_id=item.group_id,
        group=lookup.entity(item.group_id).name,
        kind=item.kind.value,
        role=item.role,
        **_interval(item.start, item.end),
        ended_by=[e.claim_id for e in item.end_evidence],
        holds=item.holds_on(day).value if day else None,
        hedge=item.hedge.value,
        lineage=[lookup.entity(stage).name for stage in item.line],
        carried_from=_name(lookup, item.carried_from),
        renamed_to=_name(lookup, item.renamed_to),
        **_sourcing([*item.evidence, *item.end_evidence], lookup),
        contested=[e.claim_id for e in item.contested],
    )


def _claim_line(
    entity_id: str, evidence: Evidence, status: str, lookup: ClaimLookup
) -> AffiliationLine:
    return AffiliationLine(
        status=status,
        entity_id=entity_id,
        entity=lookup.entity(entity_id).name,
        group_id=evidence.object_id,
        group=_name(lookup, evidence.object_id),
        kind=evidence.type,
        role=evidence.role,
        **_interval(evidence.date, None),
        ended_by=[],
        holds=None,
        hedge=evidence.hedge.value,
        lineage=[],
        carried_from=None,
        renamed_to=None,
        **_sourcing([evidence], lookup),
        contested=[],
    )


def _relation_line(item: Relation, lookup: ClaimLookup, day: date | None) -> RelationLine:
    return RelationLine(
        group_id=item.group_id,
        group=lookup.entity(item.group_id).name,
        type=item.type,
        other_id=item.other_id,
        other=lookup.entity(item.other_id).name,
        **_interval(item.start, item.end),
        ended_by=[e.claim_id for e in item.end_evidence],
        holds=item.holds_on(day).value if day else None,
        hedge=item.hedge.value,
        **_sourcing([*item.evidence, *item.end_evidence], lookup),
        contested=[e.claim_id for e in item.contested],
    )


def _interval(start: FuzzyDate | None, end: FuzzyDate | None) -> dict[str, str | None]:
    return {
        "start": start.to_text() if start else None,
        "start_precision": start.precision if start else None,
        "end": end.to_text() if end else None,
        "end_precision": end.precision if end else None,
    }


def _sourcing(evidence: Iterable[Evidence], lookup: ClaimLookup) -> dict[str, list[str]]:
    """The claim ids, their documents, and who published those documents."""
    evidence = list(evidence)
    documents = list(dict.fromkeys(e.document_id for e in evidence))
    publishers = (lookup.source(document).publisher for document in documents)
    return {
        "claims": list(dict.fromkeys(e.claim_id for e in evidence)),
        "documents": documents,
        "sources": [p for p in dict.fromkeys(publishers) if p],
    }


def _name(lookup: ClaimLookup, entity_id: str | None) -> str | None:
    return None if entity_id is None else lookup.entity(entity_id).name
