import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from allegiance.model import Entity, EntityKind, FuzzyDate, Hedge, Quote
from allegiance.store import KnowledgeBase, make_engine, upgrade
from tests.cli.conftest import Run
from tests.store.samples import make_claim, make_document

PLACES: dict[str, tuple[str, dict[str, object]]] = {
    "ent-rutba": ("Rutba", {"country": "IQ", "admin1": "Anbar", "feature": "town"}),
    "ent-mosul": ("Mosul", {"country": "IQ", "admin1": "Nineveh", "feature": "city"}),
    "ent-nineveh": ("Nineveh", {"country": "IQ", "admin1": "Nineveh", "feature": "admin1"}),
}


@pytest.fixture
def stored(run_cli: Run, cli_env: dict[str, str]) -> Run:
    """A knowledge base in the command's home holding two captures, reported and asserted."""
    home = Path(cli_env["ALLEGIANCE_HOME"])
    home.mkdir(parents=True)
    engine = make_engine(f"sqlite:///{home / 'allegiance.db'}")
    upgrade(engine)
    with Session(engine) as session, session.begin():
        kb = KnowledgeBase(session)
        kb.add_entity(Entity("ent-isis", EntityKind.GROUP, "Islamic State"))
        for entity_id, (name, attributes) in PLACES.items():
            kb.add_entity(Entity(entity_id, EntityKind.PLACE, name, attributes=attributes))
        for place, day, hedge in (
            ("ent-rutba", 22, Hedge.REPORTED),
            ("ent-mosul", 10, Hedge.ASSERTED),
        ):
            text = f"Islamic State fighters seized {PLACES[place][0]}."
            document = kb.add_document(make_document(text, url=None))
            claim = make_claim(
                document.document_id,
                subject_id="ent-isis",
                place_id=place,
                date=FuzzyDate.day(date(2014, 6, day)),
                hedge=hedge,
                attributed_to_id=None,
                quote=Quote(text, 0, len(text)),
            )
            kb.add_claim(claim)
    engine.dispose()
    return run_cli


def _lines(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_control_prints_each_place_as_of_a_day_with_its_claims(stored: Run) -> None:
    before = _lines(stored("control", "--as-of", "2014-06-05").stdout)
    assert {line["status"] for line in before} == {"unknown"}
    result = stored("control", "--as-of", "2014-06-25", "--within", "IQ")
    assert result.returncode == 0, result.stderr
    after = {line["province"]: line for line in _lines(result.stdout)}
    assert set(after) == {"Anbar", "Nineveh"}
    rutba = after["Anbar"]
    assert (rutba["status"], rutba["actor"], rutba["since"], rutba["hedges"]) == (
        "controlled",
        "Islamic State",
        "2014-06-22",
        ["reported"],
    )
    assert rutba["claims"] and rutba["documents"]


def test_control_place_timeline_and_rollup(stored: Run) -> None:
    timeline = _lines(stored("control", "--place", "Mosul").stdout)
    assert [(line["status"], line["since"], line["until"]) for line in timeline] == [
        ("controlled", "2014-06-10", None)
    ]
    areas = _lines(stored("control", "--as-of", "2014-06-25", "--rollup", "province").stdout)
    assert [area["area"] for area in areas] == ["Anbar", "Nineveh"]
    assert areas[1]["summary"] == "Nineveh: 1 place controlled by Islamic State"
    within = _lines(stored("control", "--as-of", "2014-06-25", "--within", "Nineveh").stdout)
    assert [line["place"] for line in within] == ["Mosul"]
    table = stored("control", "--as-of", "2014-06-25", "-o", "table")
    assert table.returncode == 0, table.stderr
    assert "controlled" in table.stdout


def test_control_refuses_a_town_as_an_area_and_an_unknown_place(stored: Run) -> None:
    town = stored("control", "--within", "Mosul")
    assert town.returncode == 3
    assert "not a province or district" in town.stderr
    missing = stored("control", "--place", "Atlantis")
    assert missing.returncode == 4
    assert "no place 'Atlantis'" in missing.stderr
