"""The returns' child-level tables, one return per kind and year, replaced when loaded again."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import (
    Column,
    Connection,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    delete,
    insert,
    select,
)

from kpis.access import Permission, require
from kpis.clock import now, stamp
from kpis.returns.model import Return
from kpis.returns.tables import CIN_ITEMS, CIN_KEYS, HELD, USED, field
from kpis.store.publishing import Publishing, PublishResult, bulk_insert, current, diff
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


@dataclass(frozen=True)
class Computed:
    """What an import's computation gives the store: the figures to publish and the cases
    behind them, and the year-end figures and their breakdowns to keep (None: leave as held)."""

    figures: pd.DataFrame
    cases: pd.DataFrame
    year_ends: pd.DataFrame | None = None
    breakdowns: pd.DataFrame | None = None


@dataclass(frozen=True)
class ReturnsWrite:
    """What an import did: returns stored (replacing or new), those already held identically,
    the publish result (None for a dry run, with `changes` then the figures marked new,
    revised or unchanged), and the computation's own result."""

    stored: tuple[str, ...]
    replaced: tuple[str, ...]
    identical: tuple[str, ...]
    result: PublishResult | None
    changes: pd.DataFrame | None
    computed: object


class Returns(Publishing):
    """Mixed into Store: the returns held, and storing new ones with their figures."""

    def returns_held(self) -> pd.DataFrame:
        """Which returns are held (no personal data): kind, period_end, files, when and who."""
        query = select(
            returns.c.kind, returns.c.period_end, returns.c.files, returns.c.loaded_at,
            returns.c.loaded_by,
        ).order_by(returns.c.kind, returns.c.period_end)  # fmt: skip
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def return_year_ends(self) -> pd.DataFrame:
        """The year-end figures worked out at the latest import (YEAR_END_COLUMNS)."""
        with self.engine.connect() as conn:
            frame = pd.read_sql(select(return_year_ends).order_by(return_year_ends.c.year), conn)
        return frame.astype({"year": "int64"})[YEAR_END_COLUMNS]

    def return_breakdowns(self) -> pd.DataFrame:
        """Who is behind each year-end figure (BREAKDOWN_COLUMNS), from the latest import."""
        with self.engine.connect() as conn:
            frame = pd.read_sql(select(return_breakdowns), conn)
        frame = frame.rename(columns={"grp": "group"}).astype({"year": "int64"})
        return frame[BREAKDOWN_COLUMNS]

    def return_tables(self) -> dict[str, pd.DataFrame]:
        """Every held return's child-level records (personal data): analysts and admins only,
        as no team is recorded to limit a manager to; every read is audited."""
        self._may_read_returns()
        with self.engine.connect() as conn:
            tables = read_tables(conn)
        self.record("returns read", f"{sum(len(t) for t in tables.values())} records")
        return tables

    def _may_read_returns(self) -> None:
        require(self.actor, Permission.VIEW_CASES)
        if not self.actor.sees_all_teams():
            require(self.actor, Permission.PUBLISH)

    def import_returns(
        self,
        new: Sequence[Return],
        compute: Callable[[dict[str, pd.DataFrame]], Computed],
        *,
        file_name: str,
        sha256: str,
        user: str | None = None,
        dry_run: bool = False,
    ) -> ReturnsWrite:
        """Store the new returns (each replacing the held one of its kind and period, audited)
        and publish what `compute` makes of all held returns as one load, in one transaction.
        A dry run computes the same and writes nothing."""
        require(self.actor, Permission.PUBLISH)
        if dry_run:
            with self.engine.connect() as conn:
                return self._import(conn, new, compute, file_name, sha256, user, dry_run=True)
        with self._write(Permission.PUBLISH) as conn:
            return self._import(conn, new, compute, file_name, sha256, user, dry_run=False)

    def _import(
        self,
        conn: Connection,
        new: Sequence[Return],
        compute: Callable[[dict[str, pd.DataFrame]], Computed],
        file_name: str,
        sha256: str,
        user: str | None,
        *,
        dry_run: bool,
    ) -> ReturnsWrite:
        held = {
            (row.kind, row.period_end): row
            for row in conn.execute(select(returns.c.id, returns.c.kind, returns.c.period_end,
                                           returns.c.sha256)).all()
        }  # fmt: skip
        keys = {(r.kind, r.period_end.isoformat()) for r in new}
        tables = combine(read_tables(conn, leave_out=keys), new)
        computed = compute(tables)
        identical = tuple(
            r.label for r in new if (h := held.get((r.kind, r.period_end.isoformat())))
            and h.sha256 == r.sha256
        )  # fmt: skip
        replaced = tuple(
            r.label for r in new if (r.kind, r.period_end.isoformat()) in held
            and r.label not in identical
        )  # fmt: skip
        stored = tuple(r.label for r in new if r.label not in identical)
        if dry_run:
            changes = diff(computed.figures, current(conn, None)) if len(computed.figures) else None
            return ReturnsWrite(stored, replaced, identical, None, changes, computed)
        who = user or self.actor.name
        for ret in new:
            if ret.label in identical:
                continue
            key = (ret.kind, ret.period_end.isoformat())
            if key in held:
                _remove(conn, held[key].id)
                self._audit(
                    conn, "returns replace", f"{ret.label} replaced by {', '.join(ret.files)}"
                )
            _store(conn, ret, who)
        _keep_year_ends(conn, computed)
        result = self._publish_in(
            conn, computed.figures, file_name=file_name, sha256=sha256, user=user,
            kind="returns", case_rows=computed.cases, match_identical=False,
        )  # fmt: skip
        if stored:
            self._audit(conn, "returns store", f"{', '.join(stored)} from {file_name}")
        return ReturnsWrite(stored, replaced, identical, result, None, computed)


def _keep_year_ends(conn: Connection, computed: Computed) -> None:
    if computed.year_ends is None or computed.breakdowns is None:
        return
    conn.execute(delete(return_year_ends))
    conn.execute(delete(return_breakdowns))
    bulk_insert(conn, "return_year_ends", computed.year_ends, YEAR_END_COLUMNS)
    parts = computed.breakdowns.rename(columns={"group": "grp"})
    columns = [c if c != "group" else "grp" for c in BREAKDOWN_COLUMNS]
    bulk_insert(conn, "return_breakdowns", parts, columns)


def _remove(conn: Connection, return_id: int) -> None:
    for table in ROW_TABLES.values():
        conn.execute(delete(table).where(table.c.return_id == return_id))
    conn.execute(delete(returns).where(returns.c.id == return_id))


def _store(conn: Connection, ret: Return, who: str) -> None:
    return_id = conn.execute(
        insert(returns).values(
            kind=ret.kind,
            period_end=ret.period_end.isoformat(),
            files=", ".join(ret.files),
            tables=",".join(ret.tables),
            sha256=ret.sha256,
            loaded_at=stamp(now()),
            loaded_by=who,
        )
    ).inserted_primary_key[0]
    for name, frame in ret.tables.items():
        texts, keys = FIELDS[name]
        rows = frame.assign(seq=range(len(frame)), file_row=frame["row"])
        columns = ["seq", "file", "file_row", "element", "child", *keys, *texts]
        bulk_insert(conn, table_name(name), rows, columns, {"return_id": return_id})


def read_tables(
    conn: Connection, leave_out: set[tuple[str, str]] | frozenset = frozenset()
) -> dict[str, pd.DataFrame]:
    """Every held return's records, table by table, as the readers give them plus
    `period_end` (the ISO date its return's year ends), oldest return first; and under HELD
    the returns themselves (kind, period_end, tables: the names they held, comma-separated)."""
    held = pd.read_sql(
        select(returns.c.kind, returns.c.period_end, returns.c.tables).order_by(
            returns.c.period_end
        ),
        conn,
    )
    keep = [(k, p) not in leave_out for k, p in zip(held["kind"], held["period_end"], strict=True)]
    out = {HELD: held[np.array(keep, dtype=bool)].reset_index(drop=True)}
    for name, table in ROW_TABLES.items():
        texts, keys = FIELDS[name]
        query = (
            select(returns.c.kind, returns.c.period_end, table.c.file, table.c.file_row,
                   table.c.element, table.c.child, *(table.c[k] for k in (*keys, *texts)))
            .join(returns, returns.c.id == table.c.return_id)
            .order_by(returns.c.period_end, table.c.seq)
        )  # fmt: skip
        rows = conn.execute(query).all()
        frame = pd.DataFrame(
            rows, columns=["kind", "period_end", "file", "row", "element", "child", *keys, *texts]
        )
        keep = np.array(
            [
                (k, p) not in leave_out
                for k, p in zip(frame["kind"], frame["period_end"], strict=True)
            ],
            dtype=bool,
        )
        frame = frame.loc[keep]
        frame = frame.drop(columns="kind").reset_index(drop=True)
        frame["row"] = frame["row"].astype("Int64")
        for key in keys:
            frame[key] = frame[key].astype("int64")
        out[name] = frame
    return out


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
