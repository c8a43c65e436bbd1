"""`allegiance who` and `allegiance relations` on a copy of the demo knowledge base."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from allegiance.model import Argument, Claim, FuzzyDate, Quote
from allegiance.store import KnowledgeBase, make_engine
from tests.cli.conftest import Run

ABU = "Abu Khuzayma al-Urduni"
ISIS = "Islamic State of Iraq and al-Sham"


@pytest.fixture
def demo_home(demo_database: Path, cli_env: dict[str, str]) -> Path:
    """The CLI's knowledge base: a copy of the demo one, free to write to."""
    path = Path(cli_env["ALLEGIANCE_HOME"]) / "allegiance.db"
    path.parent.mkdir(parents=True)
    shutil.copyfile(demo_database, path)
    return path


def _lines(run_cli: Run, *args: str) -> list[dict[str, object]]:
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_who_shows_the_commander_before_and_after_his_pledge(run_cli: Run, demo_home: Path) -> None:
    before = _lines(run_cli, "who", ABU, "--as-of", "2014-06-16")
    after = _lines(run_cli, "who", ABU, "--as-of", "2014-06-26")
    assert "Jabhat al-Nusra" in {line["group"] for line in before}
    assert ISIS not in {line["group"] for line in before}
    (isis,) = [line for line in after if line["group"] == ISIS]
    assert (isis["start"], isis["start_precision"], isis["holds"]) == ("2014-06-25", "day", "yes")
    assert isis["claims"] and isis["documents"] and isis["sources"]
    assert all(str(claim).startswith("clm-") for claim in isis["claims"])  # type: ignore[attr-defined]
    assert "Jabhat al-Nusra" not in {line["group"] for line in after}


def test_who_on_a_group_lists_its_members_across_renamings(run_cli: Run, demo_home: Path) -> None:
    members = _lines(run_cli, "who", "Islamic State", "--as-of", "2014-07-05")
    carried = [line for line in members if line["entity"] == ABU]
    assert [(line["group"], line["carried_from"]) for line in carried] == [("Islamic State", ISIS)]


def test_who_with_an_ambiguous_name_lists_candidates_and_fails(
    run_cli: Run, demo_home: Path
) -> None:
    result = run_cli("who", "Nusra")
    assert result.returncode == 4
    assert "candidates" in result.stderr and "ent-" in result.stderr
    assert result.stdout == ""


def test_who_refuses_a_malformed_date(run_cli: Run, demo_home: Path) -> None:
    result = run_cli("who", ABU, "--as-of", "June 2014")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def test_relations_prints_intervals_with_their_claims(run_cli: Run, demo_home: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_home}")
    with Session(engine) as session, session.begin():
        kb = KnowledgeBase(session)
        nusra, isis = (_named(kb, name) for name in ("Jabhat al-Nusra", ISIS))
        document_id = kb.list_documents(limit=1)[0].id
        kb.add_claim(_claim("group.rivalry", nusra, isis, document_id))
    engine.dispose()
    (rivalry,) = _lines(run_cli, "relations", "Jabhat al-Nusra", "--as-of", "2014-06-12")
    assert (rivalry["type"], rivalry["group"], rivalry["start"]) == (
        "group.rivalry", "Jabhat al-Nusra", "2014-06-11"
    )  # fmt: skip
    assert rivalry["other"] == ISIS
    assert len(rivalry["claims"]) == 1  # type: ignore[arg-type]
    empty = run_cli("relations", "--as-of", "2014-06-01")
    assert empty.returncode == 0 and empty.stdout == ""
    assert "no relations found" in empty.stderr


def _named(kb: KnowledgeBase, name: str) -> str:
    return next(entity.id for entity in kb.find_entities(name) if entity.name == name)


def _claim(kind: str, subject: str, other: str, document_id: str) -> Claim:
    return Claim(
        type=kind,
        subject_id=subject,
        document_id=document_id,
        extractor="test.v1",
        quote=Quote("Whatever lies between us and the Dawla", 0, 38),
        object=Argument(entity_id=other),
        date=FuzzyDate.parse("2014-06-11"),
    )
