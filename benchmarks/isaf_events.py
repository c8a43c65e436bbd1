"""ISAF press releases: event type, province, killed and captured counts, date (exact rates).

Run from the project root:

    .venv/bin/python benchmarks/isaf_events.py --data ../shared/data

Every release of `events/isaf-half` is parsed once by `build_pipeline` (actor terms in the
ruler) and read by the project's own components only:

- event type: the ACLED sub-types `RuleClassifier` ranks for the release and the claim types
  `extract_claims` finds, mapped to the data's labels by `MAPPING` (printed in the report);
- province: capitalised words before "province" ("Kandahar province") or after "province
  of", else the claims' place spans, kept when their `latin_key` equals that of one of the
  data's province labels. The labels only say what a right answer looks like: the places
  index holds Syria, Iraq and their neighbours, not Afghanistan (the report counts how many
  labels it resolves with `context_country="AF"`);
- killed: the sum of the `violence.killing` claims' quantities; captured: the sum of the
  quantities of `violence.abduction` claims and of claims whose trigger is a capture verb;
- date: `date_resolution.predict`, the date benchmark's own pipeline.
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.tokens import Doc

from allegiance.nlp.claims import ClaimDraft, extract_claims
from allegiance.nlp.event_types import RuleClassifier
from allegiance.nlp.gazetteer import terms_from_actors
from allegiance.nlp.pipeline import build_pipeline
from allegiance.resolve.actors import load_actors
from allegiance.resolve.keys import latin_key
from allegiance.resolve.places import default_place_index
from allegiance.settings import Settings

# Run as a script, this folder is on the path but the project root is not.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.date_resolution import DATASET, predict, read_releases

# The data's label ← the ACLED sub-type codes and claim types that are evidence of it.
MAPPING: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "airstrike": (("AIR_STRIKE",), ()),
    "detention": (("ARREST", "ABDUCT_DISSAP"), ("violence.abduction",)),
    "insurgentskilled": ((), ("violence.killing",)),
}
_RULES = (
    "airstrike when its evidence is present; else captureandkill when both detention and "
    "insurgentskilled are; else whichever of the two is; civiliancasualty is never predicted"
)
_CAPTURE_VERBS = ("captur", "detain", "arrest", "apprehend")
_PROVINCE = re.compile(
    r"(?P<before>(?:[A-Z][\w'-]+\s){1,3})[Pp]rovince|[Pp]rovince of\s(?P<after>[A-Z][\w'-]+)"
)


@dataclass(frozen=True)
class Gold:
    event_types: frozenset[str]
    provinces: frozenset[str]
    killed: int
    captured: int
    start: date


@dataclass(frozen=True)
class Prediction:
    event_types: frozenset[str]
    provinces: frozenset[str]
    killed: int
    captured: int


def read_gold(path: Path) -> list[Gold]:
    golds = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)["gold"]
            golds.append(
                Gold(
                    frozenset(row["event_type"]),
                    frozenset(row["province"]),
                    killed=int(row["min_killed"]),
                    captured=int(row["min_captured"]),
                    start=date.fromisoformat(row["start_date"]),
                )
            )
    return golds


def to_event_types(codes: Iterable[str], claim_types: Iterable[str]) -> frozenset[str]:
    """The data's label for a release whose evidence is `codes` and `claim_types`."""
    found = set(codes) | set(claim_types)
    present = {label for label, (acled, ours) in MAPPING.items() if found & {*acled, *ours}}
    if "airstrike" in present:
        return frozenset({"airstrike"})
    if {"detention", "insurgentskilled"} <= present:
        return frozenset({"captureandkill"})
    return frozenset(present)


def find_provinces(text: str, drafts: Sequence[ClaimDraft], labels: dict[str, str]) -> set[str]:
    """The province labels the text names, by `latin_key`; claim places when no "province"."""
    phrases = [m["before"] or m["after"] for m in _PROVINCE.finditer(text)]
    found = {labels[key] for phrase in phrases if (key := _label_key(phrase, labels))}
    if found:
        return found
    places = (draft.place.text for draft in drafts if draft.place is not None)
    return {labels[key] for place in places if (key := _label_key(place, labels))}


def _label_key(phrase: str, labels: dict[str, str]) -> str | None:
    """The key of a label `phrase` ends with ("in Maiwand district, Kandahar" → kandahar)."""
    words = phrase.split()
    for start in range(len(words)):
        key = latin_key(" ".join(words[start:]))
        if key in labels:
            return key
    return None


def count(drafts: Sequence[ClaimDraft], *, capture: bool) -> int:
    """Killed (`capture=False`) or captured: the sum of the matching claims' quantities."""
    chosen = _is_capture if capture else _is_killing
    return int(sum(d.quantity[0] for d in drafts if d.quantity is not None and chosen(d)))


def _is_killing(draft: ClaimDraft) -> bool:
    return (
        draft.type == "violence.killing"
        and draft.quantity is not None
        and (draft.quantity[1] == "killed")
    )


def _is_capture(draft: ClaimDraft) -> bool:
    trigger = draft.trigger.text.lower() if draft.trigger else ""
    return draft.type == "violence.abduction" or trigger.startswith(_CAPTURE_VERBS)


def extract(texts: Sequence[str], labels: dict[str, str], *, batch_size: int) -> list[Prediction]:
    nlp = build_pipeline(Settings(), terms=terms_from_actors(load_actors()))
    classifier = RuleClassifier(nlp)
    predictions = []
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=batch_size, n_process=1), strict=True):
        predictions.append(predict_one(doc, text, labels=labels, classifier=classifier))
    return predictions


def predict_one(
    doc: Doc, text: str, *, labels: dict[str, str], classifier: RuleClassifier
) -> Prediction:
    drafts = extract_claims(doc)
    codes = [event.code for event in classifier.classify_doc(doc)]
    return Prediction(
        event_types=to_event_types(codes, (draft.type for draft in drafts)),
        provinces=frozenset(find_provinces(text, drafts, labels)),
        killed=count(drafts, capture=False),
        captured=count(drafts, capture=True),
    )


@dataclass(frozen=True)
class Figures:
    total: int
    rows: list[tuple[str, int, int]]  # measure, right, out of
    labels: int
    labels_resolved: int
    seconds: float


def measure(
    golds: Sequence[Gold], predictions: Sequence[Prediction], dates_right: Sequence[bool]
) -> list[tuple[str, int, int]]:
    pairs = list(zip(golds, predictions, strict=True))
    killed = [(g.killed, p.killed) for g, p in pairs]
    captured = [(g.captured, p.captured) for g, p in pairs]
    return [
        ("event type (set = gold's)", *_rate(g.event_types == p.event_types for g, p in pairs)),
        ("province (set = gold's)", *_rate(g.provinces == p.provinces for g, p in pairs)),
        ("killed count exact (both zero counts)", *_rate(g == p for g, p in killed)),
        ("killed count exact where gold > 0", *_rate(g == p for g, p in killed if g)),
        ("captured count exact (both zero counts)", *_rate(g == p for g, p in captured)),
        ("captured count exact where gold > 0", *_rate(g == p for g, p in captured if g)),
        ("event date exact (date_resolution pipeline)", *_rate(dates_right)),
    ]  # fmt: skip


def _rate(hits: Iterable[bool]) -> tuple[int, int]:
    """How many of `hits` are right, out of how many."""
    listed = list(hits)
    return sum(listed), len(listed)


def count_resolved(labels: Iterable[str]) -> int:
    """How many province labels the default places index resolves to a place in Afghanistan."""
    index = default_place_index()
    found = (index.resolve_best(f"{label} province", context_country="AF") for label in labels)
    return sum(1 for candidate in found if candidate and candidate.record.country == "AF")


def to_markdown(figures: Figures, *, command: str) -> str:
    machine = f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    mapping = [
        f"| {label} | {', '.join(acled) or '—'} | {', '.join(ours) or '—'} |"
        for label, (acled, ours) in MAPPING.items()
    ]
    return "\n".join([
        "# Benchmark: ISAF events (event type, province, counts, date)",
        "",
        f"- date: {date.today().isoformat()}",
        f"- machine: {machine}",
        f"- command: `{command}`",
        f"- data: `{DATASET.parent}` ({figures.total} ISAF press releases)",
        f"- time: {figures.seconds:.1f} s (parse, claims, types, places; dates parse again)",
        "",
        "| measure | exact rate |",
        "|---|---|",
        *(f"| {name} | {_share(right, whole)} |" for name, right, whole in figures.rows),
        "",
        "Targets from the issue: date and counts ≥ 0.85.",
        "",
        "| data's event type | ACLED sub-types (RuleClassifier) | claim types (extract_claims) |",
        "|---|---|---|",
        *mapping,
        "",
        f"Label of a release: {_RULES}.",
        "",
        f"Places index coverage: {figures.labels_resolved} of the data's {figures.labels} "
        "province labels resolve to an Afghan place (`resolve_best(..., context_country=\"AF\")`); "
        "provinces are matched against the labels by `latin_key` instead.",
    ]) + "\n"  # fmt: skip


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-isaf.md"))
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    golds = read_gold(args.data / DATASET)
    names = sorted({province for gold in golds for province in gold.provinces})
    labels = {latin_key(name): name for name in names}
    releases = read_releases(args.data / DATASET)
    texts = [release.text for release in releases]
    predictions = extract(texts, labels, batch_size=args.batch_size)
    dated = predict(releases, model=Settings().spacy_model, batch_size=args.batch_size)
    rows = measure(golds, predictions, [outcome.offset == 0 for outcome in dated])
    figures = Figures(
        len(golds), rows, len(names), count_resolved(names), time.perf_counter() - started
    )
    command = shlex.join([os.path.relpath(sys.executable), *sys.argv])
    report = to_markdown(figures, command=command)
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
