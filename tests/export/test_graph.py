from __future__ import annotations

import io
import re
from pathlib import Path

import networkx as nx
from sqlalchemy.orm import Session, sessionmaker

from allegiance.export.filters import ExportFilter, Selection
from allegiance.export.graph import build_graph, write_gexf, write_graphml
from allegiance.store import KnowledgeBase


def edges(graph: nx.Graph[str]) -> set[tuple[str, str, str]]:
    return {(u, v, str(data["claim_ids"])) for u, v, data in graph.edges(data=True)}


def test_graph_formats_load_back_with_the_same_nodes_and_edges(
    demo_sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    graphml, gexf = tmp_path / "g.graphml", tmp_path / "g.gexf"
    with demo_sessions() as session:
        selection = Selection(KnowledgeBase(session), ExportFilter())
        graph = build_graph(selection)
        with graphml.open("w", encoding="utf-8") as out:
            assert write_graphml(selection, out).written == graph.number_of_edges() > 20
        with gexf.open("w", encoding="utf-8") as out:
            write_gexf(selection, out)
    for loaded in (nx.read_graphml(graphml), nx.read_gexf(gexf)):
        assert set(loaded.nodes) == set(graph.nodes)
        assert edges(loaded) == edges(graph)
    dated = [d for _, _, d in nx.read_graphml(graphml).edges(data=True) if "start" in d]
    assert dated and all(len(d["start"]) == 10 for d in dated)
    assert any(d["claim_type"] == "affiliation" for _, _, d in graph.edges(data=True))
    # GEXF's own edge `type` may only say directed, undirected or mutual.
    assert not re.search(r'<edge [^>]*type="(?!directed|undirected|mutual)', gexf.read_text())


def test_graph_edges_carry_hedge_and_document(demo_sessions: sessionmaker[Session]) -> None:
    with demo_sessions() as session:
        selection = Selection(KnowledgeBase(session), ExportFilter(types=("territory",)))
        graph = build_graph(selection)
    assert graph.number_of_edges() > 5
    for _, target, data in graph.edges(data=True):
        assert data["hedge"] and data["document_id"].startswith("doc-")
        assert graph.nodes[target]["kind"] in ("place", "facility")
    out = io.StringIO()
    with demo_sessions() as session:
        write_graphml(Selection(KnowledgeBase(session), ExportFilter(types=("territory",))), out)
    assert "<graphml" in out.getvalue()
