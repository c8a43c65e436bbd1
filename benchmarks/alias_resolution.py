"""Alias resolution on the UN and OFAC sanctions lists: hold one alias out, resolve it.

For every listed party with at least two distinct names, one alias (the last one the list
gives) is removed from an index of every name of every party, then looked up. It is
resolved correctly when the best candidate scoring at least the threshold belongs to the
same party. The same name is also looked up after removing *all* of its party's names:
then the right answer is "no match" (a new entity), and a candidate at or above the
threshold is a false match. Both are reported at several thresholds, which is how
`allegiance.resolve.matching.DEFAULT_THRESHOLD` was chosen.

    .venv/bin/python benchmarks/alias_resolution.py --data ../shared/data [--all]
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from allegiance.resolve.matching import DEFAULT_THRESHOLD, AliasIndex
from allegiance.resolve.sanctions import (
    SanctionedParty,
    read_ofac_sdn,
    read_un_consolidated,
)

THRESHOLDS = (0.0, 70.0, 75.0, 80.0, 82.5, 85.0, 87.5, 90.0, 92.5, 95.0, 100.0)
SECTION = "alias_resolution"
UN_ALL = "UN 2025-04-19, all lists"
OFAC_ALL = "OFAC SDN 2022-01 + alt.csv"


@dataclass
class Outcome:
    """The top candidates' (same party?, score) for one held-out name, the best score when
    its party is absent, and whether it shares a word with another name of its party."""

    ranked: list[tuple[bool, float]]
    unseen_score: float | None
    shares_word: bool = True


@dataclass
class Figures:
    label: str
    parties: int
    names: int
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def top(self, k: int, threshold: float) -> float:
        hits = sum(
            any(same and score >= threshold for same, score in outcome.ranked[:k])
            for outcome in self.outcomes
        )
        return hits / len(self.outcomes) if self.outcomes else 0.0

    def abstaining(self, threshold: float) -> float:
        quiet = sum(not o.ranked or o.ranked[0][1] < threshold for o in self.outcomes)
        return quiet / len(self.outcomes) if self.outcomes else 0.0

    def precision(self, threshold: float) -> float:
        answered = [o for o in self.outcomes if o.ranked and o.ranked[0][1] >= threshold]
        return sum(o.ranked[0][0] for o in answered) / len(answered) if answered else 0.0

    def false_matches(self, threshold: float) -> float:
        wrong = sum(
            o.unseen_score is not None and o.unseen_score >= threshold for o in self.outcomes
        )
        return wrong / len(self.outcomes) if self.outcomes else 0.0

    def balanced(self, threshold: float) -> float:
        return (self.top(1, threshold) + 1.0 - self.false_matches(threshold)) / 2

    def sharing(self) -> Figures:
        """The same figures restricted to held-out names that share a word with another
        name of their party (the others are nicknames, translations or new names that no
        string matcher can find)."""
        subset = Figures(f"{self.label}, sharing a word", self.parties, self.names)
        subset.outcomes = [outcome for outcome in self.outcomes if outcome.shares_word]
        return subset


_PARTICLES = frozenset({"abu", "abou", "al", "el", "bin", "ibn", "the", "of", "and", "umm"})


def shares_word(name: str, others: Iterable[str]) -> bool:
    """Whether `name` has a word of 3+ letters (not a particle) that another name has,
    compared case-insensitively on the raw words, independently of our normalisation."""

    def words(text: str) -> set[str]:
        return {
            w for w in re.findall(r"\w+", text.casefold()) if len(w) > 2 and w not in _PARTICLES
        }

    mine = words(name)
    return any(mine & words(other) for other in others)


def distinct_names(party: SanctionedParty) -> list[str]:
    """The party's names, each once (ignoring case and spacing)."""
    seen: dict[str, str] = {}
    for name in party.names:
        seen.setdefault(" ".join(name.casefold().split()), name)
    return list(seen.values())


def evaluate(
    label: str,
    parties: list[SanctionedParty],
    *,
    every: bool,
    only: Callable[[SanctionedParty], bool],
) -> Figures:
    """Hold out the last alias (or, with `every`, each name in turn) of each selected party."""
    index = AliasIndex()
    names = {f"{p.list_name}:{p.list_id}": distinct_names(p) for p in parties}
    kinds = {f"{p.list_name}:{p.list_id}": p.kind for p in parties}
    for entity_id, party_names in names.items():
        index.add_many(entity_id, party_names, kind=kinds[entity_id])
    selected = [p for p in parties if only(p) and len(names[f"{p.list_name}:{p.list_id}"]) >= 2]
    figures = Figures(
        label, len(selected), sum(len(names[f"{p.list_name}:{p.list_id}"]) for p in selected)
    )
    started = time.perf_counter()
    for party in selected:
        entity_id = f"{party.list_name}:{party.list_id}"
        held_out = names[entity_id] if every else names[entity_id][-1:]
        for name in held_out:
            figures.outcomes.append(
                _resolve(index, entity_id, name, names[entity_id], kinds[entity_id])
            )
    figures.seconds = time.perf_counter() - started
    return figures


def _resolve(
    index: AliasIndex, entity_id: str, name: str, party_names: list[str], kind: str
) -> Outcome:
    index.remove(entity_id, name)
    ranked = [
        (c.entity_id == entity_id, c.score) for c in index.lookup(name, limit=3, threshold=0.0)
    ]
    for other in party_names:
        if other != name:
            index.remove(entity_id, other)
    unseen = index.lookup(name, limit=1, threshold=0.0)
    index.add_many(entity_id, party_names, kind=kind)
    others = [other for other in party_names if other != name]
    return Outcome(ranked, unseen[0].score if unseen else None, shares_word(name, others))


def ofac_subset_ids(path: Path) -> set[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["ent_num"] for row in csv.DictReader(handle, delimiter="\t")}


def run(data: Path, *, every: bool) -> list[Figures]:
    un_dir, ofac_dir = data / "sanctions" / "un-consolidated", data / "sanctions" / "ofac-sdn"
    un = list(read_un_consolidated(un_dir / "un_consolidated_2025-04-19.xml"))
    ofac = list(
        read_ofac_sdn(
            ofac_dir / "sdn_2022-01.csv",
            alt_path=ofac_dir / "alt_2022-01.csv",
            add_path=ofac_dir / "add_2022-01.csv",
        )
    )
    ofac_2024 = list(read_ofac_sdn(ofac_dir / "sdn_2024-05-03.csv"))
    subset = ofac_subset_ids(ofac_dir / "sdgt_isil_aq_subset_2024-05-03.tsv")
    runs: list[tuple[str, list[SanctionedParty], Callable[[SanctionedParty], bool]]] = [
        (UN_ALL, un, lambda p: True),
        ("UN 2025-04-19, ISIL/Al-Qaida list", un, lambda p: "Al-Qaida" in p.programs),
        (OFAC_ALL, ofac, lambda p: True),
        ("OFAC SDN 2022-01, ISIL/AQ subset", ofac, lambda p: p.list_id in subset),
        ("OFAC SDN 2024-05-03 (remarks aliases only)", ofac_2024, lambda p: True),
    ]
    results = []
    for label, parties, only in runs:
        figures = evaluate(label, parties, every=False, only=only)
        print(_line(figures), flush=True)
        print(_line(figures.sharing()), flush=True)
        results += [figures, figures.sharing()]
        if every:
            all_in_turn = evaluate(
                f"{label}, every name held out in turn", parties, every=True, only=only
            )
            print(_line(all_in_turn), flush=True)
            print(_line(all_in_turn.sharing()), flush=True)
            results += [all_in_turn, all_in_turn.sharing()]
    return results


def _line(f: Figures) -> str:
    t = DEFAULT_THRESHOLD
    return (
        f"{f.label}: {len(f.outcomes)} queries from {f.parties} parties; at {t:g}: "
        f"top-1 {f.top(1, t):.3f}, top-3 {f.top(3, t):.3f}, abstain {f.abstaining(t):.3f}, "
        f"false match on unseen {f.false_matches(t):.3f}; unthresholded top-1 {f.top(1, 0):.3f}"
        f" ({f.seconds:.1f} s)"
    )


def best_threshold(results: list[Figures]) -> float:
    """The threshold with the highest balanced score, averaged over the two full lists."""
    full = [f for f in results if f.label in (UN_ALL, OFAC_ALL)]
    return max(THRESHOLDS, key=lambda t: sum(f.balanced(t) for f in full))


def markdown(results: list[Figures], command: str) -> str:
    lines = [
        "## Alias resolution on the UN and OFAC sanctions lists",
        "",
        *machine_lines(command),
        "",
        "One alias per party (the last the list gives) is removed from an index of every name of",
        "every party (`AliasIndex`, all kinds together) and looked up; *top-1* counts the best",
        "candidate at or above the threshold belonging to the same party, *top-3* the party",
        "among the best three. *False match* looks the same name up after removing all of its",
        "party's names, when the right answer is a new entity. Target: top-1 ≥ 0.95.",
        "",
        f"At the default threshold ({DEFAULT_THRESHOLD:g}):",
        "",
        "| set | parties | queries | top-1 | top-3 | abstain | precision | false match | s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    t = DEFAULT_THRESHOLD
    for f in results:
        lines.append(
            f"| {f.label} | {f.parties} | {len(f.outcomes)} | {f.top(1, t):.3f}"
            f" | {f.top(3, t):.3f} | {f.abstaining(t):.3f} | {f.precision(t):.3f}"
            f" | {f.false_matches(t):.3f} | {f.seconds:.1f} |"
        )
    lines += [
        "",
        "By threshold: top-1 / abstain / false match on unseen / balanced (the mean of top-1",
        "and 1 − false match). The best balanced threshold over the two full lists is"
        f" {best_threshold(results):g}.",
        "",
    ]
    lines.append("| set | " + " | ".join(f"{t:g}" for t in THRESHOLDS) + " |")
    lines.append("|---|" + "---:|" * len(THRESHOLDS))
    for f in results:
        cells = [
            f"{f.top(1, t):.3f} / {f.abstaining(t):.3f} / {f.false_matches(t):.3f}"
            f" / {f.balanced(t):.3f}"
            for t in THRESHOLDS
        ]
        lines.append(f"| {f.label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def machine_lines(command: str) -> list[str]:
    return [
        f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {platform.platform()}, {os.cpu_count()} CPUs,"
        f" Python {platform.python_version()}",
        f"- command: `{command}`",
    ]


def write_section(path: Path, section: str, body: str) -> None:
    """Replace this benchmark's section of `path` (between markers), keeping the others."""
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    block = f"{start}\n{body}{end}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end) + r"\n?", re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = f"{text.rstrip()}\n\n{block}" if text.strip() else block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-names.md"))
    parser.add_argument("--all", action="store_true", help="also hold every name out in turn")
    args = parser.parse_args(list(argv) if argv is not None else None)
    results = run(args.data, every=args.all)
    print(f"best balanced threshold over the full UN and OFAC lists: {best_threshold(results):g}")
    command = "python benchmarks/alias_resolution.py " + " ".join(sys.argv[1:])
    write_section(args.out, SECTION, markdown(results, command.strip()))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
