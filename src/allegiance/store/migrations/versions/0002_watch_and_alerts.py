"""Watch rules, the alerts they raise, the claims behind each alert and webhook deliveries.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON()
_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "watch_rules",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("target_id", sa.String, sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("kinds", _JSON, nullable=False),
        sa.Column("webhook_url", sa.String),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("removed_at", _TIMESTAMP),
        sa.Column("removed_by", sa.String),
        sa.Index(None, "target_id"),
    )
    _create_alerts()
    op.create_table(
        "alert_claims",
        sa.Column("alert_id", sa.String, sa.ForeignKey("alerts.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.String, sa.ForeignKey("claims.id"), nullable=False),
        sa.Column("role", sa.String, nullable=False),
        sa.Index(None, "claim_id"),
    )
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("alert_id", sa.String, sa.ForeignKey("alerts.id"), nullable=False),
        sa.Column("url", sa.String, nullable=False),
        sa.Column("attempted_at", _TIMESTAMP, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("response_status", sa.Integer),
        sa.Column("error", sa.Text),
        sa.Index(None, "alert_id"),
    )


def downgrade() -> None:
    for table in ("alert_deliveries", "alert_claims", "alerts", "watch_rules"):
        op.drop_table(table)


def _create_alerts() -> None:
    entity = "entities.id"
    op.create_table(
        "alerts",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("rule_id", sa.String, sa.ForeignKey("watch_rules.id"), nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("headline", sa.Text, nullable=False),
        sa.Column("subject_id", sa.String, sa.ForeignKey(entity)),
        sa.Column("object_id", sa.String, sa.ForeignKey(entity)),
        sa.Column("place_id", sa.String, sa.ForeignKey(entity)),
        sa.Column("date_start", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("date_precision", sa.String),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Index(None, "rule_id"),
        sa.Index(None, "kind"),
        sa.Index(None, "created_at"),
    )
