"""Mentions: spans of a document that name an entity."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mention:
    """Characters `start`..`end` of a document's text, labelled, possibly resolved."""

    document_id: str
    start: int
    end: int
    text: str
    label: str
    entity_id: str | None = None
    extractor: str | None = None
