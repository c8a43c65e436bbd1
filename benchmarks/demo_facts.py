"""Claim extraction on the demo corpus: are the gold facts of `demo/gold.yaml` found?

Run from the project root:

    .venv/bin/python benchmarks/demo_facts.py --data ../shared/data --out docs/benchmarks-facts.md

(`--data` is accepted for uniformity with the other benchmarks; the corpus is `demo/`.)

Each report is read with the project's readers and parsed by `build_pipeline` with the
actor gazetteer and the Syrian, Iraqi and facility place names; `extract_claims` gets the
post's author for social posts. A predicted claim matches a gold fact when:

- type: equal (a `statement.*` subtype against its parent `statement` does not match);
- subject and object: the predicted span, case-folded without a leading "the", equals a
  name or alias of the gold entity, or one contains the other; a handle also matches the
  person its account is operated by (gold `operator`); both null also matches; for a
  symmetric type (the lexicon's `symmetric` entries: clash, merger, agreement) in either
  order;
- place (strict only): as for subjects, or the gold place is null;
- date (strict only): the claim's date span resolved with `nlp.dates.resolve_doc_dates`
  against the publication day — or, when the claim has no date span, the publication day
  itself, as the gold was coded (except for forecasts, which are undated) — equals the gold
  interval; a gold null date requires the claim to name no date.

Each gold fact is matched by at most one claim and each claim by at most one fact (greedy).
Precision = matched claims / claims; recall = matched facts / facts.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc

from allegiance.ingest.inputs import iter_input_files
from allegiance.ingest.reader import read_file
from allegiance.model import Document
from allegiance.nlp.claims import ClaimDraft, SpanRef, extract_claims
from allegiance.nlp.dates import resolve_doc_dates
from allegiance.nlp.gazetteer import terms_from_actors, terms_from_places
from allegiance.nlp.pipeline import build_pipeline
from allegiance.nlp.triggers import load_lexicon
from allegiance.resolve.actors import load_actors
from allegiance.resolve.places import default_place_index
from allegiance.settings import Settings

DEMO = Path("demo")
Fact = dict[str, Any]


@dataclass(frozen=True)
class Report:
    """One demo report: its document, the claims found, the gold facts and the dates."""

    document: Document
    claims: tuple[ClaimDraft, ...]
    facts: tuple[Fact, ...]
    dates: dict[tuple[int, int], tuple[date, date]]


@dataclass
class Tally:
    claims: Counter[str]
    facts: Counter[str]
    hits: Counter[str]

    def precision(self, kind: str | None = None) -> float:
        n = self.claims[kind] if kind else sum(self.claims.values())
        return (self.hits[kind] if kind else sum(self.hits.values())) / n if n else 0.0

    def recall(self, kind: str | None = None) -> float:
        n = self.facts[kind] if kind else sum(self.facts.values())
        return (self.hits[kind] if kind else sum(self.hits.values())) / n if n else 0.0


def build_demo_pipeline() -> Language:
    places = default_place_index().records()
    chosen = (r for r in places if r.country in {"SY", "IQ"} or r.kind == "facility")
    terms = [*terms_from_actors(load_actors()), *terms_from_places(chosen)]
    return build_pipeline(Settings(), terms=terms)


def read_reports(nlp: Language, root: Path = DEMO) -> list[Report]:
    gold = yaml.safe_load((root / "gold.yaml").read_text(encoding="utf-8"))
    by_key = {(r["file"], _item(r["item"])): r for r in gold["reports"]}
    documents = [
        d
        for path in iter_input_files([root / "reports"])
        for d in read_file(path, settings=Settings()).documents
    ]
    reports = []
    for document, doc in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
        entry = by_key.get((_relative_file(document.origin, root), _item(document.external_id)))
        if entry is not None:
            reports.append(_report(document, doc, entry))
    return reports


def _item(value: object) -> str | None:
    return None if value is None else str(value)


def _relative_file(origin: str, root: Path) -> str:
    path = origin.split("#", 1)[0]
    return os.path.relpath(path, root / "reports")


def _report(document: Document, doc: Doc, entry: Fact) -> Report:
    published = document.published.date() if document.published else entry["published"]
    author = None
    if document.account:
        author = SpanRef(0, 0, f"@{document.account}", "HANDLE")
    claims = extract_claims(doc, author=author, published=published)
    dates = {
        (m.start_char, m.end_char): (m.resolution.date.start, m.resolution.date.end)
        for m in resolve_doc_dates(doc, published=published)
        if m.resolution is not None
    }
    dates[(-1, -1)] = (published, published)
    return Report(document, tuple(claims), tuple(entry["facts"]), dates)


def names_by_entity(root: Path = DEMO) -> dict[str, set[str]]:
    """Each gold entity's comparable names (with the handles of accounts it operates)."""
    gold = yaml.safe_load((root / "gold.yaml").read_text(encoding="utf-8"))
    names: dict[str, set[str]] = {}
    for entity in gold["entities"]:
        forms = {entity["name"], *entity.get("aliases", ())}
        if entity.get("handle"):
            forms |= {f"@{entity['handle']}", entity.get("display_name", "")}
        names.setdefault(entity["name"], set()).update(_norm(f) for f in forms if f)
        if entity.get("operator"):
            names.setdefault(entity["operator"], set()).add(_norm(f"@{entity['handle']}"))
    return names


def _norm(text: str) -> str:
    folded = " ".join(text.casefold().replace("’", "'").split())
    return folded[4:] if folded.startswith("the ") else folded


def _same(ref: SpanRef | str | None, gold: str | None, names: dict[str, set[str]]) -> bool:
    if gold is None:
        return ref is None
    if ref is None:
        return False
    said = _norm(ref if isinstance(ref, str) else ref.text)
    if not said:
        return False
    known = names.get(gold, {_norm(gold)})
    return any(said == n or (len(n) > 2 and (n in said or said in n)) for n in known)


def _gold_dates(value: object) -> tuple[date, date] | None:
    if value is None:
        return None
    if isinstance(value, date):
        return (value, value)
    assert isinstance(value, dict)
    return (value["start"], value["end"])


def _claim_dates(claim: ClaimDraft, report: Report) -> tuple[date, date] | None:
    if claim.date is None:
        return None if claim.hedge == "expected" else report.dates[(-1, -1)]
    return report.dates.get((claim.date.start, claim.date.end))


def matches(claim: ClaimDraft, fact: Fact, report: Report, names: dict[str, set[str]], *,
            strict: bool) -> bool:  # fmt: skip
    if claim.type != fact["type"]:
        return False
    if not _same_parties(claim, fact, names):
        return False
    if not strict:
        return True
    place_ok = fact.get("place") is None or _same(claim.place, fact["place"], names)
    if fact["date"] is None:  # an undated fact: the claim names no date either
        return place_ok and claim.date is None
    return place_ok and _claim_dates(claim, report) == _gold_dates(fact["date"])


def _same_parties(claim: ClaimDraft, fact: Fact, names: dict[str, set[str]]) -> bool:
    """Subject and object agree; for a symmetric type (clash, merger, agreement: actor ↔
    actor), in either order."""
    obj: SpanRef | str | None = claim.object or claim.object_literal
    orders: list[tuple[SpanRef | str | None, SpanRef | str | None]] = [(claim.subject, obj)]
    if claim.type in _symmetric_types():
        orders.append((obj, claim.subject))
    for subject, other in orders:
        if not _same(subject, fact["subject"], names):
            continue
        # a literal or unresolved object is no error against a null gold object
        if fact["object"] is None or _same(other, fact["object"], names):
            return True
    return False


@cache
def _symmetric_types() -> frozenset[str]:
    return frozenset(e.type for e in load_lexicon().triggers if e.symmetric)


def score(reports: Iterable[Report], *, strict: bool) -> Tally:
    names = names_by_entity()
    tally = Tally(Counter(), Counter(), Counter())
    for report in reports:
        tally.claims.update(c.type for c in report.claims)
        tally.facts.update(f["type"] for f in report.facts)
        free = list(report.claims)
        for fact in report.facts:
            hit = next((c for c in free if matches(c, fact, report, names, strict=strict)), None)
            if hit is not None:
                free.remove(hit)
                tally.hits[fact["type"]] += 1
    return tally


def to_markdown(strict: Tally, lenient: Tally, *, command: str, seconds: float) -> str:
    machine = f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    kinds = sorted(set(strict.facts) | set(strict.claims))
    lines = [
        "# Benchmark: claim extraction on the demo corpus",
        "",
        f"- date: {date.today().isoformat()}",
        f"- machine: {machine}",
        f"- command: `{command}`",
        f"- data: `demo/` ({sum(strict.facts.values())} gold facts), {seconds:.1f} s",
        "- strict: type, subject, object, place and date match; lenient: type, subject, object",
        "",
        "| measure | strict | lenient |",
        "|---|---|---|",
        f"| precision | {strict.precision():.3f} | {lenient.precision():.3f} |",
        f"| recall | {strict.recall():.3f} | {lenient.recall():.3f} |",
        "",
        "| type | facts | claims | strict P | strict R | lenient P | lenient R |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| {k} | {strict.facts[k]} | {strict.claims[k]} | {strict.precision(k):.2f} "
            f"| {strict.recall(k):.2f} | {lenient.precision(k):.2f} | {lenient.recall(k):.2f} |"
            for k in kinds
        ),
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-facts.md"))
    parser.add_argument("--show", action="store_true", help="print every claim and fact")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    reports = read_reports(build_demo_pipeline())
    seconds = time.perf_counter() - started
    if args.show:
        _show(reports)
    command = shlex.join([os.path.relpath(sys.executable), *sys.argv])
    report = to_markdown(score(reports, strict=True), score(reports, strict=False),
                         command=command, seconds=seconds)  # fmt: skip
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")


def _show(reports: Iterable[Report]) -> None:
    for line in _lines(reports):
        print(line)


def _lines(reports: Iterable[Report]) -> Iterator[str]:
    names = names_by_entity()
    for r in reports:
        yield f"=== {r.document.origin}"
        for c in r.claims:
            ok = any(matches(c, f, r, names, strict=False) for f in r.facts)
            obj = c.object.text if c.object else c.object_literal
            subject, place = c.subject and c.subject.text, c.place and c.place.text
            mark = "+" if ok else "-"
            yield f"  {mark} {c.type} S={subject} O={obj} P={place} D={c.date} {c.hedge}"
        for f in r.facts:
            if not any(matches(c, f, r, names, strict=False) for c in r.claims):
                yield f"  MISS {f['type']} S={f['subject']} O={f['object']} | {f['quote'][:70]}"


if __name__ == "__main__":
    main()
