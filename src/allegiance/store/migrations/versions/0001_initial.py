"""The initial schema: documents, sources, media, entities, claims, events, judgements.

Revision ID: 0001
Revises:
Create Date: 2024-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON()
_TIMESTAMP = sa.DateTime(timezone=True)

# Searching ignores text beyond this many characters on PostgreSQL: a tsvector must stay
# under 1 MB or the document is refused, and 400k characters of even all-distinct words
# stay under it. (SQLite's FTS5 has no such limit and indexes the whole text.)
_POSTGRESQL_SEARCH_CHARS = 400_000


def upgrade() -> None:
    _create_documents()
    _create_entities()
    _create_mentions()
    _create_claims()
    _create_events()
    _create_judgements()
    _create_search_index()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE documents_fts")
    for table in (
        "judgement_subjects", "judgements", "event_claims", "events", "claims", "mentions",
        "external_ids", "aliases", "entities", "documents", "media", "sources",
    ):  # fmt: skip
        op.drop_table(table)


def _create_documents() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("platform", sa.String),
        sa.Column("url", sa.String),
    )
    op.create_table(
        "media",
        sa.Column("sha256", sa.String, primary_key=True),
        sa.Column("mime_type", sa.String, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("source_id", sa.String, sa.ForeignKey("sources.id"), index=True),
        sa.Column("author", sa.String),
        sa.Column("published", _TIMESTAMP, index=True),
        sa.Column("url", sa.String, index=True),
        sa.Column("language", sa.String),
        sa.Column("platform", sa.String, nullable=False, index=True),
        sa.Column("account", sa.String),
        sa.Column("external_id", sa.String),
        sa.Column("format", sa.String, nullable=False),
        sa.Column("origin", sa.String, nullable=False),
        sa.Column("metadata", _JSON, nullable=False),
        sa.Column("media_sha256", sa.String, sa.ForeignKey("media.sha256")),
        sa.Column("decode_errors", sa.Integer, nullable=False),
        sa.Column("ingested_at", _TIMESTAMP, nullable=False),
        sa.Column("supersedes", sa.String, sa.ForeignKey("documents.id"), unique=True),
        sa.Index(None, "platform", "external_id"),
    )


def _create_entities() -> None:
    op.create_table(
        "entities",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("kind", sa.String, nullable=False, index=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("key", sa.String, nullable=False, index=True),
        sa.Column("attributes", _JSON, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
    )
    op.create_table(
        "aliases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entity_id", sa.String, sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("key", sa.String, nullable=False, index=True),
        sa.Column("script", sa.String, nullable=False),
        sa.Column("language", sa.String),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("seen_in", sa.String, sa.ForeignKey("documents.id")),
        sa.UniqueConstraint("entity_id", "name"),
    )
    op.create_table(
        "external_ids",
        sa.Column("entity_id", sa.String, sa.ForeignKey("entities.id"), primary_key=True),
        sa.Column("scheme", sa.String, primary_key=True),
        sa.Column("value", sa.String, nullable=False),
        sa.UniqueConstraint("scheme", "value"),
    )


def _create_mentions() -> None:
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("label", sa.String, nullable=False),
        sa.Column("entity_id", sa.String, sa.ForeignKey("entities.id"), index=True),
        sa.Column("extractor", sa.String),
        sa.Index(None, "document_id"),
    )


def _create_claims() -> None:
    entity = "entities.id"
    op.create_table(
        "claims",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("type", sa.String, nullable=False, index=True),
        sa.Column("subject_id", sa.String, sa.ForeignKey(entity), nullable=False, index=True),
        sa.Column("object_entity_id", sa.String, sa.ForeignKey(entity), index=True),
        sa.Column("object_literal", sa.Text),
        sa.Column("place_id", sa.String, sa.ForeignKey(entity), index=True),
        sa.Column("place_precision", sa.SmallInteger),
        sa.Column("date_start", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("date_precision", sa.String),
        sa.Column("quantity_value", sa.Float),
        sa.Column("quantity_unit", sa.String),
        sa.Column("attributed_to_id", sa.String, sa.ForeignKey(entity), index=True),
        sa.Column("hedge", sa.String, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("quote_start", sa.Integer, nullable=False),
        sa.Column("quote_end", sa.Integer, nullable=False),
        sa.Column("document_id", sa.String, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("grade", sa.String),
        sa.Column("extractor", sa.String, nullable=False),
        sa.Column("review", sa.String, nullable=False),
        sa.Column("qualifiers", _JSON, nullable=False),
        sa.Column("notes", sa.Text),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Index(None, "document_id"),
        sa.Index(None, "date_start", "date_end"),
        sa.CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence"),
        sa.CheckConstraint(
            "object_entity_id IS NULL OR object_literal IS NULL", name="object_entity_or_literal"
        ),
    )


def _create_events() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("type", sa.String, nullable=False, index=True),
        sa.Column("place_id", sa.String, sa.ForeignKey("entities.id"), index=True),
        sa.Column("date_start", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("date_precision", sa.String),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Index(None, "date_start", "date_end"),
    )
    op.create_table(
        "event_claims",
        sa.Column("event_id", sa.String, sa.ForeignKey("events.id"), primary_key=True),
        sa.Column("claim_id", sa.String, sa.ForeignKey("claims.id"), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Index(None, "claim_id"),
    )


def _create_judgements() -> None:
    op.create_table(
        "judgements",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("kind", sa.String, nullable=False, index=True),
        sa.Column("decision", sa.String, nullable=False),
        sa.Column("author", sa.String, nullable=False),
        sa.Column("created", _TIMESTAMP, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("undoes", sa.String, sa.ForeignKey("judgements.id"), index=True),
    )
    op.create_table(
        "judgement_subjects",
        sa.Column("judgement_id", sa.String, sa.ForeignKey("judgements.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("subject_id", sa.String, nullable=False, index=True),
    )


def _create_search_index() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "document_id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')"
        )
        return
    op.execute(
        "ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || "
        f"left(text, {_POSTGRESQL_SEARCH_CHARS}))) STORED"
    )
    op.execute("CREATE INDEX ix_documents_search_vector ON documents USING gin (search_vector)")
