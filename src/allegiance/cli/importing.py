"""`allegiance import`: reference lists (sanctions, gazetteers) into the knowledge base."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.orm import Session, sessionmaker

from allegiance.cli.derived import print_build_summary, rebuild_derived
from allegiance.cli.output import err_console
from allegiance.cli.runtime import Runtime
from allegiance.resolve.actors import load_actors
from allegiance.resolve.ofac_list import read_ofac_sdn, read_ofac_subset
from allegiance.resolve.place_importers import (
    read_geonames_dump,
    read_geonames_tsv,
    read_ocha_admin,
)
from allegiance.resolve.un_list import read_un_consolidated
from allegiance.store import KnowledgeBase
from allegiance.workflow.importing import ImportSummary, import_parties, import_places

if TYPE_CHECKING:
    from allegiance.workflow.datasets import DatasetSummary


class ImportFormat(StrEnum):
    UN_XML = "un-xml"
    OFAC_CSV = "ofac-csv"
    OFAC_TSV = "ofac-tsv"
    GEONAMES = "geonames"
    GEONAMES_TSV = "geonames-tsv"
    OCHA = "ocha"
    ACLED = "acled"
    UCDP = "ucdp"
    FTM = "ftm"
    STIX = "stix"


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_command(
        ctx: typer.Context,
        path: Annotated[Path, typer.Argument(help="The file to import.", exists=True)],
        format: Annotated[
            ImportFormat,
            typer.Option(
                "--format",
                "-f",
                help="un-xml (UN consolidated list), ofac-csv (SDN sdn.csv), ofac-tsv "
                "(SDN subset), geonames (country dump SY.txt), geonames-tsv, ocha (admin CSV), "
                "acled (ACLED CSV export), ucdp (UCDP GED CSV), ftm (FollowTheMoney entity "
                "stream), stix (STIX 2.1 bundle of actors).",
            ),
        ],
        ofac_alt: Annotated[
            Path | None, typer.Option(help="With ofac-csv: the SDN alt.csv of aliases.")
        ] = None,
        full: Annotated[
            bool,
            typer.Option(
                help="With acled: the file is a full export, so events of its countries "
                "that it lacks were deleted by ACLED (their claims are rejected)."
            ),
        ] = False,
    ) -> None:
        """Import a list, gazetteer or dataset; importing it again adds nothing.

        When the import adds claims or judgements, events and control periods are rebuilt
        at the end, as after `ingest`.
        """
        runtime: Runtime = ctx.obj
        sessions = runtime.sessions(create=True)
        before = _fingerprint(sessions)
        console = err_console()
        columns = [
            TextColumn(f"importing {path.name}"),
            BarColumn(),
            TextColumn("{task.completed}"),
        ]
        with Progress(*columns, TimeElapsedColumn(), console=console) as bar:
            task = bar.add_task("import", total=None)

            def tick() -> None:
                bar.advance(task)

            summary = _run(sessions, path, format, ofac_alt=ofac_alt, full=full, tick=tick)
        if isinstance(summary, ImportSummary):
            _print(summary)
        else:
            _print_dataset(summary)
        if _fingerprint(sessions) != before:
            print_build_summary(rebuild_derived(runtime), console)
        if summary.failed:
            raise typer.Exit(1)


DATASETS = (ImportFormat.ACLED, ImportFormat.UCDP, ImportFormat.FTM, ImportFormat.STIX)


def _fingerprint(sessions: sessionmaker[Session]) -> str:
    """The state of the claims and judgements, to tell whether the import changed them."""
    with sessions() as session:
        return KnowledgeBase(session).fingerprint()


def _run(
    sessions: sessionmaker[Session],
    path: Path,
    format: ImportFormat,
    *,
    ofac_alt: Path | None,
    full: bool,
    tick: Callable[[], None],
) -> ImportSummary | DatasetSummary:
    if format in DATASETS:
        # Imported here: the FtM reader needs followthemoney, which takes a second to import,
        # and every command of the CLI would pay for it at start-up.
        from allegiance.workflow.datasets import import_dataset

        return import_dataset(sessions, path, format.value, full=full, tick=tick)
    if format in (ImportFormat.GEONAMES, ImportFormat.GEONAMES_TSV, ImportFormat.OCHA):
        readers = {
            ImportFormat.GEONAMES: read_geonames_dump,
            ImportFormat.GEONAMES_TSV: read_geonames_tsv,
            ImportFormat.OCHA: read_ocha_admin,
        }
        return import_places(sessions, readers[format](path), tick=tick)
    if format is ImportFormat.UN_XML:
        parties = read_un_consolidated(path)
    elif format is ImportFormat.OFAC_TSV:
        parties = read_ofac_subset(path)
    else:
        parties = read_ofac_sdn(path, alt_path=ofac_alt)
    return import_parties(sessions, parties, origin=str(path), actors=load_actors(), tick=tick)


def _print_dataset(summary: DatasetSummary) -> None:
    console = err_console()
    console.print(summary.describe(), highlight=False, markup=False)
    for label, failures in (("skipped", summary.skipped), ("failed", summary.failed)):
        for failure in failures:
            console.print(
                f"  {label} {failure.origin}: {failure.reason}", highlight=False, markup=False
            )


def _print(summary: ImportSummary) -> None:
    console = err_console()
    console.print(
        f"imported {summary.added} new record(s), {summary.existing} already present,"
        f" {summary.claims} affiliation claim(s), {summary.judgements} match(es) with the"
        f" actor gazetteer, {len(summary.failed)} failed, of {summary.records}",
        highlight=False,
    )
    for failure in summary.failed:
        console.print(f"  failed {failure.origin}: {failure.reason}", highlight=False, markup=False)
