"""Plain text and Markdown, with optional YAML front matter describing the report."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

import yaml

from allegiance.ingest.content import decode_text
from allegiance.ingest.language import normalise_language
from allegiance.ingest.result import Item
from allegiance.ingest.timestamps import parse_timestamp
from allegiance.model import Document, InputError, Source

TEXT_FIELDS = ("title", "publisher", "url", "author", "language")
_DELIMITERS = ("---", "...")
_HEADING = re.compile(r"^\s{0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_MAX_EXTRA_ITEMS = 100
Scalar = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The report's own description of itself; `extra` keeps any other simple values."""

    title: str | None = None
    publisher: str | None = None
    published: datetime | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """The YAML block between a first line `---` and the next `---` or `...`, and the body.

    Without a closing delimiter the text has no front matter (a leading `---` is then a
    Markdown rule) and is returned whole.
    """
    first, newline, rest = text.partition("\n")
    if first.rstrip() != "---" or not newline:
        return None, text
    position = 0
    while True:
        end = rest.find("\n", position)
        line = rest[position:] if end == -1 else rest[position:end]
        if line.rstrip() in _DELIMITERS:
            return rest[:position], "" if end == -1 else rest[end + 1 :]
        if end == -1:
            return None, text
        position = end + 1


def parse_front_matter(block: str, *, origin: str) -> FrontMatter:
    """Validate front matter; a problem is an InputError naming the field at fault."""
    try:
        raw = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None)
        detail = f": {problem}" if problem else ""
        raise InputError(origin, f"front matter is not valid YAML{where}{detail}") from exc
    if raw is None:
        return FrontMatter()
    if not isinstance(raw, dict):
        raise InputError(origin, f"front matter must be a mapping, not {type(raw).__name__}")
    values = {name: _text_field(raw.get(name), name=name, origin=origin) for name in TEXT_FIELDS}
    return FrontMatter(
        title=values["title"],
        publisher=values["publisher"],
        published=_published(raw.get("published"), origin=origin),
        url=values["url"],
        author=values["author"],
        language=normalise_language(values["language"]),
        extra=_extra(raw),
    )


def read_text(data: bytes, *, origin: str) -> Iterator[Item]:
    """One document: the body after any front matter, described by the front matter."""
    decoded = decode_text(data, origin=origin)
    block, body = split_front_matter(decoded.text)
    front = parse_front_matter(block, origin=origin) if block is not None else FrontMatter()
    body = body.strip()
    if not body:
        raise InputError(origin, "no text after the front matter")
    yield to_document(
        front, body, origin=origin, format="text", decode_errors=decoded.decode_errors
    )


def to_document(
    front: FrontMatter, body: str, *, origin: str, format: str, decode_errors: int = 0
) -> Document:
    """A document from a body and its front matter (shared with image captions)."""
    metadata: dict[str, object] = {"front_matter": front.extra} if front.extra else {}
    return Document(
        text=body,
        origin=origin,
        format=format,
        title=front.title or _heading(body),
        source=Source(front.publisher, kind="publisher") if front.publisher else None,
        author=front.author,
        published=front.published,
        url=front.url,
        language=front.language,
        metadata=metadata,
        decode_errors=decode_errors,
    )


def _text_field(value: object, *, name: str, origin: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, list) and name == "author" and all(_is_scalar(v) for v in value):
        return ", ".join(str(item) for item in value if item is not None) or None
    if isinstance(value, str | int | float | date):
        return str(value).strip() or None
    raise InputError(
        origin, f"front matter field {name!r} must be text, not {type(value).__name__}"
    )


def _published(value: object, *, origin: str) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_timestamp(value)
    except ValueError as exc:
        raise InputError(origin, f"front matter field 'published': {exc}") from exc


def _extra(raw: dict[object, object]) -> dict[str, object]:
    """Other keys, kept when they are JSON-simple; nested values are named, not copied."""
    known = {*TEXT_FIELDS, "published"}
    extra: dict[str, object] = {}
    not_kept: list[str] = []
    for key, value in raw.items():
        if key in known:
            continue
        if isinstance(value, date):
            extra[str(key)] = value.isoformat()
        elif _is_scalar(value) or _is_short_list(value):
            extra[str(key)] = value
        else:
            # Nested YAML can expand without bound through aliases: name the key, keep no value.
            not_kept.append(str(key))
    if not_kept:
        extra["_not_kept"] = not_kept
    return extra


def _is_short_list(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) <= _MAX_EXTRA_ITEMS
        and all(_is_scalar(item) for item in value)
    )


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _heading(body: str) -> str | None:
    """The Markdown heading on the first line, used as title when the front matter has none."""
    first = body.lstrip().partition("\n")[0]
    match = _HEADING.match(first)
    return match.group(1).strip() if match else None
