"""RSS and Atom feeds: one document per entry.

The raw bytes are parsed with defusedxml first, so a feed that declares entities (the
"billion laughs" bomb) or references external ones is refused before feedparser, which
would expand simple declared entities, ever sees it.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from xml.etree.ElementTree import Element, ParseError

import feedparser
from defusedxml import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml.ElementTree import fromstring

from allegiance.ingest.fields import text_of
from allegiance.ingest.language import normalise_language
from allegiance.ingest.markup import html_to_text
from allegiance.ingest.result import Item, Skipped
from allegiance.model import Document, InputError, Source

FEED_ROOTS = frozenset({"rss", "feed", "RDF"})
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_PLAIN_TYPES = frozenset({"text/plain", "text"})


def read_feed(data: bytes, *, origin: str) -> Iterator[Item]:
    """A document per entry; an entry with neither title nor text is skipped with a reason."""
    xml_error = check_xml(data, origin=origin)
    parsed = feedparser.parse(io.BytesIO(data))  # a stream, so it is never taken for a URL
    if not parsed.get("version") and not parsed.entries:
        problem = str(parsed.get("bozo_exception") or "no RSS or Atom feed found").strip()
        raise InputError(origin, f"not an RSS or Atom feed: {problem.splitlines()[0]}")
    channel: Mapping[str, object] = parsed.feed
    source = _source(channel)
    language = normalise_language(channel.get("language"))
    for index, entry in enumerate(parsed.entries, start=1):
        yield _entry_item(
            entry, index=index, origin=origin, source=source, language=language, xml_error=xml_error
        )


def check_xml(data: bytes, *, origin: str) -> str | None:
    """Refuse entity declarations and external references; return the XML error, if any.

    A feed that is not well-formed XML is still read (feedparser is tolerant, and many real
    feeds have a stray `&`) but only when it declares no DOCTYPE, so no entity can be defined.
    """
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (EntitiesForbidden, DTDForbidden) as exc:
        raise InputError(origin, "XML entity declarations are refused") from exc
    except ExternalReferenceForbidden as exc:
        raise InputError(origin, "external XML references are refused") from exc
    except DefusedXmlException as exc:
        raise InputError(origin, f"XML refused: {type(exc).__name__}") from exc
    except ParseError as exc:
        if _DECLARATION.search(data):
            raise InputError(origin, f"malformed XML with a DOCTYPE is refused: {exc}") from exc
        return str(exc)
    if _local_name(root) not in FEED_ROOTS:
        raise InputError(origin, f"not an RSS or Atom feed: root element <{_local_name(root)}>")
    return None


def _local_name(element: Element) -> str:
    return element.tag.rpartition("}")[2].rpartition(":")[2]


def _source(channel: Mapping[str, object]) -> Source | None:
    title = channel.get("title")
    if not isinstance(title, str) or not title.strip():
        return None
    link = channel.get("link")
    return Source(title.strip(), kind="publisher", url=link if isinstance(link, str) else None)


def _entry_item(
    entry: Mapping[str, object],
    *,
    index: int,
    origin: str,
    source: Source | None,
    language: str | None,
    xml_error: str | None,
) -> Item:
    key = text_of(entry.get("id")) or text_of(entry.get("link")) or f"entry-{index}"
    item_origin = f"{origin}#{key}"
    title = text_of(entry.get("title"))
    body = _entry_body(entry)
    text = "\n\n".join(part for part in (title, body) if part)
    if not text:
        return Skipped(item_origin, "feed entry has no title and no text")
    metadata: dict[str, object] = {"xml_error": xml_error} if xml_error else {}
    tags = [text_of(tag.get("term")) for tag in _list(entry.get("tags"))]
    if any(tags):
        metadata["tags"] = [tag for tag in tags if tag]
    return Document(
        text=text,
        origin=item_origin,
        format="rss",
        title=title,
        source=source,
        author=text_of(entry.get("author")),
        published=_entry_time(entry),
        url=_web_link(entry.get("link")),
        language=language,
        platform="rss",
        external_id=text_of(entry.get("id")),
        metadata=metadata,
    )


def _entry_body(entry: Mapping[str, object]) -> str:
    """The fullest text an entry carries: its content, else its summary, as plain text."""
    for detail in [*_list(entry.get("content")), entry.get("summary_detail")]:
        if not isinstance(detail, Mapping):
            continue
        value = text_of(detail.get("value"))
        if value:
            is_plain = detail.get("type") in _PLAIN_TYPES
            return value if is_plain else html_to_text(value)
    return html_to_text(text_of(entry.get("summary")) or "")


def _entry_time(entry: Mapping[str, object]) -> datetime | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(name)
        if isinstance(value, time.struct_time):
            return datetime(*value[:6], tzinfo=UTC)  # feedparser gives UTC
    return None


def _web_link(value: object) -> str | None:
    """The entry's link when it is a web address (feedparser may copy a `urn:` id there)."""
    link = text_of(value)
    return link if link and link.lower().startswith(("http://", "https://")) else None


def _list(value: object) -> list[Mapping[str, object]]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]
