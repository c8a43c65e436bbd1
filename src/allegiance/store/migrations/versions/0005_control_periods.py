"""Stored control periods: each place's status over time, derived from its territory claims.

Control of a province as of a day read every territory claim of its places and applied the
precedence rules on each call (about 2,000 claims at 10^5 claims in all). The periods are
now built once, at the end of ingestion and extraction, and a question reads one row per
place. `derived_tables` records what the knowledge base held when they were built, so a
reader falls back to computing when claims or judgements were added since.
docs/control.md, "Speed".

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON()


def upgrade() -> None:
    op.create_table(
        "control_periods",
        sa.Column("place_id", sa.String, sa.ForeignKey("entities.id"), primary_key=True),
        sa.Column("start_day", sa.Date, primary_key=True),
        sa.Column("end_day", sa.Date),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("rule", sa.String, nullable=False),
        sa.Column("actor_id", sa.String),
        sa.Column("actors", _JSON, nullable=False),
        sa.Column("held_by_id", sa.String),
        sa.Column("evidence", _JSON, nullable=False),
        sa.Column("others", _JSON, nullable=False),
    )
    op.create_table(
        "derived_tables",
        sa.Column("name", sa.String, primary_key=True),
        sa.Column("fingerprint", sa.String, nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("derived_tables")
    op.drop_table("control_periods")
