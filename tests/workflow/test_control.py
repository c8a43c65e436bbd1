"""Building the stored control periods: the stored picture answers as computing it would,
and goes stale (so control is computed again) once claims or judgements are added."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import Entity, EntityKind, Judgement, JudgementKind
from allegiance.query.brief_writer import KnownReader
from allegiance.query.claims import ClaimReader
from allegiance.query.control import (
    ControlStatus,
    control_as_of,
    control_changes,
    control_timeline,
    stored_control_is_fresh,
)
from allegiance.store import KnowledgeBase
from allegiance.workflow.control import build_control
from tests.query.test_control import ACTORS, NOW, PLACES, Scene, _merge_isis_names


@pytest.fixture
def scene(kb_engine: Engine) -> Iterator[Scene]:
    with Session(kb_engine) as session, session.begin():
        kb = KnowledgeBase(session)
        for entity_id, name in ACTORS.items():
            kb.add_entity(Entity(entity_id, EntityKind.GROUP, name))
        for entity_id, (name, attributes) in PLACES.items():
            kb.add_entity(Entity(entity_id, EntityKind.PLACE, name, attributes=attributes))
        yield Scene(kb)


def test_build_control_summarises_what_it_stored(scene: Scene) -> None:
    scene.claim("control", "ent-army", date(2014, 6, 1))
    scene.claim("capture", "ent-isis", date(2014, 6, 10))
    scene.claim("presence", "ent-nusra", date(2014, 6, 3), place="ent-raqqa")
    summary = build_control(scene.kb)
    assert (summary.places, summary.periods) == (2, 3)
    assert summary.by_status == {ControlStatus.CONTROLLED: 2, ControlStatus.PRESENCE: 1}
    assert stored_control_is_fresh(scene.kb)


def test_stored_control_goes_stale_with_new_claims_and_judgements(scene: Scene) -> None:
    scene.claim("control", "ent-army", date(2014, 6, 1))
    build_control(scene.kb)
    taken = scene.claim("capture", "ent-isis", date(2014, 6, 10))
    assert not stored_control_is_fresh(scene.kb)
    (mosul,) = control_as_of(ClaimReader(scene.kb), date(2014, 6, 12))
    assert mosul.period and mosul.period.claim_ids == (taken,)  # computed: the claim is seen

    build_control(scene.kb)
    assert stored_control_is_fresh(scene.kb)
    rejected = Judgement(JudgementKind.CLAIM_REVIEW, (taken,), "rejected", "a", NOW)
    scene.kb.add_judgement(rejected)
    assert not stored_control_is_fresh(scene.kb)
    (mosul,) = control_as_of(ClaimReader(scene.kb), date(2014, 6, 12))
    assert mosul.period and mosul.period.actor and mosul.period.actor.id == "ent-army"


def test_stored_control_is_not_used_by_a_reader_that_leaves_claims_out(scene: Scene) -> None:
    scene.claim("capture", "ent-isis", date(2014, 6, 10), published=date(2014, 6, 30))
    build_control(scene.kb)
    day = date(2014, 6, 20)
    (mosul,) = control_as_of(ClaimReader(scene.kb), day)
    assert mosul.status is ControlStatus.CONTROLLED
    known = KnownReader(scene.kb, day)  # on 20 June, the report of 30 June was not out yet
    assert control_as_of(known, day) == []
    assert control_timeline(known, "ent-mosul", through=day) == []


def test_stored_control_answers_as_computing_it_does_on_the_demo(
    demo_copy: sessionmaker[Session],
) -> None:
    days = [date(2014, 5, 25) + timedelta(days=n) for n in range(0, 50, 2)]
    with demo_copy() as session, session.begin():
        kb = KnowledgeBase(session)
        _merge_isis_names(kb)
        reader = ClaimReader(kb)
        assert not stored_control_is_fresh(kb)
        computed = [control_as_of(reader, day) for day in days]
        changes = control_changes(reader, None, None)
        places = {control.place.id for control in computed[-1]}
        timelines = {p: control_timeline(reader, p, through=days[10]) for p in places}

        summary = build_control(kb)
        reader = ClaimReader(kb)
        assert stored_control_is_fresh(kb) and summary.places == len(places)
        assert [control_as_of(reader, day) for day in days] == computed
        assert control_changes(reader, None, None) == changes
        assert {p: control_timeline(reader, p, through=days[10]) for p in places} == timelines
        held = [c for c in computed[-1] if c.status is ControlStatus.CONTROLLED]
        assert len(held) >= 5  # the comparison covers real periods, not only unknowns
