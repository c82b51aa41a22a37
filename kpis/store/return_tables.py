"""The returns' tables: which returns are held, their child-level records, the year-end figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from sqlalchemy import (
    Column,
    Connection,
    Float,
    ForeignKey,
    Integer,
    Select,
    String,
    Table,
    Text,
    UniqueConstraint,
    select,
)

from kpis.returns.model import Return
from kpis.returns.tables import CIN_ITEMS, CIN_KEYS, HELD, USED, field
from kpis.store.schema import metadata

# One row per return held: the SSDA903 of a collection year ('903', period_end 31 March) or a
# CIN census ('cin', period_end its ReferenceDate). Loading one again replaces it.
returns = Table(
    "returns",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False),
    Column("period_end", String(10), nullable=False),
    Column("files", Text, nullable=False),
    # The tables the return held (a table given with no records still counts as given).
    Column("tables", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("loaded_at", String(32), nullable=False),
    Column("loaded_by", Text, nullable=False),
    UniqueConstraint("kind", "period_end", name="uq_returns_kind_period"),
)

# Worked out once per import from every held return (no personal data: figures only), so the
# year-end figures and who is behind them are read, not recomputed, wherever they show.
return_year_ends = Table(
    "return_year_ends",
    metadata,
    Column("kpi_id", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("numerator", Float, nullable=False),
    Column("denominator", Float, nullable=False),
    Column("value", Float, nullable=False),
)
return_breakdowns = Table(
    "return_breakdowns",
    metadata,
    Column("kpi_id", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("dimension", Text, nullable=False),
    Column("grp", Text, nullable=False),
    Column("numerator", Float, nullable=False),
    Column("denominator", Float, nullable=False),
    Column("value", Float, nullable=False),
)
YEAR_END_COLUMNS = ["kpi_id", "year", "numerator", "denominator", "value"]
BREAKDOWN_COLUMNS = ["kpi_id", "year", "dimension", "group", "numerator", "denominator", "value"]

# Each table's text fields and its integer keys; the names are the readers' frame columns.
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    **{name: (tuple(field(c) for c in cols if c != "CHILD"), ()) for name, cols in USED.items()},
    **{name: (tuple(items), CIN_KEYS[name]) for name, items in CIN_ITEMS.items()},
}
KIND_OF = {**dict.fromkeys(USED, "903"), **dict.fromkeys(CIN_ITEMS, "cin")}


def table_name(name: str) -> str:
    """The database table of a return table: Episodes -> return_903_episodes."""
    return f"return_{KIND_OF[name]}_{name.lower()}"


def _rows_table(name: str) -> Table:
    texts, keys = FIELDS[name]
    return Table(
        table_name(name),
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("return_id", Integer, ForeignKey("returns.id"), nullable=False, index=True),
        Column("seq", Integer, nullable=False),
        Column("file", Text, nullable=False),
        Column("file_row", Integer),
        Column("element", Text, nullable=False),
        Column("child", Text, nullable=False),
        *(Column(k, Integer, nullable=False) for k in keys),
        *(Column(t, Text, nullable=False) for t in texts),
    )


ROW_TABLES: dict[str, Table] = {name: _rows_table(name) for name in FIELDS}


def read_tables(
    conn: Connection, leave_out: set[tuple[str, str]] | frozenset = frozenset()
) -> dict[str, pd.DataFrame]:
    """Every held return's records, table by table, as the readers give them plus
    `period_end` (the ISO date its return's year ends), oldest return first; and under HELD
    the returns themselves (kind, period_end, tables: the names they held, comma-separated)."""
    held = pd.read_sql(
        select(returns.c.id, returns.c.kind, returns.c.period_end, returns.c.tables).order_by(
            returns.c.period_end
        ),
        conn,
    )
    keep = [(k, p) not in leave_out for k, p in zip(held["kind"], held["period_end"], strict=True)]
    held = held[np.array(keep, dtype=bool)].reset_index(drop=True)
    out = {HELD: held.drop(columns="id")}
    for name, table in ROW_TABLES.items():
        texts, keys = FIELDS[name]
        columns = (table.c.file, table.c.file_row, table.c.element, table.c.child,
                   *(table.c[k] for k in (*keys, *texts)))  # fmt: skip
        # Return by return (oldest first): the driver then makes no strings for the return
        # of every record, and no join is sorted.
        rows: list[tuple] = []
        periods: list[str] = []
        for return_id, period_end in zip(held["id"], held["period_end"], strict=True):
            query = select(*columns).where(table.c.return_id == int(return_id))
            got = _plain_rows(conn, query.order_by(table.c.seq))
            rows += got
            periods += [period_end] * len(got)
        frame = pd.DataFrame(rows, columns=["file", "row", "element", "child", *keys, *texts])
        frame.insert(0, "period_end", periods)
        frame["row"] = frame["row"].astype("Int64")
        for key in keys:
            frame[key] = frame[key].astype("int64")
        out[name] = frame
    return out


def _plain_rows(conn: Connection, query: Select) -> list[tuple]:
    """The query's rows as the driver gives them: plain tuples. SQLAlchemy's Row objects (and
    pandas probing each for attributes) cost more than reading them; the query's parameters
    are numbers, written into it, and its columns need no conversion."""
    sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def columns_of(name: str) -> list[str]:
    """A stored table's columns as read_tables gives them."""
    texts, keys = FIELDS[name]
    return ["period_end", "file", "row", "element", "child", *keys, *texts]


def empty_tables() -> dict[str, pd.DataFrame]:
    """Every return table with no records (what read_tables gives for an empty store)."""
    out = {name: pd.DataFrame(columns=columns_of(name)) for name in ROW_TABLES}
    out[HELD] = pd.DataFrame(columns=["kind", "period_end", "tables"])
    return out


def combine(held: Mapping[str, pd.DataFrame], new: Sequence[Return]) -> dict[str, pd.DataFrame]:
    """The held tables with the new returns' records added (each tagged with its period_end);
    a table no return has stays empty."""
    out = {}
    for name, frame in held.items():
        if name == HELD:
            made = [(r.kind, r.period_end.isoformat(), ",".join(r.tables)) for r in new]
            out[name] = pd.concat(
                [frame, pd.DataFrame(made, columns=["kind", "period_end", "tables"])],
                ignore_index=True,
            )
            continue
        parts = [frame]
        for ret in new:
            if name in ret.tables and KIND_OF[name] == ret.kind:
                parts.append(ret.tables[name].assign(period_end=ret.period_end.isoformat()))
        parts = [p for p in parts if len(p)]
        out[name] = pd.concat(parts, ignore_index=True) if parts else frame
    return out
