from __future__ import annotations

import io
import json

from sqlalchemy.orm import Session, sessionmaker
from stix2validator import ValidationOptions, validate_instance, validate_string

from allegiance.export.filters import ExportFilter, Selection
from allegiance.export.stix import EXTENSION_ID, write_stix
from allegiance.store import KnowledgeBase

OPTIONS = ValidationOptions(version="2.1", strict=False)


def export(sessions: sessionmaker[Session], wanted: ExportFilter | None = None) -> str:
    out = io.StringIO()
    with sessions() as session:
        write_stix(Selection(KnowledgeBase(session), wanted or ExportFilter()), out)
    return out.getvalue()


def test_stix_bundle_passes_the_validator(events_copy: sessionmaker[Session]) -> None:
    text = export(events_copy)
    results = validate_string(text, OPTIONS)
    errors = [str(error) for error in results.errors]
    assert results.is_valid, errors[:5]
    bundle = json.loads(text)
    kinds = {obj["type"] for obj in bundle["objects"]}
    assert {
        "identity", "threat-actor", "location", "relationship", "report", "note", "opinion",
        "user-account", "extension-definition", "x-allegiance-event",
    } <= kinds  # fmt: skip
    for obj in bundle["objects"]:
        assert validate_instance(obj, OPTIONS).is_valid, obj["id"]


def test_stix_relationships_carry_their_evidence(events_copy: sessionmaker[Session]) -> None:
    objects = json.loads(export(events_copy))["objects"]
    claims = [o for o in objects if any(x.startswith("grade:") for x in o.get("labels", ()))]
    assert claims
    for obj in claims:
        [reference] = [r for r in obj["external_references"] if r["source_name"] == "allegiance"]
        assert reference["external_id"].startswith("clm-")
        assert any(label.startswith("hedge:") for label in obj["labels"])
    affiliations = [o for o in objects if o.get("relationship_type") in ("member-of", "pledged-to")]
    assert any("start_time" in o for o in affiliations)
    events = [o for o in objects if o["type"] == "x-allegiance-event"]
    assert events and all(EXTENSION_ID in o["extensions"] for o in events)


def test_stix_export_is_stable(demo_sessions: sessionmaker[Session]) -> None:
    wanted = ExportFilter(types=("territory.capture",))
    assert export(demo_sessions, wanted) == export(demo_sessions, wanted)
