"""Full-text search over documents: SQLite FTS5 or a PostgreSQL tsvector, behind one API.

SQLite keeps a plain FTS5 table `documents_fts` (document id, title, text) that the store
fills in the same transaction as the document. PostgreSQL computes the generated column
`documents.search_vector` itself and indexes it with GIN. Both tokenise without stemming,
so the two backends find the same documents.

A user's query is read as plain words: every whitespace-separated chunk becomes a phrase
of its words (letters, digits, combining marks), and the phrases must all match. Query
syntax (`"`, `*`, `OR`, `-`, `NEAR`, parentheses) is never interpreted, so no query
text can raise.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import reduce
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import REGCONFIG, TSQUERY, TSVECTOR
from sqlalchemy.orm import Session

FTS_TABLE = "documents_fts"
TSVECTOR_COLUMN = "search_vector"
TSVECTOR_INDEX = "ix_documents_search_vector"
TS_CONFIG = "simple"
MATCH_START = "["
MATCH_END = "]"
_SNIPPET_WORDS = 16

_fts = sa.table(FTS_TABLE, sa.column("document_id"), sa.column("title"), sa.column("text"))
_documents = sa.table(
    "documents", sa.column("id"), sa.column("text"), sa.column(TSVECTOR_COLUMN, TSVECTOR)
)


@dataclass(frozen=True, slots=True)
class Match:
    """One document that matches a query, best first."""

    document_id: str
    snippet: str
    rank: float


def is_search_object(type_: str, name: str | None) -> bool:
    """Whether a schema object belongs to the full-text index (not in `tables.metadata`)."""
    if type_ == "table":
        return name is not None and name.startswith(FTS_TABLE)
    return name in (TSVECTOR_COLUMN, TSVECTOR_INDEX)


def to_phrases(query: str) -> list[str]:
    """The phrases a user's query asks for: its chunks, each reduced to its words.

    Splitting words here, rather than leaving it to each database, keeps the backends in
    step ("border-town" finds "border town" on both) and keeps query syntax out.
    """
    clean = query.encode("utf-8", "replace").decode("utf-8")
    phrases = (" ".join(_words(chunk)) for chunk in clean.split())
    return [phrase for phrase in phrases if phrase]


def _words(chunk: str) -> list[str]:
    """Runs of letters, digits and combining marks (Arabic vowel signs stay in their word)."""
    words: list[str] = []
    current: list[str] = []
    for char in chunk + " ":
        if char.isalnum() or unicodedata.category(char).startswith("M"):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    return words


def index_document(session: Session, document_id: str, *, title: str | None, text: str) -> None:
    """Add a document to the index (PostgreSQL keeps its index by itself)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sa.insert(_fts).values(document_id=document_id, title=title, text=text))


def search(session: Session, query: str, *, limit: int) -> list[Match]:
    """Documents matching every phrase of `query`, most relevant first."""
    phrases = to_phrases(query)
    if not phrases or limit <= 0:
        return []
    if session.get_bind().dialect.name == "sqlite":
        return _search_sqlite(session, phrases, limit=limit)
    return _search_postgresql(session, phrases, limit=limit)


def _search_sqlite(session: Session, phrases: list[str], *, limit: int) -> list[Match]:
    expression = " ".join(f'"{phrase}"' for phrase in phrases)
    table: sa.ColumnElement[Any] = sa.literal_column(FTS_TABLE)
    snippet = sa.func.snippet(table, -1, MATCH_START, MATCH_END, "…", _SNIPPET_WORDS)
    bm25 = sa.func.bm25(table)
    statement = (
        sa.select(_fts.c.document_id, snippet, bm25)
        .where(table.bool_op("MATCH")(expression))
        .order_by(bm25, _fts.c.document_id)
        .limit(limit)
    )
    # bm25() is smaller for better matches; flip it so a higher rank is better everywhere.
    return [Match(row[0], row[1], -float(row[2])) for row in session.execute(statement)]


def _search_postgresql(session: Session, phrases: list[str], *, limit: int) -> list[Match]:
    config = sa.literal(TS_CONFIG, REGCONFIG)
    parts: list[sa.ColumnElement[Any]] = [
        sa.func.phraseto_tsquery(config, phrase, type_=TSQUERY) for phrase in phrases
    ]
    query = reduce(lambda left, right: left.op("&&", return_type=TSQUERY)(right), parts)
    vector = _documents.c[TSVECTOR_COLUMN]
    rank = sa.func.ts_rank_cd(vector, query, type_=sa.Float)
    best = (
        sa.select(_documents.c.id, _documents.c.text, rank.label("rank"))
        .where(vector.bool_op("@@")(query))
        .order_by(rank.desc(), _documents.c.id)
        .limit(limit)
        .subquery()
    )
    # Headlines are costly, so they are computed for the best rows only.
    options = f"StartSel={MATCH_START}, StopSel={MATCH_END}, MaxWords={_SNIPPET_WORDS}, MinWords=6"
    headline = sa.func.ts_headline(config, best.c.text, query, options)
    statement = sa.select(best.c.id, headline, best.c.rank).order_by(best.c.rank.desc(), best.c.id)
    return [Match(row[0], row[1], float(row[2])) for row in session.execute(statement)]
