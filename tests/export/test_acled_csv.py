from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from allegiance.export.acled_csv import write_acled_csv
from allegiance.export.filters import ExportFilter, Selection
from allegiance.ingest.acled import COLUMNS, read_acled_csv
from allegiance.store import KnowledgeBase, session_factory
from allegiance.workflow.acled import import_acled


def export(sessions: sessionmaker[Session], wanted: ExportFilter | None = None) -> str:
    out = io.StringIO()
    with sessions() as session:
        write_acled_csv(Selection(KnowledgeBase(session), wanted or ExportFilter()), out)
    return out.getvalue()


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def by_event(text: str) -> list[dict[str, str]]:
    return sorted(rows(text), key=lambda row: row["event_id_cnty"])


def test_acled_export_has_acled_columns_and_codes(events_copy: sessionmaker[Session]) -> None:
    text = export(events_copy)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    written = rows(text)
    assert len(written) > 10
    for row in written:
        assert row["time_precision"] in {"1", "2", "3", ""}
        assert row["geo_precision"] in {"1", "2", "3", ""}
        assert row["event_type"] in {
            "Battles", "Explosions/Remote violence", "Violence against civilians",
            "Strategic developments",
        }  # fmt: skip
        assert row["source"] and row["notes"].startswith("[")
        assert "clm-" in row["notes"]  # every row names the claims behind it
        assert row["event_date"][:4] == row["year"]


def test_acled_export_applies_filters(events_copy: sessionmaker[Session]) -> None:
    everything = rows(export(events_copy))
    captures = rows(export(events_copy, ExportFilter(types=("territory.capture",))))
    assert 0 < len(captures) < len(everything)
    assert {row["sub_event_type"] for row in captures} == {"Non-state actor overtakes territory"}


def test_acled_round_trip_gives_the_same_rows(
    events_copy: sessionmaker[Session], kb_engine: Engine, tmp_path: Path
) -> None:
    first = export(events_copy)
    path = tmp_path / "acled.csv"
    path.write_text(first, encoding="utf-8")
    fresh = session_factory(kb_engine)
    summary = import_acled(fresh, read_acled_csv(path), origin=str(path))
    assert summary.failed == [] and summary.skipped == []
    assert summary.added == len(rows(first))
    # Events of one day come out in order of event id, which differs between the two.
    assert by_event(export(fresh)) == by_event(first)
    again = import_acled(fresh, read_acled_csv(path), origin=str(path))
    assert (again.added, again.existing) == (0, summary.added)


def test_acled_round_trip_keeps_types_without_a_claim_type(
    kb_engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "acled.csv"
    lines = [
        ",".join(COLUMNS),
        "SYR1,2016-03-04,2016,2,Political violence,Battles,Government regains territory,"
        "Military Forces of Syria (2000-2024),,1,Islamic State (Syria),,2,12,,760,Middle East,"
        "Syria,Homs,Tadmor,,Palmyra,34.5608,38.2815,1,SANA; SOHR,Other,"
        '"=Syrian forces retook Palmyra, reportedly.",14,,1458000000',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fresh = session_factory(kb_engine)
    assert import_acled(fresh, read_acled_csv(path), origin="test").added == 1
    [row] = rows(export(fresh))
    assert row == dict(zip(COLUMNS, next(csv.reader(io.StringIO(lines[1]))), strict=True)) | {
        "event_date": "2016-02-29"  # a week is written as its Monday
    }
