"""The knowledge base store: tables, migrations and the KnowledgeBase API.

SQLite and PostgreSQL differences live only in this package.
"""

from allegiance.store.engine import make_engine, session_factory
from allegiance.store.entities import default_alias_key
from allegiance.store.knowledge_base import KnowledgeBase
from allegiance.store.records import AddOutcome, DocumentRecord, SearchHit, Stats
from allegiance.store.schema import current_revision, head_revision, upgrade

__all__ = [
    "AddOutcome",
    "DocumentRecord",
    "KnowledgeBase",
    "SearchHit",
    "Stats",
    "current_revision",
    "default_alias_key",
    "head_revision",
    "make_engine",
    "session_factory",
    "upgrade",
]
