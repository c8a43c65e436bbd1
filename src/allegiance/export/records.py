"""The JSON records of the export contract (DESIGN.md §6): field names and order are binding."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

RefKind = Literal["person", "group", "organization", "place", "facility", "account", "literal"]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EntityRef(_Record):
    """An entity as a claim refers to it."""

    id: str
    name: str
    kind: RefKind


class LiteralRef(_Record):
    """A claim's object that names no entity (a nationality, a topic)."""

    kind: Literal["literal"] = "literal"
    name: str


class PlaceRef(_Record):
    id: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: int | None
    geonames_id: int | None


class DateRecord(_Record):
    start: str
    end: str
    precision: str


class QuantityRecord(_Record):
    value: float
    unit: str


class SourceRecord(_Record):
    document_id: str
    title: str | None
    publisher: str | None
    url: str | None
    published: str | None


class ClaimRecord(_Record):
    id: str
    type: str
    subject: EntityRef
    object: EntityRef | LiteralRef | None
    place: PlaceRef | None
    date: DateRecord | None
    quantity: QuantityRecord | None
    attributed_to: EntityRef | None
    hedge: str
    quote: str
    offsets: tuple[int, int]
    source: SourceRecord
    confidence: float
    grade: str | None
    extractor: str
    review: str


class AliasRecord(_Record):
    name: str
    script: str
    language: str | None
    kind: str


class EntityRecord(_Record):
    id: str
    kind: RefKind
    name: str
    aliases: list[AliasRecord]
    attributes: dict[str, object]
    external_ids: dict[str, str]


class DocumentRecordOut(_Record):
    id: str
    title: str | None
    publisher: str | None
    author: str | None
    published: str | None
    url: str | None
    language: str | None
    platform: str
    account: str | None
    external_id: str | None
    format: str
    origin: str
    supersedes: str | None
    ingested_at: str
    decode_errors: int
    text: str
