"""ACLED CSV exports read into rows: the columns of ACLED's codebook, checked and typed.

One row is one ACLED event. The reader only reads: turning rows into documents, claims
and events (and reconciling a newer export with an older one) is `workflow/acled.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from allegiance.ingest.codebook import decimal, number, read_rows

# The column names and order of ACLED's data export (codebook, 2023 onwards).
COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
REQUIRED = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1")
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y")


@dataclass(frozen=True, slots=True)
class AcledRow:
    """One ACLED event; `values` keeps every column as written, for the record."""

    event_id: str
    event_date: date
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    location: str
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int | None
    timestamp: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


def read_acled_csv(path: Path) -> Iterator[AcledRow]:
    """The rows of an ACLED CSV export; a malformed row stops the read with its line."""
    return read_rows(path, required=REQUIRED, dataset="an ACLED export", to_row=to_row)


def to_row(values: dict[str, str]) -> AcledRow:
    """Type the columns of one row (ValueError names the column that is wrong)."""
    return AcledRow(
        event_id=values["event_id_cnty"],
        event_date=parse_event_date(values["event_date"]),
        time_precision=_code(values, "time_precision") or 1,
        event_type=values["event_type"],
        sub_event_type=values["sub_event_type"],
        actor1=values["actor1"],
        actor2=values.get("actor2", ""),
        location=values.get("location", ""),
        latitude=decimal(values, "latitude"),
        longitude=decimal(values, "longitude"),
        geo_precision=_code(values, "geo_precision"),
        fatalities=number(values, "fatalities"),
        timestamp=number(values, "timestamp") or 0,
        values=values,
    )


def parse_event_date(text: str) -> date:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC).date()
        except ValueError:
            continue
    raise ValueError(f"event_date {text!r} is not a date ACLED writes")


def _code(values: dict[str, str], column: str) -> int | None:
    """A precision code: 1, 2 or 3 (None when the cell is empty)."""
    value = number(values, column)
    if value is not None and value not in (1, 2, 3):
        raise ValueError(f"{column} must be 1, 2 or 3, not {value}")
    return value
