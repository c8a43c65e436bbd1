"""A brief as a standalone HTML page: autoescaped, no script, nothing loaded from elsewhere.

The page carries a Content-Security-Policy that forbids scripts and remote resources, its
styles inline; source links open without referrer or opener and only for http(s) URLs.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from allegiance.export.brief_markdown import describe_source, grade_text, safe_url
from allegiance.query.briefs import Brief, Footnote


@dataclass(frozen=True, slots=True)
class CitedSource:
    """A footnote as the page lists it: its number and what to print."""

    number: int
    note: Footnote
    source: str
    grade: str
    url: str | None


def html_environment() -> jinja2.Environment:
    """The template environment, autoescaping everything (built per call, not at import)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("allegiance.export", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def to_html(brief: Brief, *, environment: jinja2.Environment | None = None) -> str:
    """The brief as one HTML document."""
    cited = [
        CitedSource(n, note, describe_source(note), grade_text(note), safe_url(note.url))
        for n, note in enumerate(brief.footnotes(), start=1)
    ]
    numbers = {source.note.claim_id: source.number for source in cited}
    template = (environment or html_environment()).get_template("brief.html.j2")
    return template.render(brief=brief, sources=cited, numbers=numbers)
