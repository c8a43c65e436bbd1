"""`allegiance ingest`: read files, folders and URLs into the knowledge base.

The analysis stage (spaCy and its model) is imported inside the command, so that the other
commands of the CLI do not pay for it at start-up.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from allegiance.cli.derived import print_build_summary, rebuild_derived
from allegiance.cli.output import ProgressBar, err_console
from allegiance.cli.runtime import Runtime
from allegiance.cli.watching import watch_after_ingest
from allegiance.ingest.reader import FORMATS
from allegiance.model import ConfigurationError
from allegiance.workflow.ingestion import IngestSummary, ingest


def parse_column_map(pairs: list[str]) -> dict[str, str]:
    """`--column text=body` pairs into a mapping from our field to the CSV's column."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise ConfigurationError(f"--column expects FIELD=COLUMN, not {pair!r}")
        mapping[field.strip()] = column.strip()
    return mapping


def print_summary(summary: IngestSummary, console: Console) -> None:
    console.print(
        f"ingested {summary.added} new document(s)"
        f" ({summary.new_versions} new version(s) of earlier ones),"
        f" {summary.duplicates} already present, {len(summary.skipped)} item(s) skipped,"
        f" {len(summary.failed)} failed, from {summary.files} file(s)/URL(s)",
        highlight=False,
    )
    for skipped in summary.skipped:
        console.print(f"  skipped {escape(skipped.origin)}: {escape(skipped.reason)}")
    for failure in summary.failed:
        console.print(f"  [red]failed[/] {escape(failure.origin)}: {escape(failure.reason)}")


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest_command(
        ctx: typer.Context,
        inputs: Annotated[list[str], typer.Argument(help="Files, folders or http(s) URLs.")],
        format: Annotated[
            str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")
        ] = "auto",
        column: Annotated[
            list[str] | None,
            typer.Option(help="CSV column mapping FIELD=COLUMN (repeatable), e.g. text=body."),
        ] = None,
        analyse: Annotated[
            bool,
            typer.Option(
                "--analyse/--no-analyse",
                help="Find and resolve the entities each new document names (spaCy).",
            ),
        ] = True,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    ) -> None:
        """Read reports into the knowledge base: each document is stored whole or not at all.

        With analysis, the events are rebuilt from the claims at the end (`events build`).
        New documents then run the watch rules: new alerts are recorded and sent (`alerts`).

        Exits with status 1 when any input failed; the summary names each one and why.
        """
        if format not in FORMATS:
            raise ConfigurationError(f"--format must be one of {', '.join(FORMATS)}")
        from allegiance.workflow.analysis import build_analysis

        runtime: Runtime = ctx.obj
        console = err_console()
        sessions = runtime.sessions(create=True)
        stage = None
        if analyse:
            with console.status("loading the language model and gazetteers", spinner="dots"):
                stage = build_analysis(runtime.settings)
        columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
        with Progress(*columns, TimeElapsedColumn(), console=console, disable=quiet) as bar:
            summary = ingest(
                inputs,
                settings=runtime.settings,
                sessions=sessions,
                format=format,
                column_map=parse_column_map(column or []) or None,
                progress=ProgressBar(bar),
                stage=stage,
            )
        print_summary(summary, console)
        if analyse and (summary.added or summary.new_versions):
            print_build_summary(rebuild_derived(runtime), console)
        if summary.added or summary.new_versions:
            watch_after_ingest(runtime, console)
        if not summary.ok:
            raise typer.Exit(1)
