"""Throughput: our pipeline (with mention extraction) against raw `nlp.pipe` of the same model.

Run from the project root:

    .venv/bin/python benchmarks/throughput.py --data ../shared/data

Both pipelines process the same texts (the body of every Wikipedia article in
`texts/wikipedia-syria-iraq-half/articles`, front matter left out) in one process, one
core (`n_process=1`). Both are warmed up on a few texts first; then each round runs both,
alternating which goes first, so neither profits from a warmer machine. Words are
whitespace-separated words of the input. Memory is the process's peak resident set
(`getrusage` maxrss) after loading each pipeline and at the end.
"""

from __future__ import annotations

import argparse
import resource
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import spacy
from entity_recognition import actor_terms, machine, place_terms, write_section
from spacy.language import Language

from allegiance.nlp import build_pipeline, extract_mentions, process_texts
from allegiance.settings import Settings

DATASET = Path("texts/wikipedia-syria-iraq-half/articles")
SECTION = "## Throughput (Wikipedia articles)"
WARM_UP_TEXTS = 3


@dataclass
class Timing:
    """Seconds and words processed by one pipeline over every round."""

    seconds: float = 0.0
    words: int = 0
    mentions: int = 0
    rounds: list[float] = field(default_factory=list)

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


def measure(
    runners: dict[str, Callable[[Sequence[str]], int]], texts: Sequence[str], *, rounds: int
) -> dict[str, Timing]:
    """Warm every runner up, then time each over `texts` once per round, alternating order."""
    for runner in runners.values():
        runner(texts[:WARM_UP_TEXTS])
    words = sum(len(text.split()) for text in texts)
    timings = {name: Timing() for name in runners}
    for number in range(rounds):
        order = list(runners) if number % 2 == 0 else list(reversed(runners))
        for name in order:
            started = time.perf_counter()
            found = runners[name](texts)
            elapsed = time.perf_counter() - started
            timing = timings[name]
            timing.seconds += elapsed
            timing.words += words
            timing.mentions = found
            timing.rounds.append(elapsed)
            print(f"round {number + 1}: {name}: {words / elapsed:,.0f} words/s", file=sys.stderr)
    return timings


def report(
    timings: dict[str, Timing], memory: dict[str, float], *, texts: Sequence[str], seconds: float
) -> list[str]:
    raw, ours = timings.values()
    lines = [
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {machine()}",
        f"- command: `{shlex.join([Path(sys.executable).name, *sys.argv])}` ({seconds:.0f} s)",
        f"- data: {len(texts)} articles, {sum(len(t.split()) for t in texts):,} words, "
        f"{sum(len(t) for t in texts):,} characters; {len(raw.rounds)} rounds, n_process=1",
        "",
        "| pipeline | words/s | seconds per round | entities or mentions per round |",
        "|---|---|---|---|",
    ]
    for name, timing in timings.items():
        per_round = ", ".join(f"{value:.1f}" for value in timing.rounds)
        lines.append(
            f"| {name} | {timing.words_per_second:,.0f} | {per_round} | {timing.mentions:,} |"
        )
    ratio = ours.words_per_second / raw.words_per_second if raw.words_per_second else 0.0
    lines += ["", f"- ratio (ours / raw): **{ratio:.2f}**"]
    lines += [f"- peak resident memory {stage}: {value:,.0f} MB" for stage, value in memory.items()]
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-nlp.md"))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    texts = read_articles(args.data / DATASET)
    settings = Settings()
    memory = {"at start": peak_memory_mb()}
    raw = spacy.load(settings.spacy_model)
    memory["after loading the raw model"] = peak_memory_mb()
    terms = actor_terms() + place_terms()
    ours = build_pipeline(settings, terms=terms)
    memory[f"after building ours ({len(terms):,} gazetteer names)"] = peak_memory_mb()
    runners: dict[str, Callable[[Sequence[str]], int]] = {
        f"raw nlp.pipe ({settings.spacy_model})": lambda t: run_raw(
            raw, t, batch_size=args.batch_size
        ),
        "allegiance (pipeline + extract_mentions)": lambda t: run_ours(
            ours, t, batch_size=args.batch_size
        ),
    }
    timings = measure(runners, texts, rounds=args.rounds)
    memory["at the end"] = peak_memory_mb()
    lines = report(timings, memory, texts=texts, seconds=time.perf_counter() - started)
    print("\n".join(lines))
    write_section(args.out, SECTION, lines)


if __name__ == "__main__":
    main()
