"""What the knowledge base returns besides the model's own types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from allegiance.model.document import Document

AddStatus = Literal["added", "duplicate", "new-version"]


@dataclass(frozen=True, slots=True)
class AddOutcome:
    """What storing a document did: added it, found it already stored, or added a new
    version of the document at the same URL (`supersedes` names the older one)."""

    document_id: str
    status: AddStatus
    supersedes: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """A stored document with what the store knows about it."""

    document: Document
    id: str
    ingested_at: datetime
    supersedes: str | None = None
    superseded_by: str | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A document that matches a search; `snippet` marks the matched words in [brackets]
    and a higher `rank` is a better match (ranks compare within one search only)."""

    record: DocumentRecord
    snippet: str
    rank: float


@dataclass(frozen=True, slots=True)
class Stats:
    """How many of each record the knowledge base holds."""

    documents: int
    documents_by_platform: dict[str, int]
    sources: int
    entities_by_kind: dict[str, int]
    claims_by_type: dict[str, int]
    mentions: int
    events: int
    judgements: int
    media: int
