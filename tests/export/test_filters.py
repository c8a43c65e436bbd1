from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from allegiance.export.filters import (
    ExportFilter,
    FilterError,
    Region,
    Selection,
    grade_at_least,
    parse_grade,
)
from allegiance.model import Entity, EntityKind, Grade, Review
from allegiance.store import KnowledgeBase


def place(**attributes: object) -> Entity:
    return Entity("ent-x", EntityKind.PLACE, "X", attributes=attributes)


def test_region_is_a_country_or_a_box() -> None:
    assert Region.parse("sy") == Region(country="SY")
    box = Region.parse("35,32,43,38")
    assert box.contains(place(lat=36.2, lon=37.1))
    assert not box.contains(place(lat=36.2, lon=44.0))
    assert not box.contains(place(country="SY"))
    assert Region.parse("IQ").contains(place(country="IQ", lat=1.0, lon=1.0))
    for text in ("Syria", "1,2,3", "43,32,35,38"):
        with pytest.raises(FilterError):
            Region.parse(text)


def test_grade_minimum_holds_on_both_scales() -> None:
    minimum = parse_grade("c3")
    assert grade_at_least(Grade.parse("B2"), minimum)
    assert grade_at_least(Grade.parse("C3"), minimum)
    assert not grade_at_least(Grade.parse("B4"), minimum)
    assert not grade_at_least(Grade.parse("D1"), minimum)
    assert not grade_at_least(None, minimum)
    with pytest.raises(FilterError):
        parse_grade("G9")


def test_filter_refuses_impossible_values() -> None:
    with pytest.raises(FilterError):
        ExportFilter(min_confidence=1.5)
    with pytest.raises(FilterError):
        ExportFilter(since=date(2015, 1, 1), until=date(2014, 1, 1))


def test_selection_applies_every_condition(demo_sessions: sessionmaker[Session]) -> None:
    with demo_sessions() as session:
        kb = KnowledgeBase(session)
        everything = Selection(kb, ExportFilter()).claims
        graded = Selection(kb, ExportFilter(min_grade=parse_grade("C3"))).claims
        confident = Selection(kb, ExportFilter(min_confidence=0.7)).claims
        iraq = Selection(kb, ExportFilter(region=Region.parse("IQ"))).claims
        dated = Selection(kb, ExportFilter(since=date(2014, 6, 1), until=date(2014, 6, 30))).claims
        accepted = Selection(kb, ExportFilter(reviews=(Review.ACCEPTED,))).claims
        subject = everything[0].subject_id
        about = Selection(kb, ExportFilter(entity_ids=(subject,))).claims
    for subset in (graded, confident, iraq, dated, about):
        assert 0 < len(subset) < len(everything)
    assert accepted == []  # nothing in the demo has been reviewed
    assert all(
        str(c.grade) in {"A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2", "C3"} for c in graded
    )
    assert all(c.claim.confidence >= 0.7 for c in confident)
    assert all(c.date and c.date.start <= date(2014, 6, 30) for c in dated)
    assert all(
        subject in (c.subject_id, c.object_id, c.place_id, c.attributed_to_id) for c in about
    )
