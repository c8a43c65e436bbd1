"""`allegiance documents list|show|search` and the printing of `stats`."""

from __future__ import annotations

import json as jsonlib
from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from allegiance.cli.output import OutputFormat, print_records
from allegiance.cli.runtime import Runtime
from allegiance.export.jsonl import to_document_record
from allegiance.store import DocumentRecord, Stats

app = typer.Typer(help="List, show and search ingested documents.", no_args_is_help=True)

OutputOption = Annotated[
    OutputFormat,
    typer.Option("--output", "-o", help="jsonl, table, or auto (a table on a terminal)."),
]


class DocumentLine(BaseModel):
    id: str
    published: str | None
    platform: str
    publisher: str | None
    title: str | None


class SearchLine(DocumentLine):
    rank: float
    snippet: str


def _line(record: DocumentRecord) -> DocumentLine:
    document = record.document
    title = document.title or document.text[:60].replace("\n", " ")
    return DocumentLine(
        id=record.id,
        published=document.published.isoformat() if document.published else None,
        platform=document.platform,
        publisher=document.publisher,
        title=title,
    )


@app.command("list")
def list_documents(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many documents at most.", min=1)] = 50,
    offset: Annotated[int, typer.Option(help="How many to pass over first.", min=0)] = 0,
    platform: Annotated[str | None, typer.Option(help="Only this platform (web, rss, x…).")] = None,
    since: Annotated[datetime | None, typer.Option(help="Published on or after.")] = None,
    until: Annotated[datetime | None, typer.Option(help="Published on or before.")] = None,
    output: OutputOption = OutputFormat.AUTO,
) -> None:
    """List documents, newest first."""
    runtime: Runtime = ctx.obj
    with runtime.reading() as kb:
        records = kb.list_documents(
            limit=limit, offset=offset, platform=platform, since=since, until=until
        )
        lines = [_line(record) for record in records]
    print_records(
        lines, output=output, columns=["id", "published", "platform", "publisher", "title"]
    )


@app.command()
def show(
    ctx: typer.Context,
    document_id: Annotated[str, typer.Argument(help="A document id, or its first 8+ characters.")],
) -> None:
    """Print one document with its text and metadata as JSON."""
    runtime: Runtime = ctx.obj
    with runtime.reading() as kb:
        record = to_document_record(kb.get_document(document_id))
    typer.echo(record.model_dump_json(indent=2))


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Words to look for (plain words, no syntax).")],
    limit: Annotated[int, typer.Option(help="How many hits at most.", min=1)] = 20,
    output: OutputOption = OutputFormat.AUTO,
) -> None:
    """Full-text search over documents, best matches first."""
    runtime: Runtime = ctx.obj
    with runtime.reading() as kb:
        hits = kb.search_documents(query, limit=limit)
        lines = [
            SearchLine(**_line(hit.record).model_dump(), rank=hit.rank, snippet=hit.snippet)
            for hit in hits
        ]
    print_records(lines, output=output, columns=["id", "published", "publisher", "snippet"])


def print_stats(stats: Stats, *, as_json: bool) -> None:
    values = asdict(stats)
    if as_json:
        typer.echo(jsonlib.dumps(values, default=_json_default, sort_keys=True))
        return
    table = Table("what", "count", title="knowledge base")
    for name, value in values.items():
        if isinstance(value, dict):
            total = sum(value.values())
            detail = ", ".join(f"{key} {count}" for key, count in sorted(value.items()))
            table.add_row(name.replace("_", " "), f"{total}" + (f"  ({detail})" if detail else ""))
        else:
            table.add_row(name.replace("_", " "), str(value))
    Console().print(table)


def _json_default(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")
