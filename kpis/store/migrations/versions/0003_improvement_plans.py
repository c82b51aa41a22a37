"""Improvement plans: recommendations, actions and progress updates, every version kept."""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _versioned(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        *columns,
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("superseded_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def upgrade() -> None:
    _versioned(
        "plan_recommendations",
        sa.Column("ref", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("area", sa.Text(), nullable=False),
        sa.Column("recommendation", sa.Text(), nullable=False),
        sa.Column("lead", sa.Text(), nullable=False),
        sa.Column("kpis", sa.Text(), nullable=False),
        sa.Column("due", sa.String(length=10), nullable=False),
        sa.Column("framework", sa.String(length=16), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
    )
    _versioned(
        "plan_actions",
        sa.Column("ref", sa.Text(), nullable=False),
        sa.Column("action_ref", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("due", sa.String(length=10), nullable=False),
        sa.Column("revised_due", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("completed", sa.String(length=10), nullable=False),
    )
    _versioned(
        "plan_updates",
        sa.Column("ref", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    for name in ("plan_updates", "plan_actions", "plan_recommendations"):
        op.drop_table(name)
