from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from allegiance.ingest.ucdp import read_ged_csv
from allegiance.query.claims import ClaimReader
from allegiance.store import KnowledgeBase, session_factory
from allegiance.workflow.ucdp import import_ged
from tests.ingest.test_ucdp import ged_file

ROWS = (
    # Written by hand in GED's documented format (not UCDP data).
    '900001,2014,2,IS - PYD,IS,PYD,"Reuters 2014-10-02",1,Kobani town,Aleppo governorate,'
    "36.891,38.354,Syria,1,1,2014-10-01,2014-10-01,3,2,0,0,5,7,5",
    '900002,2014,3,IS - Civilians,IS,Civilians,"AFP 2014-08-20",4,Deir ez-Zor governorate,'
    "Deir ez-Zor governorate,35.33,40.14,Syria,2,4,2014-08-01,2014-08-31,0,0,30,0,30,40,25",
    "900003,2014,1,Government of Syria - IS,Government of Syria,IS,,6,Syria,,35.0,38.5,Syria,"
    "1,1,2014-07-17,2014-07-17,10,20,0,0,30,30,30",
)


def test_ged_import_makes_clashes_killings_and_events(kb_engine: Engine, tmp_path: Path) -> None:
    path = ged_file(tmp_path / "ged.csv", *ROWS)
    sessions = session_factory(kb_engine)
    summary = import_ged(sessions, read_ged_csv(path), origin="ged.csv")
    assert (summary.added, summary.failed) == (3, [])
    with sessions() as session:
        kb = KnowledgeBase(session)
        claims = {c.claim.qualifiers["ucdp_id"]: c for c in ClaimReader(kb).claims()}
        kobani, massacre, national = claims["900001"], claims["900002"], claims["900003"]
        assert kobani.type == "violence.clash" and kobani.claim.place_precision == 1
        assert kb.get_entity(kobani.subject_id).name == "Islamic State"  # the gazetteer actor
        assert massacre.type == "violence.killing" and massacre.object_literal == "Civilians"
        assert massacre.hedge.value == "uncertain"  # low event clarity
        assert massacre.date is not None and massacre.date.precision == "month"
        assert massacre.claim.place_precision == 3
        assert massacre.claim.quantity is not None and massacre.claim.quantity.value == 30
        assert national.place_id is None  # where_prec 6: the country only
        assert len(kb.list_events()) == 3
    again = import_ged(sessions, read_ged_csv(path), origin="ged.csv")
    assert (again.added, again.existing) == (0, 3)
