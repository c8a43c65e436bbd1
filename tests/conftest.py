"""Shared database fixtures: every test that uses them runs on SQLite and on PostgreSQL.

- `database_url`: an empty database made for one test (a SQLite file, or a fresh
  PostgreSQL database dropped afterwards) — for tests of migrations and engines.
- `kb_engine`: an engine on a database migrated to the newest schema and empty at the
  start of each test.
- `demo_sessions`: a SQLite knowledge base built once per test session from the bundled
  demo reports (the real pipeline); read it only. `demo_copy` gives a test its own copy
  to write to. On PostgreSQL one migrated database serves the whole test session
  and is emptied after each test (creating a database costs a third of a second).

When the PostgreSQL server cannot be reached its tests skip, unless ALLEGIANCE_REQUIRE_PG=1
is set: then they fail, so a CI run cannot pass without having run them.
ALLEGIANCE_TEST_PG_URL names the server's maintenance database
(default postgresql://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from psycopg import sql
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from allegiance.settings import Settings
from allegiance.store import make_engine, session_factory, upgrade
from allegiance.store.tables import metadata

DEMO = Path(__file__).resolve().parents[1] / "demo"

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


@pytest.fixture(scope="session")
def postgresql_server() -> str:
    """The URL of a reachable PostgreSQL server's maintenance database."""
    url = os.environ.get("ALLEGIANCE_TEST_PG_URL", DEFAULT_PG_URL)
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        message = f"PostgreSQL server at {url} is unreachable: {exc}"
        if os.environ.get("ALLEGIANCE_REQUIRE_PG") == "1":
            pytest.fail(f"{message} (ALLEGIANCE_REQUIRE_PG=1 makes this a failure)")
        pytest.skip(message)
    return url


@contextmanager
def fresh_postgresql_database(server: str) -> Iterator[str]:
    """A new, empty database on `server`, dropped (even if still in use) on leaving."""
    name = f"allegiance_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The URL of an empty database of each kind, made for this test alone."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'knowledge-base.db'}"
        return
    with fresh_postgresql_database(request.getfixturevalue("postgresql_server")) as url:
        yield url


@pytest.fixture(scope="session")
def postgresql_kb_engine(postgresql_server: str) -> Iterator[Engine]:
    """One migrated PostgreSQL database for the whole session (see `kb_engine`)."""
    with fresh_postgresql_database(postgresql_server) as url:
        engine = make_engine(url)
        upgrade(engine)
        yield engine
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def kb_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """An engine on an empty database migrated to the newest schema."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'knowledge-base.db'}")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    engine = request.getfixturevalue("postgresql_kb_engine")
    try:
        yield engine
    finally:
        _empty(engine)


def _empty(engine: Engine) -> None:
    """Empty every table; the one row of `kb_revision` is kept, its counts back at zero."""
    quote = engine.dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in metadata.tables if name != "kb_revision")
    with engine.begin() as connection:
        # A test that left a transaction open would otherwise make this wait for ever.
        connection.execute(sa.text("SET LOCAL lock_timeout = '10s'"))
        connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        connection.execute(sa.text("UPDATE kb_revision SET claims = 0, judgements = 0"))


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the demo knowledge base: the 40 reports ingested and analysed."""
    from allegiance.workflow.analysis import build_analysis
    from allegiance.workflow.ingestion import ingest

    home = tmp_path_factory.mktemp("demo")
    path = home / "kb.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    settings = Settings(home=home)
    summary = ingest(
        [str(DEMO / "reports")],
        settings=settings,
        sessions=session_factory(engine),
        stage=build_analysis(settings),
    )
    engine.dispose()
    assert summary.ok and summary.added == 40
    return path


@pytest.fixture(scope="session")
def demo_sessions(demo_database: Path) -> Iterator[sessionmaker[Session]]:
    """Sessions on the shared demo knowledge base; tests must not write to it."""
    engine = make_engine(f"sqlite:///{demo_database}")
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture
def demo_copy(demo_database: Path, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    """Sessions on this test's own copy of the demo knowledge base, free to write to."""
    path = tmp_path / "kb.db"
    shutil.copyfile(demo_database, path)
    engine = make_engine(f"sqlite:///{path}")
    yield session_factory(engine)
    engine.dispose()
