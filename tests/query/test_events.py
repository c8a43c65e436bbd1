"""Event clustering, origins, status and grades, on hand-made claims (both backends)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import (
    Argument,
    Claim,
    Corroboration,
    Entity,
    EntityKind,
    FuzzyDate,
    Grade,
    Hedge,
    Judgement,
    JudgementKind,
    Mention,
    Source,
)
from allegiance.query.claims import ClaimReader
from allegiance.query.events import (
    EventCluster,
    cluster_claims,
    describe_events,
    distance_km,
    effective_grade,
    effective_grades,
    event_id,
)
from allegiance.store import KnowledgeBase
from tests.store.samples import make_claim, make_document, make_entity

JUNE_22 = FuzzyDate.day(date(2014, 6, 22))


@pytest.fixture
def kb(kb_engine: Engine) -> Iterator[KnowledgeBase]:
    """A knowledge base with actors, places and monitors, in a transaction rolled back."""
    with Session(kb_engine) as session:
        kb = KnowledgeBase(session)
        for entity in (
            _actor("ent-isis", "ISIS", "islamic-state-of-iraq-and-al-sham"),
            _actor("ent-is", "Islamic State", "islamic-state"),  # ISIS renamed
            _actor("ent-nusra", "Jabhat al-Nusra", "jabhat-al-nusra"),
            make_entity("ent-army", "Iraqi Army"),
            make_entity("ent-sohr", "SOHR", EntityKind.ORGANIZATION),
            make_entity("ent-officials", "officials", EntityKind.ORGANIZATION),
            _place("ent-rutba", "Rutba", 33.037, 40.286),
            _place("ent-rutba-gate", "Rutba checkpoint", 33.05, 40.30),  # about 2 km away
            _place("ent-rawa", "Rawa", 34.482, 41.919),
            _place("ent-anah", "Anah", 34.369, 41.982),  # 13 km from Rawa
            _place("ent-shuhayl", "Shuhayl", None, None),
        ):
            kb.add_entity(entity)
        yield kb
        session.rollback()


def _actor(entity_id: str, name: str, key: str) -> Entity:
    """A group known to the actor gazetteer under `key`."""
    return make_entity(entity_id, name, external_ids={"allegiance": key})


def _place(entity_id: str, name: str, lat: float | None, lon: float | None) -> Entity:
    attributes = {} if lat is None else {"lat": lat, "lon": lon}
    return make_entity(entity_id, name, EntityKind.PLACE, attributes=attributes)


def _document(kb: KnowledgeBase, outlet: str, *, day: int = 23, **fields: Any) -> str:
    document = make_document(
        f"report {uuid.uuid4().hex} from {outlet}",
        source=Source(name=outlet),
        published=datetime(2014, 6, day, 12, tzinfo=UTC),
        url=None,
        **fields,
    )
    return kb.add_document(document).document_id


def _claim(kb: KnowledgeBase, outlet: str, **fields: Any) -> Claim:
    """A claim in its own document from `outlet`: by default ISIS took Rutba on 22 June,
    asserted, unattributed, graded C3."""
    day = fields.pop("published_day", 23)
    document_id = _document(kb, outlet, day=day, external_id=fields.pop("external_id", None),
                            platform=fields.pop("platform", "web"),
                            metadata=fields.pop("metadata", {}))  # fmt: skip
    defaults: dict[str, Any] = {
        "subject_id": "ent-isis",
        "attributed_to_id": None,
        "hedge": Hedge.ASSERTED,
        "grade": Grade.parse("C3"),
        "date": JUNE_22,
        "qualifiers": {},
        "notes": None,
    }
    claim = make_claim(document_id, **(defaults | fields))
    kb.add_claim(claim)
    return claim


def _mention(kb: KnowledgeBase, document_id: str, entity_id: str, text: str) -> None:
    kb.add_mention(Mention(document_id, 0, len(text), text, "PLACE", entity_id))


def _events(kb: KnowledgeBase) -> list[EventCluster]:
    return cluster_claims(ClaimReader(kb))


def _grouping(kb: KnowledgeBase) -> list[set[str]]:
    return sorted((set(e.claim_ids) for e in _events(kb)), key=lambda ids: sorted(ids))


def test_cluster_claims_joins_one_capture_told_by_two_outlets(kb: KnowledgeBase) -> None:
    first, second = _claim(kb, "Outlet A"), _claim(kb, "Outlet B")
    [event] = _events(kb)
    assert set(event.claim_ids) == {first.id, second.id}
    assert set(event.document_ids) == {first.document_id, second.document_id}
    assert (event.type, event.place_id, event.date) == ("territory.capture", "ent-rutba", JUNE_22)


def test_cluster_claims_joins_the_defenders_withdrawal_to_the_capture(kb: KnowledgeBase) -> None:
    _claim(kb, "Outlet A", type="territory.withdrawal", subject_id="ent-army")
    _claim(kb, "Outlet B")
    [event] = _events(kb)
    assert event.type == "territory.capture"  # the outcome names the event
    assert set(event.actor_ids) == {"ent-isis", "ent-army"}


def test_cluster_claims_joins_nearby_places_and_keeps_apart_distant_ones(
    kb: KnowledgeBase,
) -> None:
    assert distance_km((34.482, 41.919), (34.369, 41.982)) == pytest.approx(13.9, abs=0.5)
    near = {_claim(kb, "A").id, _claim(kb, "B", place_id="ent-rutba-gate").id}
    rawa = {_claim(kb, "C", place_id="ent-rawa").id}
    anah = {_claim(kb, "D", place_id="ent-anah").id}
    assert sorted(map(sorted, _grouping(kb))) == sorted(map(sorted, [near, rawa, anah]))


def test_cluster_claims_keeps_apart_dates_beyond_a_day(kb: KnowledgeBase) -> None:
    next_day = _claim(kb, "A", date=FuzzyDate.day(date(2014, 6, 23)))
    first = _claim(kb, "B")
    later = _claim(kb, "C", date=FuzzyDate.day(date(2014, 6, 26)), published_day=27)
    assert _grouping(kb) == sorted([{first.id, next_day.id}, {later.id}], key=sorted)


def test_cluster_claims_keeps_apart_families(kb: KnowledgeBase) -> None:
    _claim(kb, "A")
    _claim(kb, "B", type="violence.execution", object=Argument(literal="captives"))
    assert len(_events(kb)) == 2


def test_cluster_claims_ignores_types_that_are_not_events(kb: KnowledgeBase) -> None:
    _claim(kb, "A", type="territory.control")
    _claim(kb, "B", type="statement", object=Argument(literal="a speech"))
    assert _events(kb) == []


def test_placeless_claim_joins_by_its_actors_in_either_order(kb: KnowledgeBase) -> None:
    clash = {"type": "violence.clash", "place_id": "ent-shuhayl", "place_precision": None}
    placed = _claim(kb, "A", object=Argument(entity_id="ent-nusra"), **clash)
    swapped = _claim(kb, "B", **(clash | {"place_id": None}), subject_id="ent-nusra",
                     object=Argument(entity_id="ent-isis"))  # fmt: skip
    stranger = _claim(kb, "C", **(clash | {"place_id": None}), subject_id="ent-army",
                      object=Argument(entity_id="ent-isis"))  # fmt: skip
    assert _grouping(kb) == sorted([{placed.id, swapped.id}, {stranger.id}], key=sorted)


def test_a_month_dated_claim_joins_one_event_without_chaining_two(kb: KnowledgeBase) -> None:
    early = _claim(kb, "A", date=FuzzyDate.day(date(2014, 6, 3)), published_day=4)
    late = _claim(kb, "B")
    vague = _claim(kb, "C", date=FuzzyDate.month(2014, 6), published_day=30)
    groups = _grouping(kb)
    assert len(groups) == 2
    assert {early.id, late.id} not in groups
    assert any(vague.id in group and len(group) == 2 for group in groups)


def test_an_undated_claim_is_dated_by_the_week_before_its_publication(
    kb: KnowledgeBase,
) -> None:
    dated = _claim(kb, "A", date=FuzzyDate.day(date(2014, 6, 20)), published_day=21)
    recent = _claim(kb, "B", date=None, published_day=26)  # "on Friday", six days back
    stale = _claim(kb, "C", date=None, published_day=30)
    assert _grouping(kb) == sorted([{dated.id, recent.id}, {stale.id}], key=sorted)


def test_a_phrase_naming_a_located_place_is_located_there(kb: KnowledgeBase) -> None:
    kb.add_entity(_place("ent-rutba-control", "control of the Rutba checkpoint", None, None))
    kb.add_entity(_place("ent-rawa-anah", "between Rawa and Anah", None, None))
    town = _claim(kb, "A")
    phrase = _claim(kb, "B", type="territory.withdrawal", subject_id="ent-army",
                    place_id="ent-rutba-control")  # fmt: skip
    rawa = _claim(kb, "C", place_id="ent-rawa")
    anah = _claim(kb, "D", place_id="ent-anah")
    ambiguous = _claim(kb, "E", type="territory.withdrawal", subject_id="ent-nusra",
                       place_id="ent-rawa-anah")  # fmt: skip
    expected = [{town.id, phrase.id}, {rawa.id}, {anah.id}, {ambiguous.id}]
    assert _grouping(kb) == sorted(expected, key=sorted)


def test_an_unlocated_place_is_compared_through_the_places_its_report_names(
    kb: KnowledgeBase,
) -> None:
    kb.add_entity(_place("ent-gate", "the western gate", None, None))
    rutba, rawa = _claim(kb, "A"), _claim(kb, "B", place_id="ent-rawa")
    gate = {"place_id": "ent-gate", "date": None}
    near_rutba = _claim(kb, "C", **gate)
    near_anah = _claim(kb, "D", **gate)  # Anah is 14 km from Rawa
    _mention(kb, near_rutba.document_id, "ent-rutba", "Rutba")
    _mention(kb, near_anah.document_id, "ent-anah", "Anah")
    expected = [{rutba.id, near_rutba.id}, {rawa.id}, {near_anah.id}]
    assert _grouping(kb) == sorted(expected, key=sorted)


def test_only_firm_claims_draw_a_loose_claim(kb: KnowledgeBase) -> None:
    week = FuzzyDate(date(2014, 6, 15), date(2014, 6, 21), "week")
    placeless = {"place_id": None, "place_precision": None, "type": "violence.attack"}
    capture = _claim(kb, "A")
    that_week = _claim(kb, "B", **placeless, date=week)
    earlier = _claim(kb, "C", **placeless, date=FuzzyDate.day(date(2014, 6, 17)))
    # `earlier` fits only `that_week`, itself loose: no evidence that it was at Rutba
    assert _grouping(kb) == sorted([{capture.id, that_week.id}, {earlier.id}], key=sorted)


def test_denials_do_not_draw_a_placeless_claim(kb: KnowledgeBase) -> None:
    clash = {"type": "violence.clash", "object": Argument(entity_id="ent-nusra")}
    denial = {"type": "statement.denial", "subject_id": "ent-nusra", "place_id": "ent-rawa",
              "object": Argument(entity_id="ent-isis")}  # fmt: skip
    rawa = {_claim(kb, "A", place_id="ent-rawa").id, _claim(kb, "B", **denial).id,
            _claim(kb, "C", **denial).id}  # fmt: skip
    anah = _claim(kb, "D", **clash, place_id="ent-anah")
    somewhere = _claim(kb, "E", **clash, place_id=None, place_precision=None)
    assert _grouping(kb) == sorted([rawa, {anah.id, somewhere.id}], key=sorted)


def test_two_outlets_citing_one_monitor_are_one_origin(kb: KnowledgeBase) -> None:
    _claim(kb, "Outlet A", attributed_to_id="ent-sohr", hedge=Hedge.REPORTED)
    _claim(kb, "Outlet B", attributed_to_id="ent-sohr", hedge=Hedge.REPORTED)
    [event] = _events(kb)
    assert [origin.key for origin in event.origins] == ["ent-sohr"]
    assert (event.status, event.credibility) == (Corroboration.SINGLE_SOURCE, 3)


def test_one_outlet_twice_is_one_origin_and_two_are_corroboration(kb: KnowledgeBase) -> None:
    _claim(kb, "Outlet A")
    _claim(kb, "Outlet A", date=FuzzyDate.day(date(2014, 6, 22)), published_day=24)
    [event] = _events(kb)
    assert len(event.origins) == 1 and event.status is Corroboration.SINGLE_SOURCE
    _claim(kb, "Outlet B", attributed_to_id="ent-officials", hedge=Hedge.REPORTED)
    [event] = _events(kb)
    assert len(event.supporting_origins) == 2
    assert (event.status, event.credibility) == (Corroboration.CORROBORATED, 2)


def test_a_retweet_has_the_origin_of_the_post_it_repeats(kb: KnowledgeBase) -> None:
    _claim(kb, "@author", platform="x", external_id="100")
    retweet = {"referenced_tweets": [{"type": "retweeted", "id": "100"}]}
    _claim(kb, "@relay", platform="x", external_id="101", metadata=retweet)
    [event] = _events(kb)
    assert [origin.label for origin in event.origins] == ["@author"]
    assert event.status is Corroboration.SINGLE_SOURCE


def test_three_origins_with_a_reliable_one_earn_credibility_one(kb: KnowledgeBase) -> None:
    _claim(kb, "Outlet A", grade=Grade.parse("B2"))
    _claim(kb, "Outlet B")
    _claim(kb, "Outlet C")
    [event] = _events(kb)
    assert (event.status, event.credibility) == (Corroboration.CORROBORATED, 1)


def test_a_denial_alone_makes_the_event_denied(kb: KnowledgeBase) -> None:
    _claim(kb, "Outlet A", hedge=Hedge.DENIED)
    _claim(kb, "Outlet B", hedge=Hedge.CLAIMED, attributed_to_id="ent-army")
    [event] = _events(kb)
    assert (event.status, event.credibility) == (Corroboration.DENIED, 5)


def test_a_denial_statement_against_assertions_makes_it_contested(kb: KnowledgeBase) -> None:
    _claim(kb, "Outlet A")
    _claim(kb, "Outlet B")
    denial = _claim(kb, "Outlet C", type="statement.denial", subject_id="ent-army",
                    object=Argument(entity_id="ent-isis"), date=None)  # fmt: skip
    [event] = _events(kb)
    assert denial.id in event.claim_ids
    assert (event.status, event.credibility) == (Corroboration.CONTESTED, 4)


def test_a_denial_of_something_else_there_does_not_join(kb: KnowledgeBase) -> None:
    _claim(kb, "Outlet A")
    _claim(kb, "Outlet B", type="statement.denial", subject_id="ent-sohr",
           object=Argument(entity_id="ent-army"), date=None)  # fmt: skip
    [event] = _events(kb)
    assert (len(event.members), event.status) == (1, Corroboration.SINGLE_SOURCE)


def test_rival_capturers_make_it_contested_but_a_renamed_group_does_not(
    kb: KnowledgeBase,
) -> None:
    _claim(kb, "Outlet A")
    _claim(kb, "Outlet B", subject_id="ent-is")
    [event] = _events(kb)
    assert event.status is Corroboration.CORROBORATED
    _claim(kb, "Outlet C", subject_id="ent-nusra")
    [event] = _events(kb)
    assert (event.status, event.credibility) == (Corroboration.CONTESTED, 4)


def test_effective_grade_takes_the_events_credibility(kb: KnowledgeBase) -> None:
    asserted = _claim(kb, "Outlet A")
    ungraded = _claim(kb, "Outlet B", grade=None)
    denial = _claim(kb, "Outlet C", hedge=Hedge.DENIED, grade=Grade.parse("E5"))
    [event] = _events(kb)
    assert event.credibility == 4  # two assert it, one denies it: contested
    assert effective_grade(event, asserted) == Grade.parse("C4")
    assert effective_grade(event, ungraded) == Grade.parse("F4")
    assert effective_grade(event, denial) == Grade.parse("E5")
    outsider = dataclasses.replace(asserted, document_id="doc-elsewhere")
    with pytest.raises(ValueError, match="not part of event"):
        effective_grade(event, outsider)


def test_effective_grades_cover_every_clustered_claim(kb: KnowledgeBase) -> None:
    first, second = _claim(kb, "Outlet A"), _claim(kb, "Outlet B", grade=Grade.parse("E3"))
    grades = effective_grades(_events(kb))
    assert grades == {first.id: Grade.parse("C2"), second.id: Grade.parse("E2")}


def test_describe_events_reads_a_stored_event_as_its_claims_stand_now(
    kb: KnowledgeBase,
) -> None:
    first, second = _claim(kb, "Outlet A"), _claim(kb, "Outlet B")
    [built] = _events(kb)
    review = Judgement(JudgementKind.CLAIM_REVIEW, (second.id,), "rejected", "analyst",
                       datetime(2026, 1, 1, tzinfo=UTC), "misread")  # fmt: skip
    kb.add_judgement(review)
    [now] = describe_events(ClaimReader(kb), [built.to_event()])
    assert (now.id, now.claim_ids) == (built.id, (first.id,))
    assert (built.status, now.status) == (Corroboration.CORROBORATED, Corroboration.SINGLE_SOURCE)
    kb.add_judgement(dataclasses.replace(review, subjects=(first.id,)))
    assert describe_events(ClaimReader(kb), [built.to_event()]) == []


def test_event_ids_depend_only_on_the_claim_set(kb: KnowledgeBase) -> None:
    first, second = _claim(kb, "A"), _claim(kb, "B")
    [event] = _events(kb)
    assert event.id == event_id([second.id, first.id]) == _events(kb)[0].id
    assert event.id != event_id([first.id])


def test_cluster_claims_sees_merged_entities(kb: KnowledgeBase) -> None:
    from allegiance.query.entities import merge_entities

    clash = {"type": "violence.clash", "object": Argument(entity_id="ent-nusra")}
    _claim(kb, "A", **clash)
    _claim(kb, "B", **clash, subject_id="ent-army", place_id=None, place_precision=None)
    assert len(_events(kb)) == 2
    merge_entities(kb, "ent-army", "ent-isis", author="t", reason="test",
                   now=datetime(2026, 1, 1, tzinfo=UTC))  # fmt: skip
    assert len(_events(kb)) == 1


def test_demo_clustering_holds_its_benchmark_floor(
    demo_sessions: sessionmaker[Session],
) -> None:
    from benchmarks.event_clustering import evaluate

    figures = evaluate(demo_sessions)
    assert figures.reached >= 14
    assert figures.events_per_real_event <= 1.1
    assert figures.recall >= 0.95
    assert figures.precision >= 0.88
    assert figures.by_status.get("corroborated", 0) >= 4
