"""The dataset imports behind `allegiance import --format acled|ucdp|ftm|stix`, one summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from allegiance.ingest.acled import read_acled_csv
from allegiance.ingest.ftm_stream import read_ftm_stream
from allegiance.ingest.stix_bundle import read_stix_bundle
from allegiance.ingest.ucdp import read_ged_csv
from allegiance.model import InputError
from allegiance.workflow.acled import import_acled
from allegiance.workflow.actor_import import import_actors
from allegiance.workflow.ingestion import Failure
from allegiance.workflow.ucdp import import_ged


@dataclass(slots=True)
class DatasetSummary:
    """What one import did, in the words of its format."""

    format: str
    records: int
    counts: dict[str, int]
    skipped: list[Failure] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)

    def describe(self) -> str:
        figures = ", ".join(f"{count} {name}" for name, count in self.counts.items())
        return (
            f"{self.format}: {self.records} record(s): {figures}, "
            f"{len(self.skipped)} skipped, {len(self.failed)} failed"
        )


def import_dataset(
    sessions: sessionmaker[Session],
    path: Path,
    format: str,
    *,
    full: bool = False,
    tick: Callable[[], None] | None = None,
) -> DatasetSummary:
    """Import one ACLED, UCDP GED, FtM or STIX file; `full` matters to ACLED only."""
    if full and format != "acled":
        raise InputError(str(path), "--full is for ACLED exports only")
    if format == "acled":
        acled = import_acled(sessions, read_acled_csv(path), origin=str(path), full=full, tick=tick)
        counts = {"added": acled.added, "already present": acled.existing,
                  "edited": acled.edited, "deleted": acled.deleted}  # fmt: skip
        return DatasetSummary(format, acled.rows, counts, acled.skipped, acled.failed)
    if format == "ucdp":
        ged = import_ged(sessions, read_ged_csv(path), origin=str(path), tick=tick)
        counts = {"added": ged.added, "already present": ged.existing}
        return DatasetSummary(format, ged.rows, counts, [], ged.failed)
    reader = read_ftm_stream if format == "ftm" else read_stix_bundle
    actors = import_actors(sessions, reader(path), tick=tick)
    counts = {"added": actors.added, "already present": actors.existing,
              "new aliases": actors.aliases}  # fmt: skip
    return DatasetSummary(format, actors.records, counts, actors.skipped, actors.failed)
