"""An analyst's edit of a claim: a corrected copy that stands in for the original.

A stored claim is never changed. Editing one stores a new claim — the original with the
analyst's corrections, from the same document and quote, extractor `allegiance.analyst.v1`,
review `accepted` — and a `claim-review` judgement "edited" naming both (original first).
The analysis then reads the copy in place of the original (`query.claims.ClaimReader`
leaves edited originals out); undoing the judgement brings the original back.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from allegiance.model import Argument, Claim, FuzzyDate, Judgement, JudgementKind
from allegiance.model.claim import Hedge, Review
from allegiance.model.errors import AllegianceError
from allegiance.model.taxonomy import load_taxonomy
from allegiance.store import KnowledgeBase

EDITOR = "allegiance.analyst.v1"
EDITED = Review.EDITED.value


class EditError(AllegianceError):
    """An edit that changes nothing, or names a type the taxonomy does not have."""

    exit_code = 2
    http_status = 422


@dataclass(frozen=True, slots=True)
class ClaimChanges:
    """The fields an analyst corrects; None leaves a field as it was.

    `object_id` and `object_literal` replace the object (give one); `clear_place` and
    `clear_date` remove a place or date the extractor got wrong.
    """

    type: str | None = None
    subject_id: str | None = None
    object_id: str | None = None
    object_literal: str | None = None
    place_id: str | None = None
    clear_place: bool = False
    date: FuzzyDate | None = None
    clear_date: bool = False
    hedge: Hedge | None = None


def edit_claim(
    kb: KnowledgeBase,
    claim_id: str,
    changes: ClaimChanges,
    *,
    author: str,
    reason: str,
    now: datetime,
) -> tuple[Claim, Judgement]:
    """Store the corrected copy of a claim and the judgement that it replaces the original."""
    original = kb.get_claim(claim_id)
    edited = corrected(kb, original, changes, author=author, reason=reason)
    if edited.id == original.id or _same_statement(original, edited):
        raise EditError(f"the edit changes nothing in {original.id}")
    kb.add_claim(edited)
    judgement = Judgement(
        JudgementKind.CLAIM_REVIEW, (original.id, edited.id), EDITED, author, now, reason
    )
    kb.add_judgement(judgement)
    return edited, judgement


def corrected(
    kb: KnowledgeBase, original: Claim, changes: ClaimChanges, *, author: str, reason: str
) -> Claim:
    """The original with the changes applied; every entity named must be stored."""
    if changes.type is not None and changes.type not in load_taxonomy().types:
        raise EditError(f"unknown claim type {changes.type!r}")
    for entity_id in (changes.subject_id, changes.object_id, changes.place_id):
        if entity_id is not None:
            kb.get_entity(entity_id)
    if changes.object_id is not None and changes.object_literal is not None:
        raise EditError("give the object as an entity or as a literal, not both")
    target = original.object
    if changes.object_id is not None:
        target = Argument(entity_id=changes.object_id)
    elif changes.object_literal is not None:
        target = Argument(literal=changes.object_literal)
    place = None if changes.clear_place else changes.place_id or original.place_id
    when = None if changes.clear_date else changes.date or original.date
    note = f"edited by {author} from {original.id}" + (f": {reason}" if reason else "")
    return dataclasses.replace(
        original,
        type=changes.type or original.type,
        subject_id=changes.subject_id or original.subject_id,
        object=target,
        place_id=place,
        place_precision=original.place_precision if place == original.place_id else None,
        date=when,
        hedge=changes.hedge or original.hedge,
        extractor=EDITOR,
        review=Review.ACCEPTED,
        confidence=1.0,
        qualifiers={**original.qualifiers, "edited_from": original.id},
        notes=note,
    )


def _same_statement(first: Claim, second: Claim) -> bool:
    fields = ("type", "subject_id", "object", "place_id", "date", "hedge")
    return all(getattr(first, name) == getattr(second, name) for name in fields)
