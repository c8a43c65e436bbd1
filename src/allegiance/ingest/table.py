"""CSV (and TSV) tables of posts or reports: one document per row.

Columns are found through a mapping from our field names to the table's column names;
fields left out of the mapping are guessed from common column names.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from typing import cast, get_args

from allegiance.ingest.content import decode_text
from allegiance.ingest.language import normalise_language
from allegiance.ingest.result import Item, Skipped
from allegiance.ingest.timestamps import read_published
from allegiance.model import Document, InputError, Source
from allegiance.model.document import Platform

FIELDS = (
    "text", "title", "published", "url", "author", "publisher", "language", "account",
    "platform", "id",
)  # fmt: skip
GUESSES: Mapping[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "message", "full_text", "post", "tweet"),
    "title": ("title", "headline", "subject"),
    "published": ("published", "date", "created_at", "datetime", "timestamp", "published_at"),
    "url": ("url", "link", "permalink", "source_url"),
    "author": ("author", "byline", "author_name"),
    "publisher": ("publisher", "source", "outlet", "site", "sitename", "site_name"),
    "language": ("language", "lang"),
    "account": ("account", "username", "screen_name", "handle", "channel", "user"),
    "platform": ("platform", "network"),
    "id": ("id", "post_id", "tweet_id", "message_id", "guid"),
}
_PLATFORMS: frozenset[str] = frozenset(get_args(Platform))
_PLATFORM_ALIASES = {"twitter": "x", "x.com": "x", "tg": "telegram"}


def read_table(
    data: bytes,
    *,
    origin: str,
    column_map: Mapping[str, str] | None = None,
    delimiter: str = ",",
) -> Iterator[Item]:
    """A document per row; a row with an empty text is skipped with its row number.

    Rows are numbered from 1 after the header, blank lines not counted.
    """
    if len(delimiter) != 1:
        raise InputError(origin, f"the CSV delimiter must be one character, not {delimiter!r}")
    decoded = decode_text(data, origin=origin)
    rows = csv.reader(io.StringIO(decoded.text, newline=""), delimiter=delimiter)
    try:
        header = next(rows, None)
        if header is None:
            raise InputError(origin, "empty table")
        columns = map_columns(header, column_map or {}, origin=origin)
        number = 0
        for row in rows:
            if not row:
                continue  # a blank line is not a row
            number += 1
            yield _row_document(
                header,
                row,
                columns,
                origin=f"{origin}#row-{number}",
                number=number,
                decode_errors=decoded.decode_errors,
            )
    except csv.Error as exc:
        raise InputError(origin, f"CSV error at line {rows.line_num}: {exc}") from exc


def map_columns(
    header: Sequence[str], column_map: Mapping[str, str], *, origin: str
) -> dict[str, int]:
    """Our field names → column positions: the given mapping first, then guesses.

    A mapping that names an unknown field or a column the header lacks is an InputError
    listing what is wrong and what the header has.
    """
    unknown = sorted(set(column_map) - set(FIELDS))
    if unknown:
        raise InputError(origin, f"unknown fields {unknown} in the column mapping; use {FIELDS}")
    positions = {name.strip().casefold(): index for index, name in enumerate(header)}
    missing = [name for name in column_map.values() if name.strip().casefold() not in positions]
    if missing:
        raise InputError(origin, f"columns {missing} are not in the header {list(header)}")
    columns = {field: positions[name.strip().casefold()] for field, name in column_map.items()}
    taken = set(columns.values())
    for field in FIELDS:
        guess = next((positions[n] for n in GUESSES[field] if n in positions), None)
        if field not in columns and guess is not None and guess not in taken:
            columns[field] = guess
            taken.add(guess)
    if "text" not in columns:
        raise InputError(
            origin, f"no text column in the header {list(header)}; map one (text=<column>)"
        )
    return columns


def _row_document(
    header: Sequence[str],
    row: Sequence[str],
    columns: Mapping[str, int],
    *,
    origin: str,
    number: int,
    decode_errors: int,
) -> Item:
    cells = {field: row[index].strip() for field, index in columns.items() if index < len(row)}
    text = cells.get("text", "")
    if not text:
        return Skipped(origin, f"row {number} has an empty text")
    platform, metadata = _platform(cells.get("platform"))
    others = _other_cells(header, row, used=set(columns.values()))
    if others:
        metadata["columns"] = others
    published, metadata = read_published(cells.get("published"), metadata)
    return Document(
        text=text,
        origin=origin,
        format="csv",
        title=cells.get("title") or None,
        source=_source(cells, platform=platform),
        author=cells.get("author") or None,
        published=published,
        url=cells.get("url") or None,
        language=normalise_language(cells.get("language")),
        platform=platform,
        account=cells.get("account") or None,
        external_id=cells.get("id") or None,
        metadata=metadata,
        decode_errors=decode_errors,
    )


def _other_cells(header: Sequence[str], row: Sequence[str], *, used: set[int]) -> dict[str, str]:
    """Non-empty cells of unmapped columns, so that no value of the row is lost."""
    names = [*header, *(f"column {n}" for n in range(len(header) + 1, len(row) + 1))]
    return {names[i]: cell for i, cell in enumerate(row) if i not in used and cell.strip()}


def _platform(raw: str | None) -> tuple[Platform, dict[str, object]]:
    """The platform a row names, when it is one we know; otherwise "csv" and the raw name."""
    if not raw:
        return "csv", {}
    name = _PLATFORM_ALIASES.get(raw.casefold(), raw.casefold())
    if name in _PLATFORMS:
        return cast(Platform, name), {}
    return "csv", {"platform": raw}


def _source(cells: Mapping[str, str], *, platform: Platform) -> Source | None:
    if cells.get("publisher"):
        return Source(cells["publisher"], kind="publisher")
    if cells.get("account"):
        on = None if platform == "csv" else platform
        return Source(cells["account"], kind="account", platform=on)
    return None
