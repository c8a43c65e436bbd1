from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from allegiance.model import Entity, EntityKind, Judgement, JudgementKind
from allegiance.query.claims import ClaimReader
from allegiance.query.watch_scope import watch_scope
from allegiance.store import KnowledgeBase

from .watch_samples import ANAH, ANBAR, COMMANDER, MOSUL, NOW, RAWA, build_world


@pytest.fixture
def kb(kb_engine: Engine) -> Iterator[KnowledgeBase]:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        build_world(kb)
        yield kb
        session.rollback()


def test_watch_scope_province_covers_its_towns_only(kb: KnowledgeBase) -> None:
    scope = watch_scope(ClaimReader(kb), kb.get_entity(ANBAR))
    assert scope.is_place and scope.ids == {ANBAR, RAWA, ANAH}


def test_watch_scope_town_and_person_cover_themselves(kb: KnowledgeBase) -> None:
    reader = ClaimReader(kb)
    assert watch_scope(reader, kb.get_entity(MOSUL)).ids == {MOSUL}
    person = watch_scope(reader, kb.get_entity(COMMANDER))
    assert not person.is_place and person.ids == {COMMANDER}


def test_watch_scope_country_covers_every_place_with_its_code(kb: KnowledgeBase) -> None:
    attributes: dict[str, object] = {"country": "IQ", "feature": "country"}
    kb.add_entity(Entity("ent-iraq", EntityKind.PLACE, "Iraq", attributes=attributes))
    scope = watch_scope(ClaimReader(kb), kb.get_entity("ent-iraq"))
    assert scope.ids == {"ent-iraq", ANBAR, RAWA, ANAH, MOSUL}


def test_watch_scope_follows_merges_to_the_canonical_entity(kb: KnowledgeBase) -> None:
    kb.add_entity(Entity("ent-rawah", EntityKind.PLACE, "Rāwah"))
    kb.add_judgement(Judgement(JudgementKind.SAME_AS, ("ent-rawah", RAWA), "same", "a", NOW))
    scope = watch_scope(ClaimReader(kb), kb.get_entity("ent-rawah"))
    assert scope.ids == {RAWA}
