"""Storing returns: one per kind and year, replaced when loaded again, published as one load."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import (
    Connection,
    delete,
    insert,
    select,
)

from kpis.access import Permission, require
from kpis.clock import now, stamp
from kpis.returns.model import Return
from kpis.store.publishing import Publishing, PublishResult, bulk_insert, current, diff
from kpis.store.return_tables import (
    BREAKDOWN_COLUMNS,
    FIELDS,
    ROW_TABLES,
    YEAR_END_COLUMNS,
    combine,
    read_tables,
    return_breakdowns,
    return_year_ends,
    returns,
    table_name,
)


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
