"""Evaluating watch rules into alerts, and the JSON form an alert is shown and sent in.

Every rule keeps the changes (`changes.ChangeFinder`) that concern its scope
(`watch_scope`): a rule on a region sees control changes of the places in it, and
pledges and defections whose claims name one of them. An alert's id is a content hash of
the rule, the change and the ids of the claims behind it, so evaluating again finds the
same alerts and recording them twice is a no-op; a change that gains evidence later (a
second report of the same pledge) is a new alert that lists all of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from allegiance.model.ids import content_id
from allegiance.query.changes import Change, ChangeFinder, SkippedChange, WatchKind
from allegiance.query.claims import ClaimReader
from allegiance.query.watch_scope import Scope, watch_scope
from allegiance.store.watch import Alert, AlertRecord, WatchRule


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The alerts the rules raise, and the changes in their scopes left out (with why)."""

    alerts: tuple[Alert, ...]
    skipped: tuple[SkippedChange, ...]


def evaluate_rules(reader: ClaimReader, rules: Iterable[WatchRule]) -> Evaluation:
    """The alerts the active rules raise now (recorded already or not), in rule order."""
    finder = ChangeFinder(reader)
    alerts: dict[str, Alert] = {}
    skipped: dict[SkippedChange, None] = {}
    for rule in rules:
        if rule.removed_at is not None:
            continue
        target = reader.kb.get_entity(rule.target_id)
        scope = watch_scope(reader, target, places=finder.places)
        for kind in map(WatchKind, rule.kinds):
            for change in changes_in_scope(finder, scope, kind):
                alert = to_alert(rule, change)
                alerts.setdefault(alert.id, alert)
            for left_out in finder.skipped:
                if left_out.kind is kind and left_out.ids & scope.ids:
                    skipped[left_out] = None
    return Evaluation(tuple(alerts.values()), tuple(skipped))


def changes_in_scope(finder: ChangeFinder, scope: Scope, kind: WatchKind) -> list[Change]:
    """The changes of `kind` that concern the scope; for linked accounts, the accounts a
    watched person runs count as watched too."""
    watched = scope.ids
    if kind is WatchKind.ACCOUNT_LINK and not scope.is_place:
        watched = watched | finder.accounts_of(scope.target_id)
    return [change for change in finder.changes(kind) if change.ids & watched]


def to_alert(rule: WatchRule, change: Change) -> Alert:
    """The alert `rule` raises for `change`; its id hashes the rule, change and evidence.

    The places a pledge's claims name are shown (the only one, as the alert's place) but
    not hashed: the claims already decide them, and alerts recorded before changes carried
    places keep their ids, so they are not raised a second time.
    """
    alert_id = content_id(
        "alr",
        rule.id,
        change.kind.value,
        change.subject_id,
        change.object_id,
        change.place_id,
        change.date.to_text() if change.date else None,
        change.key,
        *sorted(f"{item.role}:{item.claim_id}" for item in change.evidence),
    )
    return Alert(
        id=alert_id,
        rule_id=rule.id,
        kind=change.kind.value,
        headline=change.headline,
        evidence=change.evidence,
        subject_id=change.subject_id,
        object_id=change.object_id,
        place_id=change.place_id or (change.places[0] if len(change.places) == 1 else None),
        date=change.date,
    )


class _View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EntityView(_View):
    id: str
    name: str


class EvidenceView(_View):
    """A claim behind an alert: `role` is evidence, contested or contradicted."""

    claim_id: str
    document_id: str
    role: str
    hedge: str
    grade: str | None


class DeliveryView(_View):
    url: str
    status: str
    attempts: int
    attempted_at: datetime
    response_status: int | None
    error: str | None


class AlertView(_View):
    """An alert as `allegiance alerts` prints it, the webhook sends it and the feed lists it."""

    id: str
    kind: str
    headline: str
    rule_id: str
    target: EntityView
    date: dict[str, str] | None
    subject: EntityView | None
    object: EntityView | None
    place: EntityView | None
    evidence: list[EvidenceView]
    documents: list[str]
    recorded_at: datetime
    new: bool
    delivery: DeliveryView | None


def to_alert_view(
    record: AlertRecord, *, target_id: str, name: Callable[[str], str], new: bool
) -> AlertView:
    """The view of a recorded alert; `name` gives an entity's name, `new` whether this run
    recorded it."""
    alert = record.alert

    def ref(entity_id: str | None) -> EntityView | None:
        return None if entity_id is None else EntityView(id=entity_id, name=name(entity_id))

    delivery = record.delivery
    return AlertView(
        id=alert.id,
        kind=alert.kind,
        headline=alert.headline,
        rule_id=alert.rule_id,
        target=EntityView(id=target_id, name=name(target_id)),
        date=alert.date.to_dict() if alert.date else None,
        subject=ref(alert.subject_id),
        object=ref(alert.object_id),
        place=ref(alert.place_id),
        evidence=[
            EvidenceView(
                claim_id=item.claim_id,
                document_id=item.document_id,
                role=item.role,
                hedge=item.hedge.value,
                grade=str(item.grade) if item.grade else None,
            )
            for item in alert.evidence
        ],
        documents=sorted({item.document_id for item in alert.evidence}),
        recorded_at=record.recorded_at,
        new=new,
        delivery=None
        if delivery is None
        else DeliveryView(
            url=delivery.url,
            status=delivery.status,
            attempts=delivery.attempts,
            attempted_at=delivery.attempted_at,
            response_status=delivery.response_status,
            error=delivery.error,
        ),
    )
