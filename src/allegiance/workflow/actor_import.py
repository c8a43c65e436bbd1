"""Actors listed by other tools (FtM streams, STIX bundles) stored as entities.

Each listed actor becomes one entity whose id is a content id of its list key, with its
names as aliases and the key as an external id, so importing the same stream again adds
nothing. A stored actor gains the aliases a newer stream adds; nothing is removed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from allegiance.ingest.ftm_stream import SkippedRecord
from allegiance.ingest.listed_actors import ListedActor
from allegiance.model import AllegianceError
from allegiance.store import KnowledgeBase
from allegiance.workflow.ingestion import Failure


@dataclass(slots=True)
class ActorImportSummary:
    records: int = 0
    added: int = 0
    existing: int = 0
    aliases: int = 0
    skipped: list[Failure] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)


def import_actors(
    sessions: sessionmaker[Session],
    records: Iterable[ListedActor | SkippedRecord],
    *,
    tick: Callable[[], None] | None = None,
) -> ActorImportSummary:
    """Store each actor in its own transaction; skipped and failed records are counted."""
    summary = ActorImportSummary()
    for record in records:
        summary.records += 1
        if isinstance(record, SkippedRecord):
            summary.skipped.append(Failure(record.origin, record.reason))
        else:
            _store(sessions, record, summary)
        if tick:
            tick()
    return summary


def _store(
    sessions: sessionmaker[Session], actor: ListedActor, summary: ActorImportSummary
) -> None:
    try:
        with sessions() as session, session.begin():
            kb = KnowledgeBase(session)
            stored = kb.entity_by_external_id(actor.scheme, actor.key)
            if stored is None:
                kb.add_entity(actor.to_entity())
                summary.added += 1
                return
            summary.existing += 1
            for alias in actor.to_entity().aliases:
                summary.aliases += kb.add_alias(stored.id, alias)
    except (AllegianceError, SQLAlchemyError) as exc:
        summary.failed.append(Failure(f"{actor.scheme}:{actor.key}", str(exc).splitlines()[0]))
