"""Publishing figures as one load: what is in effect, what a load changes, and writing it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, and_, insert, or_, select

from kpis.clock import now, stamp
from kpis.loadkinds import CASE_COLUMNS
from kpis.store.schema import figures, loads
from kpis.store.session import Session

KEY = ["kpi_id", "period", "team"]
FIELDS = ["value", "numerator", "denominator", "target", "commentary"]
FIGURE_COLUMNS = [*KEY, *FIELDS]


@dataclass(frozen=True)
class PublishResult:
    """What a publish did: a new load, a match with an earlier identical file, or nothing new."""

    load_id: int | None
    new: int
    revised: int
    unchanged: int
    matched_load: int | None = None
    revisions: pd.DataFrame | None = None

    @property
    def published(self) -> bool:
        return self.load_id is not None


class Publishing(Session):
    """Mixed into Store: the one way a load is written, inside a caller's write transaction."""

    def _publish_in(
        self,
        conn: Connection,
        rows: pd.DataFrame,
        *,
        file_name: str,
        sha256: str,
        user: str | None = None,
        kind: str = "scorecard",
        case_rows: pd.DataFrame | None = None,
        match_identical: bool = True,
    ) -> PublishResult:
        """Write the figures that are new or revised (and the cases) as one load. With
        `match_identical`, a file identical to a load still in effect changes nothing."""
        if match_identical:
            match = conn.execute(
                select(loads.c.id)
                .where(loads.c.sha256 == sha256, loads.c.rolled_back_at.is_(None))
                .order_by(loads.c.id.desc())
            ).first()
            if match is not None:
                return PublishResult(None, 0, 0, len(rows), matched_load=match.id)
        if not len(rows):
            return PublishResult(None, 0, 0, 0)
        marked = diff(rows, current(conn, None))
        counts = marked["status"].value_counts()
        new, revised = int(counts.get("new", 0)), int(counts.get("revised", 0))
        unchanged = int(counts.get("unchanged", 0))
        revisions = marked[marked["status"] == "revised"]
        if new + revised == 0:
            return PublishResult(None, 0, 0, unchanged, revisions=revisions)
        load_id = conn.execute(
            insert(loads).values(
                kind=kind,
                file_name=file_name,
                sha256=sha256,
                user=user or self.actor.name,
                loaded_at=stamp(now()),
                rows_in_file=len(rows),
                new=new,
                revised=revised,
                unchanged=unchanged,
            )
        ).inserted_primary_key[0]
        changed = marked[marked["status"] != "unchanged"]
        insert_rows(conn, "figures", load_id, changed, FIGURE_COLUMNS)
        if case_rows is not None and len(case_rows):
            insert_rows(conn, "cases", load_id, case_rows, CASE_COLUMNS)
        self._audit(
            conn,
            "publish",
            f"load {load_id} ({kind}) from {file_name}: {new} new, {revised} revised, "
            f"{unchanged} unchanged; sha256 {sha256}",
        )
        return PublishResult(load_id, new, revised, unchanged, revisions=revisions)


def in_effect(as_of: datetime | None):
    if as_of is None:
        return loads.c.rolled_back_at.is_(None)
    moment = stamp(as_of)
    return and_(
        loads.c.loaded_at <= moment,
        or_(loads.c.rolled_back_at.is_(None), loads.c.rolled_back_at > moment),
    )


def current(conn: Connection, as_of: datetime | None) -> pd.DataFrame:
    query = (
        select(*(figures.c[c] for c in FIGURE_COLUMNS), figures.c.load_id, loads.c.kind)
        .join(loads, loads.c.id == figures.c.load_id)
        .where(in_effect(as_of))
        .order_by(figures.c.load_id)
    )
    rows = [tuple(r) for r in conn.execute(query)]
    frame = pd.DataFrame(rows, columns=[*FIGURE_COLUMNS, "load_id", "kind"])
    frame = frame.drop_duplicates(KEY, keep="last")
    frame = frame.sort_values(KEY, kind="stable").reset_index(drop=True)
    for column in ("value", "numerator", "denominator", "target"):
        frame[column] = frame[column].astype("float64")
    frame["commentary"] = (
        frame["commentary"].astype(object).where(frame["commentary"].notna(), None)
    )
    return frame


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    return (a == b) | (a.isna() & b.isna())


def diff(rows: pd.DataFrame, held: pd.DataFrame) -> pd.DataFrame:
    """Each incoming figure marked new, revised or unchanged against those held."""
    merged = rows.merge(
        held[FIGURE_COLUMNS], on=KEY, how="left", suffixes=("", "_old"), indicator=True
    )
    same = pd.Series(True, index=merged.index)
    for column in FIELDS:
        same &= _same(merged[column], merged[f"{column}_old"])
    merged["status"] = "revised"
    merged.loc[same, "status"] = "unchanged"
    merged.loc[merged["_merge"] == "left_only", "status"] = "new"
    return merged.drop(columns="_merge")


def insert_rows(
    conn: Connection, table: str, load_id: int, rows: pd.DataFrame, columns: list[str]
) -> None:
    bulk_insert(conn, table, rows, columns, {"load_id": load_id})


def bulk_insert(
    conn: Connection,
    table: str,
    rows: pd.DataFrame,
    columns: list[str],
    fixed: dict[str, object] | None = None,
) -> None:
    """Insert the frame's columns (and `fixed` values on every row) in one driver call."""
    if not len(rows):
        return
    fixed = fixed or {}
    values = [_python_values(rows[c]) for c in columns]
    constants = [[value] * len(rows) for value in fixed.values()]
    records = list(zip(*constants, *values, strict=True))
    # Straight to the driver: compiling parameters row by row costs more than the insert itself.
    # Quoted where the dialect needs it: a return's plan has an `end`, reserved in PostgreSQL.
    quote = conn.dialect.identifier_preparer.quote
    names = [quote(n) for n in (*fixed, *columns)]
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(names)}) VALUES ({', '.join([mark] * len(names))})"
    )
    conn.exec_driver_sql(sql, records)


def _python_values(column: pd.Series) -> list:
    """The column as Python values for the driver, None where missing."""
    values = column.to_numpy(dtype=object)
    missing = column.isna().to_numpy()
    if missing.any():
        values = values.copy()
        values[missing] = None
    return values.tolist()
