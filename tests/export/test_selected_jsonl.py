from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from allegiance.export.filters import ExportFilter, Selection
from allegiance.export.jsonl import What
from allegiance.export.selected_jsonl import write_selected_jsonl
from allegiance.model import Judgement, JudgementKind, Review
from allegiance.store import KnowledgeBase


def lines(kb: KnowledgeBase, wanted: ExportFilter, what: What = "claims") -> list[dict[str, Any]]:
    out = io.StringIO()
    write_selected_jsonl(Selection(kb, wanted), what, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_selected_jsonl_shows_reviews_in_force(demo_copy: sessionmaker[Session]) -> None:
    with demo_copy() as session, session.begin():
        kb = KnowledgeBase(session)
        claim_id = lines(kb, ExportFilter())[0]["id"]
        kb.add_judgement(
            Judgement(
                JudgementKind.CLAIM_REVIEW,
                (claim_id,),
                "rejected",
                "analyst",
                datetime(2024, 1, 1, tzinfo=UTC),
                "misread",
            )
        )
        assert claim_id not in {c["id"] for c in lines(kb, ExportFilter())}
        [rejected] = lines(kb, ExportFilter(reviews=(Review.REJECTED,)))
        assert (rejected["id"], rejected["review"]) == (claim_id, "rejected")


def test_selected_jsonl_entities_and_documents(demo_sessions: sessionmaker[Session]) -> None:
    with demo_sessions() as session:
        kb = KnowledgeBase(session)
        assert len(lines(kb, ExportFilter(), "documents")) == 40  # all, claims or not
        captures = ExportFilter(types=("territory.capture",))
        cited = {c["source"]["document_id"] for c in lines(kb, captures)}
        assert {d["id"] for d in lines(kb, captures, "documents")} == cited
        named = {e["kind"] for e in lines(kb, captures, "entities")}
        assert "place" in named and "account" not in named
