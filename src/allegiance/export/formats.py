"""Every export format behind one signature, for the CLI and the API alike.

A format writes a `Selection` (the filtered claims, see `filters.py`) as text; `what`
matters to JSON Lines only, `as_of` to GeoJSON only (control of places on that day
instead of events).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TextIO

from allegiance.export.filters import ExportResult, FilterError, Selection, Tick, no_tick
from allegiance.export.geojson import write_geojson
from allegiance.export.jsonl import What
from allegiance.export.safe_csv import write_claims_csv
from allegiance.export.selected_jsonl import write_selected_jsonl


class ExportFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    ACLED = "acled"
    STIX = "stix"
    GEOJSON = "geojson"
    GRAPHML = "graphml"
    GEXF = "gexf"
    FTM = "ftm"


@dataclass(frozen=True, slots=True)
class FormatInfo:
    media_type: str
    suffix: str
    unit: str  # what `ExportResult.written` counts


FORMATS = {
    ExportFormat.JSONL: FormatInfo("application/x-ndjson", ".jsonl", "records"),
    ExportFormat.CSV: FormatInfo("text/csv", ".csv", "claims"),
    ExportFormat.ACLED: FormatInfo("text/csv", ".csv", "events"),
    ExportFormat.STIX: FormatInfo("application/stix+json;version=2.1", ".json", "STIX objects"),
    ExportFormat.GEOJSON: FormatInfo("application/geo+json", ".geojson", "features"),
    ExportFormat.GRAPHML: FormatInfo("application/graphml+xml", ".graphml", "edges"),
    ExportFormat.GEXF: FormatInfo("application/gexf+xml", ".gexf", "edges"),
    ExportFormat.FTM: FormatInfo("application/x-ndjson", ".ftm.json", "FtM entities"),
}


def write_export(
    selection: Selection,
    format: ExportFormat,
    out: TextIO,
    *,
    what: What = "claims",
    as_of: date | None = None,
    tick: Tick = no_tick,
) -> ExportResult:
    """Write the selection in `format`; refuses options the format does not take."""
    if what != "claims" and format is not ExportFormat.JSONL:
        raise FilterError(f"--what {what} is for jsonl only; {format} exports claims")
    if as_of is not None and format is not ExportFormat.GEOJSON:
        raise FilterError(f"--as-of is for geojson only, not {format}")
    if format is ExportFormat.JSONL:
        return write_selected_jsonl(selection, what, out, tick=tick)
    if format is ExportFormat.GEOJSON:
        return write_geojson(selection, out, as_of=as_of, tick=tick)
    # Imported here: followthemoney (also behind the ACLED writer's country names), stix2 and
    # networkx take seconds to import, and every command of the CLI would pay for them at
    # start-up.
    from allegiance.export.acled_csv import write_acled_csv
    from allegiance.export.ftm import write_ftm
    from allegiance.export.graph import write_gexf, write_graphml
    from allegiance.export.stix import write_stix

    writers = {
        ExportFormat.CSV: write_claims_csv,
        ExportFormat.ACLED: write_acled_csv,
        ExportFormat.STIX: write_stix,
        ExportFormat.GRAPHML: write_graphml,
        ExportFormat.GEXF: write_gexf,
        ExportFormat.FTM: write_ftm,
    }
    return writers[format](selection, out, tick=tick)
