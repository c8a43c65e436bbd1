"""Run every benchmark on the shared data and assemble `docs/benchmarks.md` (`make bench`).

Each benchmark is its own script (runnable alone, `--data` and `--out` arguments); this one
runs them in turn, keeps each one's Markdown section, and says plainly when one failed.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = (
    "entity_recognition",
    "alias_resolution",
    "arabic_group_names",
    "place_resolution",
    "date_resolution",
    "demo_facts",
    "event_typing",
    "isaf_events",
    "event_arguments",
    "event_clustering",
    "account_links",
    "throughput",
    "pipeline_throughput",
    "analysis_speed",
)


def run_one(name: str, *, data: Path, folder: Path) -> str:
    """The benchmark's Markdown section, or a note saying how it failed."""
    script = HERE / f"{name}.py"
    if not script.exists():
        return f"## {name}\n\nNot run: `benchmarks/{name}.py` does not exist yet.\n"
    out = folder / f"{name}.md"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(script), "--data", str(data), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - started
    print(f"{name}: exit {result.returncode} after {seconds:.0f} s", file=sys.stderr)
    if result.returncode != 0 or not out.exists():
        tail = "\n".join(result.stderr.strip().splitlines()[-15:])
        return f"## {name}\n\nFAILED (exit {result.returncode}):\n\n```\n{tail}\n```\n"
    return out.read_text(encoding="utf-8").strip() + "\n"


MARKER = "<!-- benchmark: {name} -->"


def as_section(text: str) -> str:
    """A benchmark's own Markdown, its headings moved one level down when it starts at `#`
    (so every benchmark is a section of the one page)."""
    lines = text.splitlines()
    if not any(line.startswith("# ") for line in lines):
        return text
    return "\n".join("#" + line if line.startswith("#") else line for line in lines) + "\n"


def previous_sections(path: Path) -> dict[str, str]:
    """The sections of an earlier run, by benchmark name (kept when `--only` runs a few)."""
    if not path.exists():
        return {}
    sections: dict[str, str] = {}
    text = path.read_text(encoding="utf-8")
    for name in BENCHMARKS:
        marker = MARKER.format(name=name)
        if marker in text:
            body = text.split(marker, 1)[1]
            sections[name] = body.split("<!-- benchmark: ", 1)[0].strip() + "\n"
    return sections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument(
        "--only", nargs="*", choices=BENCHMARKS, help="run only these; keep the other sections"
    )
    args = parser.parse_args()
    header = [
        "# Benchmarks",
        "",
        "Figures from `make bench` (`python benchmarks/run.py --data ../shared/data`), on the",
        "whole third-party data sets in `../shared/data`, in their original formats.",
        "",
        f"- run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "",
    ]
    sections = previous_sections(args.out)
    with tempfile.TemporaryDirectory() as folder:
        for name in args.only or BENCHMARKS:
            sections[name] = run_one(name, data=args.data, folder=Path(folder))
    body = [
        f"{MARKER.format(name=name)}\n{as_section(sections[name])}"
        for name in BENCHMARKS
        if name in sections
    ]
    args.out.write_text("\n".join(header) + "\n" + "\n".join(body), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
