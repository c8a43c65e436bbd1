from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import Mention, Source
from allegiance.store import KnowledgeBase, Stats

from .samples import literal_claim, make_claim, make_document, make_media, sample_entities


def _fill(kb: KnowledgeBase) -> None:
    for entity in sample_entities():
        kb.add_entity(entity)
    web = kb.add_document(make_document(media=make_media())).document_id
    channel = Source(name="Amaq", kind="channel", platform="telegram")
    post = make_document("A statement.", url=None, platform="telegram", source=channel)
    kb.add_document(post)
    kb.add_document(make_document("A note.", url=None, source=None, platform="file"))
    kb.add_claim(make_claim(web))
    kb.add_claim(literal_claim(web))
    kb.add_mention(Mention(web, 0, 8, "Fighters", "NORP"))


def test_stats_counts_every_record(kb: KnowledgeBase) -> None:
    assert kb.stats() == Stats(
        documents=0,
        documents_by_platform={},
        sources=0,
        entities_by_kind={},
        claims_by_type={},
        mentions=0,
        events=0,
        judgements=0,
        media=0,
    )
    _fill(kb)
    assert kb.stats() == Stats(
        documents=3,
        documents_by_platform={"file": 1, "telegram": 1, "web": 1},
        sources=2,
        entities_by_kind={"group": 2, "organization": 1, "place": 1},
        claims_by_type={"attribute.size": 1, "territory.capture": 1},
        mentions=1,
        events=0,
        judgements=0,
        media=1,
    )


def test_knowledge_base_never_commits(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        _fill(KnowledgeBase(session))
        session.rollback()
    with sessions() as session:
        stats = KnowledgeBase(session).stats()
        assert (stats.documents, stats.sources, stats.media, stats.mentions) == (0, 0, 0, 0)
        assert stats.claims_by_type == {}
        assert stats.entities_by_kind == {}


def test_knowledge_base_stamps_records_with_its_clock(sessions: sessionmaker[Session]) -> None:
    moment = datetime(2024, 11, 24, 12, 0, tzinfo=UTC)
    with sessions() as session:
        kb = KnowledgeBase(session, clock=lambda: moment)
        outcome = kb.add_document(make_document())
        assert kb.get_document(outcome.document_id).ingested_at == moment
        session.rollback()


def test_knowledge_base_stores_what_the_caller_commits(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        _fill(KnowledgeBase(session))
    with sessions() as session:
        kb = KnowledgeBase(session)
        assert kb.stats().documents == 3
        assert len(kb.search_documents("statement")) == 1
