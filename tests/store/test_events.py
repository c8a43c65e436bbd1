from __future__ import annotations

from datetime import date

import pytest

from allegiance.model import Corroboration, Event, FuzzyDate, StoreError
from allegiance.store import KnowledgeBase

from .samples import literal_claim, make_claim, make_document, sample_entities


@pytest.fixture
def claim_ids(kb: KnowledgeBase) -> list[str]:
    for entity in sample_entities():
        kb.add_entity(entity)
    document_id = kb.add_document(make_document()).document_id
    claims = [make_claim(document_id), literal_claim(document_id)]
    for claim in claims:
        kb.add_claim(claim)
    return [claim.id for claim in claims]


def test_add_event_reads_back_equal(kb: KnowledgeBase, claim_ids: list[str]) -> None:
    capture = Event(
        id="evt-rutba",
        type="territory.capture",
        claim_ids=(claim_ids[1], claim_ids[0]),
        place_id="ent-rutba",
        date=FuzzyDate.week(date(2014, 6, 22)),
        status=Corroboration.CORROBORATED,
    )
    undated = Event(id="evt-size", type="attribute.size", claim_ids=(claim_ids[1],))
    assert kb.add_event(undated) is True
    assert kb.add_event(capture) is True
    assert kb.list_events() == [capture, undated]


def test_add_event_twice_keeps_the_first(kb: KnowledgeBase, claim_ids: list[str]) -> None:
    event = Event(id="evt-rutba", type="territory.capture", claim_ids=tuple(claim_ids))
    assert kb.add_event(event) is True
    assert kb.add_event(Event(id="evt-rutba", type="violence.clash", claim_ids=())) is False
    assert kb.list_events() == [event]
    assert kb.stats().events == 1


def test_add_event_of_an_unknown_claim_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(StoreError):
        kb.add_event(Event(id="evt-x", type="violence.clash", claim_ids=("clm-missing",)))
