"""`allegiance export`: the knowledge base in the formats the field uses, filtered alike."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from allegiance.cli.entities import find_entity_id
from allegiance.cli.output import err_console
from allegiance.cli.runtime import Runtime
from allegiance.export.filters import ExportFilter, FilterError, Region, Selection, parse_grade
from allegiance.export.formats import FORMATS, ExportFormat, write_export
from allegiance.model import Review
from allegiance.store import KnowledgeBase


class ExportWhat(StrEnum):
    CLAIMS = "claims"
    ENTITIES = "entities"
    DOCUMENTS = "documents"


FORMAT_HELP = (
    "jsonl (DESIGN.md §6), csv (claims, spreadsheet-safe), acled (ACLED columns, one row "
    "per event), stix (STIX 2.1 bundle), geojson (events, or control with --as-of), graphml, "
    "gexf, ftm (FollowTheMoney entities)."
)


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_command(
        ctx: typer.Context,
        format: Annotated[
            ExportFormat, typer.Option("--format", "-f", help=FORMAT_HELP)
        ] = ExportFormat.JSONL,
        what: Annotated[
            ExportWhat,
            typer.Option(
                help="jsonl only: claims, or the entities or documents "
                "the selected claims name and cite (every one when no filter is given)."
            ),
        ] = ExportWhat.CLAIMS,
        out: Annotated[
            Path | None, typer.Option("--out", "-o", help="Write to this file, not stdout.")
        ] = None,
        entity: Annotated[
            list[str] | None,
            typer.Option(help="Only claims naming this entity (id or unique name; repeatable)."),
        ] = None,
        region: Annotated[
            str | None,
            typer.Option(
                help="Only claims placed in a country (SY) or a box west,south,east,north."
            ),
        ] = None,
        since: Annotated[
            str | None, typer.Option(help="Only claims dated on or after (YYYY-MM-DD).")
        ] = None,
        until: Annotated[
            str | None, typer.Option(help="Only claims dated on or before (YYYY-MM-DD).")
        ] = None,
        type: Annotated[
            list[str] | None,
            typer.Option("--type", "-t", help="Claim type or family (repeatable)."),
        ] = None,
        review: Annotated[
            list[Review] | None,
            typer.Option(
                help="Only claims with this review status (repeatable); "
                "by default every claim but rejected ones."
            ),
        ] = None,
        min_grade: Annotated[
            str | None, typer.Option(help="Only claims graded at least this well, e.g. C3.")
        ] = None,
        min_confidence: Annotated[
            float | None, typer.Option(help="Only claims of at least this confidence (0–1).")
        ] = None,
        as_of: Annotated[
            str | None,
            typer.Option(help="geojson only: control of places on this day (YYYY-MM-DD)."),
        ] = None,
    ) -> None:
        """Export the claims (and their events, entities, documents) in one format.

        The filters apply to every format: an event is exported when one of its claims
        passes them. Records a format cannot hold are counted and listed on stderr.
        """
        runtime: Runtime = ctx.obj
        with runtime.reading() as kb:
            wanted = ExportFilter(
                entity_ids=tuple(find_entity_id(kb, name) for name in entity or ()),
                region=Region.parse(region) if region else None,
                since=_day(since, "--since"),
                until=_day(until, "--until"),
                types=tuple(type or ()),
                reviews=tuple(review or ()),
                min_grade=parse_grade(min_grade) if min_grade else None,
                min_confidence=min_confidence,
            )
            _export(kb, wanted, format, what, out, _day(as_of, "--as-of"))


def _export(
    kb: KnowledgeBase,
    wanted: ExportFilter,
    format: ExportFormat,
    what: ExportWhat,
    out: Path | None,
    as_of: date | None,
) -> None:
    selection = Selection(kb, wanted)
    console = err_console()
    columns = [TextColumn(f"exporting {format.value}"), BarColumn(), TextColumn("{task.completed}")]
    with Progress(*columns, TimeElapsedColumn(), console=console) as bar, _open(out) as handle:
        task = bar.add_task("export", total=None)
        result = write_export(
            selection, format, handle, what=what.value, as_of=as_of,
            tick=lambda: bar.advance(task),
        )  # fmt: skip
    console.print(
        f"exported {result.written} {FORMATS[format].unit} from {len(selection.claims)} claims",
        highlight=False,
    )
    if result.skipped:
        console.print(f"skipped {len(result.skipped)}:", highlight=False)
        for record_id, reason in result.skipped:
            console.print(f"  {escape(record_id)}: {escape(reason)}", highlight=False)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FilterError(f"{option} {text!r} is not a date (YYYY-MM-DD)") from None


@contextmanager
def _open(out: Path | None) -> Iterator[TextIO]:
    if out is None:
        yield sys.stdout
        return
    with out.open("w", encoding="utf-8", newline="") as handle:
        yield handle
