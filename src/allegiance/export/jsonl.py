"""JSON Lines export: one object per claim, entity or document (DESIGN.md §6)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, TextIO

from allegiance.export.records import (
    AliasRecord,
    ClaimRecord,
    DateRecord,
    DocumentRecordOut,
    EntityRecord,
    EntityRef,
    LiteralRef,
    PlaceRef,
    QuantityRecord,
    SourceRecord,
)
from allegiance.model import Claim, Entity
from allegiance.store import DocumentRecord, KnowledgeBase

What = Literal["claims", "entities", "documents"]


class ClaimLookup:
    """Caches the entities and documents that many claims refer to."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._entities: dict[str, Entity] = {}
        self._sources: dict[str, SourceRecord] = {}

    def entity(self, entity_id: str) -> Entity:
        if entity_id not in self._entities:
            self._entities[entity_id] = self.kb.get_entity(entity_id)
        return self._entities[entity_id]

    def ref(self, entity_id: str) -> EntityRef:
        entity = self.entity(entity_id)
        return EntityRef(id=entity.id, name=entity.name, kind=entity.kind.value)

    def source(self, document_id: str) -> SourceRecord:
        if document_id not in self._sources:
            record = self.kb.get_document(document_id)
            document = record.document
            published = document.published.date().isoformat() if document.published else None
            self._sources[document_id] = SourceRecord(
                document_id=record.id,
                title=document.title,
                publisher=document.publisher,
                url=document.url,
                published=published,
            )
        return self._sources[document_id]


def to_claim_record(claim: Claim, lookup: ClaimLookup) -> ClaimRecord:
    obj: EntityRef | LiteralRef | None = None
    if claim.object and claim.object.entity_id:
        obj = lookup.ref(claim.object.entity_id)
    elif claim.object and claim.object.literal is not None:
        obj = LiteralRef(name=claim.object.literal)
    return ClaimRecord(
        id=claim.id,
        type=claim.type,
        subject=lookup.ref(claim.subject_id),
        object=obj,
        place=_place(claim, lookup),
        date=DateRecord(**claim.date.to_dict()) if claim.date else None,
        quantity=QuantityRecord(value=claim.quantity.value, unit=claim.quantity.unit)
        if claim.quantity
        else None,
        attributed_to=lookup.ref(claim.attributed_to_id) if claim.attributed_to_id else None,
        hedge=claim.hedge.value,
        quote=claim.quote.text,
        offsets=(claim.quote.start, claim.quote.end),
        source=lookup.source(claim.document_id),
        confidence=claim.confidence,
        grade=str(claim.grade) if claim.grade else None,
        extractor=claim.extractor,
        review=claim.review.value,
    )


def _place(claim: Claim, lookup: ClaimLookup) -> PlaceRef | None:
    if not claim.place_id:
        return None
    place = lookup.entity(claim.place_id)
    attributes = place.attributes
    geonames = place.external_ids.get("geonames")
    return PlaceRef(
        id=place.id,
        name=place.name,
        country=_text(attributes.get("country")),
        lat=_number(attributes.get("lat")),
        lon=_number(attributes.get("lon")),
        precision=int(claim.place_precision) if claim.place_precision else None,
        geonames_id=int(geonames) if geonames and geonames.isdigit() else None,
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def to_entity_record(entity: Entity) -> EntityRecord:
    return EntityRecord(
        id=entity.id,
        kind=entity.kind.value,
        name=entity.name,
        aliases=[
            AliasRecord(name=a.name, script=a.script.value, language=a.language, kind=a.kind)
            for a in entity.aliases
        ],
        attributes=dict(entity.attributes),
        external_ids=dict(entity.external_ids),
    )


def to_document_record(record: DocumentRecord) -> DocumentRecordOut:
    document = record.document
    return DocumentRecordOut(
        id=record.id,
        title=document.title,
        publisher=document.publisher,
        author=document.author,
        published=document.published.isoformat() if document.published else None,
        url=document.url,
        language=document.language,
        platform=document.platform,
        account=document.account,
        external_id=document.external_id,
        format=document.format,
        origin=document.origin,
        supersedes=record.supersedes,
        ingested_at=record.ingested_at.isoformat(),
        decode_errors=document.decode_errors,
        text=document.text,
    )


def iter_lines(kb: KnowledgeBase, what: What) -> Iterator[str]:
    """The export, one JSON text per record, in a stable order."""
    if what == "claims":
        lookup = ClaimLookup(kb)
        for claim in kb.iter_claims():
            yield to_claim_record(claim, lookup).model_dump_json()
    elif what == "entities":
        for entity in kb.iter_entities():
            yield to_entity_record(entity).model_dump_json()
    else:
        for record in kb.iter_documents():
            yield to_document_record(record).model_dump_json()


def write_jsonl(kb: KnowledgeBase, what: What, out: TextIO) -> int:
    count = 0
    for line in iter_lines(kb, what):
        out.write(line + "\n")
        count += 1
    return count
