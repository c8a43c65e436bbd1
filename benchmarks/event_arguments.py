"""Event arguments on RAMS, WikiEvents and MUC-4 (dev splits): who attacked, killed or
detained whom, and where.

Run from the project root:

    .venv/bin/python benchmarks/event_arguments.py --data ../shared/data \
        --out docs/benchmarks-arguments.md

The extractor is the project's own (`build_pipeline` with the actor gazetteer, then
`extract_claims`); this script only lays the datasets' tokens out as text, maps our claim
types and slots onto their events and roles (`CATEGORIES`, `GOLD_TYPES`, `ROLES`, printed in
the report) and scores (category, role, span) triples per document, one-to-one, with exact
and token-overlap span matches. MUC-4 role fillers are scored as strings by containment.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.language import Language

from allegiance.nlp.claims import ClaimDraft, SpanRef, extract_claims
from allegiance.nlp.gazetteer import terms_from_actors
from allegiance.nlp.pipeline import build_pipeline
from allegiance.resolve.actors import load_actors
from allegiance.settings import Settings

RAMS = Path("events/rams-dev/dev.jsonlines")
WIKIEVENTS = Path("events/wikievents-dev/dev.jsonl")
MUC4 = Path("events/muc4-dev/dev.json")
BATCH_SIZE = 32
# Our claim type -> event category; the datasets' type prefixes and roles -> ours.
CATEGORIES = {
    **dict.fromkeys(("violence.attack", "violence.clash"), "attack"),
    **dict.fromkeys(("violence.killing", "violence.execution"), "killing"),
    "violence.abduction": "detention",
}
GOLD_TYPES = {
    "conflict.attack.": "attack",
    **dict.fromkeys(("life.die.deathcausedbyviolentevents", "life.die.n/a"), "killing"),
    **dict.fromkeys(("life.die.unspecified", "justice.judicialconsequences.execute"), "killing"),
    "justice.arrestjaildetain.": "detention",
}
ROLES = {
    **dict.fromkeys(("attacker", "killer", "executioner", "jailer"), "attacker"),
    **dict.fromkeys(("victim", "detainee", "defendant"), "victim"),
    **{"target": "target", "place": "place"},
}
# Our object slot is a target in an attack, a victim in a killing or detention.
OBJECT_ROLE = {"attack": "target", "killing": "victim", "detention": "victim"}
RAMS_ROLE_PREFIX = re.compile(r"^evt\d+arg\d+")
Links = Sequence[tuple[str, str, int, int]]
SCORED_ROLES = ("attacker", "target", "victim", "place")


@dataclass(frozen=True)
class Argument:
    category: str
    role: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    key: str
    text: str
    gold: tuple[Argument, ...]


@dataclass(frozen=True)
class MucDocument:
    key: str
    text: str
    perpetrators: tuple[tuple[str, ...], ...]
    targets: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Score:
    gold: int
    predicted: int
    correct: int

    @property
    def f1(self) -> float:
        return 2 * self.correct / (self.gold + self.predicted) if self.gold else 0.0

    def row(self, name: str) -> str:
        p = self.correct / self.predicted if self.predicted else 0.0
        r = self.correct / self.gold if self.gold else 0.0
        return f"| {name} | {self.gold} | {self.predicted} | {p:.3f} | {r:.3f} | {self.f1:.3f} |"


def lay_out(
    sentences: Sequence[Sequence[str]], texts: Sequence[str] | None = None
) -> tuple[str, list[tuple[int, int]]]:
    """The document text (sentences joined by a space) and each token's character span.

    `texts` are the sentences as written (WikiEvents); without them the tokens are joined by
    spaces (RAMS). A token not found where expected takes an empty span at the cursor.
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    base = 0
    for index, tokens in enumerate(sentences):
        sentence = texts[index] if texts is not None else " ".join(tokens)
        cursor = 0
        for token in tokens:
            found = sentence.find(token, cursor)
            start = found if found >= 0 else cursor
            cursor = start + len(token) if found >= 0 else cursor
            offsets.append((base + start, base + cursor))
        parts.append(sentence)
        base += len(sentence) + 1
    return " ".join(parts), offsets


def to_document(key: str, text: str, offsets: Sequence[tuple[int, int]], links: Links) -> Document:
    """The gold arguments of mapped events and roles; `links` are (event type, role, first
    token, last token inclusive)."""
    found = []
    for event, role, first, last in links:
        category = next((c for p, c in GOLD_TYPES.items() if event.lower().startswith(p)), None)
        scored = ROLES.get(RAMS_ROLE_PREFIX.sub("", role.lower()))
        if category is not None and scored is not None:
            start, end = offsets[first][0], offsets[last][1]
            found.append(Argument(category, scored, start, end, text[start:end]))
    return Document(key, text, tuple(found))


def read_rams(path: Path) -> list[Document]:
    documents = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        types = {(t[0], t[1]): t[2][0][0] for t in record["evt_triggers"]}
        links = [(types[tuple(t)], role, a, b) for t, (a, b), role in record["gold_evt_links"]]
        documents.append(to_document(record["doc_key"], *lay_out(record["sentences"]), links))
    return documents


def read_wikievents(path: Path) -> list[Document]:
    documents = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        sentences = record["sentences"]
        laid = lay_out([[t[0] for t in s[0]] for s in sentences], [s[1] for s in sentences])
        spans = {e["id"]: (e["start"], e["end"] - 1) for e in record["entity_mentions"]}
        links = [
            (event["event_type"], arg["role"], *spans[arg["entity_id"]])
            for event in record["event_mentions"]
            for arg in event["arguments"]
        ]
        documents.append(to_document(record["doc_id"], *laid, links))
    return documents


def read_muc(path: Path) -> list[MucDocument]:
    records = json.loads(path.read_text(encoding="utf-8"))
    return [
        MucDocument(
            key,
            " ".join(record["doc"].split()),
            tuple(tuple(e) for e in record["roles"]["perp_organization_id"]),
            tuple(
                tuple(e) for e in record["roles"]["phys_tgt_id"] + record["roles"]["hum_tgt_name"]
            ),
        )
        for key, record in records.items()
    ]


def extract(nlp: Language, texts: Sequence[str], *, max_chars: int) -> list[list[ClaimDraft]]:
    """Claims of every text, in batches of 32 on one process."""
    clipped = (text[:max_chars] if max_chars else text for text in texts)
    return [extract_claims(doc) for doc in nlp.pipe(clipped, batch_size=BATCH_SIZE, n_process=1)]


def predicted_arguments(drafts: Iterable[ClaimDraft]) -> list[Argument]:
    """Our mapped claims' slots as arguments, without duplicates."""
    found: dict[tuple[str, str, int, int], Argument] = {}
    for draft in drafts:
        category = CATEGORIES.get(draft.type)
        if category is None:
            continue
        slots: list[tuple[str, SpanRef | None]] = [
            ("attacker", draft.subject),
            (OBJECT_ROLE[category], draft.object),
            ("place", draft.place),
        ]
        for role, ref in slots:
            if ref is not None:
                argument = Argument(category, role, ref.start, ref.end, ref.text)
                found.setdefault((category, role, ref.start, ref.end), argument)
    return list(found.values())


def is_exact(gold: Argument, predicted: Argument) -> bool:
    return (gold.start, gold.end) == (predicted.start, predicted.end)


def is_overlap(gold: Argument, predicted: Argument) -> bool:
    return gold.start < predicted.end and predicted.start < gold.end


def count_matches(
    gold: Sequence[Argument], predicted: Sequence[Argument], matches: Callable[..., bool]
) -> int:
    """One-to-one greedy matches between gold and predicted of the same category and role."""
    used: set[int] = set()
    for g in gold:
        for index, p in enumerate(predicted):
            same = (g.category, g.role) == (p.category, p.role)
            if index not in used and same and matches(g, p):
                used.add(index)
                break
    return len(used)


def score_arguments(
    documents: Sequence[Document],
    predictions: Sequence[Sequence[Argument]],
    *,
    matches: Callable[..., bool],
) -> dict[str, Score]:
    """Per role and micro-averaged ("all") over the scored roles."""
    scores: dict[str, Score] = {}
    for role in SCORED_ROLES:
        gold_n = predicted_n = correct = 0
        for document, predicted in zip(documents, predictions, strict=True):
            g = [a for a in document.gold if a.role == role]
            p = [a for a in predicted if a.role == role]
            gold_n, predicted_n = gold_n + len(g), predicted_n + len(p)
            correct += count_matches(g, p, matches)
        scores[role] = Score(gold_n, predicted_n, correct)
    parts = scores.values()
    scores["all (micro)"] = Score(
        sum(s.gold for s in parts), sum(s.predicted for s in parts), sum(s.correct for s in parts)
    )
    return scores


def score_strings(gold: Sequence[Sequence[Sequence[str]]], predicted: Sequence[set[str]]) -> Score:
    """MUC-4 role fillers: a predicted string matches a gold entity if it contains, or is
    contained in, one of the entity's mentions (case-insensitive), one-to-one per document."""
    correct = 0
    for entities, strings in zip(gold, predicted, strict=True):
        used: set[int] = set()
        for string in sorted(strings):
            for index, mentions in enumerate(entities):
                hit = any(string in m.lower() or m.lower() in string for m in mentions)
                if index not in used and hit:
                    used.add(index)
                    break
        correct += len(used)
    return Score(sum(len(g) for g in gold), sum(len(p) for p in predicted), correct)


def muc_strings(drafts: Iterable[ClaimDraft], slot: str) -> set[str]:
    refs = (getattr(d, slot) for d in drafts if d.type in CATEGORIES)
    return {ref.text.lower().strip() for ref in refs if ref is not None and ref.text.strip()}


def table(title: str, by_match: dict[str, dict[str, Score]]) -> list[str]:
    lines = [f"### {title}", ""]
    for match, scores in by_match.items():
        lines += [f"{match} span match:", "", "| role | gold | predicted | P | R | F1 |"]
        lines += ["|---|---|---|---|---|---|", *(s.row(r) for r, s in scores.items()), ""]
    return lines


def mapping_lines() -> list[str]:
    ours = ", ".join(f"`{t}` → {c}" for t, c in CATEGORIES.items())
    theirs = ", ".join(f"`{p}*` → {c}" for p, c in GOLD_TYPES.items())
    roles = ", ".join(f"{r} → {s}" for r, s in ROLES.items())
    return [
        "Mapping:",
        "",
        f"- our claim types: {ours}",
        f"- gold event types (RAMS and WikiEvents, case-insensitive prefixes): {theirs}",
        f"- gold roles (RAMS `evtNNNargNN` prefix dropped): {roles}",
        "- our slots: subject → attacker; object → target (attack) or victim (killing,",
        "  detention); place → place",
        "- MUC-4: subjects of every mapped claim → PerpOrg (`perp_organization_id`); objects",
        "  → Target (`phys_tgt_id` and `hum_tgt_name` together)",
    ]


def report(results: list[str], *, command: str, seconds: float, max_chars: int) -> str:
    machine = f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    clipped = f"first {max_chars} characters of each document" if max_chars else "no truncation"
    lines = [
        "# Benchmark: event arguments (RAMS, WikiEvents, MUC-4 dev)",
        "",
        f"- date: {date.today().isoformat()}",
        f"- machine: {machine}",
        f"- command: `{command}`",
        f"- data: whole dev splits ({clipped}), {seconds:.1f} s",
        "- scoring: per document, (category, role, span) triples, triggers not aligned;",
        "  exact = same characters, overlap = the spans share at least one token",
        "- RAMS annotates one event per document (5-sentence window): our arguments of other",
        "  events there count as false positives, so RAMS precision is a lower bound",
        "- RAMS sentences are its tokens joined by spaces; MUC-4 text is upper case as",
        "  distributed (the parser and NER see it as is)",
        "",
        *mapping_lines(),
        "",
        *results,
    ]
    return "\n".join(lines) + "\n"


def span_results(
    nlp: Language, name: str, documents: Sequence[Document], *, max_chars: int
) -> list[str]:
    drafts = extract(nlp, [d.text for d in documents], max_chars=max_chars)
    predictions = [predicted_arguments(d) for d in drafts]
    by_match = {
        match: score_arguments(documents, predictions, matches=test)
        for match, test in (("exact", is_exact), ("overlap", is_overlap))
    }
    mapped = [d for drafts_of in drafts for d in drafts_of if d.type in CATEGORIES]
    literal = sum(d.object is None and d.object_literal is not None for d in mapped)
    note = f"Mapped claims found: {len(mapped)} ({literal} with a literal object only, unscored)."
    return [*table(f"{name} ({len(documents)} documents)", by_match), note, ""]


def muc_results(nlp: Language, documents: Sequence[MucDocument], *, max_chars: int) -> list[str]:
    drafts = extract(nlp, [d.text for d in documents], max_chars=max_chars)
    perp = score_strings(
        [d.perpetrators for d in documents], [muc_strings(x, "subject") for x in drafts]
    )
    target = score_strings(
        [d.targets for d in documents], [muc_strings(x, "object") for x in drafts]
    )
    micro = Score(
        perp.gold + target.gold, perp.predicted + target.predicted, perp.correct + target.correct
    )
    return [
        f"### MUC-4 ({len(documents)} documents, containment match)",
        "",
        "| role | gold | predicted | P | R | F1 |",
        "|---|---|---|---|---|---|",
        perp.row("PerpOrg"),
        target.row("Target"),
        micro.row("all (micro)"),
        "",
    ]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-arguments.md"))
    parser.add_argument("--max-chars", type=int, default=0, help="truncate texts (0: never)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    nlp = build_pipeline(Settings(), terms=terms_from_actors(load_actors()))
    limit = args.max_chars
    results = [
        *span_results(nlp, "RAMS", read_rams(args.data / RAMS), max_chars=limit),
        *span_results(nlp, "WikiEvents", read_wikievents(args.data / WIKIEVENTS), max_chars=limit),
        *muc_results(nlp, read_muc(args.data / MUC4), max_chars=limit),
    ]
    command = shlex.join([sys.executable, *sys.argv])
    text = report(
        results, command=command, seconds=time.perf_counter() - began, max_chars=args.max_chars
    )
    print(text)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
