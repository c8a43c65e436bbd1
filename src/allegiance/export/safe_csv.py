"""Spreadsheet-safe CSV of claims: one flat row per claim, no cell a spreadsheet runs.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (CSV injection, OWASP). Such a cell is
written with a leading apostrophe, which spreadsheets show as text. A cell that is a
plain decimal number (a negative longitude) is left alone: it cannot be a formula.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TextIO

from allegiance.export.filters import ExportResult, Selection, Tick, no_tick
from allegiance.query.claims import CurrentClaim

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")

COLUMNS = (
    "id", "type", "subject_id", "subject", "object_id", "object", "place_id", "place",
    "country", "lat", "lon", "geo_precision", "date_start", "date_end", "date_precision",
    "quantity", "unit", "attributed_to_id", "attributed_to", "hedge", "quote", "quote_start",
    "quote_end", "document_id", "confidence", "grade", "extractor", "review",
)  # fmt: skip


def neutralise(cell: str) -> str:
    """The cell as a spreadsheet will show it as text, never evaluate it."""
    if cell.startswith(DANGEROUS) and not _NUMBER.match(cell):
        return "'" + cell
    return cell


def write_safe_rows(out: TextIO, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """Write a header and rows with every cell neutralised; returns the number of rows.

    Lines end in CRLF (RFC 4180): the csv module then quotes every cell holding a carriage
    return or a line feed. With a bare LF it would leave a lone CR unquoted, and a reader
    would take the text after it for a new row, whose first cell is not neutralised.
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    count = 0
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        count += 1
    return count


def claim_row(current: CurrentClaim, selection: Selection) -> list[str]:
    """One claim as flat text cells, in the order of `COLUMNS` (entity ids canonical)."""
    claim = current.claim
    name = _namer(selection)
    place = selection.entity(current.place_id) if current.place_id else None
    attributes = place.attributes if place else {}
    return [
        claim.id, claim.type, current.subject_id, name(current.subject_id),
        current.object_id or "",
        name(current.object_id) if current.object_id else current.object_literal or "",
        current.place_id or "", place.name if place else "",
        _text(attributes.get("country")), _text(attributes.get("lat")),
        _text(attributes.get("lon")), _text(claim.place_precision),
        claim.date.start.isoformat() if claim.date else "",
        claim.date.end.isoformat() if claim.date else "",
        claim.date.precision if claim.date else "",
        _text(claim.quantity.value if claim.quantity else None),
        claim.quantity.unit if claim.quantity else "",
        current.attributed_to_id or "",
        name(current.attributed_to_id) if current.attributed_to_id else "",
        claim.hedge.value, claim.quote.text, str(claim.quote.start), str(claim.quote.end),
        claim.document_id, f"{claim.confidence:g}", _text(claim.grade), claim.extractor,
        current.review.value,
    ]  # fmt: skip


def write_claims_csv(selection: Selection, out: TextIO, *, tick: Tick = no_tick) -> ExportResult:
    """Every selected claim as one spreadsheet-safe row."""

    def rows() -> Iterable[list[str]]:
        for current in selection.claims:
            yield claim_row(current, selection)
            tick()

    return ExportResult(written=write_safe_rows(out, COLUMNS, rows()))


def _namer(selection: Selection) -> Callable[[str | None], str]:
    def name(entity_id: str | None) -> str:
        return selection.entity(entity_id).name if entity_id else ""

    return name


def _text(value: object) -> str:
    return "" if value is None else str(value)
