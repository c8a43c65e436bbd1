from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from allegiance.model import FuzzyDate, Grade, Hedge, NotFoundError, StoreError
from allegiance.store import KnowledgeBase
from allegiance.store.watch import Alert, AlertEvidence, Delivery, WatchRule

from .samples import literal_claim, make_claim, make_document, sample_entities

CREATED = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture
def rule(kb: KnowledgeBase) -> WatchRule:
    for entity in sample_entities():
        kb.add_entity(entity)
    document_id = kb.add_document(make_document()).document_id
    kb.add_claim(make_claim(document_id))
    kb.add_claim(literal_claim(document_id))
    rule = WatchRule(
        id="wch-rutba",
        target_id="ent-rutba",
        kinds=("control", "contradiction"),
        created_at=CREATED,
        created_by="analyst",
        webhook_url="https://hooks.example/alerts",
    )
    kb.add_watch_rule(rule)
    return rule


def _alert(kb: KnowledgeBase, rule: WatchRule) -> Alert:
    capture, size = kb.list_claims(types=["territory"])[0], kb.list_claims(types=["attribute"])[0]
    return Alert(
        id="alr-1",
        rule_id=rule.id,
        kind="control",
        headline="Islamic State took control of Rutba",
        evidence=(
            AlertEvidence(capture.id, capture.document_id, Hedge.REPORTED, Grade.parse("B2")),
            AlertEvidence(size.id, size.document_id, Hedge.REPORTED, None, "contradicted"),
        ),
        subject_id="ent-islamic-state",
        place_id="ent-rutba",
        date=FuzzyDate.day(date(2014, 6, 22)),
    )


def test_watch_rule_reads_back_equal(kb: KnowledgeBase, rule: WatchRule) -> None:
    assert kb.get_watch_rule(rule.id) == rule
    assert kb.list_watch_rules() == [rule]


def test_watch_rule_with_a_taken_id_is_refused(kb: KnowledgeBase, rule: WatchRule) -> None:
    with pytest.raises(StoreError, match="wch-rutba"):
        kb.add_watch_rule(rule)


def test_remove_watch_rule_keeps_it_stamped(kb: KnowledgeBase, rule: WatchRule) -> None:
    removed = kb.remove_watch_rule(rule.id, by="lead")
    assert removed.removed_by == "lead" and removed.removed_at is not None
    assert kb.list_watch_rules() == []
    assert kb.list_watch_rules(include_removed=True) == [removed]
    with pytest.raises(NotFoundError):
        kb.remove_watch_rule(rule.id, by="lead")


def test_get_watch_rule_unknown_is_not_found(kb: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError, match="wch-none"):
        kb.get_watch_rule("wch-none")


def test_alert_reads_back_equal_once(kb: KnowledgeBase, rule: WatchRule) -> None:
    alert = _alert(kb, rule)
    assert kb.add_alert(alert) is True
    assert kb.add_alert(alert) is False
    [record] = kb.list_alerts()
    assert record.alert == alert
    assert record.delivery is None


def test_list_alerts_filters_by_rule_and_change_date(kb: KnowledgeBase, rule: WatchRule) -> None:
    kb.add_alert(_alert(kb, rule))
    assert len(kb.list_alerts(rule_ids=[rule.id], since=date(2014, 6, 22))) == 1
    assert kb.list_alerts(since=date(2014, 6, 23)) == []
    assert kb.list_alerts(rule_ids=["wch-other"]) == []


def test_deliveries_are_kept_newest_last(kb: KnowledgeBase, rule: WatchRule) -> None:
    kb.add_alert(_alert(kb, rule))
    failed = Delivery("alr-1", "https://hooks.example/alerts", CREATED, 3, "failed", 503, "busy")
    delivered = Delivery("alr-1", "https://hooks.example/alerts", CREATED, 1, "delivered", 204)
    kb.add_delivery(failed)
    kb.add_delivery(delivered)
    [record] = kb.list_alerts()
    assert record.deliveries == (failed, delivered)
    assert record.delivery == delivered
