"""Merges and splits are judgements; entities are assembled from them at read time."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from allegiance.model import Alias, AllegianceError, Entity, EntityKind
from allegiance.query.entities import (
    MergeBlockedError,
    assemble_entity,
    canonical_id,
    merge_entities,
    split_entities,
)
from allegiance.store import KnowledgeBase

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def _people(kb: KnowledgeBase) -> None:
    kb.add_entity(Entity("ent-a", EntityKind.PERSON, "Abu Khuzayma al-Urduni"))
    kb.add_entity(Entity("ent-b", EntityKind.PERSON, "Abu Khuzayma", (Alias.of("أبو خزيمة"),)))
    kb.add_entity(Entity("ent-c", EntityKind.PERSON, "Abu Khuzaymah"))


def test_entities_merge_assembles_aliases_without_rewriting(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        _people(kb)
        merge_entities(kb, "ent-b", "ent-a", author="analyst", reason="same man", now=NOW)
        view = assemble_entity(kb, "ent-b")
        assert view.entity.id == "ent-a"
        assert {"Abu Khuzayma", "أبو خزيمة"} <= {alias.name for alias in view.entity.aliases}
        assert view.members == ("ent-a", "ent-b")
        assert kb.get_entity("ent-b").name == "Abu Khuzayma"  # the stored entity is untouched
        assert view.judgements[0].author == "analyst"


def test_entities_split_undoes_only_the_joining_merge(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        _people(kb)
        merge_entities(kb, "ent-b", "ent-a", author="x", reason="r", now=NOW)
        merge_entities(kb, "ent-c", "ent-a", author="x", reason="r", now=NOW)
        recorded = split_entities(kb, "ent-b", "ent-a", author="y", reason="two men", now=NOW)
        assert [j.decision for j in recorded] == ["undone", "different"]
        assert canonical_id(kb, "ent-b") == "ent-b"
        assert canonical_id(kb, "ent-c") == "ent-a"


def test_entities_split_blocks_a_later_merge(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        _people(kb)
        split_entities(kb, "ent-a", "ent-b", author="y", reason="two men", now=NOW)
        with pytest.raises(MergeBlockedError):
            merge_entities(kb, "ent-b", "ent-a", author="x", reason="r", now=NOW)


def test_entities_merge_twice_is_refused(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        _people(kb)
        merge_entities(kb, "ent-b", "ent-a", author="x", reason="r", now=NOW)
        with pytest.raises(AllegianceError, match="already one entity"):
            merge_entities(kb, "ent-a", "ent-b", author="x", reason="r", now=NOW)
