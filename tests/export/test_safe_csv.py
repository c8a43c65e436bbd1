from __future__ import annotations

import csv
import io

from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from allegiance.export.filters import ExportFilter, Selection
from allegiance.export.safe_csv import (
    COLUMNS,
    DANGEROUS,
    neutralise,
    write_claims_csv,
    write_safe_rows,
)
from allegiance.store import KnowledgeBase

cells = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
dangerous_cells = st.builds(lambda head, tail: head + tail, st.sampled_from(DANGEROUS), cells)


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return cell.lstrip("+-").replace(".", "", 1).isdigit()


@given(st.lists(st.lists(st.one_of(cells, dangerous_cells), min_size=1, max_size=5), max_size=5))
@example([["\r@"]])  # a lone carriage return once split the cell into an unguarded row
def test_safe_csv_writes_no_cell_a_spreadsheet_evaluates(rows: list[list[str]]) -> None:
    out = io.StringIO()
    write_safe_rows(out, ["a"], rows)
    written = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    for cell in (cell for row in written for cell in row):
        assert not cell.startswith(DANGEROUS) or is_number(cell)


@given(cells.filter(lambda cell: not cell.startswith(DANGEROUS)))
def test_safe_csv_leaves_safe_cells_unchanged(cell: str) -> None:
    assert neutralise(cell) == cell


@given(dangerous_cells.filter(lambda cell: not is_number(cell)))
def test_safe_csv_shows_dangerous_cells_as_text(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


def test_safe_csv_keeps_negative_numbers() -> None:
    assert neutralise("-73.5") == "-73.5"
    assert neutralise("-1+1") == "'-1+1"
    assert neutralise('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'


def test_safe_csv_of_claims_has_one_row_per_claim(demo_sessions: sessionmaker[Session]) -> None:
    out = io.StringIO()
    with demo_sessions() as session:
        selection = Selection(KnowledgeBase(session), ExportFilter())
        result = write_claims_csv(selection, out)
    written = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert result.written == len(written) == len(selection.claims) > 100
    assert list(written[0]) == list(COLUMNS)
    assert all(row["id"].startswith("clm-") and row["document_id"] for row in written)
    assert {row["hedge"] for row in written} >= {"asserted", "reported"}
