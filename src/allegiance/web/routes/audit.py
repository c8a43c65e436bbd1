"""The audit log, for admins: every write, newest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from allegiance.store import KnowledgeBase
from allegiance.web.dependencies import KB, Admin
from allegiance.web.pages import render
from allegiance.web.schemas import AuditList, AuditOut

router = APIRouter()


def audit_list(
    kb: KnowledgeBase, *, actor: str | None, target: str | None, limit: int, offset: int
) -> AuditList:
    entries = kb.users.list_audit(actor=actor, target=target, limit=limit, offset=offset)
    return AuditList(entries=[AuditOut.of(e) for e in entries], limit=limit, offset=offset)


Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0)]


@router.get("/api/audit", tags=["users"])
def api_audit(
    who: Admin,
    kb: KB,
    actor: str | None = None,
    target: Annotated[str | None, Query(description="The id of the record written.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> AuditList:
    return audit_list(kb, actor=actor, target=target, limit=limit, offset=offset)


@router.get("/audit", include_in_schema=False)
def audit_page(
    request: Request,
    who: Admin,
    kb: KB,
    actor: str | None = None,
    target: str | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    page = audit_list(kb, actor=actor, target=target, limit=limit, offset=offset)
    return render(request, "audit.html", who=who, page=page)
