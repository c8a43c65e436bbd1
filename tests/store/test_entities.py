from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import Alias, Entity, EntityKind, NotFoundError, Script, StoreError
from allegiance.store import KnowledgeBase, default_alias_key
from allegiance.store.entities import EntityStore
from allegiance.store.knowledge_base import utc_now
from allegiance.store.tables import external_ids

from .samples import make_document, make_entity, sample_entities


@pytest.fixture
def stored(kb: KnowledgeBase) -> KnowledgeBase:
    for entity in sample_entities():
        kb.add_entity(entity)
    return kb


def test_add_entity_reads_back_equal(stored: KnowledgeBase) -> None:
    for entity in sample_entities():
        assert stored.get_entity(entity.id) == entity


def test_add_entity_keeps_alias_order_and_skips_repeated_names(kb: KnowledgeBase) -> None:
    names = (Alias.of("Jabhat al-Nusra"), Alias.of("Nusra Front"), Alias.of("Jabhat al-Nusra"))
    kb.add_entity(make_entity("ent-nusra", "Jabhat al-Nusra", aliases=names))
    assert kb.get_entity("ent-nusra").aliases == names[:2]


def test_add_entity_twice_is_refused(stored: KnowledgeBase) -> None:
    with pytest.raises(StoreError, match="already stored"):
        stored.add_entity(make_entity("ent-iraqi-army", "Iraqi Army"))


def test_add_entity_refuses_an_external_id_another_entity_has(stored: KnowledgeBase) -> None:
    twin = make_entity("ent-daesh", "Daesh", external_ids={"wikidata": "Q2429253"})
    with pytest.raises(StoreError, match="Q2429253"):
        stored.add_entity(twin)
    with pytest.raises(NotFoundError):
        stored.get_entity("ent-daesh")


def test_external_ids_are_unique_in_the_database(sessions: sessionmaker[Session]) -> None:
    # The constraint, not only the check add_entity makes first, refuses a second holder.
    with sessions() as session:
        kb = KnowledgeBase(session)
        kb.add_entity(make_entity("ent-a", "A", external_ids={"wikidata": "Q1"}))
        kb.add_entity(make_entity("ent-b", "B"))
        duplicate = external_ids.insert().values(entity_id="ent-b", scheme="wikidata", value="Q1")
        with pytest.raises(IntegrityError):
            session.execute(duplicate)
        session.rollback()


def test_entity_by_external_id_finds_the_holder(stored: KnowledgeBase) -> None:
    found = stored.entity_by_external_id("geonames", "89570")
    assert found is not None
    assert found.name == "Rutba"
    assert stored.entity_by_external_id("geonames", "1") is None
    assert stored.entity_by_external_id("wikidata", "89570") is None


def test_find_entities_matches_names_and_aliases_by_key(stored: KnowledgeBase) -> None:
    assert [e.id for e in stored.find_entities("isis")] == ["ent-islamic-state"]
    assert [e.id for e in stored.find_entities("  islamic   STATE ")] == ["ent-islamic-state"]
    assert [e.id for e in stored.find_entities("الدولة الإسلامية")] == ["ent-islamic-state"]
    assert stored.find_entities("Islamic") == []


def test_find_entities_returns_every_namesake(stored: KnowledgeBase) -> None:
    stored.add_entity(make_entity("ent-rutba-2", "Rutba", EntityKind.PLACE))
    assert [e.id for e in stored.find_entities("Rutba")] == ["ent-rutba", "ent-rutba-2"]


def test_find_entities_uses_the_key_function_given(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        kb = KnowledgeBase(session, key=lambda name: name.replace("-", " ").casefold())
        kb.add_entity(make_entity("ent-nusra", "Jabhat al-Nusra"))
        assert [e.id for e in kb.find_entities("jabhat al nusra")] == ["ent-nusra"]
        session.rollback()


def test_add_alias_adds_a_name_once(stored: KnowledgeBase) -> None:
    document = make_document()
    stored.add_document(document)
    daesh = Alias(name="Daesh", script=Script.LATIN, seen_in=document.id)
    assert stored.add_alias("ent-islamic-state", daesh) is True
    assert stored.add_alias("ent-islamic-state", daesh) is False
    assert stored.get_entity("ent-islamic-state").aliases[-1] == daesh
    assert [e.id for e in stored.find_entities("DAESH")] == ["ent-islamic-state"]


def test_add_alias_to_unknown_entity_raises_not_found(stored: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError):
        stored.add_alias("ent-nobody", Alias.of("Nobody"))


def test_add_alias_seen_in_unknown_document_is_refused(stored: KnowledgeBase) -> None:
    alias = Alias(name="Daesh", script=Script.LATIN, seen_in="doc-missing")
    with pytest.raises(StoreError):
        stored.add_alias("ent-islamic-state", alias)


def test_get_entity_unknown_raises_not_found(kb: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError):
        kb.get_entity("ent-nobody")


def test_list_entities_by_name_and_kind(stored: KnowledgeBase) -> None:
    names = [entity.name for entity in stored.list_entities()]
    assert names == ["Iraqi Army", "Iraqi security officials", "Islamic State", "Rutba"]
    assert [e.id for e in stored.list_entities(kind=EntityKind.PLACE)] == ["ent-rutba"]
    assert [e.id for e in stored.list_entities(kind="group", limit=1, offset=1)] == [
        "ent-islamic-state"
    ]


TEXT = st.characters(blacklist_categories=["Cs", "Cc"])
names = st.text(TEXT, min_size=1, max_size=30)
json_scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(TEXT)
aliases_of = st.builds(
    Alias,
    name=names,
    script=st.sampled_from(Script),
    language=st.none() | st.sampled_from(["en", "ar", "fr"]),
    kind=st.sampled_from(["name", "kunya", "nisba", "handle"]),
)


@given(
    entity=st.builds(
        Entity,
        id=st.just("ent-any"),
        kind=st.sampled_from(EntityKind),
        name=names,
        aliases=st.lists(aliases_of, max_size=4, unique_by=lambda alias: alias.name).map(tuple),
        attributes=st.dictionaries(st.text(TEXT, max_size=10), json_scalars, max_size=4),
        external_ids=st.dictionaries(st.sampled_from(["wikidata", "geonames"]), names),
    )
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_add_entity_round_trips_any_entity(sessions: sessionmaker[Session], entity: Entity) -> None:
    with sessions() as session:
        kb = KnowledgeBase(session)
        kb.add_entity(entity)
        assert kb.get_entity(entity.id) == entity
        session.rollback()


def test_iter_entities_yields_every_entity_by_id(stored: KnowledgeBase) -> None:
    expected = sorted(sample_entities(), key=lambda entity: entity.id)
    assert list(stored.iter_entities()) == expected
    store = EntityStore(stored.session, key=default_alias_key, clock=utc_now)
    assert list(store.iter_entities(batch=3)) == expected
