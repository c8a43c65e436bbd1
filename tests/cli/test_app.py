import json
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import Run

ARTICLE = """---
title: Fighters take a border town
publisher: Demo Wire
published: 2014-06-22
url: https://example.org/rutba
---
Fighters seized the border town of Rutba on Sunday, officials said.
"""


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "rutba.md").write_text(ARTICLE, encoding="utf-8")
    (folder / "qaim.txt").write_text("Clashes were reported near al-Qaim.\n", encoding="utf-8")
    return folder


def test_app_init_then_empty_stats(run_cli: Run) -> None:
    assert run_cli("init").returncode == 0
    result = run_cli("stats", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["documents"] == 0


def test_app_read_command_without_knowledge_base_is_clear_error(run_cli: Run) -> None:
    result = run_cli("documents", "list")
    assert result.returncode == 2
    assert "allegiance init" in result.stderr
    assert "Traceback" not in result.stderr


def test_app_ingest_twice_adds_nothing_the_second_time(run_cli: Run, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    first = run_cli("ingest", "--quiet", str(folder))
    assert first.returncode == 0, first.stderr
    assert "ingested 2 new document(s)" in first.stderr
    second = run_cli("ingest", "--quiet", str(folder))
    assert second.returncode == 0
    assert "ingested 0 new document(s)" in second.stderr
    assert "2 already present" in second.stderr
    assert json.loads(run_cli("stats", "--json").stdout)["documents"] == 2


def test_app_documents_list_search_show(run_cli: Run, tmp_path: Path) -> None:
    run_cli("ingest", "--quiet", str(_folder(tmp_path)))
    listed = [json.loads(line) for line in run_cli("documents", "list").stdout.splitlines()]
    assert listed[0]["title"] == "Fighters take a border town"
    hits = run_cli("documents", "search", "Rutba").stdout.splitlines()
    assert len(hits) == 1
    hit = json.loads(hits[0])
    shown = json.loads(run_cli("documents", "show", hit["id"][:12]).stdout)
    assert shown["publisher"] == "Demo Wire"
    assert shown["url"] == "https://example.org/rutba"
    assert "Rutba" in shown["text"]


def test_app_search_survives_query_syntax(run_cli: Run, tmp_path: Path) -> None:
    run_cli("ingest", "--quiet", str(_folder(tmp_path)))
    result = run_cli("documents", "search", 'Rutba" OR (NEAR* -')
    assert result.returncode == 0, result.stderr


def test_app_show_unknown_document_is_not_found(run_cli: Run) -> None:
    run_cli("init")
    result = run_cli("documents", "show", "doc-doesnotexist")
    assert result.returncode == 4
    assert "no document" in result.stderr


def test_app_export_documents_jsonl(run_cli: Run, tmp_path: Path) -> None:
    run_cli("ingest", "--quiet", str(_folder(tmp_path)))
    result = run_cli("export", "--what", "documents")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 2
    assert {record["format"] for record in records} == {"text"}
    assert all(record["id"].startswith("doc-") for record in records)


def test_app_ingest_missing_path_fails_and_names_it(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("ingest", "--quiet", str(tmp_path / "nope"))
    assert result.returncode == 1
    assert "nope: no such file or folder" in result.stderr


def test_app_bad_setting_is_configuration_error(run_cli: Run, cli_env: dict[str, str]) -> None:
    cli_env["ALLEGIANCE_MAX_FILE_MB"] = "lots"
    result = run_cli("stats")
    assert result.returncode == 2
    assert "ALLEGIANCE_MAX_FILE_MB" in result.stderr


# Libraries that take most of a second or more to import; the commands that use them import
# them inside their bodies, so the CLI starts (and `--help`, `stats` answer) without them.
HEAVY_LIBRARIES = ("spacy", "followthemoney", "fastapi", "sklearn")


def test_app_import_leaves_heavy_libraries_unloaded() -> None:
    probe = (
        "import json, sys, allegiance.cli.app; "
        f"print(json.dumps([name for name in {HEAVY_LIBRARIES!r} if name in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [], "importing the CLI loaded a heavy library"
