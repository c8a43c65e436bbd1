from __future__ import annotations

import json
from pathlib import Path

from allegiance.ingest.ftm_stream import SkippedRecord
from allegiance.ingest.listed_actors import ListedActor
from allegiance.ingest.stix_bundle import read_stix_bundle
from allegiance.model import EntityKind

BUNDLE = {
    "type": "bundle", "id": "bundle--6b1f6c55-2c4e-4a8e-9a57-000000000001",
    "objects": [
        {"type": "threat-actor", "spec_version": "2.1",
         "id": "threat-actor--6b1f6c55-2c4e-4a8e-9a57-000000000002",
         "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z",
         "name": "Hurras al-Din", "aliases": ["Guardians of Religion", "حراس الدين"]},
        {"type": "identity", "spec_version": "2.1",
         "id": "identity--6b1f6c55-2c4e-4a8e-9a57-000000000003",
         "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z",
         "name": "Abu Hammam al-Shami", "identity_class": "individual"},
        {"type": "malware", "spec_version": "2.1",
         "id": "malware--6b1f6c55-2c4e-4a8e-9a57-000000000004",
         "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z",
         "name": "x", "is_family": False},
    ],
}  # fmt: skip


def bundle_file(path: Path) -> Path:
    path.write_text(json.dumps(BUNDLE, ensure_ascii=False), encoding="utf-8")
    return path


def test_stix_bundle_reads_actors(tmp_path: Path) -> None:
    group, person, malware = read_stix_bundle(bundle_file(tmp_path / "b.json"))
    assert isinstance(group, ListedActor) and group.kind is EntityKind.GROUP
    assert {a.name for a in group.aliases} == {"Guardians of Religion", "حراس الدين"}
    assert isinstance(person, ListedActor) and person.kind is EntityKind.PERSON
    assert isinstance(malware, SkippedRecord)
