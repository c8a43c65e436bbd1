"""`allegiance brief`: a footnoted brief on a person, group or place, in Markdown or HTML.

Every sentence of a brief cites the claims behind it (source, date, grade, hedge, quote);
see docs/briefs.md.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from allegiance.cli.entities import find_entity_id
from allegiance.cli.options import parse_day
from allegiance.cli.output import err_console
from allegiance.cli.runtime import Runtime
from allegiance.export.brief_markdown import to_markdown
from allegiance.query.briefs import Brief, build_brief


class BriefFormat(StrEnum):
    MD = "md"
    HTML = "html"


def register(app: typer.Typer) -> None:
    @app.command("brief")
    def brief(
        ctx: typer.Context,
        name: Annotated[
            str,
            typer.Argument(help="A person, group or place: an entity id, or a unique name."),
        ],
        as_of: Annotated[
            str | None,
            typer.Option(
                "--as-of",
                help="Write from what was known on this day (YYYY-MM-DD): later claims "
                "and reports are left out.",
                show_default=False,
            ),
        ] = None,
        format: Annotated[
            BriefFormat, typer.Option("--format", "-f", help="md (Markdown) or html.")
        ] = BriefFormat.MD,
        out: Annotated[
            Path | None, typer.Option("--out", "-o", help="Write to this file, not stdout.")
        ] = None,
    ) -> None:
        """Write a brief: names by script, nationality, affiliations, accounts, control,
        key events and open questions, every sentence footnoted to its sources.

        An ambiguous name lists the candidates; pass one of their ids instead.
        """
        runtime: Runtime = ctx.obj
        day = parse_day(as_of)
        with runtime.reading() as kb:
            found = build_brief(kb, find_entity_id(kb, name), as_of=day)
        text = render(found, format)
        if out is None:
            typer.echo(text, nl=False)
            return
        out.write_text(text, encoding="utf-8")
        err_console().print(
            f"wrote the brief on {escape(found.title)} to {escape(str(out))} "
            f"({len(found.footnotes())} sources cited)",
            highlight=False,
        )


def render(brief: Brief, format: BriefFormat) -> str:
    if format is BriefFormat.MD:
        return to_markdown(brief)
    # Imported here: Jinja is needed for HTML only, and every command would pay for it.
    from allegiance.export.brief_html import to_html

    return to_html(brief)
