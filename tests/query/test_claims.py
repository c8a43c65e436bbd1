"""Claims read through judgements: merged entities, reviews applied, newest extractor only."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from allegiance.model import Argument, FuzzyDate, Judgement, JudgementKind
from allegiance.model.claim import Review
from allegiance.query.claims import ClaimReader, extractor_version, newest_versions
from allegiance.query.entities import merge_entities
from allegiance.store import KnowledgeBase
from tests.store.samples import make_claim, make_document, make_entity, sample_entities

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def _kb(session: Session) -> tuple[KnowledgeBase, str]:
    kb = KnowledgeBase(session)
    for entity in sample_entities():
        kb.add_entity(entity)
    kb.add_entity(make_entity("ent-isis", "ISIS"))
    return kb, kb.add_document(make_document()).document_id


def test_reader_gives_canonical_ids_after_a_merge(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb, document_id = _kb(session)
        claim = make_claim(document_id, subject_id="ent-isis")
        kb.add_claim(claim)
        merge_entities(kb, "ent-isis", "ent-islamic-state", author="a", reason="r", now=NOW)
        reader = ClaimReader(kb)
        found = reader.claims(entity_ids=["ent-islamic-state"])
        assert [c.id for c in found] == [claim.id]
        assert found[0].subject_id == "ent-islamic-state"
        assert found[0].claim.subject_id == "ent-isis"  # the stored claim is untouched


def test_reader_applies_the_latest_review_and_leaves_rejected_out(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb, document_id = _kb(session)
        kept = make_claim(document_id)
        dropped = make_claim(document_id, subject_id="ent-iraqi-army")
        kb.add_claim(kept)
        kb.add_claim(dropped)
        for claim, decision in ((kept, "rejected"), (dropped, "rejected")):
            kb.add_judgement(Judgement(JudgementKind.CLAIM_REVIEW, (claim.id,), decision, "a", NOW))
        later = datetime(2026, 11, 25, tzinfo=UTC)
        kb.add_judgement(Judgement(JudgementKind.CLAIM_REVIEW, (kept.id,), "accepted", "b", later))
        reader = ClaimReader(kb)
        assert [(c.id, c.review) for c in reader.claims()] == [(kept.id, Review.ACCEPTED)]
        everything = reader.claims(include_rejected=True)
        assert {c.id: c.review for c in everything}[dropped.id] is Review.REJECTED


def test_reader_keeps_only_the_newest_extractor_version_per_document(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb, document_id = _kb(session)
        old = make_claim(document_id, extractor="allegiance.events.v1")
        new = make_claim(document_id, extractor="allegiance.events.v2", hedge=old.hedge)
        other = make_claim(document_id, extractor="allegiance.activity.v1", type="statement")
        for claim in (old, new, other):
            kb.add_claim(claim)
        ids = {c.id for c in ClaimReader(kb).claims()}
        assert ids == {new.id, other.id}


def test_reader_filters_by_place_and_dates(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb, document_id = _kb(session)
        june = make_claim(document_id, date=FuzzyDate.day(date(2014, 6, 22)))
        elsewhere = make_claim(
            document_id,
            place_id=None,
            object=Argument(literal="the checkpoint"),
            date=FuzzyDate.day(date(2014, 6, 1)),
        )
        kb.add_claim(june)
        kb.add_claim(elsewhere)
        reader = ClaimReader(kb)
        assert [c.id for c in reader.claims(place_ids=["ent-rutba"])] == [june.id]
        assert [c.id for c in reader.claims(until=date(2014, 6, 10))] == [elsewhere.id]
        assert reader.claims(place_ids=[]) == []


def test_extractor_versions_are_compared_per_family() -> None:
    assert extractor_version("allegiance.events.v12") == ("allegiance.events", 12)
    assert extractor_version("hand-coded") == ("hand-coded", 0)
    base = make_claim("doc-1", extractor="allegiance.events.v1")
    other_document = dataclasses.replace(base, document_id="doc-2")
    newer = dataclasses.replace(base, extractor="allegiance.events.v3")
    assert newest_versions([base, other_document, newer]) == [other_document, newer]


def test_newest_versions_keep_the_order_and_unversioned_names_count_as_version_zero() -> None:
    first = make_claim("doc-1", extractor="allegiance.events.v2", type="territory.control")
    second = make_claim("doc-2", extractor="hand-coded")
    third = dataclasses.replace(first, type="territory.capture")
    assert newest_versions([third, second, first]) == [third, second, first]
    unversioned = make_claim("doc-1", extractor="allegiance.events")
    assert newest_versions([unversioned, second, first]) == [second, first]
