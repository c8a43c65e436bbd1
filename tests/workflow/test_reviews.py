"""An analyst's edit stores a corrected copy that stands in for the original claim."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from allegiance.model import FuzzyDate, Hedge, Judgement, NotFoundError
from allegiance.model.claim import Review
from allegiance.query.claims import ClaimReader
from allegiance.store import KnowledgeBase
from allegiance.workflow.reviews import EDITOR, ClaimChanges, EditError, edit_claim
from tests.store.samples import make_claim, make_document, sample_entities

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def _kb(session: Session) -> tuple[KnowledgeBase, str]:
    kb = KnowledgeBase(session)
    for entity in sample_entities():
        kb.add_entity(entity)
    return kb, kb.add_document(make_document()).document_id


def test_edit_claim_keeps_the_original_and_reads_the_copy(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb, document_id = _kb(session)
        original = make_claim(document_id)
        kb.add_claim(original)
        changes = ClaimChanges(
            subject_id="ent-iraqi-army",
            date=FuzzyDate.day(date(2014, 6, 21)),
            hedge=Hedge.UNCERTAIN,
        )
        edited, judgement = edit_claim(
            kb, original.id, changes, author="rana", reason="wrong actor", now=NOW
        )
        assert kb.get_claim(original.id) == original  # never rewritten
        assert edited.extractor == EDITOR and edited.review is Review.ACCEPTED
        assert edited.quote == original.quote and edited.document_id == original.document_id
        assert (edited.subject_id, edited.hedge) == ("ent-iraqi-army", Hedge.UNCERTAIN)
        assert edited.qualifiers["edited_from"] == original.id
        assert judgement.subjects == (original.id, edited.id)
        current = ClaimReader(kb).claims()
        assert [c.id for c in current] == [edited.id]
        everything = {c.id: c.review for c in ClaimReader(kb).claims(include_rejected=True)}
        assert everything[original.id] is Review.EDITED


def test_undoing_an_edit_brings_the_original_back(kb_engine: Engine) -> None:
    with Session(kb_engine) as session, session.begin():
        kb, document_id = _kb(session)
        original = make_claim(document_id)
        kb.add_claim(original)
        edited, judgement = edit_claim(
            kb, original.id, ClaimChanges(clear_date=True), author="rana", reason="", now=NOW
        )
        undo = Judgement(
            judgement.kind, judgement.subjects, "undone", "rana", NOW, "", judgement.id
        )
        kb.add_judgement(undo)
        assert [c.id for c in ClaimReader(kb).claims()] == [original.id]
        everything = {c.id: c.review for c in ClaimReader(kb).claims(include_rejected=True)}
        assert everything[edited.id] is Review.REJECTED


def test_edit_claim_refuses_an_edit_that_changes_nothing_or_names_nothing_stored(
    kb_engine: Engine,
) -> None:
    with Session(kb_engine) as session, session.begin():
        kb, document_id = _kb(session)
        original = make_claim(document_id)
        kb.add_claim(original)
        with pytest.raises(EditError, match="changes nothing"):
            edit_claim(kb, original.id, ClaimChanges(), author="a", reason="", now=NOW)
        with pytest.raises(EditError, match="unknown claim type"):
            edit_claim(kb, original.id, ClaimChanges(type="territory.x"), author="a",
                       reason="", now=NOW)  # fmt: skip
        with pytest.raises(NotFoundError):
            edit_claim(kb, original.id, ClaimChanges(place_id="ent-nowhere"), author="a",
                       reason="", now=NOW)  # fmt: skip
