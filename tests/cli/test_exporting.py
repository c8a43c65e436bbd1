from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
from stix2validator import ValidationOptions, validate_string

from allegiance.ingest.acled import COLUMNS
from tests.cli.conftest import Run
from tests.workflow.test_acled import acled_file, row

ROWS = [
    row("IRQ1", timestamp=100, notes="Clashes in Mosul, officials said.", fatalities="3"),
    row("SYR1", timestamp=100, notes="=Fighting near Raqqa.") | {
        "country": "Syria", "location": "Raqqa", "latitude": "35.95", "longitude": "39.01",
        "event_date": "2014-08-02",
    },
]  # fmt: skip


def imported(run_cli: Run, tmp_path: Path) -> Path:
    path = acled_file(tmp_path / "acled.csv", ROWS)
    result = run_cli("import", str(path), "--format", "acled")
    assert result.returncode == 0, result.stderr
    assert "2 added" in result.stderr
    return path


def test_cli_export_every_format(run_cli: Run, tmp_path: Path) -> None:
    path = imported(run_cli, tmp_path)
    acled = run_cli("export", "--format", "acled")
    assert acled.returncode == 0, acled.stderr
    assert "exported 2 events" in acled.stderr
    written = list(csv.DictReader(io.StringIO(acled.stdout)))
    assert [r["event_id_cnty"] for r in written] == ["IRQ1", "SYR1"]
    assert list(written[0]) == list(COLUMNS)
    assert {r["notes"] for r in written} == {r["notes"] for r in csv.DictReader(path.open())}

    stix = run_cli("export", "-f", "stix")
    assert validate_string(stix.stdout, ValidationOptions(version="2.1")).is_valid
    safe = run_cli("export", "-f", "csv")
    assert "'=Fighting near Raqqa." in safe.stdout
    geo = json.loads(run_cli("export", "-f", "geojson").stdout)
    assert len(geo["features"]) == 2
    out = tmp_path / "graph.gexf"
    assert run_cli("export", "-f", "gexf", "--out", str(out)).returncode == 0
    assert nx.read_gexf(out).number_of_edges() == 2
    ftm = run_cli("export", "-f", "ftm").stdout.splitlines()
    assert {json.loads(line)["schema"] for line in ftm} >= {"Organization", "Address", "Event"}


def test_cli_export_filters_apply_to_every_format(run_cli: Run, tmp_path: Path) -> None:
    imported(run_cli, tmp_path)
    for format in ("acled", "csv", "jsonl"):
        result = run_cli("export", "-f", format, "--region", "SY")
        assert result.returncode == 0, result.stderr
        assert "from 1 claims" in result.stderr
    later = run_cli("export", "-f", "jsonl", "--since", "2014-08-01")
    assert [json.loads(line)["place"]["name"] for line in later.stdout.splitlines()] == ["Raqqa"]
    assert run_cli("export", "-f", "jsonl", "--min-grade", "B2").stdout == ""  # ACLED is ungraded


def test_cli_export_refuses_bad_filters(run_cli: Run, tmp_path: Path) -> None:
    imported(run_cli, tmp_path)
    bad = run_cli("export", "-f", "acled", "--region", "Syria")
    assert bad.returncode == 2 and "neither a country code" in bad.stderr
    wrong = run_cli("export", "-f", "stix", "--as-of", "2014-01-01")
    assert wrong.returncode == 2 and "--as-of is for geojson only" in wrong.stderr
