"""Writing rows the same way on SQLite and PostgreSQL, and reporting _refusals as StoreError."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from allegiance.model.errors import StoreError


def dialect_name(session: Session) -> str:
    return session.get_bind().dialect.name


def insert_row(
    session: Session,
    table: sa.Table,
    values: Mapping[str, object],
    *,
    ignore_conflicts: bool = False,
) -> bool:
    """Insert one row; with `ignore_conflicts`, a row whose key is taken is skipped.

    Returns whether the row was inserted. A value one of the databases cannot hold (a NUL
    character, a JSON column value that is not JSON, NaN) is refused on both, so both
    behave the same.
    """
    _refuse_nul(table.name, values)
    _refuse_non_json(table, values)
    statement: sa.Insert
    if not ignore_conflicts:
        statement = sa.insert(table)
    elif dialect_name(session) == "sqlite":
        statement = sqlite.insert(table).on_conflict_do_nothing()
    else:
        statement = postgresql.insert(table).on_conflict_do_nothing()
    # Without preserve_rowcount, psycopg's rowcount for an INSERT reads -1.
    statement = statement.values(**values).execution_options(preserve_rowcount=True)
    with _refusals(f"storing a row in {table.name}"):
        result = cast(CursorResult[Any], session.execute(statement))
    return result.rowcount == 1


@contextmanager
def _refusals(action: str) -> Iterator[None]:
    """Turn the database refusing a write into a StoreError that says what was refused.

    After a refusal the caller's transaction must be rolled back (PostgreSQL aborts it).
    """
    try:
        yield
    except (IntegrityError, DataError) as exc:
        raise StoreError(f"{action} was refused: {exc.orig}") from exc


def _refuse_non_json(table: sa.Table, values: Mapping[str, object]) -> None:
    for column, value in values.items():
        if isinstance(table.c[column].type, sa.JSON):
            try:
                json.dumps(value, allow_nan=False)
            except (TypeError, ValueError) as exc:
                raise StoreError(
                    f"{table.name}.{column} could not be stored, it is not JSON: {exc}"
                ) from exc


def _refuse_nul(table: str, values: Mapping[str, object]) -> None:
    for column, value in values.items():
        if _has_nul(value):
            raise StoreError(f"{table}.{column} contains a NUL character, which cannot be stored")


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False
