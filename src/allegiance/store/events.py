"""Storing and reading events: the happenings that claims describe."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from allegiance.model.dates import FuzzyDate, Precision
from allegiance.model.errors import NotFoundError
from allegiance.model.event import Corroboration, Event
from allegiance.store.dialect import insert_row
from allegiance.store.tables import event_claims, events


class EventStore:
    def __init__(self, session: Session, *, clock: Callable[[], datetime]) -> None:
        self._session = session
        self._clock = clock

    def add_event(self, event: Event) -> bool:
        """Store an event with the claims it groups; False when its id is already stored."""
        row = {
            "id": event.id,
            "type": event.type,
            "place_id": event.place_id,
            "date_start": event.date.start if event.date else None,
            "date_end": event.date.end if event.date else None,
            "date_precision": event.date.precision if event.date else None,
            "status": event.status.value,
            "created_at": self._clock(),
        }
        if not insert_row(self._session, events, row, ignore_conflicts=True):
            return False
        for position, claim_id in enumerate(event.claim_ids):
            link = {"event_id": event.id, "claim_id": claim_id, "position": position}
            insert_row(self._session, event_claims, link)
        return True

    def replace_events(self, replacements: Iterable[Event]) -> int:
        """Delete every stored event and store `replacements`; returns how many were deleted.

        Every stored event is machine-built (clustered from claims), so a rebuild replaces
        them all; inside the caller's transaction the swap is atomic.
        """
        deleted = self._session.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()
        self._session.execute(sa.delete(event_claims))
        self._session.execute(sa.delete(events))
        for event in replacements:
            self.add_event(event)
        return deleted

    def get_event(self, event_id: str) -> Event:
        """The event with this id, or the only one whose id starts with it (8+ chars)."""
        statement = sa.select(events).where(events.c.id == event_id)
        rows = list(self._session.execute(statement))
        if not rows and len(event_id) >= 8:
            prefix = events.c.id.startswith(event_id, autoescape=True)
            rows = list(self._session.execute(sa.select(events).where(prefix).limit(2)))
        if len(rows) != 1:
            raise NotFoundError("event", event_id)
        return self._assemble(rows)[0]

    def list_events(self) -> list[Event]:
        """Every event, in order of date (undated last)."""
        statement = sa.select(events).order_by(events.c.date_start.asc().nulls_last(), events.c.id)
        return self._assemble(list(self._session.execute(statement)))

    def _assemble(self, rows: Sequence[Row[Any]]) -> list[Event]:
        """Events for rows of `events`, with their claim ids fetched at once."""
        grouped: dict[str, list[str]] = defaultdict(list)
        links = (
            sa.select(event_claims)
            .where(event_claims.c.event_id.in_([row.id for row in rows]))
            .order_by(event_claims.c.event_id, event_claims.c.position)
        )
        for link in self._session.execute(links):
            grouped[link.event_id].append(link.claim_id)
        return [
            Event(
                id=row.id,
                type=row.type,
                claim_ids=tuple(grouped[row.id]),
                place_id=row.place_id,
                date=None
                if row.date_start is None
                else FuzzyDate(row.date_start, row.date_end, cast(Precision, row.date_precision)),
                status=Corroboration(row.status),
            )
            for row in rows
        ]
