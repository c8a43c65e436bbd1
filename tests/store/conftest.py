"""Store fixtures: a session factory and a KnowledgeBase whose transaction is rolled back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from allegiance.store import KnowledgeBase, session_factory


@pytest.fixture
def sessions(kb_engine: Engine) -> sessionmaker[Session]:
    return session_factory(kb_engine)


@pytest.fixture
def kb(sessions: sessionmaker[Session]) -> Iterator[KnowledgeBase]:
    """A knowledge base in an open transaction, rolled back after the test."""
    with sessions() as session:
        yield KnowledgeBase(session)
        session.rollback()
