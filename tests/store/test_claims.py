from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import (
    Argument,
    Claim,
    FuzzyDate,
    Grade,
    Hedge,
    NotFoundError,
    PlacePrecision,
    Quantity,
    Quote,
    Review,
    StoreError,
)
from allegiance.store import KnowledgeBase

from .samples import literal_claim, make_claim, make_document, sample_entities

ENTITY_IDS = [entity.id for entity in sample_entities()]


@pytest.fixture
def document_id(kb: KnowledgeBase) -> str:
    for entity in sample_entities():
        kb.add_entity(entity)
    return kb.add_document(make_document()).document_id


def test_add_claim_reads_back_equal(kb: KnowledgeBase, document_id: str) -> None:
    claim = make_claim(document_id, object=Argument(entity_id="ent-iraqi-army"))
    assert kb.add_claim(claim) is True
    assert kb.get_claim(claim.id) == claim


def test_add_claim_keeps_a_literal_object_apart_from_an_entity(
    kb: KnowledgeBase, document_id: str
) -> None:
    claim = literal_claim(document_id)
    kb.add_claim(claim)
    stored = kb.get_claim(claim.id)
    assert stored == claim
    assert stored.object == Argument(literal="about 300 fighters")
    assert stored.date == FuzzyDate.month(2014, 6)
    assert stored.date is not None
    assert stored.date.precision == "month"


def test_add_claim_twice_keeps_the_first(kb: KnowledgeBase, document_id: str) -> None:
    claim = make_claim(document_id)
    again = dataclasses.replace(claim, confidence=0.1, notes="re-extracted")
    assert again.id == claim.id
    assert kb.add_claim(claim) is True
    assert kb.add_claim(again) is False
    assert kb.get_claim(claim.id) == claim
    assert kb.stats().claims_by_type == {"territory.capture": 1}


def test_add_claim_about_an_unknown_entity_is_refused(kb: KnowledgeBase, document_id: str) -> None:
    with pytest.raises(StoreError, match="refused"):
        kb.add_claim(make_claim(document_id, subject_id="ent-nobody"))


def test_add_claim_from_an_unknown_document_is_refused(kb: KnowledgeBase, document_id: str) -> None:
    with pytest.raises(StoreError, match="refused"):
        kb.add_claim(make_claim("doc-000000000000000000000000"))


def test_get_claim_unknown_raises_not_found(kb: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError):
        kb.get_claim("clm-000000000000000000000000")


@pytest.fixture
def claims(kb: KnowledgeBase, document_id: str) -> dict[str, Claim]:
    made = {
        "capture": make_claim(document_id),
        "size": literal_claim(document_id),
        "denial": make_claim(
            document_id,
            type="statement.denial",
            subject_id="ent-iraqi-army",
            object=Argument(entity_id="ent-islamic-state"),
            place_id=None,
            place_precision=None,
            attributed_to_id=None,
            date=FuzzyDate.year(2015),
            hedge=Hedge.DENIED,
        ),
        "undated": make_claim(document_id, type="statement", date=None, hedge=Hedge.ASSERTED),
    }
    for claim in made.values():
        kb.add_claim(claim)
    return made


def test_claims_read_back_carry_their_stored_id_without_hashing(
    kb: KnowledgeBase, claims: dict[str, Claim], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("allegiance.model.claim.content_id", _no_hashing)
    found = {claim.id: claim for claim in kb.list_claims()}
    assert found == {claim.id: claim for claim in claims.values()}
    assert kb.get_claim(claims["capture"].id).qualifiers == {"means": "ground assault"}
    assert [claim.id for claim in kb.iter_claims()] == sorted(found)


def _no_hashing(*parts: object) -> str:
    raise AssertionError("a stored claim's id was worked out again")


def _names(found: list[Claim], claims: dict[str, Claim]) -> list[str]:
    names = {claim.id: name for name, claim in claims.items()}
    return [names[claim.id] for claim in found]


def test_list_claims_orders_by_date_undated_last(
    kb: KnowledgeBase, claims: dict[str, Claim]
) -> None:
    assert _names(kb.list_claims(), claims) == ["size", "capture", "denial", "undated"]
    assert _names(kb.list_claims(limit=1), claims) == ["size"]


def test_list_claims_by_type_includes_subtypes(kb: KnowledgeBase, claims: dict[str, Claim]) -> None:
    assert _names(kb.list_claims(types=["statement"]), claims) == ["denial", "undated"]
    assert _names(kb.list_claims(types=["statement.denial"]), claims) == ["denial"]
    assert _names(kb.list_claims(types=["territory.capture", "attribute"]), claims) == [
        "size",
        "capture",
    ]
    assert kb.list_claims(types=["state"]) == []
    assert kb.list_claims(types=[]) == []


def test_list_claims_by_entity_in_any_role(kb: KnowledgeBase, claims: dict[str, Claim]) -> None:
    assert _names(kb.list_claims(entity_id="ent-iraqi-army"), claims) == ["denial"]
    assert _names(kb.list_claims(entity_id="ent-rutba"), claims) == ["capture", "undated"]
    assert _names(kb.list_claims(entity_id="ent-officials"), claims) == [
        "size",
        "capture",
        "undated",
    ]
    assert len(kb.list_claims(entity_id="ent-islamic-state")) == 4


def test_list_claims_by_overlapping_dates(kb: KnowledgeBase, claims: dict[str, Claim]) -> None:
    june_22 = date(2014, 6, 22)
    assert _names(kb.list_claims(since=june_22, until=june_22), claims) == ["size", "capture"]
    assert _names(kb.list_claims(since=date(2014, 6, 23)), claims) == ["size", "denial"]
    assert _names(kb.list_claims(until=date(2014, 6, 21)), claims) == ["size"]


def test_list_claims_by_hedge_and_document(
    kb: KnowledgeBase, claims: dict[str, Claim], document_id: str
) -> None:
    assert _names(kb.list_claims(hedge=Hedge.DENIED), claims) == ["denial"]
    assert len(kb.list_claims(document_id=document_id)) == 4
    assert kb.list_claims(document_id="doc-other") == []


def test_iter_claims_yields_every_claim_by_id(kb: KnowledgeBase, claims: dict[str, Claim]) -> None:
    assert [claim.id for claim in kb.iter_claims()] == sorted(claim.id for claim in claims.values())


def test_iter_claims_streams_more_than_a_batch(kb: KnowledgeBase, document_id: str) -> None:
    made = [make_claim(document_id, quote=Quote("Fighters", n, n + 8)) for n in range(1200)]
    for claim in made:
        kb.add_claim(claim)
    assert sum(1 for _ in kb.iter_claims()) == 1200


fuzzy_dates = st.one_of(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(FuzzyDate.day),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(FuzzyDate.week),
    st.builds(FuzzyDate.month, st.integers(1900, 2100), st.integers(1, 12)),
    st.builds(FuzzyDate.year, st.integers(1900, 2100)),
)
words = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=40)
arguments = st.one_of(
    st.none(),
    st.sampled_from(ENTITY_IDS).map(lambda entity_id: Argument(entity_id=entity_id)),
    words.map(lambda text: Argument(literal=text)),
)


@st.composite
def claims_of(draw: st.DrawFn, document_id: str) -> Claim:
    start = draw(st.integers(0, 10_000))
    return Claim(
        type=draw(st.sampled_from(["territory.capture", "statement.denial", "attribute.size"])),
        subject_id=draw(st.sampled_from(ENTITY_IDS)),
        document_id=document_id,
        extractor=draw(st.sampled_from(["allegiance.events.v1", "allegiance.statements.v2"])),
        quote=Quote(draw(words), start, start + draw(st.integers(0, 500))),
        object=draw(arguments),
        place_id=draw(st.none() | st.just("ent-rutba")),
        place_precision=draw(st.none() | st.sampled_from([1, 2, 3]).map(PlacePrecision)),
        date=draw(st.none() | fuzzy_dates),
        quantity=draw(st.none() | st.builds(Quantity, st.floats(0, 1e9), words)),
        attributed_to_id=draw(st.none() | st.sampled_from(ENTITY_IDS)),
        hedge=draw(st.sampled_from(Hedge)),
        confidence=draw(st.floats(0.0, 1.0)),
        grade=draw(st.none() | st.builds(Grade, st.sampled_from("ABCDEF"), st.integers(1, 6))),
        review=draw(st.sampled_from(Review)),
        qualifiers=draw(st.dictionaries(words, words, max_size=3)),
        notes=draw(st.none() | words),
    )


@given(data=st.data())
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_add_claim_round_trips_any_claim(
    sessions: sessionmaker[Session], data: st.DataObject
) -> None:
    with sessions() as session:
        kb = KnowledgeBase(session)
        for entity in sample_entities():
            kb.add_entity(entity)
        document_id = kb.add_document(make_document()).document_id
        claim = data.draw(claims_of(document_id))
        kb.add_claim(claim)
        assert kb.get_claim(claim.id) == claim
        session.rollback()
