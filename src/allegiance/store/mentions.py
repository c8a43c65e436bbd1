"""Storing and reading mentions: spans of a document that name an entity."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from allegiance.model.mention import Mention
from allegiance.store.dialect import insert_row
from allegiance.store.tables import mentions


class MentionStore:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add_mention(self, mention: Mention) -> bool:
        """Store a mention; False when the very same mention is already stored."""
        row = {
            "document_id": mention.document_id,
            "start": mention.start,
            "end": mention.end,
            "text": mention.text,
            "label": mention.label,
            "entity_id": mention.entity_id,
            "extractor": mention.extractor,
        }
        same = [
            mentions.c[column].is_(None) if value is None else mentions.c[column] == value
            for column, value in row.items()
        ]
        if self._session.execute(sa.select(mentions.c.id).where(*same).limit(1)).first():
            return False
        return insert_row(self._session, mentions, row)

    def list_mentions(self, document_id: str) -> list[Mention]:
        """A document's mentions in text order."""
        statement = (
            sa.select(mentions)
            .where(mentions.c.document_id == document_id)
            .order_by(mentions.c.start, mentions.c.end, mentions.c.id)
        )
        return [
            Mention(
                document_id=row.document_id,
                start=row.start,
                end=row.end,
                text=row.text,
                label=row.label,
                entity_id=row.entity_id,
                extractor=row.extractor,
            )
            for row in self._session.execute(statement)
        ]
