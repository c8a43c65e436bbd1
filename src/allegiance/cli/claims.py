"""`allegiance claims list|show`: the stored claims, filtered, in the export contract's form."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from allegiance.cli.entities import find_entity_id
from allegiance.cli.output import OutputFormat, print_records
from allegiance.cli.runtime import Runtime
from allegiance.export.jsonl import ClaimLookup, to_claim_record
from allegiance.model import Claim, Grade, Hedge

app = typer.Typer(help="List and show extracted claims.", no_args_is_help=True)


def _passes_grade(claim: Claim, minimum: Grade | None) -> bool:
    """A grade at least as good as `minimum`: reliability letter and credibility digit both."""
    if minimum is None:
        return True
    if claim.grade is None:
        return False
    return (
        claim.grade.reliability <= minimum.reliability
        and claim.grade.credibility <= minimum.credibility
    )


@app.command("list")
def list_claims(
    ctx: typer.Context,
    type: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            "-t",
            help="Claim type (repeatable; a family such as `statement` includes its subtypes).",
        ),
    ] = None,
    entity: Annotated[
        str | None,
        typer.Option(
            help="Only claims naming this entity (id or unique name) anywhere: "
            "subject, object, place or source."
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Claims dated on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Claims dated on or before (YYYY-MM-DD).")
    ] = None,
    hedge: Annotated[Hedge | None, typer.Option(help="Only this hedge.")] = None,
    min_grade: Annotated[
        str | None, typer.Option(help="Only claims graded at least this well, e.g. C3.")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many at most.", min=1)] = 200,
    output: Annotated[
        OutputFormat, typer.Option("--output", "-o", help="jsonl, table, or auto.")
    ] = OutputFormat.AUTO,
) -> None:
    """List claims with their quote, attribution, hedge and grade."""
    runtime: Runtime = ctx.obj
    minimum = Grade.parse(min_grade.upper()) if min_grade else None
    with runtime.reading() as kb:
        entity_id = find_entity_id(kb, entity) if entity else None
        claims = kb.list_claims(
            types=type or None,
            entity_id=entity_id,
            since=date.fromisoformat(since) if since else None,
            until=date.fromisoformat(until) if until else None,
            hedge=hedge,
        )
        lookup = ClaimLookup(kb)
        records = [
            to_claim_record(claim, lookup) for claim in claims if _passes_grade(claim, minimum)
        ][:limit]
    print_records(records, output=output, columns=["id", "type", "hedge", "grade", "quote"])


@app.command()
def show(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(help="A claim id.")],
) -> None:
    """Print one claim as JSON (the export contract's record)."""
    runtime: Runtime = ctx.obj
    with runtime.reading() as kb:
        record = to_claim_record(kb.get_claim(claim_id), ClaimLookup(kb))
    typer.echo(record.model_dump_json(indent=2))
