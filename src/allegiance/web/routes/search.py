"""Search across documents, entities and claims with one query."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from allegiance.export.jsonl import ClaimLookup
from allegiance.query.claims import ClaimReader
from allegiance.store import KnowledgeBase
from allegiance.web.dependencies import KB, Viewer
from allegiance.web.pages import render
from allegiance.web.routes.claims import document_claims, to_records
from allegiance.web.schemas import EntityLine, SearchDocument, SearchOut

router = APIRouter()


def search(kb: KnowledgeBase, query: str, *, limit: int) -> SearchOut:
    """Documents by full text; entities one of whose names matches the query (same lookup
    key); claims in the matching documents whose quote holds every word of the query."""
    query = query.strip()
    if not query:
        return SearchOut(query=query, documents=[], entities=[], claims=[])
    hits = kb.search_documents(query, limit=limit)
    documents = [
        SearchDocument(
            id=hit.record.id,
            title=hit.record.document.title,
            published=hit.record.document.published.isoformat()
            if hit.record.document.published
            else None,
            snippet=hit.snippet,
        )
        for hit in hits
    ]
    entities = [
        EntityLine(id=e.id, kind=e.kind.value, name=e.name) for e in kb.find_entities(query)
    ]
    words = query.casefold().split()
    reader = ClaimReader(kb)
    claims = [
        claim
        for hit in hits
        for claim in document_claims(reader, hit.record.id)
        if all(word in claim.claim.quote.text.casefold() for word in words)
    ]
    records = to_records(claims[:limit], ClaimLookup(kb))
    return SearchOut(query=query, documents=documents, entities=entities, claims=records)


Q = Annotated[str, Query(max_length=500, description="Words to find.")]
Limit = Annotated[int, Query(ge=1, le=200)]


@router.get("/api/search", tags=["search"])
def api_search(who: Viewer, kb: KB, q: Q = "", limit: Limit = 20) -> SearchOut:
    return search(kb, q, limit=limit)


@router.get("/search", include_in_schema=False)
def search_page(request: Request, who: Viewer, kb: KB, q: Q = "", limit: Limit = 20) -> Response:
    return render(request, "search.html", who=who, page=search(kb, q, limit=limit))
