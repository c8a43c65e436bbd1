from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Required, TypedDict

import pytest

from allegiance.ingest.ftm_stream import SkippedRecord, read_ftm_stream
from allegiance.ingest.listed_actors import ListedActor
from allegiance.model import EntityKind, InputError


class FtmRecord(TypedDict, total=False):
    """One line of an FtM entity stream, as much of one as these tests write."""

    id: Required[str]
    schema: Required[str]
    datasets: list[str]
    properties: dict[str, list[str]]


# A small stream in the OpenSanctions shape, written for this test.
STREAM: list[FtmRecord] = [
    {"id": "os-person-1", "schema": "Person", "datasets": ["un_sc_sanctions"],
     "properties": {"name": ["Abu Muhammad al-Adnani"],
                    "alias": ["Taha Sobhi Falaha", "أبو محمد العدناني"],
                    "nationality": ["sy"], "topics": ["sanction"]}},
    {"id": "os-org-1", "schema": "Organization", "datasets": ["us_ofac_sdn"],
     "properties": {"name": ["Jaysh al-Izza"], "weakAlias": ["JAI"], "topics": ["crime.terror"],
                    "country": ["sy"]}},
    {"id": "os-company-1", "schema": "Company",
     "properties": {"name": ["Example Trading LLC"], "previousName": ["Old Trading"]}},
    {"id": "os-address-1", "schema": "Address", "properties": {"full": ["Raqqa"]}},
]  # fmt: skip


def stream_file(path: Path, records: Sequence[FtmRecord] = STREAM) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", "utf-8")
    return path


def test_ftm_stream_reads_actors_with_aliases(tmp_path: Path) -> None:
    person, group, company, address = read_ftm_stream(stream_file(tmp_path / "s.json"))
    assert isinstance(person, ListedActor) and person.kind is EntityKind.PERSON
    assert {a.name for a in person.aliases} == {"Taha Sobhi Falaha", "أبو محمد العدناني"}
    assert person.attributes["nationality"] == "SY"
    assert person.attributes["dataset"] == "un_sc_sanctions"
    assert isinstance(group, ListedActor) and group.kind is EntityKind.GROUP
    assert [(a.name, a.kind) for a in group.aliases] == [("JAI", "weak")]
    assert isinstance(company, ListedActor) and company.kind is EntityKind.ORGANIZATION
    assert isinstance(address, SkippedRecord) and "Address" in address.reason


def test_ftm_stream_refuses_what_is_not_ftm(tmp_path: Path) -> None:
    path = stream_file(tmp_path / "s.json", [{"id": "x", "schema": "NoSuchSchema"}])
    with pytest.raises(InputError, match=r"s\.json:1"):
        list(read_ftm_stream(path))
