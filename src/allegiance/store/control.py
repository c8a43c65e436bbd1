"""Storing and reading control periods, the derived picture of who holds which place.

The periods are derived data (`workflow.control.build_control` computes them from the
territory claims); this module only keeps them. A rebuild replaces every row and records
the knowledge base's fingerprint, so a reader can tell whether they still describe the
claims and judgements stored now.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from allegiance.store.dialect import insert_row
from allegiance.store.tables import control_periods, derived_tables, kb_revision

CONTROL = "control_periods"
"""The name `derived_tables` records the control periods' fingerprint under."""

_BATCH = 1_000


@dataclass(frozen=True, slots=True)
class StoredObservation:
    """One claim behind a stored period, as the precedence rules read it."""

    claim_id: str
    day: date
    hedge: str
    weight: float
    document_id: str
    move: str
    actors: tuple[str, ...]

    def to_json(self) -> list[Any]:
        return [
            self.claim_id,
            self.day.isoformat(),
            self.hedge,
            self.weight,
            self.document_id,
            self.move,
            list(self.actors),
        ]

    @classmethod
    def from_json(cls, value: list[Any]) -> StoredObservation:
        claim_id, day, hedge, weight, document_id, move, actors = value
        return cls(
            claim_id,
            date.fromisoformat(day),
            hedge,
            float(weight),
            document_id,
            move,
            tuple(actors),
        )


@dataclass(frozen=True, slots=True)
class StoredPeriod:
    """One period of a place's status, as built from the claims (ids, not names)."""

    place_id: str
    start: date
    end: date | None
    status: str
    rule: str
    actor_id: str | None
    actors: tuple[str, ...]
    held_by_id: str | None
    evidence: tuple[StoredObservation, ...]
    others: tuple[StoredObservation, ...]


class ControlStore:
    def __init__(self, session: Session, *, clock: Callable[[], datetime]) -> None:
        self._session = session
        self._clock = clock

    def fingerprint(self) -> str:
        """The state of the claims and judgements: how many rows were ever added to or
        deleted from each, as the triggers of migration 0005 count them."""
        statement = sa.select(kb_revision.c.claims, kb_revision.c.judgements).where(
            kb_revision.c.id == 1
        )
        claimed, judged = self._session.execute(statement).one()
        return f"claims={claimed} judgements={judged}"

    def built_from(self, name: str) -> str | None:
        """The fingerprint a derived table was last built from; None if never built."""
        statement = sa.select(derived_tables.c.fingerprint).where(derived_tables.c.name == name)
        return self._session.execute(statement).scalar_one_or_none()

    def replace_control_periods(self, periods: Iterable[StoredPeriod], fingerprint: str) -> int:
        """Replace every stored period and record `fingerprint`; returns how many were stored."""
        self._session.execute(sa.delete(control_periods))
        stored = 0
        batch: list[dict[str, object]] = []
        for period in periods:
            batch.append(_row(period))
            if len(batch) >= _BATCH:
                stored += self._insert(batch)
        stored += self._insert(batch)
        # The table was rewritten: without fresh statistics PostgreSQL's planner scans all of
        # it for a province's periods (97 ms instead of 22 at 10^6 claims).
        self._session.execute(sa.text("ANALYZE control_periods"))
        self._session.execute(sa.delete(derived_tables).where(derived_tables.c.name == CONTROL))
        insert_row(
            self._session,
            derived_tables,
            {"name": CONTROL, "fingerprint": fingerprint, "built_at": self._clock()},
        )
        return stored

    def control_periods(
        self, place_ids: Collection[str] | None, *, on: date | None = None
    ) -> dict[str, list[StoredPeriod]]:
        """The stored periods of these places (of all when None), oldest first; with `on`,
        only the period covering that day, if any."""
        statement = sa.select(control_periods).order_by(
            control_periods.c.place_id, control_periods.c.start_day
        )
        if place_ids is not None:
            statement = statement.where(control_periods.c.place_id.in_(sorted(place_ids)))
        if on is not None:
            statement = statement.where(
                control_periods.c.start_day <= on,
                sa.or_(control_periods.c.end_day.is_(None), control_periods.c.end_day >= on),
            )
        found: dict[str, list[StoredPeriod]] = defaultdict(list)
        for row in self._session.execute(statement):
            found[row.place_id].append(_period(row))
        return dict(found)

    def control_places(self, place_ids: Collection[str] | None) -> list[str]:
        """The places (among these, or all when None) with stored periods."""
        statement = sa.select(control_periods.c.place_id).distinct()
        if place_ids is not None:
            statement = statement.where(control_periods.c.place_id.in_(sorted(place_ids)))
        return list(self._session.execute(statement).scalars())

    def _insert(self, batch: list[dict[str, object]]) -> int:
        if batch:
            self._session.execute(sa.insert(control_periods), batch)
        count = len(batch)
        batch.clear()
        return count


def _row(period: StoredPeriod) -> dict[str, object]:
    return {
        "place_id": period.place_id,
        "start_day": period.start,
        "end_day": period.end,
        "status": period.status,
        "rule": period.rule,
        "actor_id": period.actor_id,
        "actors": list(period.actors),
        "held_by_id": period.held_by_id,
        "evidence": [o.to_json() for o in period.evidence],
        "others": [o.to_json() for o in period.others],
    }


def _period(row: sa.Row[Any]) -> StoredPeriod:
    return StoredPeriod(
        place_id=row.place_id,
        start=row.start_day,
        end=row.end_day,
        status=row.status,
        rule=row.rule,
        actor_id=row.actor_id,
        actors=tuple(row.actors),
        held_by_id=row.held_by_id,
        evidence=tuple(map(StoredObservation.from_json, row.evidence)),
        others=tuple(map(StoredObservation.from_json, row.others)),
    )
