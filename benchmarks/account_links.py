"""Account links: the demo corpus's gold pair, and the pairs proposed on a real mention graph.

Run from the project root:

    .venv/bin/python benchmarks/account_links.py --data ../shared/data --out /tmp/accounts.md

1. Demo corpus: the 40 demo reports are ingested into a temporary SQLite knowledge base
   with the real pipeline (as `allegiance ingest demo/reports` does), then
   `link_candidates` proposes links; a proposed pair is right when its two handles are a
   pair of `account_links` in `demo/gold.yaml`. Precision and recall at several thresholds,
   the default one marked.
2. Mention graph (`accounts/isis-twitter-mention-graph`, nodes.csv and edges.csv as
   published): each node becomes an account profile with its handle and the accounts it
   mentions or is mentioned by — the graph holds nothing else (no posts, dates, names or
   bios), so only the handle and neighbour features can be measured. Reported: the pairs
   proposed at each threshold, the blocking figures, the evidence of the top ten, and two
   checks that are not ground truth: agreement with a *handle-variant* label (the same
   handle once leading/trailing '_' and trailing digits are removed — PROVENANCE.md's
   example of recreated accounts, `KhalidMaghrebi` / `KhalidMaghrebi_`) and the share of
   proposed pairs inside one Gephi modularity class against the share of all pairs.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import shlex
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

import yaml

from allegiance.query.account_features import AccountProfile
from allegiance.query.accounts import (
    DEFAULT_MIN_SCORE,
    CandidateSearch,
    LinkCandidate,
    link_candidates,
    propose_links,
)
from allegiance.settings import Settings
from allegiance.store import KnowledgeBase, make_engine, session_factory, upgrade

DEMO = Path("demo")
GRAPH = Path("accounts/isis-twitter-mention-graph")
THRESHOLDS = (0.3, 0.4, 0.5, DEFAULT_MIN_SCORE, 0.7, 0.8, 0.9)
_VARIANT = re.compile(r"^_+|_+$|\d+$")


@dataclass(frozen=True)
class DemoResult:
    candidates: list[LinkCandidate]
    gold: set[frozenset[str]]
    seconds: float


@dataclass(frozen=True)
class GraphResult:
    search: CandidateSearch
    classes: dict[str, str]
    nodes: int
    edges: int
    seconds: float


def run_demo(root: Path = DEMO) -> DemoResult:
    """Ingest the demo reports into a temporary knowledge base and propose links."""
    from allegiance.workflow.analysis import build_analysis
    from allegiance.workflow.ingestion import ingest

    gold = yaml.safe_load((root / "gold.yaml").read_text(encoding="utf-8"))["account_links"]
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'kb.db'}")
        upgrade(engine)
        settings = Settings(home=Path(folder))
        sessions = session_factory(engine)
        ingest([str(root / "reports")], settings=settings, sessions=sessions,
               stage=build_analysis(settings))  # fmt: skip
        started = time.perf_counter()
        with sessions() as session:
            candidates = link_candidates(KnowledgeBase(session))
            session.rollback()
        seconds = time.perf_counter() - started
        engine.dispose()
    pairs = {frozenset(h.casefold() for h in link["accounts"]) for link in gold}
    return DemoResult(candidates, pairs, seconds)


def read_graph(folder: Path) -> tuple[list[AccountProfile], dict[str, str], int]:
    """Profiles (handle and neighbours) from nodes.csv and edges.csv, the modularity class of
    each handle, and the number of edges."""
    neighbours: dict[str, dict[str, str | None]] = defaultdict(dict)
    classes: dict[str, str] = {}
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as nodes:
        handles = []
        for row in csv.DictReader(nodes):
            handles.append(row["label"])
            classes[row["label"].casefold()] = row["modularity_class"]
    edges = 0
    with (folder / "edges.csv").open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            source, target = row["source"].casefold(), row["target"].casefold()
            neighbours[source][target] = None
            neighbours[target][source] = None
            edges += 1
    profiles = [
        AccountProfile(f"x:{h.casefold()}", h, "x", neighbours=neighbours[h.casefold()])
        for h in handles
    ]
    return profiles, classes, edges


def run_graph(folder: Path) -> GraphResult:
    profiles, classes, edges = read_graph(folder)
    started = time.perf_counter()
    search = propose_links(profiles)
    seconds = time.perf_counter() - started
    return GraphResult(search, classes, len(profiles), edges, seconds)


def variant_key(handle: str) -> str:
    """The handle-variant label: case-folded, leading/trailing '_' and trailing digits gone."""
    key = handle.casefold()
    while (shorter := _VARIANT.sub("", key)) != key:
        key = shorter
    return key


def variant_pairs(handles: Iterable[str]) -> set[frozenset[str]]:
    """Every pair of distinct handles that share a variant key (grouped, not compared)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for handle in handles:
        if key := variant_key(handle):
            groups[key].add(handle.casefold())
    return {frozenset(p) for members in groups.values() for p in combinations(sorted(members), 2)}


def precision_recall(found: set[frozenset[str]], gold: set[frozenset[str]]) -> tuple[float, float]:
    hits = len(found & gold)
    return (hits / len(found) if found else 0.0), (hits / len(gold) if gold else 0.0)


def _pair(candidate: LinkCandidate) -> frozenset[str]:
    return frozenset((candidate.first_handle.casefold(), candidate.second_handle.casefold()))


def demo_section(result: DemoResult) -> list[str]:
    lines = [
        "### Demo corpus (gold `account_links`)",
        "",
        f"{len(result.gold)} gold pair(s); {len(result.candidates)} pair(s) scored; "
        f"`link_candidates` took {result.seconds:.2f} s.",
        "",
        "| threshold | proposed | right | precision | recall |",
        "|---|---|---|---|---|",
    ]
    for threshold in THRESHOLDS:
        found = {_pair(c) for c in result.candidates if c.score >= threshold}
        precision, recall = precision_recall(found, result.gold)
        mark = " (default)" if threshold == DEFAULT_MIN_SCORE else ""
        lines.append(f"| {threshold:.1f}{mark} | {len(found)} | {len(found & result.gold)} | "
                     f"{precision:.2f} | {recall:.2f} |")  # fmt: skip
    if result.candidates:
        lines += ["", "Evidence of the top candidate:", "", *_evidence(result.candidates[0])]
    return lines


def graph_section(result: GraphResult) -> list[str]:
    search = result.search
    silver = variant_pairs(h for h in result.classes)
    all_pairs = result.nodes * (result.nodes - 1) // 2
    lines = [
        "### Mention graph (`accounts/isis-twitter-mention-graph`)",
        "",
        f"{result.nodes} accounts, {result.edges} mention edges. Blocking compared "
        f"{search.pairs_compared} pairs of the {all_pairs} possible "
        f"({search.oversized_blocks} blocks too large to pair were passed over); "
        f"scoring took {result.seconds:.2f} s. Measured features: handle and neighbours only.",
        "",
        f"Handle-variant label: {len(silver)} pairs. Same modularity class among all pairs: "
        f"{_base_rate(result.classes):.3f}.",
        "",
        "| threshold | proposed | variant pairs among them | agreement | variant pairs found "
        "| same modularity class |",
        "|---|---|---|---|---|---|",
    ]
    for threshold in THRESHOLDS:
        found = {_pair(c) for c in search.candidates if c.score >= threshold}
        agreement, coverage = precision_recall(found, silver)
        share = _same_class_share(found, result.classes)
        lines.append(f"| {threshold:.1f} | {len(found)} | {len(found & silver)} | "
                     f"{agreement:.2f} | {coverage:.2f} | {share:.2f} |")  # fmt: skip
    lines += ["", "Top ten candidates:", ""]
    for rank, candidate in enumerate(search.candidates[:10], start=1):
        pair = f"@{_escape(candidate.first_handle)} – @{_escape(candidate.second_handle)}"
        lines.append(f"{rank}. {pair}: "
                     f"score {candidate.score:.2f}, coverage {candidate.coverage:.2f}")  # fmt: skip
        lines.extend("   " + line for line in _evidence(candidate))
    return lines


def _evidence(candidate: LinkCandidate) -> list[str]:
    lines = [f"- {f.name} {f.value:.2f}: {_escape(f.explanation)}" for f in candidate.features]
    if candidate.not_measured:
        lines.append("- not measured: " + ", ".join(candidate.not_measured))
    return lines


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("_", "\\_").replace("*", "\\*")


def _base_rate(classes: dict[str, str]) -> float:
    """The share of all pairs of accounts that lie in one modularity class (counted, exact)."""
    sizes: dict[str, int] = defaultdict(int)
    for name in classes.values():
        sizes[name] += 1
    total = len(classes) * (len(classes) - 1) / 2
    return sum(n * (n - 1) / 2 for n in sizes.values()) / total if total else 0.0


def _same_class_share(pairs: set[frozenset[str]], classes: dict[str, str]) -> float:
    known = [sorted(pair) for pair in pairs if all(h in classes for h in pair)]
    if not known:
        return 0.0
    return sum(classes[a] == classes[b] for a, b in known) / len(known)


def to_markdown(demo: DemoResult, graph: GraphResult, *, command: str) -> str:
    lines = [
        "## Benchmark: account links",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d}",
        f"- machine: {platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        f"- command: `{command}`",
        "",
        *demo_section(demo),
        "",
        *graph_section(graph),
        "",
        "What cannot be measured here: the mention graph has no ground truth of which accounts",
        "share an operator, and no posts, dates, display names or bios, so succession, style,",
        "self-references and names are untested on it; the handle-variant label is derived from",
        "handles, which the handle feature also reads, so agreement with it is a consistency",
        "check, not precision. Followers and followings are in neither data set.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-accounts.md"))
    args = parser.parse_args(argv)
    graph = run_graph(args.data / GRAPH)
    demo = run_demo()
    command = shlex.join([os.path.relpath(sys.executable), *sys.argv])
    report = to_markdown(demo, graph, command=command)
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
