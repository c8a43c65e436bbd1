"""Reading a dataset's CSV export (ACLED, UCDP GED) into typed rows, one column at a time.

Each dataset module says which columns must be there and how one row is typed; reading,
the check of the header and of the required cells, and errors that name the file and line
are here, once.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from allegiance.model import InputError

Row = TypeVar("Row")


def read_rows(
    path: Path,
    *,
    required: Sequence[str],
    dataset: str,
    to_row: Callable[[dict[str, str]], Row],
) -> Iterator[Row]:
    """The typed rows of `path`; a missing column, an empty required cell or a cell that
    does not parse stops the read with an InputError naming the file (and line)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in required if column not in (reader.fieldnames or ())]
        if missing:
            raise InputError(str(path), f"not {dataset}: no column {', '.join(missing)}")
        for line, raw in enumerate(reader, start=2):
            values = {key: (value or "").strip() for key, value in raw.items() if key}
            try:
                empty = next((column for column in required if not values.get(column)), None)
                if empty is not None:
                    raise ValueError(f"{empty} is empty")
                yield to_row(values)
            except ValueError as exc:
                raise InputError(f"{path}:{line}", str(exc)) from None


def number(values: dict[str, str], column: str) -> int | None:
    """A whole number (written as "3" or "3.0"), or None when the cell is empty."""
    value = decimal(values, column)
    return None if value is None else int(value)


def decimal(values: dict[str, str], column: str) -> float | None:
    """A number, or None when the cell is empty; ValueError names the column."""
    text = values.get(column, "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a number") from None
