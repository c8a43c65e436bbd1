"""The KnowledgeBase: every read and write of stored records, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from allegiance.model.claim import Claim, Hedge
from allegiance.model.document import Document, Media
from allegiance.model.entity import Alias, Entity, EntityKind
from allegiance.model.event import Event
from allegiance.model.judgement import Judgement
from allegiance.model.mention import Mention
from allegiance.store import tables
from allegiance.store.claims import ClaimStore
from allegiance.store.control import ControlStore, StoredPeriod
from allegiance.store.documents import DocumentStore
from allegiance.store.entities import AliasKey, EntityStore, default_alias_key
from allegiance.store.events import EventStore
from allegiance.store.judgements import JudgementStore
from allegiance.store.mentions import MentionStore
from allegiance.store.records import AddOutcome, DocumentRecord, SearchHit, Stats
from allegiance.store.users import UserStore
from allegiance.store.watch import Alert, AlertRecord, Delivery, WatchRule, WatchStore


def utc_now() -> datetime:
    return datetime.now(UTC)


class KnowledgeBase:
    """Documents, entities, mentions, claims, events and judgements in one database.

    The caller owns the transaction: the knowledge base never commits or rolls back, so
    whatever the caller stores between `begin` and `commit` is kept or dropped together.
    A StoreError raised because the database refused a write leaves the transaction
    unusable on PostgreSQL; the caller rolls it back.

    `key` turns a name into its lookup key for `find_entities`; `clock` stamps the time
    a record was stored.
    """

    def __init__(
        self,
        session: Session,
        *,
        key: AliasKey = default_alias_key,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.session = session
        self._documents = DocumentStore(session, clock=clock)
        self._entities = EntityStore(session, key=key, clock=clock)
        self._mentions = MentionStore(session)
        self._claims = ClaimStore(session, clock=clock)
        self._events = EventStore(session, clock=clock)
        self._control = ControlStore(session, clock=clock)
        self._judgements = JudgementStore(session)
        self._watch = WatchStore(session, clock=clock)

    # Documents

    def add_document(self, document: Document) -> AddOutcome:
        """Store a document with its source, media and search entry, unless already stored.

        A document at a URL already stored becomes the new version of the latest one there.
        """
        return self._documents.add_document(document)

    def get_document(self, document_id: str) -> DocumentRecord:
        """The document with this id, or the only one whose id starts with it (8+ chars)."""
        return self._documents.get_document(document_id)

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
        return self._documents.list_documents(
            limit=limit, offset=offset, platform=platform, source=source, since=since, until=until
        )

    def search_documents(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Documents containing every word of `query`, read as plain words; best first."""
        return self._documents.search_documents(query, limit=limit)

    def iter_documents(self) -> Iterator[DocumentRecord]:
        """Every document, streamed in order of id."""
        return self._documents.iter_documents()

    def get_media(self, sha256: str) -> Media:
        return self._documents.get_media(sha256)

    # Entities

    def add_entity(self, entity: Entity) -> None:
        """Store a new entity with its aliases and external ids (each id names one entity)."""
        self._entities.add_entity(entity)

    def get_entity(self, entity_id: str) -> Entity:
        return self._entities.get_entity(entity_id)

    def list_entities(
        self, *, kind: EntityKind | str | None = None, limit: int = 100, offset: int = 0
    ) -> list[Entity]:
        return self._entities.list_entities(kind=kind, limit=limit, offset=offset)

    def find_entities(self, name: str) -> list[Entity]:
        """Entities one of whose names has the same lookup key as `name`."""
        return self._entities.find_entities(name)

    def add_alias(self, entity_id: str, alias: Alias) -> bool:
        """Give an entity one more name; False when it already has that name."""
        return self._entities.add_alias(entity_id, alias)

    def iter_entities(self, *, kind: EntityKind | None = None) -> Iterator[Entity]:
        """Every entity (of one kind), streamed in order of id."""
        return self._entities.iter_entities(kind=kind.value if kind else None)

    def entity_by_external_id(self, scheme: str, value: str) -> Entity | None:
        return self._entities.entity_by_external_id(scheme, value)

    # Mentions

    def add_mention(self, mention: Mention) -> bool:
        """Store a mention; False when the very same mention is already stored."""
        return self._mentions.add_mention(mention)

    def list_mentions(self, document_id: str) -> list[Mention]:
        return self._mentions.list_mentions(document_id)

    # Claims

    def add_claim(self, claim: Claim) -> bool:
        """Store a claim; False when its id is already stored. Claims are never updated."""
        return self._claims.add_claim(claim)

    def get_claim(self, claim_id: str) -> Claim:
        return self._claims.get_claim(claim_id)

    def list_claims(
        self,
        *,
        types: Collection[str] | None = None,
        entity_id: str | None = None,
        entity_ids: Collection[str] | None = None,
        place_ids: Collection[str] | None = None,
        document_id: str | None = None,
        since: date | None = None,
        until: date | None = None,
        hedge: Hedge | None = None,
        limit: int | None = None,
    ) -> list[Claim]:
        """Claims passing every filter given, by date; see `ClaimStore.list_claims`."""
        return self._claims.list_claims(
            types=types,
            entity_id=entity_id,
            entity_ids=entity_ids,
            place_ids=place_ids,
            document_id=document_id,
            since=since,
            until=until,
            hedge=hedge,
            limit=limit,
        )

    def entity_names(self, entity_ids: Collection[str]) -> dict[str, str]:
        """The names of the stored entities among `entity_ids`, in one query."""
        table = tables.entities
        statement = sa.select(table.c.id, table.c.name).where(table.c.id.in_(sorted(entity_ids)))
        return {row.id: row.name for row in self.session.execute(statement)}

    def publication_days(self, document_ids: Collection[str]) -> dict[str, date | None]:
        """The day each stored document among `document_ids` was published, in one query."""
        table = tables.documents
        statement = sa.select(table.c.id, table.c.published).where(
            table.c.id.in_(sorted(document_ids))
        )
        return {
            row.id: None if row.published is None else row.published.date()
            for row in self.session.execute(statement)
        }

    def iter_claims(self) -> Iterator[Claim]:
        """Every claim, streamed in order of id."""
        return self._claims.iter_claims()

    # Judgements and events

    def add_judgement(self, judgement: Judgement) -> bool:
        return self._judgements.add_judgement(judgement)

    def list_judgements(self, *, subject: str | None = None) -> list[Judgement]:
        return self._judgements.list_judgements(subject=subject)

    def add_event(self, event: Event) -> bool:
        return self._events.add_event(event)

    def list_events(self) -> list[Event]:
        return self._events.list_events()

    def get_event(self, event_id: str) -> Event:
        """The event with this id, or the only one whose id starts with it (8+ chars)."""
        return self._events.get_event(event_id)

    def replace_events(self, events: Iterable[Event]) -> int:
        """Replace every stored (machine-built) event; returns how many were deleted."""
        return self._events.replace_events(events)

    # Derived control periods

    def fingerprint(self) -> str:
        """The state of the claims and judgements, which derived tables are built from."""
        return self._control.fingerprint()

    def built_from(self, name: str) -> str | None:
        """The fingerprint derived table `name` was last built from; None if never built."""
        return self._control.built_from(name)

    def replace_control_periods(self, periods: Iterable[StoredPeriod], fingerprint: str) -> int:
        """Replace every stored control period, built from the state `fingerprint` names."""
        return self._control.replace_control_periods(periods, fingerprint)

    def control_periods(
        self, place_ids: Collection[str] | None, *, on: date | None = None
    ) -> dict[str, list[StoredPeriod]]:
        """Stored control periods by place, oldest first; with `on`, the one covering it."""
        return self._control.control_periods(place_ids, on=on)

    def control_places(self, place_ids: Collection[str] | None) -> list[str]:
        """The places (among these, or all when None) with stored control periods."""
        return self._control.control_places(place_ids)

    # Overview

    def stats(self) -> Stats:
        """How many of each record the knowledge base holds."""
        return Stats(
            documents=self._count(tables.documents),
            documents_by_platform=self._count_by(tables.documents.c.platform),
            sources=self._count(tables.sources),
            entities_by_kind=self._count_by(tables.entities.c.kind),
            claims_by_type=self._count_by(tables.claims.c.type),
            mentions=self._count(tables.mentions),
            events=self._count(tables.events),
            judgements=self._count(tables.judgements),
            media=self._count(tables.media),
        )

    def _count(self, table: sa.Table) -> int:
        return self.session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()

    def _count_by(self, column: sa.Column[str]) -> dict[str, int]:
        statement = sa.select(column, sa.func.count()).group_by(column).order_by(column)
        return {value: count for value, count in self.session.execute(statement)}

    # Watch rules and alerts

    def add_watch_rule(self, rule: WatchRule) -> None:
        """Store a new watch rule; an id already taken is a StoreError."""
        self._watch.add_watch_rule(rule)

    def get_watch_rule(self, rule_id: str) -> WatchRule:
        return self._watch.get_watch_rule(rule_id)

    def list_watch_rules(self, *, include_removed: bool = False) -> list[WatchRule]:
        """Watch rules in the order they were made; removed ones only when asked."""
        return self._watch.list_watch_rules(include_removed=include_removed)

    def remove_watch_rule(self, rule_id: str, *, by: str) -> WatchRule:
        """Stop a watch rule; it stays stored, stamped with who removed it and when."""
        return self._watch.remove_watch_rule(rule_id, by=by)

    def add_alert(self, alert: Alert) -> bool:
        """Record an alert with its claims; False when it is already recorded."""
        return self._watch.add_alert(alert)

    def list_alerts(
        self,
        *,
        rule_ids: Collection[str] | None = None,
        since: date | None = None,
    ) -> list[AlertRecord]:
        """Recorded alerts, newest first; `since` keeps changes dated on or after it."""
        return self._watch.list_alerts(rule_ids=rule_ids, since=since)

    def add_delivery(self, delivery: Delivery) -> None:
        """Record one attempt to deliver an alert to a webhook (kept, never replaced)."""
        self._watch.add_delivery(delivery)

    # Users and audit

    @property
    def users(self) -> UserStore:
        """Users, login sessions, API tokens, login attempts and the audit log."""
        return UserStore(self.session)
