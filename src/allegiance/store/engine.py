"""Engines for the two supported databases: a SQLite file (default) and PostgreSQL."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from allegiance.model.errors import ConfigurationError

SQLITE_BUSY_TIMEOUT_MS = 10_000

_SQLITE_DRIVERS = {"sqlite", "sqlite+pysqlite"}
_POSTGRESQL_DRIVERS = {"postgresql", "postgres", "postgresql+psycopg"}

# Arabic names stay readable in the JSON columns instead of becoming \u escapes.
_json_serializer = partial(json.dumps, ensure_ascii=False)


def make_engine(url: str) -> Engine:
    """An engine for `url`: `sqlite:///path` or `postgresql://…` (driven by psycopg 3)."""
    parsed = _parse(url)
    if parsed.drivername in _SQLITE_DRIVERS:
        return _sqlite_engine(parsed)
    if parsed.drivername in _POSTGRESQL_DRIVERS:
        return create_engine(
            parsed.set(drivername="postgresql+psycopg"),
            pool_pre_ping=True,
            json_serializer=_json_serializer,
        )
    raise ConfigurationError(
        f"unsupported database URL scheme {parsed.drivername!r}: use sqlite:/// or postgresql://"
    )


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to `engine`; callers open transactions with `factory.begin()`."""
    return sessionmaker(engine, expire_on_commit=False)


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise ConfigurationError(f"not a database URL: {url!r}") from exc


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    options: dict[str, Any] = {"json_serializer": _json_serializer}
    if database in ("", ":memory:"):
        # One shared connection, or every checkout would see a new empty database.
        options |= {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    else:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url.set(drivername="sqlite+pysqlite"), **options)
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling delays BEGIN until the first write, so reads
    # before it would see other commits; SQLAlchemy emits BEGIN itself (see below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")
