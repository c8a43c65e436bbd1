"""`allegiance export`: the knowledge base in the formats the field uses."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from allegiance.cli.output import err_console
from allegiance.cli.runtime import Runtime
from allegiance.export.jsonl import write_jsonl


class ExportFormat(StrEnum):
    JSONL = "jsonl"


class ExportWhat(StrEnum):
    CLAIMS = "claims"
    ENTITIES = "entities"
    DOCUMENTS = "documents"


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_command(
        ctx: typer.Context,
        format: Annotated[
            ExportFormat, typer.Option("--format", "-f", help="Output format.")
        ] = ExportFormat.JSONL,
        what: Annotated[ExportWhat, typer.Option(help="Which records.")] = ExportWhat.CLAIMS,
        out: Annotated[
            Path | None, typer.Option("--out", "-o", help="Write to this file, not stdout.")
        ] = None,
    ) -> None:
        """Export claims, entities or documents (JSON Lines follows DESIGN.md §6)."""
        runtime: Runtime = ctx.obj
        with runtime.reading() as kb:
            if out is None:
                count = write_jsonl(kb, what.value, sys.stdout)
            else:
                with out.open("w", encoding="utf-8") as handle:
                    count = write_jsonl(kb, what.value, handle)
        err_console().print(f"exported {count} {what.value}", highlight=False)
