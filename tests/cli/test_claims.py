import json
from pathlib import Path

from tests.cli.conftest import Run

REPORT = """---
title: Rutba falls
publisher: Demo Wire
published: 2014-06-23
---
Islamic State fighters seized the border town of Rutba on Sunday, Iraqi officials said.
"""


def test_extract_text_prints_claims_without_storing(run_cli: Run, cli_env: dict[str, str]) -> None:
    text = "Islamic State fighters seized the border town of Rutba yesterday, officials said."
    result = run_cli("extract", "--text", "-", "--published", "2014-06-23", stdin=text)
    assert result.returncode == 0, result.stderr
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    capture = next(claim for claim in claims if claim["type"] == "territory.capture")
    assert capture["place"]["name"] in {"Ar Ruţbah", "Rutba"} or "Rut" in capture["place"]["name"]
    assert capture["date"] == {"start": "2014-06-22", "end": "2014-06-22", "precision": "day"}
    assert capture["hedge"] == "reported"
    assert text[slice(*capture["offsets"])] == capture["quote"]
    assert not (Path(cli_env["ALLEGIANCE_HOME"]) / "allegiance.db").exists()


def test_claims_list_and_extract_again_adds_nothing(run_cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "rutba.md").write_text(REPORT, encoding="utf-8")
    assert run_cli("ingest", "--quiet", str(folder)).returncode == 0
    listed = run_cli("claims", "list", "--type", "territory.capture")
    claims = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(claims) == 1
    assert claims[0]["source"]["publisher"] == "Demo Wire"
    assert claims[0]["grade"] == "C3"
    shown = json.loads(run_cli("claims", "show", claims[0]["id"]).stdout)
    assert shown["id"] == claims[0]["id"]
    again = run_cli("extract")
    assert again.returncode == 0, again.stderr
    assert "analysed 1 document(s)" in again.stderr
    before, after = again.stderr.split("claims ")[1].split(";")[0].split(" → ")
    assert before == after


def test_grading_table_setting_is_used(
    run_cli: Run, cli_env: dict[str, str], tmp_path: Path
) -> None:
    table = tmp_path / "grading.yaml"
    table.write_text(
        "version: 1\npublishers: [{pattern: demo wire, reliability: A, kind: trusted wire}]\n"
        "sources: {unknown: F}\ncredibility: {reported: 2}\n",
        encoding="utf-8",
    )
    cli_env["ALLEGIANCE_GRADING"] = str(table)
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "rutba.md").write_text(REPORT, encoding="utf-8")
    assert run_cli("ingest", "--quiet", str(folder)).returncode == 0
    listed = run_cli("claims", "list", "--type", "territory.capture", "--min-grade", "B3")
    claims = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [claim["grade"] for claim in claims] == ["A2"]
