"""Storing and reading judgements: recorded decisions, undone by later judgements."""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import Session

from allegiance.model.judgement import Judgement, JudgementKind
from allegiance.store.dialect import insert_row
from allegiance.store.tables import judgement_subjects, judgements


class JudgementStore:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add_judgement(self, judgement: Judgement) -> bool:
        """Store a judgement; False when the same judgement is already stored."""
        row = {
            "id": judgement.id,
            "kind": judgement.kind.value,
            "decision": judgement.decision,
            "author": judgement.author,
            "created": judgement.created,
            "reason": judgement.reason,
            "undoes": judgement.undoes,
        }
        if not insert_row(self._session, judgements, row, ignore_conflicts=True):
            return False
        for position, subject in enumerate(judgement.subjects):
            link = {"judgement_id": judgement.id, "position": position, "subject_id": subject}
            insert_row(self._session, judgement_subjects, link)
        return True

    def list_judgements(self, *, subject: str | None = None) -> list[Judgement]:
        """Judgements in the order they were made, or only those about `subject`."""
        statement = sa.select(judgements).order_by(judgements.c.created, judgements.c.id)
        links = sa.select(judgement_subjects).order_by(
            judgement_subjects.c.judgement_id, judgement_subjects.c.position
        )
        if subject is not None:
            about = sa.select(judgement_subjects.c.judgement_id).where(
                judgement_subjects.c.subject_id == subject
            )
            statement = statement.where(judgements.c.id.in_(about))
            links = links.where(judgement_subjects.c.judgement_id.in_(about))
        subjects: dict[str, list[str]] = defaultdict(list)
        for link in self._session.execute(links):
            subjects[link.judgement_id].append(link.subject_id)
        return [
            Judgement(
                kind=JudgementKind(row.kind),
                subjects=tuple(subjects[row.id]),
                decision=row.decision,
                author=row.author,
                created=row.created,
                reason=row.reason,
                undoes=row.undoes,
            )
            for row in self._session.execute(statement)
        ]
