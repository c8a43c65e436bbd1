"""What a reader gives back: documents, and the items it deliberately did not turn into one."""

from __future__ import annotations

from dataclasses import dataclass, field

from allegiance.model import Document


@dataclass(frozen=True, slots=True)
class Skipped:
    """One item of an input that is not a document (a service message, an empty row), and why.

    Readers yield these next to documents so that nothing is dropped without being counted.
    """

    origin: str
    reason: str


Item = Document | Skipped


@dataclass(slots=True)
class ReadResult:
    """Everything read from one file or URL; `skipped` pairs an item's origin with the reason."""

    origin: str
    documents: list[Document] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
