"""Alembic environment: runs migrations on the connection `schema.upgrade` hands over.

Run from the Alembic command line (through `schema.alembic_config(url)`), it opens its own
engine from the `sqlalchemy.url` option instead.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from allegiance.model.errors import StoreError
from allegiance.store.engine import make_engine
from allegiance.store.search import is_search_object
from allegiance.store.tables import metadata


def _include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave the dialect-specific full-text objects out of autogenerate comparisons."""
    return not is_search_object(type_, name)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=_include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise StoreError("no connection given and no sqlalchemy.url option set")
    engine = make_engine(url)
    try:
        with engine.begin() as own_connection:
            _run(own_connection)
    finally:
        engine.dispose()


_run_online()
