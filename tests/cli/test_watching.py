from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import feedparser
import pytest

from .conftest import Run


@pytest.fixture
def demo_home(demo_database: Path, cli_env: dict[str, str]) -> Path:
    """The CLI's home holding a copy of the demo knowledge base."""
    home = Path(cli_env["ALLEGIANCE_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo_database, home / "allegiance.db")
    return home


def _lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_cli_watch_then_alerts_records_once_and_prints_every_format(
    run_cli: Run, demo_home: Path
) -> None:
    added = run_cli("watch", "add", "Abu Khuzayma al-Urduni", "--kind", "pledge", "-o", "jsonl")
    assert added.returncode == 0, added.stderr
    [rule] = _lines(added.stdout)
    assert rule["target"] == "Abu Khuzayma al-Urduni" and rule["kinds"] == ["pledge"]

    first = run_cli("alerts", "--format", "json")
    assert first.returncode == 0, first.stderr
    assert "1 new alert(s)" in first.stderr
    [alert] = _lines(first.stdout)
    assert alert["kind"] == "pledge" and alert["new"] is True and alert["rule_id"] == rule["id"]
    assert alert["evidence"][0]["claim_id"].startswith("clm-")
    assert "[reported" in str(alert["headline"])

    feed = run_cli("alerts", "--format", "atom")
    assert "0 new alert(s), 1 already recorded" in feed.stderr
    parsed = feedparser.parse(feed.stdout)
    assert not parsed.bozo
    assert [entry.id for entry in parsed.entries] == [f"urn:allegiance:alert:{alert['id']}"]


def test_cli_ingest_runs_the_watch_and_remove_keeps_the_rule(
    run_cli: Run, demo_home: Path, tmp_path: Path
) -> None:
    [rule] = _lines(run_cli("watch", "add", "Anbar", "-k", "control", "-o", "jsonl").stdout)
    report = tmp_path / "report.txt"
    report.write_text("Militants were reported near Rawa on Monday.", encoding="utf-8")
    ingested = run_cli("ingest", "--no-analyse", "--quiet", str(report))
    assert ingested.returncode == 0, ingested.stderr
    assert "watched 1 rule(s):" in ingested.stderr
    removed = run_cli("watch", "remove", str(rule["id"]), "--author", "lead", "-o", "jsonl")
    assert removed.returncode == 0, removed.stderr
    [listed] = _lines(run_cli("watch", "list", "--all", "-o", "jsonl").stdout)
    assert listed["id"] == rule["id"] and listed["removed_by"] == "lead"


def test_cli_alerts_reports_a_refused_webhook_and_fails(run_cli: Run, demo_home: Path) -> None:
    hook = "http://127.0.0.1:9/hook"
    run_cli("watch", "add", "Abu Khuzayma al-Urduni", "-k", "pledge", "--webhook", hook)
    result = run_cli("alerts", "--format", "json")
    assert result.returncode == 1
    assert "refused" in result.stderr and "webhook_allow_private is off" in result.stderr
    [alert] = _lines(result.stdout)
    assert alert["delivery"]["status"] == "refused"
