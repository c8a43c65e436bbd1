"""HTML pages: the main text without navigation and boilerplate, and the page's metadata.

trafilatura only parses the bytes it is given; nothing here fetches anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Protocol, cast

import trafilatura

from allegiance.ingest.content import decode_text
from allegiance.ingest.language import normalise_language
from allegiance.ingest.result import Item
from allegiance.ingest.timestamps import read_published
from allegiance.model import Document, InputError, Source

_HEAD_BYTES = 4_096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
# Elements of trafilatura's output tree whose children are separate lines.
_LINE_CONTAINERS = frozenset({"list", "item", "row", "table"})


class _Node(Protocol):
    """The part of an lxml element that is read here (lxml ships no type stubs)."""

    tag: object
    text: str | None
    tail: str | None

    def __iter__(self) -> Iterator[_Node]: ...


def read_html(
    data: bytes, *, origin: str, url: str | None = None, charset: str | None = None
) -> Iterator[Item]:
    """One document from a page. `url` is where it was fetched from (for relative links);
    `charset` the encoding the server declared, which wins over a `<meta charset>`."""
    decoded = decode_text(data, origin=origin, encoding=charset or sniff_charset(data))
    page = trafilatura.bare_extraction(
        decoded.text,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    body = _main_text(page) if page is not None else ""
    if not body:
        raise InputError(origin, "no extractable text in the HTML page")
    sitename = _attribute(page, "sitename") or _attribute(page, "hostname")
    published, metadata = read_published(_attribute(page, "date"), _metadata(page))
    yield Document(
        text=body,
        origin=origin,
        format="html",
        title=_attribute(page, "title"),
        source=Source(sitename, kind="publisher") if sitename else None,
        author=_attribute(page, "author"),
        published=published,
        url=_attribute(page, "url") or url,
        language=_page_language(decoded.text),
        platform="web",
        metadata=metadata,
        decode_errors=decoded.decode_errors,
    )


def sniff_charset(data: bytes) -> str | None:
    """The encoding a page declares in a `<meta>` tag near its start, if any."""
    match = _META_CHARSET.search(data[:_HEAD_BYTES])
    return match.group(1).decode("ascii") if match else None


def _main_text(page: object) -> str:
    """Paragraphs of trafilatura's body tree, separated by blank lines."""
    body = getattr(page, "body", None)
    if body is None or not hasattr(body, "tag"):
        return str(getattr(page, "text", "") or "").strip()
    paragraphs = (_clean_lines(_flatten(child)) for child in cast(_Node, body))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _flatten(element: _Node) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb" or child.tag in _LINE_CONTAINERS:
            parts.append("\n")
        parts.append(_flatten(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _clean_lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _attribute(page: object, name: str) -> str | None:
    value = getattr(page, name, None)
    return value.strip() or None if isinstance(value, str) else None


def _page_language(text: str) -> str | None:
    match = _HTML_LANG.search(text[: _HEAD_BYTES * 4])
    return normalise_language(match.group(1)) if match else None


def _metadata(page: object) -> dict[str, object]:
    metadata: dict[str, object] = {}
    for name in ("description", "categories", "tags"):
        value = getattr(page, name, None)
        if value:
            metadata[name] = value if isinstance(value, str) else [str(item) for item in value]
    return metadata
