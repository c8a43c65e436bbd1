"""Storing watch rules, the alerts they raised and every attempt to deliver an alert.

A rule is never deleted, so its alerts keep pointing at it: removing it stamps who removed
it and when. An alert is recorded once (its id is a content hash) and never changed; the
deliveries are appended, the newest being the alert's delivery status.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult, Row
from sqlalchemy.orm import Session

from allegiance.model.claim import Grade, Hedge
from allegiance.model.dates import FuzzyDate, Precision
from allegiance.model.errors import NotFoundError, StoreError
from allegiance.store.dialect import insert_row
from allegiance.store.tables import alert_claims, alert_deliveries, alerts, claims, watch_rules

EvidenceRole = Literal["evidence", "contested", "contradicted"]
DeliveryStatus = Literal["delivered", "failed", "refused"]


@dataclass(frozen=True, slots=True)
class WatchRule:
    """Watch `target_id` (an entity, or a place whose contained places count too) for
    the kinds of change in `kinds`; `webhook_url` overrides the global webhook."""

    id: str
    target_id: str
    kinds: tuple[str, ...]
    created_at: datetime
    created_by: str
    webhook_url: str | None = None
    removed_at: datetime | None = None
    removed_by: str | None = None


@dataclass(frozen=True, slots=True)
class AlertEvidence:
    """One claim behind an alert. `document_id`, `hedge` and `grade` are the claim's own
    (claims never change, so they are read back from the claim, not stored twice)."""

    claim_id: str
    document_id: str
    hedge: Hedge
    grade: Grade | None
    role: EvidenceRole = "evidence"


@dataclass(frozen=True, slots=True)
class Alert:
    """A watched change, raised by one rule, with the claims that show it."""

    id: str
    rule_id: str
    kind: str
    headline: str
    evidence: tuple[AlertEvidence, ...]
    subject_id: str | None = None
    object_id: str | None = None
    place_id: str | None = None
    date: FuzzyDate | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One attempt (with its retries) to POST an alert to a webhook."""

    alert_id: str
    url: str
    attempted_at: datetime
    attempts: int
    status: DeliveryStatus
    response_status: int | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """A stored alert, when it was recorded, and its deliveries (oldest first)."""

    alert: Alert
    recorded_at: datetime
    deliveries: tuple[Delivery, ...] = ()

    @property
    def delivery(self) -> Delivery | None:
        """The newest delivery: the alert's delivery status (None when never sent)."""
        return self.deliveries[-1] if self.deliveries else None


class WatchStore:
    def __init__(self, session: Session, *, clock: Callable[[], datetime]) -> None:
        self._session = session
        self._clock = clock

    def add_watch_rule(self, rule: WatchRule) -> None:
        """Store a new rule; an id already taken is a StoreError."""
        row = {
            "id": rule.id,
            "target_id": rule.target_id,
            "kinds": list(rule.kinds),
            "webhook_url": rule.webhook_url,
            "created_at": rule.created_at,
            "created_by": rule.created_by,
            "removed_at": rule.removed_at,
            "removed_by": rule.removed_by,
        }
        if not insert_row(self._session, watch_rules, row, ignore_conflicts=True):
            raise StoreError(f"a watch rule with id {rule.id!r} is already stored")

    def get_watch_rule(self, rule_id: str) -> WatchRule:
        row = self._session.execute(
            sa.select(watch_rules).where(watch_rules.c.id == rule_id)
        ).first()
        if row is None:
            raise NotFoundError("watch rule", rule_id)
        return _rule_from_row(row)

    def list_watch_rules(self, *, include_removed: bool = False) -> list[WatchRule]:
        """Rules in the order they were made; removed ones only when asked."""
        statement = sa.select(watch_rules).order_by(watch_rules.c.created_at, watch_rules.c.id)
        if not include_removed:
            statement = statement.where(watch_rules.c.removed_at.is_(None))
        return [_rule_from_row(row) for row in self._session.execute(statement)]

    def remove_watch_rule(self, rule_id: str, *, by: str) -> WatchRule:
        """Stop a rule (it stays stored for its alerts); removing it twice is NotFound."""
        statement = (
            sa.update(watch_rules)
            .where(watch_rules.c.id == rule_id, watch_rules.c.removed_at.is_(None))
            .values(removed_at=self._clock(), removed_by=by)
        )
        result = cast(CursorResult[Any], self._session.execute(statement))
        if result.rowcount != 1:
            raise NotFoundError("active watch rule", rule_id)
        return self.get_watch_rule(rule_id)

    def add_alert(self, alert: Alert) -> bool:
        """Record an alert with its claims; False when it is already recorded."""
        row = {
            "id": alert.id,
            "rule_id": alert.rule_id,
            "kind": alert.kind,
            "headline": alert.headline,
            "subject_id": alert.subject_id,
            "object_id": alert.object_id,
            "place_id": alert.place_id,
            "date_start": alert.date.start if alert.date else None,
            "date_end": alert.date.end if alert.date else None,
            "date_precision": alert.date.precision if alert.date else None,
            "created_at": self._clock(),
        }
        if not insert_row(self._session, alerts, row, ignore_conflicts=True):
            return False
        for position, item in enumerate(alert.evidence):
            link = {
                "alert_id": alert.id,
                "position": position,
                "claim_id": item.claim_id,
                "role": item.role,
            }
            insert_row(self._session, alert_claims, link)
        return True

    def add_delivery(self, delivery: Delivery) -> None:
        insert_row(
            self._session,
            alert_deliveries,
            {
                "alert_id": delivery.alert_id,
                "url": delivery.url,
                "attempted_at": delivery.attempted_at,
                "attempts": delivery.attempts,
                "status": delivery.status,
                "response_status": delivery.response_status,
                "error": delivery.error,
            },
        )

    def list_alerts(
        self,
        *,
        rule_ids: Collection[str] | None = None,
        since: date | None = None,
    ) -> list[AlertRecord]:
        """Alerts, newest recorded first; `since` keeps changes dated on or after it."""
        conditions: list[sa.ColumnElement[bool]] = []
        if rule_ids is not None:
            conditions.append(alerts.c.rule_id.in_(list(rule_ids)))
        if since is not None:
            conditions.append(alerts.c.date_end >= since)
        statement = sa.select(alerts).where(*conditions)
        rows = list(
            self._session.execute(statement.order_by(alerts.c.created_at.desc(), alerts.c.id))
        )
        # The claims and deliveries of the same alerts, by a subquery: no list of ids to bind.
        selected = sa.select(alerts.c.id).where(*conditions).scalar_subquery()
        evidence = self._evidence(selected)
        deliveries = self._deliveries(selected)
        return [
            AlertRecord(
                alert=_alert_from_row(row, evidence[row.id]),
                recorded_at=row.created_at,
                deliveries=tuple(deliveries[row.id]),
            )
            for row in rows
        ]

    def _evidence(self, selected: sa.ScalarSelect[str]) -> dict[str, list[AlertEvidence]]:
        statement = (
            sa.select(
                alert_claims.c.alert_id,
                alert_claims.c.claim_id,
                alert_claims.c.role,
                claims.c.document_id,
                claims.c.hedge,
                claims.c.grade,
            )
            .join(claims, claims.c.id == alert_claims.c.claim_id)
            .where(alert_claims.c.alert_id.in_(selected))
            .order_by(alert_claims.c.alert_id, alert_claims.c.position)
        )
        found: dict[str, list[AlertEvidence]] = defaultdict(list)
        for row in self._session.execute(statement):
            found[row.alert_id].append(
                AlertEvidence(
                    claim_id=row.claim_id,
                    document_id=row.document_id,
                    hedge=Hedge(row.hedge),
                    grade=Grade.parse(row.grade) if row.grade else None,
                    role=cast(EvidenceRole, row.role),
                )
            )
        return found

    def _deliveries(self, selected: sa.ScalarSelect[str]) -> dict[str, list[Delivery]]:
        statement = (
            sa.select(alert_deliveries)
            .where(alert_deliveries.c.alert_id.in_(selected))
            .order_by(alert_deliveries.c.id)
        )
        found: dict[str, list[Delivery]] = defaultdict(list)
        for row in self._session.execute(statement):
            found[row.alert_id].append(
                Delivery(
                    alert_id=row.alert_id,
                    url=row.url,
                    attempted_at=row.attempted_at,
                    attempts=row.attempts,
                    status=cast(DeliveryStatus, row.status),
                    response_status=row.response_status,
                    error=row.error,
                )
            )
        return found


def _rule_from_row(row: Row[tuple[object, ...]]) -> WatchRule:
    return WatchRule(
        id=row.id,
        target_id=row.target_id,
        kinds=tuple(row.kinds),
        created_at=row.created_at,
        created_by=row.created_by,
        webhook_url=row.webhook_url,
        removed_at=row.removed_at,
        removed_by=row.removed_by,
    )


def _alert_from_row(row: Row[tuple[object, ...]], evidence: list[AlertEvidence]) -> Alert:
    return Alert(
        id=row.id,
        rule_id=row.rule_id,
        kind=row.kind,
        headline=row.headline,
        evidence=tuple(evidence),
        subject_id=row.subject_id,
        object_id=row.object_id,
        place_id=row.place_id,
        date=None
        if row.date_start is None
        else FuzzyDate(row.date_start, row.date_end, cast(Precision, row.date_precision)),
    )
