"""UCDP Georeferenced Event Dataset (GED) CSV read into rows, typed by its codebook.

The columns used: id, type_of_violence (1 state-based, 2 non-state, 3 one-sided),
side_a, side_b, where_coordinates (the place name), where_prec (1 exact … 7 waters),
latitude, longitude, country, adm_1, adm_2, date_start, date_end, date_prec (1 exact day
… 5 more than a year), best (the best estimate of deaths), event_clarity (1 high, 2 low),
source_article, source_headline. Every column is kept in `values` for the record.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from allegiance.ingest.codebook import decimal, number, read_rows

REQUIRED = ("id", "type_of_violence", "side_a", "side_b", "date_start", "date_end")


@dataclass(frozen=True, slots=True)
class GedRow:
    event_id: str
    type_of_violence: int
    side_a: str
    side_b: str
    place: str
    where_prec: int | None
    latitude: float | None
    longitude: float | None
    date_start: date
    date_end: date
    date_prec: int
    best: int | None
    event_clarity: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


def read_ged_csv(path: Path) -> Iterator[GedRow]:
    """The rows of a GED CSV file; a malformed row stops the read with its line."""
    return read_rows(path, required=REQUIRED, dataset="a UCDP GED file", to_row=to_row)


def to_row(values: dict[str, str]) -> GedRow:
    violence = number(values, "type_of_violence")
    if violence not in (1, 2, 3):
        raise ValueError(f"type_of_violence must be 1, 2 or 3, not {violence}")
    start, end = _date(values, "date_start"), _date(values, "date_end")
    if end < start:
        raise ValueError(f"date_end {end} is before date_start {start}")
    return GedRow(
        event_id=values["id"],
        type_of_violence=violence,
        side_a=values["side_a"],
        side_b=values["side_b"],
        place=values.get("where_coordinates", ""),
        where_prec=number(values, "where_prec"),
        latitude=decimal(values, "latitude"),
        longitude=decimal(values, "longitude"),
        date_start=start,
        date_end=end,
        date_prec=number(values, "date_prec") or 1,
        best=number(values, "best"),
        event_clarity=number(values, "event_clarity") or 1,
        values=values,
    )


def _date(values: dict[str, str], column: str) -> date:
    text = values[column][:10]  # GED writes "2014-06-10" or "2014-06-10 00:00:00.000"
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{column} {values[column]!r} is not a date") from None
