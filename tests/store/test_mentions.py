from __future__ import annotations

import pytest

from allegiance.model import Mention, StoreError
from allegiance.store import KnowledgeBase

from .samples import make_document, sample_entities


@pytest.fixture
def document_id(kb: KnowledgeBase) -> str:
    for entity in sample_entities():
        kb.add_entity(entity)
    return kb.add_document(make_document()).document_id


def test_add_mention_reads_back_in_text_order(kb: KnowledgeBase, document_id: str) -> None:
    rutba = Mention(document_id, 35, 40, "Rutba", "GPE", "ent-rutba", "allegiance.gazetteer.v1")
    fighters = Mention(document_id, 0, 8, "Fighters", "NORP")
    assert kb.add_mention(rutba) is True
    assert kb.add_mention(fighters) is True
    assert kb.list_mentions(document_id) == [fighters, rutba]
    assert kb.list_mentions("doc-other") == []


def test_add_mention_twice_stores_it_once(kb: KnowledgeBase, document_id: str) -> None:
    mention = Mention(document_id, 0, 8, "Fighters", "NORP")
    assert kb.add_mention(mention) is True
    assert kb.add_mention(mention) is False
    resolved = Mention(document_id, 0, 8, "Fighters", "NORP", entity_id="ent-islamic-state")
    assert kb.add_mention(resolved) is True
    assert kb.stats().mentions == 2


def test_add_mention_of_an_unknown_document_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(StoreError):
        kb.add_mention(Mention("doc-000000000000000000000000", 0, 1, "x", "PERSON"))
