"""GraphML and GEXF (via networkx) for Gephi: entities as nodes, claims as dated edges.

Every selected claim whose object is an entity (or, for territory claims, whose place is)
becomes one edge keyed by its claim id, carrying `claim_type` (not `type`, which GEXF
keeps for directed/undirected), hedge, grade, confidence, review,
quote, document and the claim's date as `start`/`end` (ISO dates, so Gephi's timeline
plays them). Affiliation intervals (query/affiliations.py) add `affiliation` edges from
the first to the last day they held, with the ids of the claims behind them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

import networkx as nx

from allegiance.export.filters import ExportResult, Selection, Tick, no_tick
from allegiance.model import Entity
from allegiance.query.affiliations import ALLEGIANCE_TYPES, timelines
from allegiance.query.claims import CurrentClaim

Value = str | float | int


def build_graph(selection: Selection, *, tick: Tick = no_tick) -> nx.MultiDiGraph[str]:
    """The selection as a directed multigraph (one edge per claim or affiliation)."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(name="allegiance")
    for current in selection.claims:
        target = _target(current)
        if target is not None:
            _node(graph, selection.entity(current.subject_id))
            _node(graph, selection.entity(target))
            graph.add_edge(current.subject_id, target, key=current.id, **_claim_edge(current))
        tick()
    _affiliation_edges(graph, selection)
    return graph


def _target(current: CurrentClaim) -> str | None:
    if current.object_id is not None:
        return current.object_id
    return current.place_id if current.type.startswith("territory.") else None


def _node(graph: nx.MultiDiGraph[str], entity: Entity) -> None:
    if entity.id in graph:
        return
    values: dict[str, Value] = {"label": entity.name, "kind": entity.kind.value}
    for name in ("country", "lat", "lon"):
        value = entity.attributes.get(name)
        if isinstance(value, str | int | float):
            values[name] = value
    graph.add_node(entity.id, **values)


def _claim_edge(current: CurrentClaim) -> dict[str, Value]:
    claim = current.claim
    values: dict[str, Value] = {
        "claim_type": claim.type, "hedge": claim.hedge.value, "confidence": claim.confidence,
        "review": current.review.value, "document_id": claim.document_id,
        "quote": claim.quote.text, "claim_ids": claim.id,
    }  # fmt: skip
    if claim.grade is not None:
        values["grade"] = str(claim.grade)
    if claim.date is not None:
        values |= {
            "start": claim.date.start.isoformat(),
            "end": claim.date.end.isoformat(),
            "date_precision": claim.date.precision,
        }
    return values


def _affiliation_edges(graph: nx.MultiDiGraph[str], selection: Selection) -> None:
    subjects = {c.subject_id for c in selection.claims if c.type in ALLEGIANCE_TYPES}
    for line in timelines(selection.reader, sorted(subjects)).values():
        for affiliation in line.affiliations:
            cited = [e.claim_id for e in affiliation.evidence if e.claim_id in selection.by_id]
            if not cited:
                continue
            _node(graph, selection.entity(affiliation.entity_id))
            _node(graph, selection.entity(affiliation.group_id))
            values: dict[str, Value] = {
                "claim_type": "affiliation", "kind": affiliation.kind.value,
                "hedge": affiliation.hedge.value, "claim_ids": " ".join(cited),
            }  # fmt: skip
            if affiliation.role:
                values["role"] = affiliation.role
            if affiliation.start is not None:
                values["start"] = affiliation.start.start.isoformat()
            if affiliation.end is not None:
                values["end"] = affiliation.end.start.isoformat()
            key = "affiliation:" + "+".join(cited)
            graph.add_edge(affiliation.entity_id, affiliation.group_id, key=key, **values)


def _write(lines: Iterator[str], out: TextIO) -> None:
    for line in lines:
        out.write(line + "\n")


def write_graphml(selection: Selection, out: TextIO, *, tick: Tick = no_tick) -> ExportResult:
    graph = build_graph(selection, tick=tick)
    _write(nx.generate_graphml(graph), out)
    return ExportResult(written=graph.number_of_edges())


def write_gexf(selection: Selection, out: TextIO, *, tick: Tick = no_tick) -> ExportResult:
    graph = build_graph(selection, tick=tick)
    for _, _, key, values in graph.edges(keys=True, data=True):
        values["id"] = key  # GEXF keeps edge ids only from this attribute
    _write(nx.generate_gexf(graph), out)
    return ExportResult(written=graph.number_of_edges())
