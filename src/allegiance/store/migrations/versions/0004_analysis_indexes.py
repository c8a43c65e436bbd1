"""An index for questions of control: the territory claims of the places of an area.

By place and type, so the claim types are checked in the index and only the territory
claims' rows are fetched (the index on `place_id` alone fetched every claim at the place).
docs/control.md, "Speed".

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAME = "ix_claims_place_id_type"


def upgrade() -> None:
    op.create_index(_NAME, "claims", ["place_id", "type"])


def downgrade() -> None:
    op.drop_index(_NAME, table_name="claims")
