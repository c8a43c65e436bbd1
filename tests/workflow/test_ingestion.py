"""The batch rules: good files stored, each bad one named with its reason, nothing partial."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from allegiance.settings import Settings
from allegiance.store import KnowledgeBase, make_engine, session_factory, upgrade
from allegiance.workflow.ingestion import ingest

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>
"""


def _mixed_folder(root: Path) -> Path:
    folder = root / "mixed"
    folder.mkdir()
    (folder / "good.md").write_text("---\ntitle: Good\n---\nClashes near Mayadin.\n")
    (folder / "good.html").write_text(
        "<html><head><title>Page</title></head><body><article><h1>Page</h1>"
        "<p>Government troops pulled out of the town of Rawa on Saturday after heavy"
        " fighting with militants, residents told a local radio station.</p>"
        "</article></body></html>"
    )
    (folder / "latin1.txt").write_bytes("Caf\xe9 owners in Deir ez-Zor said\n".encode("latin-1"))
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    (folder / "truncated.json").write_text('{"data": [{"id": "1", "text": "cut off')
    (folder / "bomb.rss").write_text(BOMB)
    (folder / "huge.txt").write_text("word " * 400_000)  # 2 MB, over the 1 MB test limit
    (folder / "posts.csv").write_text("when,what\n2014-06-01,hello\n")
    return folder


def _sessions(tmp_path: Path) -> sessionmaker[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    upgrade(engine)
    return session_factory(engine)


def test_ingestion_mixed_folder_stores_good_and_names_bad(tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path)
    settings = Settings(home=tmp_path, max_file_mb=1)
    sessions = _sessions(tmp_path)
    summary = ingest([str(folder)], settings=settings, sessions=sessions, column_map=None)
    failed = {Path(failure.origin).name: failure.reason for failure in summary.failed}
    assert set(failed) == {
        "empty.txt", "binary.txt", "truncated.json", "bomb.rss", "huge.txt", "posts.csv"
    }  # fmt: skip
    assert all(reason and "\n" not in reason for reason in failed.values())
    assert summary.added == 3
    assert not summary.ok
    with sessions() as session:
        kb = KnowledgeBase(session)
        assert kb.stats().documents == 3
        decoded = [r for r in kb.list_documents(limit=10) if r.document.decode_errors]
        assert len(decoded) == 1  # invalid UTF-8 is kept, with the replacements counted


def _write_batch(folder: Path, count: int) -> None:
    folder.mkdir()
    for index in range(count):
        text = f"Report {index}: clashes were reported near the town number {index}.\n" * 20
        (folder / f"report-{index:04d}.txt").write_text(text)


def _count(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("select count(*) from documents").fetchone()[0])


def _ingest_command(folder: Path) -> list[str]:
    return [sys.executable, "-m", "allegiance", "ingest", "--quiet", str(folder)]


@pytest.mark.slow
def test_ingestion_survives_sigkill_mid_batch(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    _write_batch(folder, 400)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLEGIANCE_")}
    killed_home, clean_home = tmp_path / "killed", tmp_path / "clean"
    db = killed_home / "allegiance.db"
    process = subprocess.Popen(
        _ingest_command(folder),
        env={**env, "ALLEGIANCE_HOME": str(killed_home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists() and _count_safely(db) >= 20:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the batch finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partial = _count_safely(db)
    assert 0 < partial < 400

    rerun = subprocess.run(
        [*_ingest_command(folder)],
        env={**env, "ALLEGIANCE_HOME": str(killed_home)},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr
    assert f"{partial} already present" in rerun.stderr
    clean = subprocess.run(
        _ingest_command(folder),
        env={**env, "ALLEGIANCE_HOME": str(clean_home)},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert clean.returncode == 0, clean.stderr
    assert _count(db) == _count(clean_home / "allegiance.db") == 400
    with sqlite3.connect(db) as connection:
        assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert connection.execute("pragma foreign_key_check").fetchall() == []
    stats = subprocess.run(
        [sys.executable, "-m", "allegiance", "stats", "--json"],
        env={**env, "ALLEGIANCE_HOME": str(killed_home)},
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert json.loads(stats.stdout)["documents"] == 400


def _count_safely(db: Path) -> int:
    try:
        return _count(db)
    except sqlite3.Error:
        return 0
