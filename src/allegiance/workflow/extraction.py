"""Re-run the analysis over stored documents, or over one text without storing anything.

Claims carry their extractor's versioned name, so a newer extractor adds its own claims
beside the older ones (which are kept, never deleted) and a re-run of the same version
adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import AllegianceError, Claim, Document
from allegiance.store import KnowledgeBase, make_engine, session_factory, upgrade
from allegiance.workflow.analysis import DocumentAnalysis
from allegiance.workflow.ingestion import Failure, Progress


@dataclass(slots=True)
class ExtractSummary:
    documents: int = 0
    claims_before: int = 0
    claims_after: int = 0
    failed: list[Failure] = field(default_factory=list)


def _document_ids(sessions: sessionmaker[Session], since: datetime | None) -> list[str]:
    with sessions() as session:
        kb = KnowledgeBase(session)
        return [
            record.id
            for record in kb.iter_documents()
            if since is None or (record.document.published or record.ingested_at) >= since
        ]


def _claim_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return sum(KnowledgeBase(session).stats().claims_by_type.values())


def extract_stored(
    sessions: sessionmaker[Session],
    stage: DocumentAnalysis,
    *,
    since: datetime | None = None,
    progress: Progress | None = None,
) -> ExtractSummary:
    """Analyse each stored document again, each in its own transaction."""
    summary = ExtractSummary(claims_before=_claim_count(sessions))
    ids = _document_ids(sessions, since)
    if progress:
        progress.start(len(ids))
    for document_id in ids:
        try:
            with sessions() as session, session.begin():
                record = KnowledgeBase(session).get_document(document_id)
                stage.process(session, record.document, record.id)
            summary.documents += 1
        except (AllegianceError, SQLAlchemyError) as exc:
            summary.failed.append(Failure(document_id, str(exc).splitlines()[0]))
            stage.abandon()
        if progress:
            progress.advance(document_id)
    summary.claims_after = _claim_count(sessions)
    return summary


def extract_text(
    document: Document, stage: DocumentAnalysis
) -> Iterator[tuple[Claim, KnowledgeBase]]:
    """The claims of one text, resolved in a throw-away in-memory knowledge base."""
    engine = make_engine("sqlite://")
    upgrade(engine)
    with session_factory(engine)() as session:
        kb = KnowledgeBase(session)
        document_id = kb.add_document(document).document_id
        stage.abandon()  # the resolver must not remember entities of another database
        stage.process(session, document, document_id)
        for claim in kb.list_claims(document_id=document_id):
            yield claim, kb
        session.rollback()
    stage.abandon()
    engine.dispose()
