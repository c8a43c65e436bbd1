from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from allegiance.model import Hedge
from allegiance.query.claims import ClaimReader
from allegiance.query.contradictions import find_contradictions
from allegiance.store import KnowledgeBase

from .watch_samples import ARMY, COMMANDER, ISIS, NUSRA, RAWA, accept, add_claim, build_world

JUNE = date(2014, 6, 21)


@pytest.fixture
def kb(kb_engine: Engine) -> Iterator[KnowledgeBase]:
    with Session(kb_engine) as session, session.begin():
        yield KnowledgeBase(session)
        session.rollback()


def _pairs(kb: KnowledgeBase) -> list[tuple[str, str, str]]:
    return [(c.claim.id, c.accepted.id, c.rule) for c in find_contradictions(ClaimReader(kb))]


def test_contradiction_denial_of_an_accepted_pledge(kb: KnowledgeBase) -> None:
    doc = build_world(kb)
    pledge = add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=ISIS, day=JUNE)
    denial = add_claim(
        kb, doc, "allegiance.pledge", COMMANDER, object=ISIS, hedge=Hedge.DENIED, at=20
    )
    accept(kb, pledge)
    assert _pairs(kb) == [(denial.id, pledge.id, "opposite-polarity")]


def test_contradiction_needs_an_accepted_claim(kb: KnowledgeBase) -> None:
    doc = build_world(kb)
    add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=ISIS, day=JUNE)
    add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=ISIS, hedge=Hedge.DENIED, at=20)
    assert _pairs(kb) == []


def test_contradiction_other_object_or_uncertain_hedge_is_none(kb: KnowledgeBase) -> None:
    doc = build_world(kb)
    pledge = add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=ISIS, day=JUNE)
    add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=NUSRA, hedge=Hedge.DENIED, at=20)
    add_claim(kb, doc, "allegiance.pledge", COMMANDER, object=ISIS, hedge=Hedge.UNCERTAIN, at=40)
    accept(kb, pledge)
    assert _pairs(kb) == []


def test_contradiction_second_controller_at_overlapping_date(kb: KnowledgeBase) -> None:
    doc = build_world(kb)
    held = add_claim(kb, doc, "territory.control", ISIS, place=RAWA, day=JUNE)
    rival = add_claim(kb, doc, "territory.control", ARMY, place=RAWA, day=JUNE, at=20)
    add_claim(kb, doc, "territory.control", ARMY, place=RAWA, day=date(2014, 7, 30), at=40)
    accept(kb, held)
    assert _pairs(kb) == [(rival.id, held.id, "exclusive-state")]


def test_contradiction_both_accepted_is_left_to_the_analyst(kb: KnowledgeBase) -> None:
    doc = build_world(kb)
    held = add_claim(kb, doc, "territory.control", ISIS, place=RAWA, day=JUNE)
    rival = add_claim(kb, doc, "territory.control", ARMY, place=RAWA, day=JUNE, at=20)
    accept(kb, held)
    accept(kb, rival)
    assert _pairs(kb) == []
