from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from allegiance.store import current_revision, head_revision, make_engine, upgrade
from allegiance.store.schema import alembic_config
from allegiance.store.search import FTS_TABLE, TSVECTOR_COLUMN, is_search_object
from allegiance.store.tables import metadata

TABLES = {
    "sources",
    "documents",
    "media",
    "entities",
    "aliases",
    "external_ids",
    "mentions",
    "claims",
    "events",
    "event_claims",
    "judgements",
    "judgement_subjects",
    "watch_rules",
    "alerts",
    "alert_claims",
    "alert_deliveries",
    "users",
    "web_sessions",
    "api_tokens",
    "login_attempts",
    "audit_log",
    "control_periods",
    "derived_tables",
    "kb_revision",
}


def _table_names(engine: Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_upgrade_creates_all_tables(kb_engine: Engine) -> None:
    assert TABLES | {"alembic_version"} <= _table_names(kb_engine)
    assert set(metadata.tables) == TABLES


def test_upgrade_creates_the_search_index(kb_engine: Engine) -> None:
    if kb_engine.dialect.name == "sqlite":
        assert FTS_TABLE in _table_names(kb_engine)
    else:
        columns = {column["name"] for column in sa.inspect(kb_engine).get_columns("documents")}
        assert TSVECTOR_COLUMN in columns


def test_upgrade_twice_changes_nothing(kb_engine: Engine) -> None:
    before = _table_names(kb_engine)
    upgrade(kb_engine)
    assert _table_names(kb_engine) == before
    assert current_revision(kb_engine) == head_revision()


def test_current_revision_is_none_before_upgrade(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_upgrade_matches_the_table_definitions(kb_engine: Engine) -> None:
    def include(obj: object, name: str | None, type_: str, reflected: bool, other: object) -> bool:
        return not is_search_object(type_, name)

    with kb_engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include, "compare_type": True}
        )
        assert compare_metadata(context, metadata) == []


def test_upgrade_after_downgrade_to_base_restores_every_table(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert _table_names(engine) <= {"alembic_version"}
        upgrade(engine)
        assert _table_names(engine) >= TABLES
    finally:
        engine.dispose()
