from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from allegiance.model import ConfigurationError
from allegiance.store import make_engine, session_factory
from allegiance.store.engine import SQLITE_BUSY_TIMEOUT_MS


def _pragma(engine: Engine, name: str) -> object:
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_make_engine_sqlite_creates_parent_folder(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "kb.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
    engine.dispose()
    assert path.exists()


def test_make_engine_sqlite_sets_pragmas_on_every_connection(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    assert _pragma(engine, "journal_mode") == "wal"
    assert _pragma(engine, "foreign_keys") == 1
    assert _pragma(engine, "busy_timeout") == SQLITE_BUSY_TIMEOUT_MS
    assert _pragma(engine, "synchronous") == 1  # NORMAL
    engine.dispose()


def test_make_engine_sqlite_enforces_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
        connection.exec_driver_sql("CREATE TABLE child (parent_id INTEGER REFERENCES parent(id))")
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO child VALUES (42)")
    engine.dispose()


def test_make_engine_sqlite_reads_inside_a_transaction_see_one_snapshot(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE item (id INTEGER PRIMARY KEY)")
    with engine.connect() as reader:
        reader.begin()
        before = reader.exec_driver_sql("SELECT count(*) FROM item").scalar()
        with engine.begin() as writer:
            writer.exec_driver_sql("INSERT INTO item VALUES (1)")
        assert reader.exec_driver_sql("SELECT count(*) FROM item").scalar() == before
    engine.dispose()


def test_make_engine_sqlite_in_memory_keeps_one_database() -> None:
    engine = make_engine("sqlite://")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE item (id INTEGER PRIMARY KEY)")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM item").scalar() == 0


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://user@db.example/kb",
        "postgres://user@db.example/kb",
        "postgresql+psycopg://db.example/kb",
    ],
)
def test_make_engine_postgresql_uses_psycopg3(url: str) -> None:
    engine = make_engine(url)
    assert engine.url.drivername == "postgresql+psycopg"
    assert engine.dialect.driver == "psycopg"


@pytest.mark.parametrize(
    "url", ["mysql://db.example/kb", "postgresql+psycopg2://db.example/kb", "oracle://x", "kb.db"]
)
def test_make_engine_refuses_unknown_scheme(url: str) -> None:
    with pytest.raises(ConfigurationError):
        make_engine(url)


def test_session_factory_keeps_objects_usable_after_commit(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'kb.db'}")
    sessions = session_factory(engine)
    with sessions.begin() as session:
        assert session.execute(sa.text("SELECT 1")).scalar() == 1
    assert sessions.kw["expire_on_commit"] is False
    engine.dispose()
