"""Entities: list, one entity assembled across merges with its claims, merge and split.

Merges and splits are judgements (query/entities.py) and each is written to the audit log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response

from allegiance.export.jsonl import ClaimLookup, to_entity_record
from allegiance.model import EntityKind, Judgement
from allegiance.query.affiliations import Affiliation, timeline
from allegiance.query.claims import ClaimReader
from allegiance.query.entities import assemble_entity, merge_entities, split_entities
from allegiance.store import KnowledgeBase
from allegiance.web.dependencies import KB, AnalystWrite, Now, Viewer
from allegiance.web.pages import redirect, render
from allegiance.web.routes.claims import to_judgement_out, to_records
from allegiance.web.schemas import (
    AffiliationOut,
    EntityLine,
    EntityList,
    EntityPage,
    MergeIn,
    MergeOut,
    SplitIn,
)

router = APIRouter()


def entity_list(
    kb: KnowledgeBase, *, kind: EntityKind | None, limit: int, offset: int
) -> EntityList:
    entities = kb.list_entities(kind=kind, limit=limit, offset=offset)
    lines = [EntityLine(id=e.id, kind=e.kind.value, name=e.name) for e in entities]
    return EntityList(entities=lines, limit=limit, offset=offset)


def to_affiliation_out(kb: KnowledgeBase, affiliation: Affiliation) -> AffiliationOut:
    group = kb.get_entity(affiliation.group_id)
    return AffiliationOut(
        group=EntityLine(id=group.id, kind=group.kind.value, name=group.name),
        kind=affiliation.kind.value,
        role=affiliation.role,
        start=affiliation.start.to_text() if affiliation.start else None,
        end=affiliation.end.to_text() if affiliation.end else None,
        hedge=affiliation.hedge.value,
        claim_ids=[e.claim_id for e in affiliation.evidence],
        end_claim_ids=[e.claim_id for e in affiliation.end_evidence],
        contested_claim_ids=[e.claim_id for e in affiliation.contested],
    )


def entity_page(kb: KnowledgeBase, entity_id: str) -> EntityPage:
    view = assemble_entity(kb, entity_id)
    reader = ClaimReader(kb)
    ties: list[Affiliation] = []
    if view.entity.kind in (EntityKind.PERSON, EntityKind.GROUP):
        ties = list(timeline(reader, view.entity.id).affiliations)
    return EntityPage(
        entity=to_entity_record(view.entity),
        members=list(view.members),
        judgements=[to_judgement_out(j) for j in view.judgements],
        affiliations=[to_affiliation_out(kb, tie) for tie in ties],
        claims=to_records(reader.claims(entity_ids=[view.entity.id]), ClaimLookup(kb)),
    )


def merge(
    kb: KnowledgeBase, source: str, target: str, *, author: str, reason: str, now: datetime
) -> list[Judgement]:
    before = assemble_entity(kb, target).members
    judgement = merge_entities(kb, source, target, author=author, reason=reason, now=now)
    _audit(kb, "entity.merge", target, before, [judgement], author=author, now=now)
    return [judgement]


def split(
    kb: KnowledgeBase, first: str, second: str, *, author: str, reason: str, now: datetime
) -> list[Judgement]:
    before = assemble_entity(kb, first).members
    judgements = split_entities(kb, first, second, author=author, reason=reason, now=now)
    _audit(kb, "entity.split", first, before, judgements, author=author, now=now)
    return judgements


def _audit(
    kb: KnowledgeBase,
    action: str,
    entity_id: str,
    before: tuple[str, ...],
    judgements: list[Judgement],
    *,
    author: str,
    now: datetime,
) -> None:
    after = assemble_entity(kb, entity_id).members
    kb.users.add_audit(
        actor=author,
        action=action,
        target=entity_id,
        before={"members": list(before)},
        after={"members": list(after), "judgements": [j.id for j in judgements]},
        now=now,
    )


Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0)]


@router.get("/api/entities", tags=["entities"])
def api_entities(
    who: Viewer, kb: KB, kind: EntityKind | None = None, limit: Limit = 100, offset: Offset = 0
) -> EntityList:
    return entity_list(kb, kind=kind, limit=limit, offset=offset)


@router.get("/api/entities/{entity_id}", tags=["entities"])
def api_entity(entity_id: str, who: Viewer, kb: KB) -> EntityPage:
    """The entity `entity_id` belongs to, with every merged member's names and claims."""
    return entity_page(kb, entity_id)


@router.post("/api/entities/{entity_id}/merge", tags=["entities"])
def api_merge(entity_id: str, body: MergeIn, who: AnalystWrite, kb: KB, now: Now) -> MergeOut:
    """Judge `entity_id` the same as `into`; 409 when an analyst judged them different."""
    judgements = merge(kb, entity_id, body.into, author=who.user.name, reason=body.reason, now=now)
    kb.session.commit()
    return MergeOut(judgements=[to_judgement_out(j) for j in judgements])


@router.post("/api/entities/{entity_id}/split", tags=["entities"])
def api_split(entity_id: str, body: SplitIn, who: AnalystWrite, kb: KB, now: Now) -> MergeOut:
    """Undo the merges joining `entity_id` and `other`, and judge them different."""
    judgements = split(kb, entity_id, body.other, author=who.user.name, reason=body.reason, now=now)
    kb.session.commit()
    return MergeOut(judgements=[to_judgement_out(j) for j in judgements])


@router.get("/entities", include_in_schema=False)
def entities_page(
    request: Request,
    who: Viewer,
    kb: KB,
    kind: EntityKind | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    page = entity_list(kb, kind=kind, limit=limit, offset=offset)
    return render(request, "entities.html", who=who, page=page, kinds=list(EntityKind))


@router.get("/entities/{entity_id}", include_in_schema=False)
def entity_detail_page(request: Request, entity_id: str, who: Viewer, kb: KB) -> Response:
    page = entity_page(kb, entity_id)
    scripts: dict[str, list[str]] = {}
    for alias in page.entity.aliases:
        scripts.setdefault(alias.script, []).append(alias.name)
    return render(request, "entity.html", who=who, page=page, scripts=scripts)


@router.post("/entities/{entity_id}/merge", include_in_schema=False)
def merge_form(
    entity_id: str,
    who: AnalystWrite,
    kb: KB,
    now: Now,
    into: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    merge(kb, entity_id, into.strip(), author=who.user.name, reason=reason, now=now)
    kb.session.commit()
    return redirect(f"/entities/{into.strip()}")


@router.post("/entities/{entity_id}/split", include_in_schema=False)
def split_form(
    entity_id: str,
    who: AnalystWrite,
    kb: KB,
    now: Now,
    other: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    split(kb, entity_id, other.strip(), author=who.user.name, reason=reason, now=now)
    kb.session.commit()
    return redirect(f"/entities/{entity_id}")
