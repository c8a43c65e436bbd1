from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from allegiance.ingest.acled import COLUMNS, read_acled_csv
from allegiance.model import InputError


def write(path: Path, header: str, *lines: str) -> Path:
    path.write_text("\n".join((header, *lines)) + "\n", encoding="utf-8")
    return path


def test_acled_reader_types_the_columns(tmp_path: Path) -> None:
    header = ",".join(COLUMNS)
    line = ("SYR9,22 June 2014,2014,1,Political violence,Battles,Armed clash,A,,2,B,,1,12,,760,"
            "Middle East,Syria,Aleppo,,,Manbij,36.5281,37.9549,2,SOHR,National,Fighting.,4,,"
            "1404000000")  # fmt: skip
    [row] = read_acled_csv(write(tmp_path / "a.csv", header, line))
    assert (row.event_id, row.event_date, row.time_precision) == ("SYR9", date(2014, 6, 22), 1)
    assert (row.latitude, row.geo_precision, row.fatalities) == (36.5281, 2, 4)
    assert row.get("source") == "SOHR" and row.timestamp == 1404000000


def test_acled_reader_names_the_bad_line(tmp_path: Path) -> None:
    header = "event_id_cnty,event_date,event_type,sub_event_type,actor1,geo_precision"
    path = write(tmp_path / "a.csv", header, "X1,2014-06-01,Battles,Armed clash,A,9")
    with pytest.raises(InputError, match=r"a\.csv:2: geo_precision must be 1, 2 or 3"):
        list(read_acled_csv(path))
    with pytest.raises(InputError, match="not an ACLED export"):
        list(read_acled_csv(write(tmp_path / "b.csv", "id,text", "1,x")))
