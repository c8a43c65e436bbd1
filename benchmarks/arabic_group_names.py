"""Arabic ↔ English group-name matching on the Syrian opposition charters name tables.

`organization_metadata.csv` maps 84 Syrian armed and political groups to their Arabic
and English names (one row may hold two names, "A / B"). Each direction is measured:
index the English names, resolve each Arabic name (top-1: the best candidate is its
group), and the reverse. `translation_list.csv` is the author's glossary of Arabic words
and their English glosses; it is measured the same way, word against gloss. Most English
names and glosses there are translations ("Syrian National Council"), which a
transliteration key cannot reach; the transliterated ones ("Ahrar al-Sham") can.

    .venv/bin/python benchmarks/arabic_group_names.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from allegiance.resolve.matching import DEFAULT_THRESHOLD, AliasIndex

# Run as a script, this folder is on the path but the project root is not.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.alias_resolution import machine_lines, write_section

SECTION = "arabic_group_names"
FOLDER = Path("actors") / "syrian-opposition-charters-ar"


@dataclass(frozen=True)
class Pair:
    """One row: its id, its Arabic names and its English names."""

    row_id: str
    arabic: tuple[str, ...]
    english: tuple[str, ...]


@dataclass
class Direction:
    label: str
    queries: int = 0
    top1: int = 0
    top3: int = 0
    top1_at_threshold: int = 0
    answered: int = 0
    examples: tuple[str, ...] = ()


def read_groups(path: Path) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        Pair(row["org_abbreviated"].strip(), _split(row["org_arabic"]), _split(row["org_english"]))
        for row in rows
        if row.get("org_arabic") and row.get("org_english")
    ]


def read_glossary(path: Path) -> list[Pair]:
    """Arabic word → English gloss; rows with the same gloss are one entry."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("word") and row.get("translation")]
    return [
        Pair(
            row["translation"].strip().casefold(),
            (row["word"].strip(),),
            (row["translation"].strip(),),
        )
        for row in rows
    ]


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(" / ") if part.strip())


def measure(pairs: list[Pair], *, label: str, arabic_to_english: bool) -> Direction:
    index = AliasIndex()
    for pair in pairs:
        index.add_many(
            pair.row_id, pair.arabic if not arabic_to_english else pair.english, kind="group"
        )
    result = Direction(label)
    examples: list[str] = []
    for pair in pairs:
        for name in pair.arabic if arabic_to_english else pair.english:
            found = index.lookup(name, limit=3, threshold=0.0)
            result.queries += 1
            ids = [candidate.entity_id for candidate in found]
            result.top1 += bool(ids) and ids[0] == pair.row_id
            result.top3 += pair.row_id in ids
            if found and found[0].score >= DEFAULT_THRESHOLD:
                result.answered += 1
                result.top1_at_threshold += ids[0] == pair.row_id
            if found and ids[0] == pair.row_id and len(examples) < 5:
                examples.append(f"{name} → {found[0].name} ({found[0].score:.0f})")
    result.examples = tuple(examples)
    return result


def run(data: Path) -> list[Direction]:
    folder = data / FOLDER
    groups = read_groups(folder / "organization_metadata.csv")
    glossary = read_glossary(folder / "translation_list.csv")
    results = [
        measure(groups, label="groups: Arabic → English", arabic_to_english=True),
        measure(groups, label="groups: English → Arabic", arabic_to_english=False),
        measure(glossary, label="glossary words: Arabic → English", arabic_to_english=True),
        measure(glossary, label="glossary words: English → Arabic", arabic_to_english=False),
    ]
    for result in results:
        print(_line(result), flush=True)
    return results


def _share(count: int, total: int) -> str:
    return f"{count / total:.3f}" if total else "–"


def _line(r: Direction) -> str:
    return (
        f"{r.label}: {r.queries} queries; top-1 {_share(r.top1, r.queries)}, top-3 "
        f"{_share(r.top3, r.queries)}; at {DEFAULT_THRESHOLD:g}: answered "
        f"{_share(r.answered, r.queries)}, correct {_share(r.top1_at_threshold, r.queries)}"
    )


def markdown(results: list[Direction], command: str, seconds: float) -> str:
    lines = [
        "## Arabic ↔ English group names (Syrian opposition charters)",
        "",
        *machine_lines(command),
        f"- time: {seconds:.1f} s",
        "",
        "Each name is looked up among the other language's names of the same table",
        "(`AliasIndex`, kind group); *top-1* counts the best candidate (any score) being",
        "the right row, *correct at threshold* the best candidate at or above the default",
        f"threshold ({DEFAULT_THRESHOLD:g}) being right. The English side is mostly",
        "translation, not transliteration, so these figures bound what a transliteration key",
        "reaches; the Arabic-script aliases of `actors.yaml` cover the translated names.",
        "",
        "| direction | queries | top-1 | top-3 | answered at threshold | correct at threshold |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.label} | {r.queries} | {_share(r.top1, r.queries)} | {_share(r.top3, r.queries)}"
            f" | {_share(r.answered, r.queries)} | {_share(r.top1_at_threshold, r.queries)} |"
        )
    lines += ["", "Examples of correct Arabic → English matches:", ""]
    lines += [f"- {example}" for example in results[0].examples]
    return "\n".join(lines) + "\n"


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-names.md"))
    args = parser.parse_args(list(argv) if argv is not None else None)
    started = time.perf_counter()
    results = run(args.data)
    command = "python benchmarks/arabic_group_names.py " + " ".join(sys.argv[1:])
    write_section(
        args.out, SECTION, markdown(results, command.strip(), time.perf_counter() - started)
    )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
