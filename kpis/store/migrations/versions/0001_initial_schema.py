"""Initial schema"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kpi_id", sa.String(length=64), nullable=False),
        sa.Column("team", sa.Text(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("due", sa.String(length=10), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "bench_areas",
        sa.Column("area_code", sa.Integer(), nullable=False),
        sa.Column("area_name", sa.Text(), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("london", sa.Text(), nullable=True),
        sa.Column("new_la_code", sa.Text(), nullable=True),
        sa.Column("la_type", sa.Text(), nullable=True),
    )
    op.create_table(
        "bench_measures",
        sa.Column("kpi_id", sa.String(length=64), nullable=False),
        sa.Column("polarity", sa.String(length=32), nullable=True),
        sa.Column("dps", sa.Integer(), nullable=True),
        sa.Column("no_quartile", sa.Boolean(), nullable=True),
        sa.Column("lait", sa.Text(), nullable=True),
        sa.Column("ees_indicator", sa.Text(), nullable=True),
        sa.Column("complement", sa.Boolean(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
    )
    op.create_table(
        "bench_neighbours",
        sa.Column("model_year", sa.Integer(), nullable=False),
        sa.Column("la_code", sa.Integer(), nullable=False),
        sa.Column("neighbour_rank", sa.Integer(), nullable=False),
        sa.Column("neighbour_code", sa.Integer(), nullable=False),
        sa.Column("closeness", sa.Text(), nullable=True),
    )
    op.create_table(
        "bench_values",
        sa.Column("kpi_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.Integer(), nullable=True),
        sa.Column("area_name", sa.Text(), nullable=True),
        sa.Column("level", sa.String(length=32), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
    )
    op.create_table(
        "benchmark_imports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("files", sa.Text(), nullable=False),
        sa.Column("user", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "loads",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("user", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.String(length=32), nullable=False),
        sa.Column("rows_in_file", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("revised", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rolled_back_at", sa.String(length=32), nullable=True),
        sa.Column("rolled_back_by", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("loads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loads_sha256"), ["sha256"], unique=False)

    op.create_table(
        "rebases",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kpi_id", sa.String(length=64), nullable=False),
        sa.Column("team", sa.Text(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "target_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kpi_id", sa.String(length=64), nullable=False),
        sa.Column("financial_year", sa.String(length=7), nullable=False),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("tolerance", sa.Float(), nullable=True),
        sa.Column("set_by", sa.Text(), nullable=False),
        sa.Column("set_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("load_id", sa.Integer(), nullable=False),
        sa.Column("kpi_id", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("team", sa.Text(), nullable=False),
        sa.Column("worker", sa.Text(), nullable=True),
        sa.Column("child_id", sa.Text(), nullable=False),
        sa.Column("start_date", sa.String(length=10), nullable=True),
        sa.Column("event_date", sa.String(length=10), nullable=True),
        sa.Column("due_date", sa.String(length=10), nullable=True),
        sa.Column("days_late", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["load_id"],
            ["loads.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_load_id"), ["load_id"], unique=False)

    op.create_table(
        "figures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("load_id", sa.Integer(), nullable=False),
        sa.Column("kpi_id", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("team", sa.Text(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("numerator", sa.Float(), nullable=True),
        sa.Column("denominator", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("commentary", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["load_id"],
            ["loads.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.create_index(
            "ix_figures_key", ["kpi_id", "period", "team", "load_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_index("ix_figures_key")

    op.drop_table("figures")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_load_id"))

    op.drop_table("cases")
    op.drop_table("target_changes")
    op.drop_table("settings")
    op.drop_table("rebases")
    with op.batch_alter_table("loads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loads_sha256"))

    op.drop_table("loads")
    op.drop_table("benchmark_imports")
    op.drop_table("bench_values")
    op.drop_table("bench_neighbours")
    op.drop_table("bench_measures")
    op.drop_table("bench_areas")
    op.drop_table("audit")
    op.drop_table("actions")
