"""A demo knowledge base with stored events, for the formats that export events."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import Event, load_taxonomy
from allegiance.model.ids import content_id
from allegiance.query.claims import ClaimReader
from allegiance.store import KnowledgeBase


def store_claim_events(kb: KnowledgeBase) -> int:
    """One event per current claim that ACLED has a type for and that has a place."""
    taxonomy = load_taxonomy()
    stored = 0
    for current in ClaimReader(kb).claims():
        kind = taxonomy.get(current.type) if current.type in taxonomy else None
        if kind is None or kind.acled is None or current.place_id is None:
            continue
        event = Event(
            id=content_id("evt", "test", current.id),
            type=current.type,
            claim_ids=(current.id,),
            place_id=current.place_id,
            date=current.date,
        )
        stored += kb.add_event(event)
    return stored


@pytest.fixture
def events_copy(demo_copy: sessionmaker[Session]) -> Iterator[sessionmaker[Session]]:
    """This test's copy of the demo knowledge base, with events stored."""
    with demo_copy() as session, session.begin():
        assert store_claim_events(KnowledgeBase(session)) > 10
    yield demo_copy
