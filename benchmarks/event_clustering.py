"""Event clustering on the demo corpus: do the stored events match the real (gold) events?

Run from the project root:

    .venv/bin/python benchmarks/event_clustering.py --data ../shared/data \
        --out docs/benchmarks-events.md

(`--data` is accepted for uniformity with the other benchmarks; the corpus is `demo/`.)
The 40 demo reports are ingested with the real pipeline into a fresh SQLite knowledge base
(or `--kb` names one already built), `build_events` clusters the claims, and each stored
claim is mapped to a gold fact of its report (`demo/gold.yaml`): same type, the same
subject and, when the claim's object is an entity and the gold names one, the same object
(names or aliases of the gold entities, compared as `demo_facts` does, in either order for
a symmetric type), and, when both name one, the same place; greedily, one-to-one. (Without
the object, which of two claims of one sentence, ISIS fighting "Jabhat al-Nusra" and
"other rebel groups", took which fact depended on their ids, so on the entity ids minted
at ingestion.)
Gold facts carry `event:` ids, the 19 real events. Figures:

- stored events per real event: for each real event some of whose facts were matched to
  clustered claims, how many stored events those claims fall in (aim ≤ 1.1);
- pairwise recall: of the pairs of matched claims whose facts share a real event, the share
  in one stored event;
- pairwise precision: of the pairs of matched claims in one stored event, the share whose
  facts share a real event (a fact with no event shares none);
- the stored events by status.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session, sessionmaker

from allegiance.model import Entity
from allegiance.query.claims import ClaimReader, CurrentClaim
from allegiance.query.events import EventCluster, cluster_claims
from allegiance.settings import Settings
from allegiance.store import KnowledgeBase, make_engine, session_factory, upgrade
from allegiance.workflow.analysis import build_analysis
from allegiance.workflow.ingestion import ingest

# Run as a script, this folder is on the path but the project root is not.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.demo_facts import DEMO, _same, _symmetric_types, names_by_entity

Fact = dict[str, Any]


@dataclass(frozen=True)
class Figures:
    real_events: int
    reached: int
    events_per_real_event: float
    pairs: int
    merged_pairs: int
    predicted_pairs: int
    correct_pairs: int
    matched_claims: int
    clustered_claims: int
    stored_events: int
    by_status: dict[str, int]

    @property
    def recall(self) -> float:
        return self.merged_pairs / self.pairs if self.pairs else 0.0

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 0.0


def build_demo_kb(folder: Path) -> sessionmaker[Session]:
    """A SQLite knowledge base of the 40 demo reports, ingested with the real pipeline."""
    engine = make_engine(f"sqlite:///{folder / 'kb.db'}")
    upgrade(engine)
    settings = Settings(home=folder)
    sessions = session_factory(engine)
    ingest([str(DEMO / "reports")], settings=settings, sessions=sessions,
           stage=build_analysis(settings))  # fmt: skip
    return sessions


def gold_facts(root: Path = DEMO) -> dict[tuple[str, str | None], list[Fact]]:
    """Each report's gold facts, by (file under `reports/`, item id)."""
    gold = yaml.safe_load((root / "gold.yaml").read_text(encoding="utf-8"))
    return {
        (r["file"], None if r["item"] is None else str(r["item"])): r["facts"]
        for r in gold["reports"]
    }


def match_claims(kb: KnowledgeBase, claims: Sequence[CurrentClaim],
                 root: Path = DEMO) -> dict[str, Fact]:  # fmt: skip
    """Stored claim id → the gold fact it states (greedy and one-to-one per report)."""
    facts = gold_facts(root)
    names = names_by_entity(root)
    entities: dict[str, Entity] = {}

    def forms(entity_id: str | None) -> list[str] | None:
        if entity_id is None:
            return None
        if entity_id not in entities:
            entities[entity_id] = kb.get_entity(entity_id)
        entity = entities[entity_id]
        return [entity.name, *(alias.name for alias in entity.aliases)]

    by_report: dict[tuple[str, str | None], list[CurrentClaim]] = defaultdict(list)
    for current in claims:
        document = kb.get_document(current.document_id).document
        by_report[(_relative(document.origin, root), document.external_id)].append(current)
    matched: dict[str, Fact] = {}
    for key, group in by_report.items():
        free = list(facts.get(key, ()))
        for current in sorted(group, key=lambda c: c.id):
            fact = next((f for f in free if _matches(current, f, forms, names)), None)
            if fact is not None:
                free.remove(fact)
                matched[current.id] = fact
    return matched


def _relative(origin: str, root: Path) -> str:
    return os.path.relpath(origin.split("#", 1)[0], root.resolve() / "reports")


def _matches(current: CurrentClaim, fact: Fact, forms: Any, names: dict[str, set[str]]) -> bool:
    if current.type != fact["type"]:
        return False
    subject, target = forms(current.subject_id), forms(current.object_id)
    orders = [(fact["subject"], fact["object"])]
    if current.type in _symmetric_types():
        orders.append((fact["object"], fact["subject"]))
    if not any(
        _names_match(subject, gold_subject, names)
        and (target is None or gold_object is None or _names_match(target, gold_object, names))
        for gold_subject, gold_object in orders
    ):
        return False
    place = forms(current.place_id)
    return place is None or fact["place"] is None or _names_match(place, fact["place"], names)


def _names_match(said: list[str] | None, gold: str | None, names: dict[str, set[str]]) -> bool:
    if said is None or gold is None:
        return said is None and gold is None
    return any(_same(name, gold, names) for name in said)


def score(clusters: Sequence[EventCluster], matched: dict[str, Fact]) -> Figures:
    event_of = {m.claim.id: c.id for c in clusters for m in c.members}
    found = [claim_id for claim_id in matched if claim_id in event_of]
    real = {f["event"] for f in matched.values() if f.get("event")}
    stored_per_real: dict[str, set[str]] = defaultdict(set)
    for claim_id in found:
        if matched[claim_id].get("event"):
            stored_per_real[matched[claim_id]["event"]].add(event_of[claim_id])
    pairs = merged = predicted = correct = 0
    for first, second in combinations(found, 2):
        same_real = _real(matched[first]) is not None and (
            _real(matched[first]) == _real(matched[second])
        )
        same_stored = event_of[first] == event_of[second]
        pairs += same_real
        merged += same_real and same_stored
        predicted += same_stored
        correct += same_real and same_stored
    sizes = [len(stored) for stored in stored_per_real.values()]
    return Figures(
        real_events=len(real),
        reached=len(stored_per_real),
        events_per_real_event=sum(sizes) / len(sizes) if sizes else 0.0,
        pairs=pairs,
        merged_pairs=merged,
        predicted_pairs=predicted,
        correct_pairs=correct,
        matched_claims=len(matched),
        clustered_claims=len(found),
        stored_events=len(clusters),
        by_status=dict(Counter(c.status.value for c in clusters)),
    )


def _real(fact: Fact) -> str | None:
    event = fact.get("event")
    return str(event) if event else None


def evaluate(sessions: sessionmaker[Session]) -> Figures:
    """Cluster the knowledge base's current claims and score them against the gold."""
    with sessions() as session:
        kb = KnowledgeBase(session)
        reader = ClaimReader(kb)
        claims = reader.claims()
        return score(cluster_claims(reader, claims), match_claims(kb, claims))


def to_markdown(figures: Figures, *, command: str, seconds: float) -> str:
    machine = f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(figures.by_status.items()))
    lines = [
        "# Benchmark: event clustering on the demo corpus",
        "",
        f"- date: {date.today().isoformat()}",
        f"- machine: {machine}",
        f"- command: `{command}`",
        f"- data: `demo/` (gold events and facts of `demo/gold.yaml`), {seconds:.1f} s "
        "including ingestion",
        f"- stored claims matched to gold facts: {figures.matched_claims}, of which "
        f"{figures.clustered_claims} are in events; real events reached: "
        f"{figures.reached} of {figures.real_events} with a matched fact",
        "- parameters: see `docs/events.md` (tuned on this gold, the only set we have)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| stored events per real event (aim ≤ 1.1) | {figures.events_per_real_event:.2f} |",
        f"| pairwise recall (gold same-event pairs merged) | {figures.recall:.3f} "
        f"({figures.merged_pairs}/{figures.pairs}) |",
        f"| pairwise precision (merged pairs that are gold same-event) | "
        f"{figures.precision:.3f} ({figures.correct_pairs}/{figures.predicted_pairs}) |",
        f"| stored events | {figures.stored_events} ({statuses}) |",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-events.md"))
    parser.add_argument("--kb", type=Path, help="an already built demo knowledge base (SQLite)")
    args = parser.parse_args(None if argv is None else list(argv))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        if args.kb:
            sessions = session_factory(make_engine(f"sqlite:///{args.kb}"))
        else:
            sessions = build_demo_kb(Path(folder))
        figures = evaluate(sessions)
    seconds = time.perf_counter() - started
    command = shlex.join([os.path.relpath(sys.executable), *sys.argv])
    report = to_markdown(figures, command=command, seconds=seconds)
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
