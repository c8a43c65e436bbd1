"""`allegiance brief` on a copy of the demo knowledge base."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import Run

ABU = "Abu Khuzayma al-Urduni"


@pytest.fixture
def demo_home(demo_database: Path, cli_env: dict[str, str]) -> Path:
    path = Path(cli_env["ALLEGIANCE_HOME"]) / "allegiance.db"
    path.parent.mkdir(parents=True)
    shutil.copyfile(demo_database, path)
    return path


def test_brief_prints_markdown_with_every_marker_defined(run_cli: Run, demo_home: Path) -> None:
    result = run_cli("brief", ABU, "--as-of", "2014-06-30")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith(f"# {ABU}\n")
    assert "## Affiliations" in text and "## Open questions" in text
    markers = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    defined = set(re.findall(r"^\[\^(\d+)\]:", text, flags=re.MULTILINE))
    assert markers and markers == defined


def test_brief_writes_html_to_a_file(run_cli: Run, demo_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "mosul.html"
    result = run_cli("brief", "Mosul", "--format", "html", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and "sources cited" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h2>Control</h2>" in page


def test_brief_with_an_ambiguous_name_lists_candidates_and_fails(
    run_cli: Run, demo_home: Path
) -> None:
    result = run_cli("brief", "Nusra")
    assert result.returncode != 0
    assert "candidates" in result.stderr and "ent-" in result.stderr
    assert result.stdout == ""


def test_brief_refuses_a_bad_date(run_cli: Run, demo_home: Path) -> None:
    result = run_cli("brief", ABU, "--as-of", "June 2014")
    assert result.returncode != 0
    assert "YYYY-MM-DD" in result.stderr
