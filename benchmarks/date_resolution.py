"""Date resolution on ISAF press releases: is the event date the human coder's start_date?

Run from the project root:

    .venv/bin/python benchmarks/date_resolution.py --data ../shared/data

For each release the publication date is read from its own header (the dateline
"KABUL, Afghanistan (Jan. 22, 2013)", a headline "May 8: …" or a title "… June 13, 2011";
a dateline without a year takes it from the release id "2010-09-CA-005"). The spaCy model
and `allegiance.nlp.dates` then find and resolve the body's date expressions, and
`pick_event_date` chooses the event's: the first day-precision date on or before
publication that a non-reporting verb governs, else the first such date. A release whose
body states no day falls back to its publication date. The event date is compared with the
gold `start_date`.
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
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import spacy

from allegiance.model.dates import FuzzyDate
from allegiance.nlp.dates import pick_event_date, resolve_doc_dates
from allegiance.resolve.dates import normalise_expression, resolve_date
from allegiance.settings import Settings

DATASET = Path("events/isaf-half/isaf_press_releases.jsonl")
_MONTH_DAY = r"[A-Z][a-z]{2,8}\.?\s\d{1,2}"
_DATELINE = re.compile(rf"\((?P<date>{_MONTH_DAY}(?:[,.]\s?\d{{4}})?)\)")
_HEADLINE = re.compile(rf"\A\s*(?P<date>{_MONTH_DAY}):")
_TITLE = re.compile(rf"\A[^\n]*?(?P<date>{_MONTH_DAY},\s\d{{4}})\s*$", re.MULTILINE)
_RELEASE_ID = re.compile(r"\b(?P<year>20\d\d)-(?P<month>\d\d)-[A-Z]{1,3}\b")


@dataclass(frozen=True)
class Release:
    """One press release: its text, when it was published, where its body starts."""

    text: str
    gold: date
    published: date | None
    body_start: int

    @property
    def kind(self) -> str:
        """ "operational update" for ISAF's daily digests, whose gold dates differ in style."""
        return "operational update" if "Operational Update" in self.text[:300] else "release"


@dataclass(frozen=True)
class Outcome:
    """The event date predicted for one release, and how."""

    gold: date
    predicted: date | None
    rule: str
    expression: str
    kind: str

    @property
    def offset(self) -> int | None:
        return None if self.predicted is None else (self.predicted - self.gold).days


def read_releases(path: Path) -> list[Release]:
    releases = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            published, body_start = find_publication(row["text"])
            gold = date.fromisoformat(row["gold"]["start_date"])
            releases.append(Release(row["text"], gold, published, body_start))
    return releases


def find_publication(text: str) -> tuple[date | None, int]:
    """The release's own date from its header, and the offset where its body starts."""
    release_id = _RELEASE_ID.search(text)
    found = _DATELINE.search(text) or _HEADLINE.search(text) or _TITLE.search(text)
    body_start = max((match.end() for match in (release_id, found) if match is not None), default=0)
    if found is None:
        return None, body_start
    expression = re.sub(r"(\d)\.\s?(\d{4})$", r"\1, \2", found["date"])
    if re.search(r"\d{4}$", expression):
        anchor = date.max
    elif release_id is not None:  # the month after the id's: "(Jan. 2)" in "2011-12-S-…"
        month = int(release_id["year"]) * 12 + int(release_id["month"])
        anchor = FuzzyDate.month(month // 12, month % 12 + 1).end
    else:
        return None, body_start
    resolution = resolve_date(expression, published=anchor)
    if resolution is None or resolution.date.precision != "day":
        return None, body_start
    return resolution.date.start, body_start


def predict(releases: Sequence[Release], *, model: str, batch_size: int) -> list[Outcome]:
    nlp = spacy.load(model)
    docs = nlp.pipe((release.text for release in releases), batch_size=batch_size)
    outcomes = []
    for release, doc in zip(releases, docs, strict=True):
        if release.published is None:
            outcomes.append(Outcome(release.gold, None, "no-publication-date", "", release.kind))
            continue
        mentions = resolve_doc_dates(doc, published=release.published)
        event = pick_event_date(
            doc, mentions, published=release.published, after_char=release.body_start
        )
        if event is None or event.resolution is None:
            outcomes.append(
                Outcome(release.gold, release.published, "publication-date", "", release.kind)
            )
            continue
        resolved = event.resolution
        outcomes.append(
            Outcome(release.gold, resolved.date.start, resolved.rule, event.text, release.kind)
        )
    return outcomes


@dataclass(frozen=True)
class Figures:
    total: int
    exact: int
    within_one_day: int
    with_publication: int
    exact_with_publication: int
    by_rule: dict[str, tuple[int, int]]
    by_kind: dict[str, tuple[int, int]]
    failures: list[tuple[str, int, Outcome]]


def measure(outcomes: Sequence[Outcome]) -> Figures:
    exact = [outcome.offset == 0 for outcome in outcomes]
    near = [outcome.offset is not None and abs(outcome.offset) <= 1 for outcome in outcomes]
    dated = [outcome.predicted is not None for outcome in outcomes]
    hit_outcomes = [outcome for outcome, hit in zip(outcomes, exact, strict=True) if hit]
    return Figures(
        total=len(outcomes),
        exact=sum(exact),
        within_one_day=sum(near),
        with_publication=sum(dated),
        exact_with_publication=sum(e for e, d in zip(exact, dated, strict=True) if d),
        by_rule=_tally([o.rule for o in outcomes], [o.rule for o in hit_outcomes]),
        by_kind=_tally([o.kind for o in outcomes], [o.kind for o in hit_outcomes]),
        failures=failure_patterns(o for o, hit in zip(outcomes, exact, strict=True) if not hit),
    )


def _tally(values: Sequence[str], hit_values: Sequence[str]) -> dict[str, tuple[int, int]]:
    """For each value, how many outcomes have it and how many of those are exact."""
    hits = Counter(hit_values)
    return {value: (count, hits[value]) for value, count in Counter(values).most_common()}


def failure_patterns(
    failures: Iterable[Outcome], limit: int = 10
) -> list[tuple[str, int, Outcome]]:
    """The commonest misses, grouped by expression, rule and offset from gold."""
    counts: Counter[str] = Counter()
    examples: dict[str, Outcome] = {}
    for outcome in failures:
        expression = normalise_expression(outcome.expression) or f"<{outcome.rule}>"
        offset = "no date" if outcome.offset is None else f"{outcome.offset:+d} d"
        key = f"{expression} ({outcome.rule}; predicted − gold = {offset})"
        counts[key] += 1
        examples.setdefault(key, outcome)
    return [(key, count, examples[key]) for key, count in counts.most_common(limit)]


def to_markdown(figures: Figures, *, command: str, seconds: float) -> str:
    machine = f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    dated = figures.with_publication
    rows = [
        ("exact match of the event date (all releases)", _share(figures.exact, figures.total)),
        ("within ±1 day (all releases)", _share(figures.within_one_day, figures.total)),
        ("releases whose header gives a publication day", f"{dated}/{figures.total}"),
        ("exact match among those", _share(figures.exact_with_publication, dated)),
    ]
    lines = [
        "# Benchmark: date resolution",
        "",
        f"- date: {date.today().isoformat()}",
        f"- machine: {machine}",
        f"- command: `{command}`",
        f"- data: `events/isaf-half` ({figures.total} ISAF press releases), {seconds:.1f} s",
        "",
        "| measure | value |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in rows),
        "",
        "| rule that dated the event | releases | exact |",
        "|---|---|---|",
        *(f"| {rule} | {n} | {_share(hit, n)} |" for rule, (n, hit) in figures.by_rule.items()),
        "",
        "| kind of release | releases | exact |",
        "|---|---|---|",
        *(f"| {kind} | {n} | {_share(hit, n)} |" for kind, (n, hit) in figures.by_kind.items()),
        "",
        "Commonest failures (expression (rule; offset): count, e.g. predicted vs gold):",
        "",
        *(
            f"{n}. `{key}`: {count}, e.g. {example.predicted} vs {example.gold}"
            for n, (key, count, example) in enumerate(figures.failures, 1)
        ),
    ]
    return "\n".join(lines) + "\n"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-dates.md"))
    parser.add_argument("--model", default=Settings().spacy_model)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    releases = read_releases(args.data / DATASET)
    outcomes = predict(releases, model=args.model, batch_size=args.batch_size)
    seconds = time.perf_counter() - started
    command = shlex.join([os.path.relpath(sys.executable), *sys.argv])
    report = to_markdown(measure(outcomes), command=command, seconds=seconds)
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
