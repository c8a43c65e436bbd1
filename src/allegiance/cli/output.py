"""How commands print records: JSON Lines for other tools, a table for a person."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table


class OutputFormat(StrEnum):
    AUTO = "auto"
    JSONL = "jsonl"
    TABLE = "table"


def resolve_format(requested: OutputFormat) -> OutputFormat:
    """`auto` is a table on a terminal and JSON Lines in a pipe."""
    if requested is not OutputFormat.AUTO:
        return requested
    return OutputFormat.TABLE if sys.stdout.isatty() else OutputFormat.JSONL


def print_records(
    records: Iterable[BaseModel],
    *,
    output: OutputFormat,
    columns: Sequence[str],
) -> int:
    """Print records and return how many were printed."""
    count = 0
    if resolve_format(output) is OutputFormat.JSONL:
        for record in records:
            sys.stdout.write(record.model_dump_json() + "\n")
            count += 1
        return count
    table = Table(*columns)
    for record in records:
        values = record.model_dump(mode="json")
        table.add_row(*(escape(_cell(values.get(column))) for column in columns))
        count += 1
    Console().print(table)
    return count


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def err_console() -> Console:
    return Console(stderr=True, soft_wrap=True)


class ProgressBar:
    """A rich progress bar on stderr, fed by a workflow as it goes."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("ingesting", total=None)

    def start(self, total: int) -> None:
        self.progress.update(self.task, total=total)

    def advance(self, origin: str) -> None:
        self.progress.update(self.task, advance=1, description=escape(_short(origin)))


def _short(origin: str, width: int = 40) -> str:
    return origin if len(origin) <= width else "…" + origin[-(width - 1) :]
