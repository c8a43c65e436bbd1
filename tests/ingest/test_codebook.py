"""Dataset CSV exports are read into typed rows; bad cells name the file and line."""

from pathlib import Path

import pytest

from allegiance.ingest.codebook import number, read_rows
from allegiance.model import InputError


def _rows(path: Path) -> list[tuple[str, int | None]]:
    def to_row(values: dict[str, str]) -> tuple[str, int | None]:
        return values["id"], number(values, "deaths")

    return list(read_rows(path, required=("id",), dataset="a test export", to_row=to_row))


def test_read_rows_types_each_row(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("\ufeffid,deaths\nA1, 3.0 \nA2,\n", encoding="utf-8")
    assert _rows(path) == [("A1", 3), ("A2", None)]


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        ("name\nx\n", "events.csv", "not a test export: no column id"),
        ("id,deaths\n,1\n", "events.csv:2", "id is empty"),
        ("id,deaths\nA1,1\nA2,many\n", "events.csv:3", "deaths 'many' is not a number"),
    ],
)
def test_read_rows_names_the_file_line_and_cell(
    tmp_path: Path, text: str, where: str, reason: str
) -> None:
    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        _rows(path)
    assert str(raised.value.origin).endswith(where)
    assert reason in raised.value.reason
