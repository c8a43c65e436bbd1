"""The review queue: claims nobody has accepted or rejected yet, least confident first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from allegiance.export.jsonl import ClaimLookup
from allegiance.model import Review
from allegiance.query.claims import ClaimReader
from allegiance.store import KnowledgeBase
from allegiance.web.dependencies import KB, Analyst
from allegiance.web.pages import render
from allegiance.web.routes.claims import to_records
from allegiance.web.schemas import ClaimList

router = APIRouter()


def review_queue(kb: KnowledgeBase, *, limit: int, offset: int) -> ClaimList:
    waiting = [c for c in ClaimReader(kb).claims() if c.review is Review.UNREVIEWED]
    waiting.sort(key=lambda c: (c.claim.confidence, c.id))
    page = waiting[offset : offset + limit]
    return ClaimList(
        claims=to_records(page, ClaimLookup(kb)), total=len(waiting), limit=limit, offset=offset
    )


Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]


@router.get("/api/review", tags=["claims"])
def api_review_queue(who: Analyst, kb: KB, limit: Limit = 50, offset: Offset = 0) -> ClaimList:
    """Unreviewed claims, least confident first; judge them at `/api/claims/{id}/review`."""
    return review_queue(kb, limit=limit, offset=offset)


@router.get("/review", include_in_schema=False)
def review_page(
    request: Request, who: Analyst, kb: KB, limit: Limit = 50, offset: Offset = 0
) -> Response:
    return render(
        request, "review.html", who=who, page=review_queue(kb, limit=limit, offset=offset)
    )
