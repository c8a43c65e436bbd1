from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from allegiance.model import Grade, Hedge
from allegiance.query.changes import ChangeFinder, WatchKind, qualifier
from allegiance.query.claims import ClaimReader
from allegiance.store import KnowledgeBase
from allegiance.store.watch import AlertEvidence, EvidenceRole

from .watch_samples import ARMY, ISIS, RAWA, add_claim, build_world


def _item(hedge: Hedge, grade: str | None, role: EvidenceRole = "evidence") -> AlertEvidence:
    return AlertEvidence("clm-1", "doc-1", hedge, Grade.parse(grade) if grade else None, role)


def test_qualifier_lists_hedges_best_grade_and_count_of_own_claims() -> None:
    evidence = [
        _item(Hedge.REPORTED, "C3"),
        _item(Hedge.CLAIMED, "B2"),
        _item(Hedge.DENIED, "A1", "contested"),
    ]
    assert qualifier(evidence) == "claimed/reported, B2, 2 claims"
    assert qualifier([_item(Hedge.ALLEGED, None)]) == "alleged, ungraded, 1 claim"
    assert qualifier([]) == "no claims"


@pytest.fixture
def kb(kb_engine: Engine) -> Iterator[KnowledgeBase]:
    with Session(kb_engine) as session, session.begin():
        yield KnowledgeBase(session)
        session.rollback()


def test_change_finder_control_handover_names_the_status_before(kb: KnowledgeBase) -> None:
    doc = build_world(kb)
    add_claim(kb, doc, "territory.control", ARMY, place=RAWA, day=date(2014, 6, 1))
    capture = add_claim(kb, doc, "territory.capture", ISIS, place=RAWA, day=date(2014, 6, 21))
    changes = ChangeFinder(ClaimReader(kb)).changes(WatchKind.CONTROL)
    assert [change.date.start for change in changes if change.date] == [
        date(2014, 6, 1),
        date(2014, 6, 21),
    ]
    handover = changes[1]
    assert handover.ids == {RAWA, ISIS, ARMY}
    assert [item.claim_id for item in handover.evidence] == [capture.id]
    assert handover.headline.startswith(
        "Rawa: controlled by Islamic State from 2014-06-21 (before: controlled by Iraqi Army)"
    )
