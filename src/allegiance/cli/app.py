"""The `allegiance` command. Errors become a message and an exit code here, in one place."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import Annotated

import typer
from rich.markup import escape

from allegiance.cli import (
    accounting,
    affiliating,
    briefing,
    claims,
    classifying,
    controlling,
    documents,
    entities,
    eventing,
    exporting,
    extracting,
    importing,
    ingesting,
    resolving,
    serving,
    watching,
)
from allegiance.cli.output import err_console
from allegiance.cli.runtime import Runtime
from allegiance.model import AllegianceError
from allegiance.resolve.actors import load_actors
from allegiance.settings import load_settings
from allegiance.store import KnowledgeBase
from allegiance.workflow.gazetteer import seed_actors

app = typer.Typer(
    name="allegiance",
    help="Turn open reports about armed groups into a sourced, time-aware knowledge base.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(documents.app, name="documents")
app.add_typer(entities.app, name="entities")
app.add_typer(claims.app, name="claims")
app.add_typer(accounting.app, name="accounts")
app.add_typer(resolving.app, name="resolve")
app.add_typer(eventing.app, name="events")
ingesting.register(app)
importing.register(app)
extracting.register(app)
classifying.register(app)
exporting.register(app)
serving.register(app)
watching.register(app)
affiliating.register(app)
controlling.register(app)
briefing.register(app)


@app.callback()
def _configure(ctx: typer.Context) -> None:
    """Read the ALLEGIANCE_* settings once per invocation."""
    # trafilatura logs an ERROR for every page it cannot extract; the reader already turns
    # that into a one-line failure in the summary, so its log would say it twice.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    runtime = Runtime(load_settings())
    ctx.obj = runtime
    ctx.call_on_close(runtime.close)


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the knowledge base (or bring its schema up to date) and say where it is."""
    runtime: Runtime = ctx.obj
    with runtime.sessions(create=True)() as session, session.begin():
        seeded = seed_actors(KnowledgeBase(session), load_actors())
    if seeded:
        typer.echo(f"added {seeded} actors from the gazetteer")
    url = runtime.engine().url.render_as_string(hide_password=True)
    typer.echo(f"knowledge base ready: {url}")


@app.command()
def stats(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Summarise what the knowledge base holds."""
    runtime: Runtime = ctx.obj
    with runtime.reading() as kb:
        figures = kb.stats()
    documents.print_stats(figures, as_json=json)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the console script."""
    try:
        app(args=list(argv) if argv is not None else None, prog_name="allegiance")
    except AllegianceError as exc:
        err_console().print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(exc.exit_code)
