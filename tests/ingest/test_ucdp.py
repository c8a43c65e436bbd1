from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from allegiance.ingest.ucdp import read_ged_csv
from allegiance.model import InputError

HEADER = (
    "id,year,type_of_violence,dyad_name,side_a,side_b,source_article,where_prec,"
    "where_coordinates,adm_1,latitude,longitude,country,event_clarity,date_prec,"
    "date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low"
)


def ged_file(path: Path, *lines: str) -> Path:
    path.write_text("\n".join((HEADER, *lines)) + "\n", encoding="utf-8")
    return path


def test_ged_reader_types_the_codebook_columns(tmp_path: Path) -> None:
    line = (
        '900001,2014,2,IS - PYD,IS,PYD,"Reuters 2014-10-02",1,Kobani town,Aleppo governorate,'
        "36.891,38.354,Syria,1,1,2014-10-01 00:00:00.000,2014-10-01 00:00:00.000,3,2,0,0,5,7,5"
    )
    [row] = read_ged_csv(ged_file(tmp_path / "ged.csv", line))
    assert (row.event_id, row.type_of_violence, row.side_a, row.side_b) == (
        "900001",
        2,
        "IS",
        "PYD",
    )
    assert (row.place, row.where_prec, row.best) == ("Kobani town", 1, 5)
    assert row.date_start == row.date_end == date(2014, 10, 1)


def test_ged_reader_refuses_bad_rows(tmp_path: Path) -> None:
    line = "1,2014,4,a,b,c,,1,x,,1,1,Syria,1,1,2014-10-01,2014-10-01,0,0,0,0,0,0,0"
    with pytest.raises(InputError, match=r"ged\.csv:2: type_of_violence must be 1, 2 or 3"):
        list(read_ged_csv(ged_file(tmp_path / "ged.csv", line)))
