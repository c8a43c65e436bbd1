"""ACLED CSV exports read into rows: the columns of ACLED's codebook, checked and typed.

One row is one ACLED event. The reader only reads: turning rows into documents, claims
and events (and reconciling a newer export with an older one) is `workflow/acled.py`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from allegiance.model import InputError

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
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in REQUIRED if column not in (reader.fieldnames or ())]
        if missing:
            raise InputError(str(path), f"not an ACLED export: no column {', '.join(missing)}")
        for line, raw in enumerate(reader, start=2):
            values = {key: (value or "").strip() for key, value in raw.items() if key}
            try:
                yield to_row(values)
            except ValueError as exc:
                raise InputError(f"{path}:{line}", str(exc)) from None


def to_row(values: dict[str, str]) -> AcledRow:
    """Type the columns of one row (ValueError names the column that is wrong)."""
    for column in REQUIRED:
        if not values.get(column):
            raise ValueError(f"{column} is empty")
    return AcledRow(
        event_id=values["event_id_cnty"],
        event_date=parse_event_date(values["event_date"]),
        time_precision=_code(values, "time_precision") or 1,
        event_type=values["event_type"],
        sub_event_type=values["sub_event_type"],
        actor1=values["actor1"],
        actor2=values.get("actor2", ""),
        location=values.get("location", ""),
        latitude=_float(values, "latitude"),
        longitude=_float(values, "longitude"),
        geo_precision=_code(values, "geo_precision"),
        fatalities=_int(values, "fatalities"),
        timestamp=_int(values, "timestamp") or 0,
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
    value = _int(values, column)
    if value is not None and value not in (1, 2, 3):
        raise ValueError(f"{column} must be 1, 2 or 3, not {value}")
    return value


def _int(values: dict[str, str], column: str) -> int | None:
    text = values.get(column, "")
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a number") from None


def _float(values: dict[str, str], column: str) -> float | None:
    text = values.get(column, "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a number") from None
