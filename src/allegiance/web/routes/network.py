"""The network: who is tied to whom on a date — affiliations and group relations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from allegiance.model import Hedge
from allegiance.model.ids import content_id
from allegiance.query.affiliations import timelines
from allegiance.query.claims import ClaimReader
from allegiance.query.relations import Evidence, Holding, lineages_for, relations_as_of
from allegiance.store import KnowledgeBase
from allegiance.web.dependencies import KB, Viewer
from allegiance.web.pages import render
from allegiance.web.schemas import NetworkEdge, NetworkNode, NetworkView

router = APIRouter()
HOLDS = (Holding.YES, Holding.MAYBE)


def _edge(
    source: str,
    target: str,
    kind: str,
    holding: Holding,
    hedge: Hedge,
    evidence: Sequence[Evidence],
) -> NetworkEdge:
    return NetworkEdge(
        id=content_id("tie", source, target, kind),
        source=source,
        target=target,
        type=kind,
        holding=holding.value,
        hedge=hedge.value,
        claim_ids=[e.claim_id for e in evidence],
        document_ids=list(dict.fromkeys(e.document_id for e in evidence)),
    )


def _last_day(reader: ClaimReader) -> date | None:
    days = [c.date.end for c in reader.claims(types=["allegiance", "group"]) if c.date]
    return max(days, default=None)


def network_view(kb: KnowledgeBase, as_of: date | None) -> NetworkView:
    reader = ClaimReader(kb)
    day = as_of or _last_day(reader) or date.today()
    lineages = lineages_for(reader)
    subjects = sorted({c.subject_id for c in reader.claims(types=["allegiance"])})
    edges = [
        _edge(
            a.entity_id,
            a.group_id,
            f"allegiance.{a.kind.value}",
            a.holds_on(day),
            a.hedge,
            a.evidence,
        )
        for found in timelines(reader, subjects, lineages=lineages).values()
        for a in found.affiliations
        if a.holds_on(day) in HOLDS
    ]
    edges += [
        _edge(r.group_id, r.other_id, r.type, r.holds_on(day), r.hedge, r.evidence)
        for r in relations_as_of(reader, day, lineages=lineages)
    ]
    ids = sorted({e.source for e in edges} | {e.target for e in edges})
    entities = [kb.get_entity(entity_id) for entity_id in ids]
    nodes = [NetworkNode(id=e.id, name=e.name, kind=e.kind.value) for e in entities]
    return NetworkView(as_of=day, nodes=nodes, edges=edges)


AsOf = Annotated[date | None, Query(description="The date (default: the last dated tie).")]


@router.get("/api/network", tags=["entities"])
def api_network(who: Viewer, kb: KB, as_of: AsOf = None) -> NetworkView:
    """Affiliations and group relations that hold (or may hold) on a date, with evidence."""
    return network_view(kb, as_of)


@router.get("/network", include_in_schema=False)
def network_page(request: Request, who: Viewer, kb: KB, as_of: AsOf = None) -> Response:
    return render(request, "network.html", who=who, page=network_view(kb, as_of))
