"""The store's tables: loads, every version of every figure, and settings."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

loads = Table(
    "loads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("user", Text, nullable=False),
    Column("loaded_at", String(32), nullable=False),
    Column("rows_in_file", Integer, nullable=False),
    Column("new", Integer, nullable=False),
    Column("revised", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
    Column("rolled_back_at", String(32)),
    Column("rolled_back_by", Text),
)

# One row per version of a figure; the current figure is the latest version from a load in effect.
figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("load_id", Integer, ForeignKey("loads.id"), nullable=False),
    Column("kpi_id", String(64), nullable=False),
    Column("period", String(7), nullable=False),
    Column("team", Text, nullable=False, default=""),
    Column("value", Float, nullable=False),
    Column("numerator", Float),
    Column("denominator", Float),
    Column("target", Float),
    Column("commentary", Text),
    # Only the load: loads insert many rows at once, and an index over the text key cost a
    # third of a large load's time while reads scan the table anyway.
    Index("ix_figures_load", "load_id"),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# Dates an analyst recorded where a KPI's process changed, so SPC limits start afresh there.
rebases = Table(
    "rebases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kpi_id", String(64), nullable=False),
    Column("team", Text, nullable=False, default=""),
    Column("period", String(7), nullable=False),
    Column("reason", Text, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", String(32), nullable=False),
)

# What a manager will do about an exception: kept with the figure, shown to the board next month.
actions = Table(
    "actions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kpi_id", String(64), nullable=False),
    Column("team", Text, nullable=False, default=""),
    Column("period", String(7), nullable=False),
    Column("owner", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("due", String(10), nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", String(32), nullable=False),
)

# The cases behind case-level KPIs that miss (personal data: never on board views or packs).
cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("load_id", Integer, ForeignKey("loads.id"), nullable=False, index=True),
    Column("kpi_id", String(64), nullable=False),
    Column("period", String(7), nullable=False),
    Column("team", Text, nullable=False),
    Column("worker", Text),
    Column("child_id", Text, nullable=False),
    Column("start_date", String(10)),
    Column("event_date", String(10)),
    Column("due_date", String(10)),
    Column("days_late", Integer),
    Column("reason", Text),
)

# Benchmarks imported by an analyst; they override the shipped DfE figures (data/benchmarks/).
bench_values = Table(
    "bench_values",
    metadata,
    Column("kpi_id", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("area_code", Integer),
    Column("area_name", Text),
    Column("level", String(32)),
    Column("region", Text),
    Column("value", Float),
    Column("reason", Text),
    Column("source", Text),
)
bench_neighbours = Table(
    "bench_neighbours",
    metadata,
    Column("model_year", Integer, nullable=False),
    Column("la_code", Integer, nullable=False),
    Column("neighbour_rank", Integer, nullable=False),
    Column("neighbour_code", Integer, nullable=False),
    Column("closeness", Text),
)
bench_areas = Table(
    "bench_areas",
    metadata,
    Column("area_code", Integer, nullable=False),
    Column("area_name", Text),
    Column("region", Text),
    Column("london", Text),
    Column("new_la_code", Text),
    Column("la_type", Text),
)
bench_measures = Table(
    "bench_measures",
    metadata,
    Column("kpi_id", String(64), nullable=False),
    Column("polarity", String(32)),
    Column("dps", Integer),
    Column("no_quartile", Boolean),
    Column("lait", Text),
    Column("ees_indicator", Text),
    Column("complement", Boolean),
    Column("source", Text),
)
benchmark_imports = Table(
    "benchmark_imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("files", Text, nullable=False),
    Column("user", Text, nullable=False),
    Column("imported_at", String(32), nullable=False),
    Column("rows", Integer, nullable=False),
)
BENCHMARK_TABLES = {
    "values": bench_values,
    "neighbours": bench_neighbours,
    "areas": bench_areas,
    "measures": bench_measures,
}

# Who did what, when: sign-ins, loads (and rejected attempts), rollbacks, target changes,
# actions, case-list views, settings and user changes.
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("actor", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("event", String(40), nullable=False),
    Column("detail", Text, nullable=False, default=""),
)

# Targets and tolerances an analyst set in the app; the latest per KPI and financial year wins
# over the catalogue ('' as the year means the KPI's default target).
target_changes = Table(
    "target_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kpi_id", String(64), nullable=False),
    Column("financial_year", String(7), nullable=False, default=""),
    Column("target", Float),
    Column("tolerance", Float),
    Column("set_by", Text, nullable=False),
    Column("set_at", String(32), nullable=False),
)
