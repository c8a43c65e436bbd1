"""Storing and reading documents, their sources and media, and searching them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from allegiance.model.document import Document, Media, Platform, Source, SourceKind
from allegiance.model.errors import NotFoundError, StoreError
from allegiance.store import search
from allegiance.store.dialect import insert_row
from allegiance.store.records import AddOutcome, DocumentRecord, SearchHit
from allegiance.store.tables import documents, media, sources

MIN_PREFIX = 8

_SELECT = sa.select(
    documents,
    sources.c.name.label("source_name"),
    sources.c.kind.label("source_kind"),
    sources.c.platform.label("source_platform"),
    sources.c.url.label("source_url"),
).select_from(documents.outerjoin(sources))


class DocumentStore:
    """Documents in the caller's session; a document is never changed once stored."""

    def __init__(self, session: Session, *, clock: Callable[[], datetime]) -> None:
        self._session = session
        self._clock = clock

    def add_document(self, document: Document) -> AddOutcome:
        """Store a document with its source, media and search entry, unless already stored.

        A document whose URL is already stored becomes the new version of the latest one.
        """
        document_id = document.id
        if self._exists(document_id):
            return AddOutcome(document_id, "duplicate")
        if document.source is not None:
            self._store_source(document.source)
        if document.media is not None:
            self._store_media(document.media)
        older = self._latest_version(document.url) if document.url else None
        insert_row(self._session, documents, self._row(document, supersedes=older))
        search.index_document(self._session, document_id, title=document.title, text=document.text)
        return AddOutcome(document_id, "new-version" if older else "added", older)

    def get_document(self, key: str) -> DocumentRecord:
        """The document with id `key`, or the only one whose id starts with `key`."""
        document_id = self._resolve(key)
        rows = self._session.execute(_SELECT.where(documents.c.id == document_id)).mappings()
        return self._records(list(rows))[0]

    def list_documents(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        platform: str | None = None,
        source: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[DocumentRecord]:
        """Documents, newest published first; `source` is a source's id or name."""
        statement = _SELECT
        if platform is not None:
            statement = statement.where(documents.c.platform == platform)
        if source is not None:
            statement = statement.where(sa.or_(sources.c.id == source, sources.c.name == source))
        if since is not None:
            statement = statement.where(documents.c.published >= since)
        if until is not None:
            statement = statement.where(documents.c.published <= until)
        statement = statement.order_by(
            documents.c.published.desc().nulls_last(),
            documents.c.ingested_at.desc(),
            documents.c.id,
        )
        rows = self._session.execute(statement.limit(limit).offset(offset)).mappings()
        return self._records(list(rows))

    def search_documents(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Documents containing every word of `query` (read as plain words), best first."""
        matches = search.search(self._session, query, limit=limit)
        ids = [match.document_id for match in matches]
        rows = self._session.execute(_SELECT.where(documents.c.id.in_(ids))).mappings()
        by_id = {record.id: record for record in self._records(list(rows))}
        return [SearchHit(by_id[m.document_id], m.snippet, m.rank) for m in matches]

    def iter_documents(self, *, batch: int = 200) -> Iterator[DocumentRecord]:
        """Every document in order of id, read `batch` at a time (for exports)."""
        last = ""
        while True:
            statement = _SELECT.where(documents.c.id > last).order_by(documents.c.id).limit(batch)
            records = self._records(list(self._session.execute(statement).mappings()))
            yield from records
            if len(records) < batch:
                return
            last = records[-1].id

    def get_media(self, sha256: str) -> Media:
        row = self._session.execute(sa.select(media).where(media.c.sha256 == sha256)).first()
        if row is None:
            raise NotFoundError("media", sha256)
        return Media(sha256=row.sha256, mime_type=row.mime_type, data=row.data)

    def _exists(self, document_id: str) -> bool:
        statement = sa.select(documents.c.id).where(documents.c.id == document_id)
        return self._session.execute(statement).first() is not None

    def _resolve(self, key: str) -> str:
        if self._exists(key):
            return key
        if len(key) >= MIN_PREFIX:
            statement = (
                sa.select(documents.c.id)
                .where(documents.c.id.startswith(key, autoescape=True))
                .limit(2)
            )
            found = list(self._session.execute(statement).scalars())
            if len(found) == 1:
                return cast(str, found[0])
            if len(found) > 1:
                raise StoreError(f"document id prefix {key!r} is ambiguous")
        raise NotFoundError("document", key)

    def _latest_version(self, url: str) -> str | None:
        """The document at `url` that no other document supersedes yet."""
        newer = documents.alias("newer")
        statement = (
            sa.select(documents.c.id)
            .where(documents.c.url == url)
            .where(~sa.exists().where(newer.c.supersedes == documents.c.id))
            .order_by(documents.c.ingested_at.desc(), documents.c.id)
            .limit(1)
        )
        return self._session.execute(statement).scalar()

    def _store_source(self, source: Source) -> None:
        values = {
            "id": source.id,
            "name": source.name,
            "kind": source.kind,
            "platform": source.platform,
            "url": source.url,
        }
        insert_row(self._session, sources, values, ignore_conflicts=True)

    def _store_media(self, item: Media) -> None:
        if hashlib.sha256(item.data).hexdigest() != item.sha256:
            raise StoreError(f"media {item.sha256} does not match the sha256 of its data")
        values = {
            "sha256": item.sha256,
            "mime_type": item.mime_type,
            "size": len(item.data),
            "data": item.data,
        }
        insert_row(self._session, media, values, ignore_conflicts=True)

    def _row(self, document: Document, *, supersedes: str | None) -> dict[str, object]:
        return {
            "id": document.id,
            "text": document.text,
            "title": document.title,
            "source_id": document.source.id if document.source else None,
            "author": document.author,
            "published": document.published,
            "url": document.url,
            "language": document.language,
            "platform": document.platform,
            "account": document.account,
            "external_id": document.external_id,
            "format": document.format,
            "origin": document.origin,
            "metadata": document.metadata,
            "media_sha256": document.media.sha256 if document.media else None,
            "decode_errors": document.decode_errors,
            "ingested_at": self._clock(),
            "supersedes": supersedes,
        }

    def _records(self, rows: Sequence[RowMapping]) -> list[DocumentRecord]:
        """Records for rows of `_SELECT`, with their media and newer versions fetched at once."""
        ids = [row["id"] for row in rows]
        hashes = {row["media_sha256"] for row in rows if row["media_sha256"]}
        media_rows = self._session.execute(sa.select(media).where(media.c.sha256.in_(hashes)))
        attached = {row.sha256: Media(row.sha256, row.mime_type, row.data) for row in media_rows}
        newer_rows = self._session.execute(
            sa.select(documents.c.supersedes, documents.c.id).where(documents.c.supersedes.in_(ids))
        )
        newer = {older: newer_id for older, newer_id in newer_rows}
        return [
            DocumentRecord(
                document=_to_document(row, attached.get(row["media_sha256"])),
                id=row["id"],
                ingested_at=row["ingested_at"],
                supersedes=row["supersedes"],
                superseded_by=newer.get(row["id"]),
            )
            for row in rows
        ]


def _to_document(row: RowMapping, attached: Media | None) -> Document:
    source = None
    if row["source_id"] is not None:
        source = Source(
            name=row["source_name"],
            kind=cast(SourceKind, row["source_kind"]),
            platform=row["source_platform"],
            url=row["source_url"],
        )
    return Document(
        text=row["text"],
        origin=row["origin"],
        format=row["format"],
        title=row["title"],
        source=source,
        author=row["author"],
        published=row["published"],
        url=row["url"],
        language=row["language"],
        platform=cast(Platform, row["platform"]),
        account=row["account"],
        external_id=row["external_id"],
        metadata=cast(dict[str, Any], row["metadata"]),
        media=attached,
        decode_errors=row["decode_errors"],
    )
