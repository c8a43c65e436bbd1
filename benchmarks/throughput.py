"""Throughput: our pipeline (with mention extraction) against raw `nlp.pipe` of the same model.

Run from the project root:

    .venv/bin/python benchmarks/throughput.py --data ../shared/data

Both pipelines process the same texts (the body of every Wikipedia article in
`texts/wikipedia-syria-iraq-half/articles`, front matter left out) in one process, one
core (`n_process=1`). Both are warmed up on a few texts first, then timed in A-B-B-A order
(see `measure`). Ours is the full pipeline with the actor and place gazetteers, and its
time includes `extract_mentions`. Words are whitespace-separated words of the input.

Memory: the process's peak resident set (`getrusage` maxrss) after each step, and, per
pipeline, the peak of traced allocations (tracemalloc: Python objects and numpy arrays)
while it processes the longest articles in one batch. Long articles processed 32 at a time
dominate the peak; `--batch-size` trades it for speed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import spacy
from spacy.language import Language

from allegiance.nlp import build_pipeline, extract_mentions, process_texts
from allegiance.settings import Settings

# Run as a script, this folder is on the path but the project root is not.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.entity_recognition import actor_terms, machine, place_terms, write_section

DATASET = Path("texts/wikipedia-syria-iraq-half/articles")
SECTION = "## Throughput (Wikipedia articles)"
WARM_UP_TEXTS = 3


Runner = Callable[[Sequence[str]], int]


@dataclass
class Timing:
    """Seconds and words processed by one pipeline, and the entities or mentions it found."""

    seconds: float = 0.0
    words: int = 0
    found: int = 0

    def add(self, seconds: float, *, words: int, found: int) -> None:
        self.seconds += seconds
        self.words += words
        self.found += found

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def read_articles(folder: Path) -> list[str]:
    """The body of every Markdown article, in file-name order."""
    return [body(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.md"))]


def body(text: str) -> str:
    """`text` without its YAML front matter (between the first two `---` lines)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :]
    return text


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_raw(nlp: Language, texts: Sequence[str], *, batch_size: int) -> int:
    count = 0
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=1):
        count += len(doc.ents)
    return count


def run_ours(nlp: Language, texts: Sequence[str], *, batch_size: int) -> int:
    count = 0
    for number, doc in enumerate(process_texts(nlp, texts, batch_size=batch_size)):
        count += len(extract_mentions(doc, document_id=f"doc-{number}"))
    return count


def measure(runners: dict[str, Runner], texts: Sequence[str], *, rounds: int) -> dict[str, Timing]:
    """Warm every runner up, then time each over `texts` in A-B-B-A order, `rounds` times.

    The texts are split into two halves (alternate articles); in every round the first
    runner does half one, the second runs both halves, the first does half two, so a
    machine that speeds up or slows down during the run favours neither.
    """
    for runner in runners.values():
        runner(texts[:WARM_UP_TEXTS])
    first, second = list(runners)
    halves = (texts[0::2], texts[1::2])
    schedule = [(first, 0), (second, 0), (second, 1), (first, 1)]
    timings = {name: Timing() for name in runners}
    for number in range(rounds):
        for name, half in schedule:
            part = halves[half]
            started = time.perf_counter()
            found = runners[name](part)
            elapsed = time.perf_counter() - started
            timings[name].add(elapsed, words=sum(len(text.split()) for text in part), found=found)
        print(f"round {number + 1} done", file=sys.stderr)
    return timings


def traced_peaks(runners: dict[str, Runner], texts: Sequence[str]) -> dict[str, float]:
    """Peak of traced allocations (Python objects and numpy arrays), in MB, per runner."""
    peaks = {}
    tracemalloc.start()
    for name, runner in runners.items():
        tracemalloc.reset_peak()
        baseline = tracemalloc.get_traced_memory()[0]
        runner(texts)
        peaks[name] = (tracemalloc.get_traced_memory()[1] - baseline) / 2**20
    tracemalloc.stop()
    return peaks


def report(
    timings: dict[str, Timing],
    memory: dict[str, float],
    peaks: dict[str, float],
    *,
    texts: Sequence[str],
    settings: Sequence[str],
) -> list[str]:
    raw, ours = timings.values()
    lines = [
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {machine()}",
        f"- command: `{shlex.join([os.path.relpath(sys.executable), *sys.argv])}`",
        f"- data: {len(texts)} articles, {sum(len(t.split()) for t in texts):,} words, "
        f"{sum(len(t) for t in texts):,} characters; " + "; ".join(settings),
        "",
        "| pipeline | words/s | seconds | entities (raw) or mentions (ours) | traced peak MB |",
        "|---|---|---|---|---|",
    ]
    for name, timing in timings.items():
        lines.append(
            f"| {name} | {timing.words_per_second:,.0f} | {timing.seconds:.1f} | "
            f"{timing.found:,} | {peaks[name]:,.0f} |"
        )
    ratio = ours.words_per_second / raw.words_per_second if raw.words_per_second else 0.0
    lines += ["", f"- ratio (ours / raw): **{ratio:.2f}**"]
    lines += [
        f"- process peak resident memory {stage}: {mb:,.0f} MB" for stage, mb in memory.items()
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-nlp.md"))
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--memory-texts", type=int, default=10, help="longest articles traced")
    args = parser.parse_args(argv)
    texts = read_articles(args.data / DATASET)
    settings = Settings()
    memory = {"at start": peak_memory_mb()}
    raw = spacy.load(settings.spacy_model)
    memory["after loading the raw model"] = peak_memory_mb()
    terms = actor_terms() + place_terms()
    ours = build_pipeline(settings, terms=terms)
    memory[f"after building ours ({len(terms):,} gazetteer names)"] = peak_memory_mb()
    size = args.batch_size
    runners: dict[str, Runner] = {
        f"raw nlp.pipe ({settings.spacy_model})": lambda t: run_raw(raw, t, batch_size=size),
        "allegiance (pipeline + extract_mentions)": lambda t: run_ours(ours, t, batch_size=size),
    }
    timings = measure(runners, texts, rounds=args.rounds)
    memory["after timing"] = peak_memory_mb()
    longest = sorted(texts, key=len, reverse=True)[: args.memory_texts]
    peaks = traced_peaks(runners, longest)
    memory["at the end"] = peak_memory_mb()
    notes = [
        f"{args.rounds} round(s) A-B-B-A, n_process=1, batch size {size}",
        f"traced peak: tracemalloc over the {len(longest)} longest articles",
    ]
    lines = report(timings, memory, peaks, texts=texts, settings=notes)
    print("\n".join(lines))
    write_section(args.out, SECTION, lines)


if __name__ == "__main__":
    main()
