"""Users of the web application, their sessions and API tokens, login attempts, audit log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON()
_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("name", sa.String, nullable=False, unique=True),
        sa.Column("role", sa.String, nullable=False),
        sa.Column("password_hash", sa.String, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("disabled_at", _TIMESTAMP),
    )
    _create_credentials()
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("address", sa.String, nullable=False),
        sa.Column("attempted_at", _TIMESTAMP, nullable=False),
        sa.Column("succeeded", sa.Boolean, nullable=False),
        sa.Index(None, "name", "attempted_at"),
        sa.Index(None, "address", "attempted_at"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", _TIMESTAMP, nullable=False),
        sa.Column("actor", sa.String, nullable=False),
        sa.Column("action", sa.String, nullable=False),
        sa.Column("target", sa.String, nullable=False),
        sa.Column("before", _JSON),
        sa.Column("after", _JSON),
        sa.Index(None, "at"),
        sa.Index(None, "actor"),
        sa.Index(None, "target"),
    )


def downgrade() -> None:
    for table in ("audit_log", "login_attempts", "api_tokens", "web_sessions", "users"):
        op.drop_table(table)


def _create_credentials() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String, primary_key=True),
        sa.Column("user_id", sa.String, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("csrf_token", sa.String, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("expires_at", _TIMESTAMP, nullable=False),
        sa.Column("ended_at", _TIMESTAMP),
        sa.Index(None, "user_id"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("token_hash", sa.String, nullable=False, unique=True),
        sa.Column("user_id", sa.String, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("label", sa.String, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("revoked_at", _TIMESTAMP),
        sa.Index(None, "user_id"),
    )
