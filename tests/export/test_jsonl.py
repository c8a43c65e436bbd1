"""The JSON Lines export follows DESIGN.md §6 to the field, on SQLite and PostgreSQL."""

import io
import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from allegiance.export.jsonl import write_jsonl
from allegiance.model import (
    Alias,
    Argument,
    Claim,
    Document,
    Entity,
    EntityKind,
    FuzzyDate,
    Grade,
    Hedge,
    PlacePrecision,
    Quantity,
    Quote,
    Source,
)
from allegiance.store import KnowledgeBase

CLAIM_FIELDS = [
    "id", "type", "subject", "object", "place", "date", "quantity", "attributed_to", "hedge",
    "quote", "offsets", "source", "confidence", "grade", "extractor", "review",
]  # fmt: skip
TEXT = "Islamic State fighters seized the border town of Rutba on Sunday, officials said."


def _fill(kb: KnowledgeBase) -> Claim:
    document = Document(
        text=TEXT,
        origin="rutba.md",
        format="text",
        title="Rutba falls",
        source=Source("Demo Wire"),
        published=datetime(2014, 6, 23, 8, tzinfo=UTC),
        url="https://example.org/rutba",
    )
    document_id = kb.add_document(document).document_id
    kb.add_entity(Entity("ent-is", EntityKind.GROUP, "Islamic State", (Alias.of("داعش"),)))
    kb.add_entity(Entity("ent-officials", EntityKind.ORGANIZATION, "Iraqi security officials"))
    kb.add_entity(
        Entity(
            "ent-rutba",
            EntityKind.PLACE,
            "Rutba",
            attributes={"country": "IQ", "lat": 33.04, "lon": 40.28},
            external_ids={"geonames": "89570"},
        )
    )
    claim = Claim(
        type="territory.capture",
        subject_id="ent-is",
        document_id=document_id,
        extractor="allegiance.events.v1",
        quote=Quote(TEXT[:-1], 0, len(TEXT) - 1),
        place_id="ent-rutba",
        place_precision=PlacePrecision(1),
        date=FuzzyDate.day(date(2014, 6, 22)),
        attributed_to_id="ent-officials",
        hedge=Hedge.REPORTED,
        confidence=0.82,
        grade=Grade.parse("B2"),
    )
    kb.add_claim(claim)
    statement = Claim(
        type="attribute.size",
        subject_id="ent-is",
        document_id=document_id,
        extractor="allegiance.events.v1",
        quote=Quote("fighters", 15, 23),
        object=Argument(literal="fighters"),
        quantity=Quantity(300, "fighters"),
    )
    kb.add_claim(statement)
    return claim


def test_jsonl_claim_follows_the_contract(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        claim = _fill(kb)
        out = io.StringIO()
        assert write_jsonl(kb, "claims", out) == 2
    records = {json.loads(line)["id"]: json.loads(line) for line in out.getvalue().splitlines()}
    record = records[claim.id]
    assert list(record) == CLAIM_FIELDS
    assert record["subject"] == {"id": "ent-is", "name": "Islamic State", "kind": "group"}
    assert record["object"] is None
    assert record["place"] == {
        "id": "ent-rutba", "name": "Rutba", "country": "IQ", "lat": 33.04, "lon": 40.28,
        "precision": 1, "geonames_id": 89570,
    }  # fmt: skip
    assert record["date"] == {"start": "2014-06-22", "end": "2014-06-22", "precision": "day"}
    assert record["attributed_to"]["kind"] == "organization"
    assert (record["hedge"], record["grade"], record["review"]) == ("reported", "B2", "unreviewed")
    assert TEXT[slice(*record["offsets"])] == record["quote"]
    assert record["source"]["publisher"] == "Demo Wire"
    assert record["source"]["published"] == "2014-06-23"


def test_jsonl_literal_object_and_quantity(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        _fill(kb)
        out = io.StringIO()
        write_jsonl(kb, "claims", out)
    sizes = [json.loads(line) for line in out.getvalue().splitlines()]
    size = next(record for record in sizes if record["type"] == "attribute.size")
    assert size["object"] == {"kind": "literal", "name": "fighters"}
    assert size["quantity"] == {"value": 300.0, "unit": "fighters"}


@pytest.mark.parametrize("what", ["entities", "documents"])
def test_jsonl_entities_and_documents(kb_engine: Engine, what: str) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        _fill(kb)
        out = io.StringIO()
        count = write_jsonl(kb, what, out)  # type: ignore[arg-type]
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(records) == (3 if what == "entities" else 1)
    if what == "entities":
        group = next(record for record in records if record["id"] == "ent-is")
        assert group["aliases"][0] == {
            "name": "داعش", "script": "Arab", "language": None, "kind": "name"
        }  # fmt: skip
