"""The dashboard: what the knowledge base holds and what waits for review."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Request, Response

from allegiance.query.claims import ClaimReader
from allegiance.store import KnowledgeBase
from allegiance.web.dependencies import KB, Viewer
from allegiance.web.pages import render
from allegiance.web.routes.documents import to_line
from allegiance.web.schemas import Dashboard

router = APIRouter()


def dashboard(kb: KnowledgeBase) -> Dashboard:
    stats = kb.stats()
    reviews = Counter(c.review.value for c in ClaimReader(kb).claims(include_rejected=True))
    return Dashboard(
        documents=stats.documents,
        entities_by_kind=stats.entities_by_kind,
        claims_by_type=stats.claims_by_type,
        reviews=dict(sorted(reviews.items())),
        events=stats.events,
        recent_documents=[to_line(r) for r in kb.list_documents(limit=10)],
    )


@router.get("/api/dashboard", tags=["dashboard"])
def api_dashboard(who: Viewer, kb: KB) -> Dashboard:
    return dashboard(kb)


@router.get("/", include_in_schema=False)
def dashboard_page(request: Request, who: Viewer, kb: KB) -> Response:
    return render(request, "dashboard.html", who=who, page=dashboard(kb))
