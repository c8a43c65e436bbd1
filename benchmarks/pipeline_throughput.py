"""Whole-pipeline throughput: ingest → extract → resolve → store, against raw spaCy.

Run from the project root:

    .venv/bin/python benchmarks/pipeline_throughput.py --data ../shared/data

The input is every Wikipedia article in `texts/wikipedia-syria-iraq-half/articles`, read
as files in their original format (Markdown with front matter) by `allegiance ingest`'s own
code path: `workflow.ingestion.ingest` with the analysis stage that `allegiance ingest`
uses (mentions, entity and place resolution, claim extraction, grading), each document
stored in its own transaction in a fresh SQLite knowledge base in a temporary folder.

The baseline is raw `nlp.pipe` of the same spaCy model (one process, one core) over the
texts the readers produced, so both handle exactly the same words. To be fair to a machine
whose speed drifts, the baseline runs before and after the pipeline and its mean is used.
Words are whitespace-separated words of the stored texts. Speeds are words per CPU second
of this process (`time.process_time`): wall-clock time is shown too, but on a machine shared
with other work it measures the other work as well. Peak memory is the process's
peak resident set (`getrusage` maxrss) after each step.
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import spacy

from allegiance.ingest.reader import read_file
from allegiance.settings import Settings
from allegiance.store import KnowledgeBase, make_engine, session_factory, upgrade
from allegiance.workflow.analysis import build_analysis
from allegiance.workflow.ingestion import ingest

# Run as a script, this folder is on the path but the project root is not.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.entity_recognition import machine, write_section

DATASET = Path("texts/wikipedia-syria-iraq-half/articles")
SECTION = "## Whole-pipeline throughput (ingest → extract → resolve → store)"


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def stored_texts(files: Sequence[Path], settings: Settings) -> list[str]:
    """The text of every document the readers make of `files` (what both pipelines get)."""
    return [
        document.text for path in files for document in read_file(path, settings=settings).documents
    ]


@dataclass(frozen=True)
class Took:
    """Wall-clock seconds, and CPU seconds of this process (what the ratio is taken from:
    on a shared machine the wall clock also counts other work)."""

    wall: float
    cpu: float


class Stopwatch:
    def __init__(self) -> None:
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def took(self) -> Took:
        return Took(time.perf_counter() - self._wall, time.process_time() - self._cpu)


def time_raw(model: str, texts: Sequence[str], *, batch_size: int) -> Took:
    nlp = spacy.load(model)
    watch = Stopwatch()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=1):
        pass
    return watch.took()


def time_pipeline(folder: Path, home: Path, settings: Settings) -> tuple[Took, int, int]:
    """Seconds to ingest `folder` with analysis; documents stored; claims stored."""
    engine = make_engine(f"sqlite:///{home / 'kb.db'}")
    upgrade(engine)
    sessions = session_factory(engine)
    stage = build_analysis(settings)  # built outside the timing, as the raw model's load is
    watch = Stopwatch()
    summary = ingest([str(folder)], settings=settings, sessions=sessions, stage=stage)
    seconds = watch.took()
    if not summary.ok:
        raise SystemExit(f"ingest failed: {summary.failed}")
    with sessions() as session:
        stats = KnowledgeBase(session).stats()
    engine.dispose()
    return seconds, stats.documents, sum(stats.claims_by_type.values())


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-pipeline.md"))
    parser.add_argument("--batch-size", type=int, default=32, help="raw spaCy's batch size")
    args = parser.parse_args(argv)
    folder = args.data / DATASET
    files = sorted(folder.glob("*.md"))
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp))
        texts = stored_texts(files, settings)
        words = sum(len(text.split()) for text in texts)
        memory = {"at start": peak_memory_mb()}
        raw_before = time_raw(settings.spacy_model, texts, batch_size=args.batch_size)
        memory["after raw spaCy"] = peak_memory_mb()
        print(f"raw spaCy: {raw_before}", file=sys.stderr)
        ours, documents, claims = time_pipeline(folder, Path(tmp), settings)
        memory["after the whole pipeline"] = peak_memory_mb()
        print(f"whole pipeline: {ours}", file=sys.stderr)
        raw_after = time_raw(settings.spacy_model, texts, batch_size=args.batch_size)
        print(f"raw spaCy again: {raw_after}", file=sys.stderr)
    raw = Took((raw_before.wall + raw_after.wall) / 2, (raw_before.cpu + raw_after.cpu) / 2)
    lines = [
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {machine()}",
        f"- command: `{shlex.join([os.path.relpath(sys.executable), *sys.argv])}`",
        f"- data: {len(files)} articles → {documents} documents, {words:,} words; "
        f"{claims:,} claims stored",
        "",
        "| pipeline | words per CPU second | CPU seconds | wall seconds |",
        "|---|---|---|---|",
        f"| raw nlp.pipe ({settings.spacy_model}), mean of before and after | "
        f"{words / raw.cpu:,.0f} | {raw.cpu:.1f} ({raw_before.cpu:.1f}, {raw_after.cpu:.1f}) | "
        f"{raw.wall:.1f} |",
        f"| allegiance ingest with analysis, SQLite | {words / ours.cpu:,.0f} | {ours.cpu:.1f} | "
        f"{ours.wall:.1f} |",
        "",
        f"- ratio (whole pipeline / raw spaCy, CPU time): **{raw.cpu / ours.cpu:.2f}** "
        "(target ≥ 0.6)",
        *(f"- process peak resident memory {stage}: {mb:,.0f} MB" for stage, mb in memory.items()),
    ]
    print("\n".join(lines))
    write_section(args.out, SECTION, lines)


if __name__ == "__main__":
    main()
