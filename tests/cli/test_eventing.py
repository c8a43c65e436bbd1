import json
from pathlib import Path

from tests.cli.conftest import Run

REPORTS = {
    "wire.md": """---
title: Rutba falls
publisher: Demo Wire
published: 2014-06-23
---
Islamic State fighters seized the border town of Rutba on Sunday, Iraqi officials said.
""",
    "monitor.md": """---
title: Rutba taken
publisher: Desert Monitor
published: 2014-06-23
---
Islamic State fighters captured Rutba on Sunday.
""",
}


def test_ingest_builds_events_that_list_and_show(run_cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    ingested = run_cli("ingest", "--quiet", str(folder))
    assert ingested.returncode == 0, ingested.stderr
    assert "built 1 event(s) from 2 claim(s)" in ingested.stderr
    assert "built 1 control period(s) of 1 place(s): controlled 1" in ingested.stderr

    listed = run_cli("events", "list", "--status", "corroborated", "--place", "Rutba")
    assert listed.returncode == 0, listed.stderr
    [event] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (event["type"], event["date"], event["credibility"]) == (
        "territory.capture",
        "2014-06-22",
        2,
    )
    assert len(event["claims"]) == len(event["documents"]) == 2
    assert run_cli("events", "list", "--since", "2014-07-01").stdout == ""

    shown = run_cli("events", "show", event["id"][:12])
    assert shown.returncode == 0, shown.stderr
    detail = json.loads(shown.stdout)
    assert detail["status"] == "corroborated"
    assert {o["label"] for o in detail["origins"]} >= {"Desert Monitor"}
    assert all(c["effective_grade"].endswith("2") for c in detail["claims"])
    assert {c["source"]["publisher"] for c in detail["claims"]} == {"Demo Wire", "Desert Monitor"}

    rebuilt = run_cli("events", "build")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "built 1 event(s) from 2 claim(s), replacing 1" in rebuilt.stdout
    assert run_cli("events", "show", "evt-missing").returncode == 4
