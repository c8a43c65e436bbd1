from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Run
from tests.ingest.test_ftm_stream import stream_file
from tests.ingest.test_stix_bundle import bundle_file
from tests.ingest.test_ucdp import ged_file
from tests.workflow.test_acled import acled_file, row
from tests.workflow.test_ucdp import ROWS


def test_cli_import_datasets_once(run_cli: Run, tmp_path: Path) -> None:
    files = {
        "ucdp": ged_file(tmp_path / "ged.csv", *ROWS),
        "ftm": stream_file(tmp_path / "s.json"),
        "stix": bundle_file(tmp_path / "b.json"),
    }
    for format, path in files.items():
        first = run_cli("import", str(path), "--format", format)
        assert first.returncode == 0, first.stderr
        assert "0 failed" in first.stderr and " 0 added" not in first.stderr
        again = run_cli("import", str(path), "--format", format)
        assert " 0 added" in again.stderr
        assert "control period(s)" not in again.stderr  # nothing new: nothing rebuilt
        if format == "ucdp":  # its events' claims are clustered and control built at once
            assert "control period(s) of" in first.stderr, first.stderr
    entities = run_cli("export", "-f", "jsonl", "--what", "entities").stdout.splitlines()
    names = {json.loads(line)["name"] for line in entities}
    assert "Islamic State" in names
    assert "Civilians" not in names  # one-sided violence names its victims as a literal


def test_cli_import_acled_full_export_deletes(run_cli: Run, tmp_path: Path) -> None:
    old = acled_file(
        tmp_path / "old.csv",
        [row("IRQ1", timestamp=100, notes="A."), row("IRQ2", timestamp=100, notes="B.")],
    )
    assert run_cli("import", str(old), "-f", "acled").returncode == 0
    new = acled_file(tmp_path / "new.csv", [row("IRQ1", timestamp=100, notes="A.")])
    result = run_cli("import", str(new), "-f", "acled", "--full")
    assert "1 deleted" in result.stderr, result.stderr
    assert run_cli("export", "-f", "acled").stdout.count("IRQ") == 1
    refused = run_cli("import", str(new), "-f", "ucdp", "--full")
    assert refused.returncode != 0
