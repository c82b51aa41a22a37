"""Case audits: one row per audit and domain; plan recommendations gain `audit_themes`."""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TEXT = ["child_id", "team", "worker", "auditor", "date", "type", "theme", "domain"]
_AFTER = ["moderator", "learning", "follow_up_due", "follow_up_done"]


def upgrade() -> None:
    op.create_table(
        "audit_rows",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("audit_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in _TEXT),
        sa.Column("grade", sa.String(length=24), nullable=False),
        sa.Column("moderated_grade", sa.String(length=24), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in _AFTER),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.Column("imported_by", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_rows_audit_id", "audit_rows", ["audit_id"])
    with op.batch_alter_table("plan_recommendations") as batch:
        batch.add_column(sa.Column("audit_themes", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("plan_recommendations") as batch:
        batch.drop_column("audit_themes")
    op.drop_index("ix_audit_rows_audit_id", table_name="audit_rows")
    op.drop_table("audit_rows")
