"""Stored control periods: read back as written, by place and by the day they cover, and the
fingerprint that tells whether they still describe the claims and judgements."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from allegiance.model import Judgement, JudgementKind
from allegiance.store import KnowledgeBase
from allegiance.store.claims import to_row
from allegiance.store.control import CONTROL, StoredObservation, StoredPeriod
from allegiance.store.tables import claims

from .samples import make_claim, make_document, sample_entities

SEEN = StoredObservation(
    "clm-1", date(2014, 6, 10), "reported", 0.8, "doc-1", "capture", ("ent-islamic-state",)
)
LATER = StoredObservation(
    "clm-2", date(2014, 6, 20), "asserted", 1.0, "doc-2", "clash", ("ent-iraqi-army", "x")
)


def _periods() -> list[StoredPeriod]:
    held = StoredPeriod(
        place_id="ent-rutba",
        start=date(2014, 6, 1),
        end=date(2014, 6, 9),
        status="controlled",
        rule="control",
        actor_id="ent-iraqi-army",
        actors=("ent-iraqi-army",),
        held_by_id=None,
        evidence=(),
        others=(SEEN,),
    )
    taken = StoredPeriod(
        place_id="ent-rutba",
        start=date(2014, 6, 10),
        end=None,
        status="controlled",
        rule="capture",
        actor_id="ent-islamic-state",
        actors=("ent-islamic-state",),
        held_by_id=None,
        evidence=(SEEN, LATER),
        others=(),
    )
    return [held, taken]


def test_control_periods_read_back_by_place_and_day(kb: KnowledgeBase) -> None:
    for entity in sample_entities():
        kb.add_entity(entity)
    held, taken = _periods()
    assert kb.built_from(CONTROL) is None
    assert kb.replace_control_periods([held, taken], "claims=1 judgements=0") == 2
    assert kb.built_from(CONTROL) == "claims=1 judgements=0"
    assert kb.control_periods(None) == {"ent-rutba": [held, taken]}
    assert kb.control_periods(["ent-rutba"], on=date(2014, 6, 5)) == {"ent-rutba": [held]}
    assert kb.control_periods(["ent-rutba"], on=date(2015, 1, 1)) == {"ent-rutba": [taken]}
    assert kb.control_periods(["ent-rutba"], on=date(2014, 5, 1)) == {}
    assert kb.control_periods(["ent-iraqi-army"]) == {}
    assert kb.control_places(["ent-rutba", "ent-iraqi-army"]) == ["ent-rutba"]


def test_replacing_control_periods_drops_the_old_ones(kb: KnowledgeBase) -> None:
    for entity in sample_entities():
        kb.add_entity(entity)
    held, taken = _periods()
    kb.replace_control_periods([held, taken], "claims=1 judgements=0")
    assert kb.replace_control_periods([taken], "claims=2 judgements=0") == 1
    assert kb.control_periods(None) == {"ent-rutba": [taken]}
    assert kb.built_from(CONTROL) == "claims=2 judgements=0"


def test_fingerprint_changes_with_claims_and_judgements(kb: KnowledgeBase) -> None:
    for entity in sample_entities():
        kb.add_entity(entity)
    empty = kb.fingerprint()
    document_id = kb.add_document(make_document()).document_id
    claim = make_claim(document_id)
    kb.add_claim(claim)
    claimed = kb.fingerprint()
    now = datetime(2026, 11, 25, tzinfo=UTC)
    kb.add_judgement(Judgement(JudgementKind.CLAIM_REVIEW, (claim.id,), "rejected", "a", now))
    assert len({empty, claimed, kb.fingerprint()}) == 3


def test_fingerprint_counts_rows_written_past_the_knowledge_base(kb: KnowledgeBase) -> None:
    """The counts are kept by triggers: a bulk insert straight into the table is counted."""
    for entity in sample_entities():
        kb.add_entity(entity)
    document_id = kb.add_document(make_document()).document_id
    before = kb.fingerprint()
    now = datetime(2026, 11, 25, tzinfo=UTC)
    rows = [
        to_row(make_claim(document_id, type=kind)) | {"created_at": now}
        for kind in ("territory.capture", "territory.control", "territory.presence")
    ]
    kb.session.execute(sa.insert(claims), rows)
    assert before == "claims=0 judgements=0"
    assert kb.fingerprint() == "claims=3 judgements=0"
