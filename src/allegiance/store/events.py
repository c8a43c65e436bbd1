"""Storing and reading events: the happenings that claims describe."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from allegiance.model.dates import FuzzyDate, Precision
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

    def list_events(self) -> list[Event]:
        """Every event, in order of date (undated last)."""
        grouped: dict[str, list[str]] = defaultdict(list)
        links = sa.select(event_claims).order_by(event_claims.c.event_id, event_claims.c.position)
        for link in self._session.execute(links):
            grouped[link.event_id].append(link.claim_id)
        statement = sa.select(events).order_by(events.c.date_start.asc().nulls_last(), events.c.id)
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
            for row in self._session.execute(statement)
        ]
