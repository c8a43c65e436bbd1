"""Hand-made records for store tests."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, datetime, timedelta, timezone
from typing import Any

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
    Media,
    PlacePrecision,
    Quantity,
    Quote,
    Source,
)

BAGHDAD = timezone(timedelta(hours=3))
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


def make_media(data: bytes = PNG) -> Media:
    return Media(sha256=hashlib.sha256(data).hexdigest(), mime_type="image/png", data=data)


def make_document(
    text: str = "Fighters seized the border town of Rutba.", **fields: Any
) -> Document:
    document = Document(
        text=text,
        origin="reports/rutba.html",
        format="html",
        title="Rutba falls",
        source=Source(name="Example News", kind="publisher", platform="web"),
        published=datetime(2014, 6, 23, 9, 30, tzinfo=BAGHDAD),
        url="https://news.example/rutba",
        language="en",
        platform="web",
    )
    return dataclasses.replace(document, **fields)


def make_entity(
    entity_id: str, name: str, kind: EntityKind = EntityKind.GROUP, **fields: Any
) -> Entity:
    return dataclasses.replace(Entity(id=entity_id, kind=kind, name=name), **fields)


def sample_entities() -> list[Entity]:
    return [
        make_entity(
            "ent-islamic-state",
            "Islamic State",
            aliases=(Alias.of("ISIS"), Alias.of("الدولة الإسلامية", language="ar")),
            external_ids={"wikidata": "Q2429253"},
        ),
        make_entity("ent-iraqi-army", "Iraqi Army"),
        make_entity(
            "ent-rutba",
            "Rutba",
            EntityKind.PLACE,
            attributes={"country": "IQ", "lat": 33.04, "lon": 40.28},
            external_ids={"geonames": "89570"},
        ),
        make_entity("ent-officials", "Iraqi security officials", EntityKind.ORGANIZATION),
    ]


def make_claim(document_id: str, **fields: Any) -> Claim:
    claim = Claim(
        type="territory.capture",
        subject_id="ent-islamic-state",
        document_id=document_id,
        extractor="allegiance.events.v1",
        quote=Quote("Fighters seized the border town of Rutba", 0, 40),
        place_id="ent-rutba",
        place_precision=PlacePrecision(1),
        date=FuzzyDate.day(date(2014, 6, 22)),
        attributed_to_id="ent-officials",
        hedge=Hedge.REPORTED,
        confidence=0.82,
        grade=Grade.parse("B2"),
        qualifiers={"means": "ground assault"},
        notes="date from 'on Sunday'",
    )
    return dataclasses.replace(claim, **fields)


def literal_claim(document_id: str) -> Claim:
    return make_claim(
        document_id,
        type="attribute.size",
        object=Argument(literal="about 300 fighters"),
        place_id=None,
        place_precision=None,
        date=FuzzyDate.month(2014, 6),
        quantity=Quantity(300, "fighters"),
        grade=None,
        qualifiers={},
        notes=None,
    )
