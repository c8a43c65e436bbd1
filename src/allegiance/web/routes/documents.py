"""Documents: the list, and one document with every mention and claim it holds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from allegiance.export.jsonl import ClaimLookup, to_document_record
from allegiance.query.claims import ClaimReader
from allegiance.store import DocumentRecord, KnowledgeBase
from allegiance.web.dependencies import KB, Viewer
from allegiance.web.highlight import QuoteSpan, to_runs
from allegiance.web.pages import render
from allegiance.web.routes.claims import document_claims, to_records
from allegiance.web.schemas import DocumentLine, DocumentList, DocumentPage, MentionOut

router = APIRouter()


def to_line(record: DocumentRecord) -> DocumentLine:
    document = record.document
    return DocumentLine(
        id=record.id,
        title=document.title,
        publisher=document.publisher,
        published=document.published.isoformat() if document.published else None,
        platform=document.platform,
    )


def document_list(
    kb: KnowledgeBase, *, limit: int, offset: int, platform: str | None, source: str | None
) -> DocumentList:
    records = kb.list_documents(limit=limit, offset=offset, platform=platform, source=source)
    return DocumentList(documents=[to_line(r) for r in records], limit=limit, offset=offset)


def document_page(kb: KnowledgeBase, document_id: str) -> DocumentPage:
    record = kb.get_document(document_id)
    mentions = [
        MentionOut(start=m.start, end=m.end, text=m.text, label=m.label, entity_id=m.entity_id)
        for m in kb.list_mentions(record.id)
    ]
    reader = ClaimReader(kb)
    claims = to_records(document_claims(reader, record.id), ClaimLookup(kb))
    return DocumentPage(document=to_document_record(record), mentions=mentions, claims=claims)


Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]


@router.get("/api/documents", tags=["documents"])
def api_documents(
    who: Viewer,
    kb: KB,
    limit: Limit = 50,
    offset: Offset = 0,
    platform: str | None = None,
    source: Annotated[str | None, Query(description="A source's id or name.")] = None,
) -> DocumentList:
    """Documents, newest published first."""
    return document_list(kb, limit=limit, offset=offset, platform=platform, source=source)


@router.get("/api/documents/{document_id}", tags=["documents"])
def api_document(document_id: str, who: Viewer, kb: KB) -> DocumentPage:
    """A document's text with its mentions and claims (offsets index the text)."""
    return document_page(kb, document_id)


@router.get("/documents", include_in_schema=False)
def documents_page(
    request: Request,
    who: Viewer,
    kb: KB,
    limit: Limit = 50,
    offset: Offset = 0,
    platform: str | None = None,
    source: str | None = None,
) -> Response:
    page = document_list(kb, limit=limit, offset=offset, platform=platform, source=source)
    return render(request, "documents.html", who=who, page=page)


@router.get("/documents/{document_id}", include_in_schema=False)
def document_detail_page(request: Request, document_id: str, who: Viewer, kb: KB) -> Response:
    page = document_page(kb, document_id)
    quotes = [QuoteSpan(c.id, c.offsets[0], c.offsets[1]) for c in page.claims]
    runs = to_runs(page.document.text, page.mentions, quotes)
    return render(request, "document.html", who=who, page=page, runs=runs)
