"""Rebuilding stored events from the current claims (both backends, and the demo corpus)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import Corroboration, FuzzyDate, Judgement, JudgementKind, Source
from allegiance.store import KnowledgeBase
from allegiance.workflow.events import build_events
from tests.store.samples import make_claim, make_document, sample_entities


def _claims(kb: KnowledgeBase) -> list[str]:
    """Two outlets report ISIS taking Rutba (officials and a monitor); a third place is far."""
    for entity in sample_entities():
        kb.add_entity(entity)
    ids = []
    for outlet, extra in (("A", {}), ("B", {"attributed_to_id": None}),
                          ("C", {"date": FuzzyDate.day(date(2014, 5, 1))})):  # fmt: skip
        document = make_document(f"report from {outlet}", source=Source(name=outlet), url=None)
        claim = make_claim(kb.add_document(document).document_id, **extra)
        kb.add_claim(claim)
        ids.append(claim.id)
    return ids


def test_build_events_stores_events_and_rebuilds_them_with_the_same_ids(
    kb_engine: Engine,
) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        claim_ids = _claims(kb)
        summary = build_events(kb)
        stored = kb.list_events()
        assert (summary.events, summary.claims, summary.replaced) == (2, 3, 0)
        assert summary.by_status[Corroboration.CORROBORATED] == 1
        assert [set(e.claim_ids) for e in stored] == [{claim_ids[2]}, set(claim_ids[:2])]
        again = build_events(kb)
        assert again.replaced == 2
        assert kb.list_events() == stored
        assert kb.get_event(stored[1].id[:12]) == stored[1]


def test_build_events_follows_claim_reviews(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        claim_ids = _claims(kb)
        build_events(kb)
        rejected = Judgement(JudgementKind.CLAIM_REVIEW, (claim_ids[1],), "rejected", "analyst",
                             datetime(2026, 1, 1, tzinfo=UTC), "misread")  # fmt: skip
        kb.add_judgement(rejected)
        summary = build_events(kb)
        assert summary.by_status[Corroboration.SINGLE_SOURCE] == 2
        assert all(claim_ids[1] not in event.claim_ids for event in kb.list_events())


def test_build_events_on_the_demo_corpus(demo_copy: sessionmaker[Session]) -> None:
    with demo_copy() as session, session.begin():
        kb = KnowledgeBase(session)
        summary = build_events(kb)
        events = kb.list_events()
    assert summary.events == len(events) >= 20
    assert summary.by_status[Corroboration.CORROBORATED] >= 4
    mosul = [e for e in events if e.type == "territory.capture" and e.date
             and e.date.start == date(2014, 6, 10)]  # fmt: skip
    assert len(mosul) == 1 and len(mosul[0].claim_ids) >= 4
