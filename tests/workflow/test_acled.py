from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from allegiance.ingest.acled import COLUMNS, read_acled_csv
from allegiance.model import JudgementKind
from allegiance.query.claims import ClaimReader
from allegiance.store import KnowledgeBase, session_factory
from allegiance.workflow.acled import import_acled

NOW = datetime(2024, 5, 1, tzinfo=UTC)


def acled_file(path: Path, rows: list[dict[str, str]]) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(dict.fromkeys(COLUMNS, "") | row)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def row(event_id: str, *, timestamp: int, notes: str, fatalities: str = "0") -> dict[str, str]:
    return {
        "event_id_cnty": event_id, "event_date": "2014-06-10", "time_precision": "1",
        "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "Islamic State (Iraq)", "actor2": "Military Forces of Iraq",
        "country": "Iraq", "location": "Mosul", "latitude": "36.335", "longitude": "43.1189",
        "geo_precision": "1", "notes": notes, "fatalities": fatalities,
        "timestamp": str(timestamp),
    }  # fmt: skip


def test_acled_import_makes_claims_events_and_entities(kb_engine: Engine, tmp_path: Path) -> None:
    path = acled_file(tmp_path / "a.csv", [row("IRQ1", timestamp=100, notes="Clashes in Mosul.")])
    sessions = session_factory(kb_engine)
    summary = import_acled(sessions, read_acled_csv(path), origin="a.csv", now=NOW)
    assert (summary.added, summary.failed) == (1, [])
    with sessions() as session:
        kb = KnowledgeBase(session)
        [current] = ClaimReader(kb).claims()
        claim = current.claim
        assert claim.type == "violence.clash" and claim.hedge.value == "reported"
        assert kb.get_entity(claim.subject_id).name == "Islamic State"  # the gazetteer actor
        assert claim.quote.text == "Clashes in Mosul." and claim.date is not None
        assert claim.quantity is not None and claim.quantity.value == 0
        place = kb.get_entity(claim.place_id or "")
        assert (place.name, place.attributes["country"]) == ("Mosul", "IQ")
        [event] = kb.list_events()
        assert event.claim_ids == (claim.id,)
        assert kb.get_document(claim.document_id).document.publisher == "ACLED"


def test_acled_newer_export_supersedes_edits_and_deletes_rows(
    kb_engine: Engine, tmp_path: Path
) -> None:
    sessions = session_factory(kb_engine)
    older = acled_file(
        tmp_path / "old.csv",
        [row("IRQ1", timestamp=100, notes="Clashes."), row("IRQ2", timestamp=100, notes="Raid.")],
    )
    import_acled(sessions, read_acled_csv(older), origin="old.csv", now=NOW)
    newer = acled_file(
        tmp_path / "new.csv",
        [row("IRQ1", timestamp=200, notes="Clashes; 3 killed.", fatalities="3")],
    )
    summary = import_acled(sessions, read_acled_csv(newer), origin="new.csv", full=True, now=NOW)
    assert (summary.edited, summary.deleted, summary.added) == (1, 1, 0)
    with sessions() as session:
        kb = KnowledgeBase(session)
        [current] = ClaimReader(kb).claims()
        assert current.claim.quote.text == "Clashes; 3 killed."
        rejected = [c for c in ClaimReader(kb).claims(include_rejected=True) if c is not current]
        reasons = {
            j.reason
            for c in rejected
            for j in kb.list_judgements(subject=c.id)
            if j.kind is JudgementKind.CLAIM_REVIEW
        }
        assert reasons == {
            "deleted in ACLED export of 1970-01-01",
            f"edited in ACLED export: superseded by {current.document_id}",
        }
    again = import_acled(sessions, read_acled_csv(newer), origin="new.csv", full=True, now=NOW)
    assert (again.existing, again.edited, again.deleted) == (1, 0, 0)


def test_acled_partial_export_deletes_nothing_elsewhere(kb_engine: Engine, tmp_path: Path) -> None:
    sessions = session_factory(kb_engine)
    iraq = acled_file(tmp_path / "iq.csv", [row("IRQ1", timestamp=100, notes="Clashes.")])
    import_acled(sessions, read_acled_csv(iraq), origin="iq.csv", now=NOW)
    syria = acled_file(
        tmp_path / "sy.csv", [row("SYR1", timestamp=100, notes="Raid.") | {"country": "Syria"}]
    )
    summary = import_acled(sessions, read_acled_csv(syria), origin="sy.csv", full=True, now=NOW)
    assert (summary.added, summary.deleted) == (1, 0)


def test_acled_rows_of_unmodelled_types_are_skipped_and_counted(
    kb_engine: Engine, tmp_path: Path
) -> None:
    protest = row("IRQ3", timestamp=1, notes="A protest.") | {
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
    }
    path = acled_file(tmp_path / "p.csv", [protest])
    summary = import_acled(session_factory(kb_engine), read_acled_csv(path), origin="p.csv")
    assert summary.added == 0
    assert [f.reason for f in summary.skipped] == ["no claim type for Protests / Peaceful protest"]
