from __future__ import annotations

from datetime import UTC, datetime

import pytest

from allegiance.model import Judgement, JudgementKind, StoreError
from allegiance.store import KnowledgeBase

SAME = Judgement(
    kind=JudgementKind.SAME_AS,
    subjects=("ent-abu-muhammad", "ent-al-tunisi"),
    decision="same",
    author="analyst:amira",
    created=datetime(2024, 11, 20, 9, 0, tzinfo=UTC),
    reason="same kunya and nisba, succeeding accounts",
)
UNDO = Judgement(
    kind=JudgementKind.NOT_SAME_AS,
    subjects=("ent-abu-muhammad", "ent-al-tunisi"),
    decision="not-same",
    author="analyst:omar",
    created=datetime(2024, 11, 21, 9, 0, tzinfo=UTC),
    reason="different fathers' names in the pledge video",
    undoes=SAME.id,
)
REVIEW = Judgement(
    kind=JudgementKind.CLAIM_REVIEW,
    subjects=("clm-123",),
    decision="accepted",
    author="analyst:amira",
    created=datetime(2024, 11, 22, 9, 0, tzinfo=UTC),
)


def test_add_judgement_reads_back_equal_in_order(kb: KnowledgeBase) -> None:
    for judgement in (REVIEW, SAME, UNDO):
        assert kb.add_judgement(judgement) is True
    assert kb.list_judgements() == [SAME, UNDO, REVIEW]
    assert [j.id for j in kb.list_judgements()] == [SAME.id, UNDO.id, REVIEW.id]


def test_add_judgement_twice_stores_it_once(kb: KnowledgeBase) -> None:
    assert kb.add_judgement(SAME) is True
    assert kb.add_judgement(SAME) is False
    assert kb.stats().judgements == 1


def test_list_judgements_about_one_subject(kb: KnowledgeBase) -> None:
    for judgement in (SAME, UNDO, REVIEW):
        kb.add_judgement(judgement)
    assert kb.list_judgements(subject="ent-al-tunisi") == [SAME, UNDO]
    assert kb.list_judgements(subject="clm-123") == [REVIEW]
    assert kb.list_judgements(subject="ent-nobody") == []


def test_add_judgement_undoing_an_unknown_judgement_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(StoreError):
        kb.add_judgement(UNDO)
