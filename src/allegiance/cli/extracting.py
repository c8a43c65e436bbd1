"""`allegiance extract`: run claim extraction over stored documents, or over one text.

The analysis stage (spaCy and its model) is imported inside the command, so that the other
commands of the CLI do not pay for it at start-up.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from allegiance.cli.derived import print_build_summary, rebuild_derived
from allegiance.cli.output import ProgressBar, err_console
from allegiance.cli.runtime import Runtime
from allegiance.export.jsonl import ClaimLookup, to_claim_record
from allegiance.model import ConfigurationError, Document


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract_command(
        ctx: typer.Context,
        text: Annotated[
            str | None,
            typer.Option(
                help="`-` reads one text from stdin and prints its claims; nothing is stored."
            ),
        ] = None,
        published: Annotated[
            str | None, typer.Option(help="With --text: the text's publication date (YYYY-MM-DD).")
        ] = None,
        since: Annotated[
            str | None, typer.Option(help="Only documents published (or ingested) on or after.")
        ] = None,
    ) -> None:
        """Extract claims again from stored documents (each in its own transaction), then
        rebuild the events from the claims."""
        from allegiance.workflow.analysis import build_analysis
        from allegiance.workflow.extraction import extract_stored, extract_text

        runtime: Runtime = ctx.obj
        console = err_console()
        with console.status("loading the language model and gazetteers", spinner="dots"):
            stage = build_analysis(runtime.settings)
        if text is not None:
            if text != "-":
                raise ConfigurationError("--text takes `-` (read the text from stdin)")
            day = datetime.fromisoformat(published).replace(tzinfo=UTC) if published else None
            document = Document(sys.stdin.read(), origin="<stdin>", format="text", published=day)
            for claim, kb in extract_text(document, stage):
                typer.echo(to_claim_record(claim, ClaimLookup(kb)).model_dump_json())
            return
        start = datetime.fromisoformat(since).replace(tzinfo=UTC) if since else None
        columns = [TextColumn("extracting"), BarColumn(), MofNCompleteColumn()]
        with Progress(*columns, console=console) as bar:
            summary = extract_stored(
                runtime.sessions(), stage, since=start, progress=ProgressBar(bar)
            )
        console.print(
            f"analysed {summary.documents} document(s); claims {summary.claims_before} →"
            f" {summary.claims_after}; {len(summary.failed)} failed",
            highlight=False,
        )
        for failure in summary.failed:
            console.print(f"  failed {failure.origin}: {failure.reason}", markup=False)
        print_build_summary(rebuild_derived(runtime), console)
        if summary.failed:
            raise typer.Exit(1)
