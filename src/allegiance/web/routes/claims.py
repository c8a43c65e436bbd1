"""Claims: list with filters, show one with its judgements, review (accept or reject) and
edit (a corrected copy stands in for the claim).

A review is a `claim-review` judgement (who, when, why) plus an audit entry; the stored
claim is never changed. Claims are read through `ClaimReader`, so merges, reviews and
newer extractor versions apply, and each record's `review` is the one in force.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, Response

from allegiance.export.jsonl import ClaimLookup, to_claim_record
from allegiance.export.records import ClaimRecord
from allegiance.model import Claim, FuzzyDate, Hedge, Judgement, JudgementKind, Review
from allegiance.model.taxonomy import load_taxonomy
from allegiance.query.claims import ClaimReader, CurrentClaim, newest_versions
from allegiance.store import KnowledgeBase
from allegiance.web.dependencies import KB, AnalystWrite, Now, Viewer
from allegiance.web.pages import redirect, render
from allegiance.web.schemas import (
    ClaimEditIn,
    ClaimList,
    ClaimPage,
    Decision,
    JudgementOut,
    ReviewIn,
    ReviewOut,
)
from allegiance.workflow.reviews import ClaimChanges, EditError, edit_claim

router = APIRouter()


def to_judgement_out(judgement: Judgement) -> JudgementOut:
    return JudgementOut(
        id=judgement.id,
        kind=judgement.kind.value,
        subjects=list(judgement.subjects),
        decision=judgement.decision,
        author=judgement.author,
        created=judgement.created,
        reason=judgement.reason,
        undoes=judgement.undoes,
    )


def to_records(claims: Iterable[CurrentClaim], lookup: ClaimLookup) -> list[ClaimRecord]:
    """Export records whose `review` is the review in force, not the one stored."""
    return [
        to_claim_record(current.claim, lookup).model_copy(update={"review": current.review.value})
        for current in claims
    ]


def document_claims(reader: ClaimReader, document_id: str) -> list[CurrentClaim]:
    """A document's current claims, rejected ones included (the page shows them struck)."""
    stored = reader.kb.list_claims(document_id=document_id)
    return [reader.read(claim) for claim in newest_versions(stored)]


def list_current(
    kb: KnowledgeBase,
    *,
    types: list[str] | None,
    entity: str | None,
    since: date | None,
    until: date | None,
    hedge: Hedge | None,
    review: Review | None,
) -> list[CurrentClaim]:
    reader = ClaimReader(kb)
    claims = reader.claims(
        types=types,
        entity_ids=[entity] if entity else None,
        since=since,
        until=until,
        include_rejected=review is Review.REJECTED,
    )
    return [
        c
        for c in claims
        if (hedge is None or c.hedge is hedge) and (review is None or c.review is review)
    ]


def record_review(
    kb: KnowledgeBase, claim_id: str, decision: Review, *, author: str, reason: str, now: Now
) -> tuple[CurrentClaim, Judgement]:
    """Judge a claim, audit it, and return the claim as it now reads."""
    claim = kb.get_claim(claim_id)
    before = ClaimReader(kb).read(claim).review
    judgement = Judgement(
        JudgementKind.CLAIM_REVIEW, (claim.id,), decision.value, author, now, reason
    )
    kb.add_judgement(judgement)
    kb.users.add_audit(
        actor=author,
        action="claim.review",
        target=claim.id,
        before={"review": before.value},
        after={"review": decision.value, "judgement": judgement.id, "reason": reason},
        now=now,
    )
    return ClaimReader(kb).read(claim), judgement


def record_edit(
    kb: KnowledgeBase, claim_id: str, edit: ClaimEditIn, *, author: str, now: Now
) -> tuple[CurrentClaim, Judgement]:
    """Store an analyst's corrected copy of a claim, audit it, and return the copy."""
    original = kb.get_claim(claim_id)
    changes = ClaimChanges(
        type=edit.type or None,
        subject_id=edit.subject or None,
        object_id=edit.object or None,
        object_literal=edit.object_literal or None,
        place_id=edit.place or None,
        clear_place=edit.clear_place,
        date=FuzzyDate.day(edit.day) if edit.day else None,
        clear_date=edit.clear_date,
        hedge=edit.hedge,
    )
    edited, judgement = edit_claim(
        kb, original.id, changes, author=author, reason=edit.reason, now=now
    )
    kb.users.add_audit(
        actor=author,
        action="claim.edit",
        target=original.id,
        before=_statement(original),
        after=_statement(edited) | {"claim": edited.id, "judgement": judgement.id},
        now=now,
    )
    return ClaimReader(kb).read(edited), judgement


def _statement(claim: Claim) -> dict[str, object]:
    """What an edit can change, for the audit log."""
    target = claim.object
    return {
        "type": claim.type,
        "subject": claim.subject_id,
        "object": target.entity_id or target.literal if target else None,
        "place": claim.place_id,
        "date": claim.date.to_text() if claim.date else None,
        "hedge": claim.hedge.value,
    }


class ClaimFilters:
    """The filters of the claim list, shared by the page and its JSON twin."""

    def __init__(
        self,
        type: Annotated[
            list[str] | None, Query(description="Claim type; a family includes its subtypes.")
        ] = None,
        entity: Annotated[
            str | None, Query(description="An entity id: subject, object, place or source.")
        ] = None,
        since: Annotated[date | None, Query(description="Dated on or after.")] = None,
        until: Annotated[date | None, Query(description="Dated on or before.")] = None,
        hedge: Hedge | None = None,
        review: Annotated[
            Review | None, Query(description="Only this review; `rejected` shows the rejected.")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> None:
        self.types = type or None
        self.entity = entity or None
        self.since, self.until, self.hedge, self.review = since, until, hedge, review
        self.limit, self.offset = limit, offset


Filters = Annotated[ClaimFilters, Depends()]


def claim_list(kb: KnowledgeBase, filters: ClaimFilters) -> ClaimList:
    claims = list_current(
        kb,
        types=filters.types,
        entity=filters.entity,
        since=filters.since,
        until=filters.until,
        hedge=filters.hedge,
        review=filters.review,
    )
    page = claims[filters.offset : filters.offset + filters.limit]
    return ClaimList(
        claims=to_records(page, ClaimLookup(kb)),
        total=len(claims),
        limit=filters.limit,
        offset=filters.offset,
    )


def claim_page(kb: KnowledgeBase, claim_id: str) -> ClaimPage:
    current = ClaimReader(kb).read(kb.get_claim(claim_id))
    judgements = [to_judgement_out(j) for j in kb.list_judgements(subject=current.id)]
    return ClaimPage(claim=to_records([current], ClaimLookup(kb))[0], judgements=judgements)


@router.get("/api/claims", tags=["claims"])
def api_claims(who: Viewer, kb: KB, filters: Filters) -> ClaimList:
    """Current claims, by date: merges applied, rejected claims left out unless asked."""
    return claim_list(kb, filters)


@router.get("/api/claims/{claim_id}", tags=["claims"])
def api_claim(claim_id: str, who: Viewer, kb: KB) -> ClaimPage:
    return claim_page(kb, claim_id)


@router.post("/api/claims/{claim_id}/review", tags=["claims"])
def api_review(claim_id: str, body: ReviewIn, who: AnalystWrite, kb: KB, now: Now) -> ReviewOut:
    """Accept or reject a claim (a judgement; undoable, the claim itself is kept)."""
    current, judgement = record_review(
        kb, claim_id, Review(body.decision), author=who.user.name, reason=body.reason, now=now
    )
    kb.session.commit()
    record = to_records([current], ClaimLookup(kb))[0]
    return ReviewOut(claim=record, judgement=to_judgement_out(judgement))


@router.post("/api/claims/{claim_id}/edit", tags=["claims"])
def api_edit(claim_id: str, body: ClaimEditIn, who: AnalystWrite, kb: KB, now: Now) -> ReviewOut:
    """Correct a claim: a new claim stands in for it (a judgement; the original is kept)."""
    current, judgement = record_edit(kb, claim_id, body, author=who.user.name, now=now)
    kb.session.commit()
    record = to_records([current], ClaimLookup(kb))[0]
    return ReviewOut(claim=record, judgement=to_judgement_out(judgement))


@router.get("/claims", include_in_schema=False)
def claims_page(request: Request, who: Viewer, kb: KB, filters: Filters) -> Response:
    return render(request, "claims.html", who=who, page=claim_list(kb, filters))


@router.get("/claims/{claim_id}", include_in_schema=False)
def claim_detail_page(request: Request, claim_id: str, who: Viewer, kb: KB) -> Response:
    types = sorted(load_taxonomy().types)
    hedges = [hedge.value for hedge in Hedge]
    page = claim_page(kb, claim_id)
    return render(request, "claim.html", who=who, page=page, types=types, hedges=hedges)


@router.post("/claims/{claim_id}/review", include_in_schema=False)
def review_form(
    claim_id: str,
    who: AnalystWrite,
    kb: KB,
    now: Now,
    decision: Annotated[Decision, Form()],
    reason: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/review",
) -> Response:
    record_review(kb, claim_id, Review(decision), author=who.user.name, reason=reason, now=now)
    kb.session.commit()
    return redirect(next)


@router.post("/claims/{claim_id}/edit", include_in_schema=False)
def edit_form(
    claim_id: str,
    who: AnalystWrite,
    kb: KB,
    now: Now,
    type: Annotated[str, Form()] = "",
    hedge: Annotated[str, Form()] = "",
    day: Annotated[str, Form()] = "",
    subject: Annotated[str, Form()] = "",
    object: Annotated[str, Form()] = "",
    place: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    try:
        edit = ClaimEditIn(
            type=type.strip() or None,
            hedge=Hedge(hedge) if hedge else None,
            day=date.fromisoformat(day.strip()) if day.strip() else None,
            subject=subject.strip() or None,
            object=object.strip() or None,
            place=place.strip() or None,
            reason=reason,
        )
    except ValueError as exc:
        raise EditError(f"not a valid edit: {exc}") from None
    edited, _ = record_edit(kb, claim_id, edit, author=who.user.name, now=now)
    kb.session.commit()
    return redirect(f"/claims/{edited.id}")
