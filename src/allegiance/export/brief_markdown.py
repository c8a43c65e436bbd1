"""A brief as Markdown: headings, sentences with footnote markers, and the sources.

Every value that came from a report (names, quotes, titles) is escaped, so a quote can
neither inject HTML into a Markdown viewer nor break the footnote syntax; a source URL
becomes a link only when its scheme is http or https.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from allegiance.query.brief_phrases import HEDGE_WORDS
from allegiance.query.briefs import Brief, Footnote

_MARKDOWN = re.compile(r"([\\`*_\[\]#|~{}])")
_SPACE = re.compile(r"\s+")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")


def to_markdown(brief: Brief) -> str:
    """The brief as one Markdown document with GitHub-style footnotes."""
    numbers = {note.claim_id: n for n, note in enumerate(brief.footnotes(), start=1)}
    lines = [f"# {escape_markdown(brief.title)}", "", escape_markdown(brief.summary), ""]
    for section in brief.sections:
        lines += [f"## {escape_markdown(section.title)}", ""]
        for sentence in section.sentences:
            markers = "".join(f"[^{numbers[note.claim_id]}]" for note in sentence.footnotes)
            lines.append(f"- {escape_markdown(sentence.text)}{markers}")
        lines.append("")
    if brief.not_found:
        lines += [f"No claims found on: {escape_markdown(', '.join(brief.not_found))}.", ""]
    lines += ["## Sources", ""]
    lines += [f"[^{numbers[note.claim_id]}]: {footnote_text(note)}" for note in brief.footnotes()]
    return "\n".join(lines) + "\n"


def footnote_text(note: Footnote) -> str:
    """One source line: who published what when, the grade, hedge and the quote."""
    parts = [escape_markdown(describe_source(note))]
    url = safe_url(note.url)
    if url:
        parts.append(f"<{url}>")
    parts.append(escape_markdown(grade_text(note)))
    quote = escape_markdown(_SPACE.sub(" ", note.quote).strip())
    parts.append(f"Quote: “{quote}”")
    parts.append(f"Claim `{note.claim_id}`.")
    return " ".join(parts)


def describe_source(note: Footnote) -> str:
    """ "Levant Wire, “Title”, published 2014-06-25." (what is known of it)."""
    words = [note.publisher or "Unknown publisher"]
    if note.title:
        words.append(f"“{note.title}”")
    words.append(f"published {note.published}" if note.published else "publication date unknown")
    return ", ".join(words) + "."


def grade_text(note: Footnote) -> str:
    """ "Grade B2 (after corroboration); hedge: reportedly; according to SOHR." """
    grade = f"Grade {note.grade}" if note.grade else "Ungraded"
    if note.graded_by_event:
        grade += " (after corroboration)"
    hedge = HEDGE_WORDS[note.hedge] or "asserted"
    text = f"{grade}; hedge: {hedge}"
    if note.attributed_to:
        text += f"; according to {note.attributed_to}"
    return text + "."


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) address a link may point to, else None."""
    if not url or not _SAFE_URL.match(url):
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as written: HTML and Markdown syntax made literal."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", text)
