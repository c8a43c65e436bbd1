from __future__ import annotations

import io
import json
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from allegiance.export.filters import ExportFilter, Selection
from allegiance.export.stix import write_stix
from allegiance.ingest.ftm_stream import read_ftm_stream
from allegiance.ingest.stix_bundle import read_stix_bundle
from allegiance.store import KnowledgeBase, session_factory
from allegiance.workflow.actor_import import import_actors
from tests.ingest.test_ftm_stream import STREAM, FtmRecord, stream_file
from tests.ingest.test_stix_bundle import bundle_file


def test_ftm_import_stores_entities_with_aliases_once(kb_engine: Engine, tmp_path: Path) -> None:
    path = stream_file(tmp_path / "s.json")
    sessions = session_factory(kb_engine)
    summary = import_actors(sessions, read_ftm_stream(path))
    assert (summary.added, len(summary.skipped), summary.failed) == (3, 1, [])
    with sessions() as session:
        kb = KnowledgeBase(session)
        person = kb.entity_by_external_id("ftm", "os-person-1")
        assert person is not None and person.kind.value == "person"
        assert [e.id for e in kb.find_entities("Taha Sobhi Falaha")] == [person.id]
    person_record = STREAM[0]
    aliased = {**person_record["properties"], "alias": ["Abu Muhammad"]}
    grown: list[FtmRecord] = [{**person_record, "properties": aliased}]
    again = import_actors(sessions, read_ftm_stream(stream_file(tmp_path / "t.json", grown)))
    assert (again.added, again.existing, again.aliases) == (0, 1, 1)


def test_stix_import_reads_back_our_own_export(
    demo_sessions: sessionmaker[Session], kb_engine: Engine, tmp_path: Path
) -> None:
    out = io.StringIO()
    with demo_sessions() as session:
        write_stix(Selection(KnowledgeBase(session), ExportFilter(types=("allegiance",))), out)
    path = tmp_path / "bundle.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    actors = [o for o in json.loads(out.getvalue())["objects"] if o["type"] == "threat-actor"]
    summary = import_actors(session_factory(kb_engine), read_stix_bundle(path))
    assert summary.added >= len(actors) > 0 and summary.failed == []
    mine = import_actors(session_factory(kb_engine), read_stix_bundle(bundle_file(tmp_path / "b")))
    assert mine.added == 2
