"""Index figures by load only (faster large loads)."""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.drop_index("ix_figures_key")
        batch.create_index("ix_figures_load", ["load_id"])


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.drop_index("ix_figures_load")
        batch.create_index("ix_figures_key", ["kpi_id", "period", "team", "load_id"])
