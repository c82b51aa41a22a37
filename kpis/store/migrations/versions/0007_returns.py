"""The SSDA903 and CIN census returns: which are held, and their child-level records."""

import sqlalchemy as sa
from alembic import op

revision = "0007"
# After the case audits (0006).
down_revision = "0006"
branch_labels = None
depends_on = None

# As the tables stood when this migration was written: each one's integer keys and text fields.
_TABLES = {
    "return_903_header": ((), ("sex", "dob", "ethnic")),
    "return_903_episodes": ((), ("decom", "rne", "ls", "place", "dec")),
    "return_903_reviews": ((), ("review",)),
    "return_903_uasc": ((), ("duc",)),
    "return_903_oc2": ((), ("immunisations", "teeth_check", "health_assessment")),
    "return_903_oc3": ((), ("dob", "in_touch", "activ", "accom")),
    "return_903_missing": ((), ("missing", "mis_start", "mis_end")),
    "return_cin_children": ((), ("dob", "sex", "gender", "ethnicity")),
    "return_cin_referrals": (("detail",), ("referral",)),
    "return_cin_assessments": (("detail",), ("start", "authorised")),
    "return_cin_section47": (("detail",), ("s47_start", "icpc", "not_required")),
    "return_cin_plans": (("detail", "plan"), ("start", "end", "previous")),
    "return_cin_plan_reviews": (("detail", "plan"), ("review",)),
}


def upgrade() -> None:
    op.create_table(
        "returns",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("period_end", sa.String(length=10), nullable=False),
        sa.Column("files", sa.Text(), nullable=False),
        sa.Column("tables", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.String(length=32), nullable=False),
        sa.Column("loaded_by", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "period_end", name="uq_returns_kind_period"),
    )
    for name, (keys, texts) in _TABLES.items():
        op.create_table(
            name,
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("return_id", sa.Integer(), nullable=False),
            sa.Column("seq", sa.Integer(), nullable=False),
            sa.Column("file", sa.Text(), nullable=False),
            sa.Column("file_row", sa.Integer(), nullable=True),
            sa.Column("element", sa.Text(), nullable=False),
            sa.Column("child", sa.Text(), nullable=False),
            *(sa.Column(k, sa.Integer(), nullable=False) for k in keys),
            *(sa.Column(t, sa.Text(), nullable=False) for t in texts),
            sa.ForeignKeyConstraint(["return_id"], ["returns.id"]),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{name}_return_id"), ["return_id"], unique=False)

    op.create_table(
        "return_year_ends",
        sa.Column("kpi_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("numerator", sa.Float(), nullable=False),
        sa.Column("denominator", sa.Float(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
    )
    op.create_table(
        "return_breakdowns",
        sa.Column("kpi_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.Text(), nullable=False),
        sa.Column("grp", sa.Text(), nullable=False),
        sa.Column("numerator", sa.Float(), nullable=False),
        sa.Column("denominator", sa.Float(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("return_breakdowns")
    op.drop_table("return_year_ends")
    for name in reversed(_TABLES):
        op.drop_table(name)
    op.drop_table("returns")
