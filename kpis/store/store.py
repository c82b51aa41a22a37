"""Publishing loads atomically, reading figures as they stood at any time, and rolling back."""

from __future__ import annotations

import zlib
from datetime import datetime
from typing import Any, NamedTuple

import pandas as pd
from sqlalchemy import Connection, and_, func, select, update

from kpis.access import Permission, require
from kpis.clock import now, stamp
from kpis.loadkinds import CASE_COLUMNS, WITH_CASES
from kpis.problems import InputRejected, Problem
from kpis.store.accounts import Accounts, accounts
from kpis.store.annotations import Annotations
from kpis.store.audits import Audits, audit_rows
from kpis.store.benchmarks import Benchmarks
from kpis.store.plans import PLAN_TABLES, Plans
from kpis.store.public import PublicFlags, public_flags
from kpis.store.publishing import KEY, PublishResult, current, diff
from kpis.store.return_tables import returns
from kpis.store.returns import Returns
from kpis.store.schema import (
    actions,
    benchmark_imports,
    cases,
    figures,
    loads,
    rebases,
    settings,
    target_changes,
)

# Built once: every page run asks for the version, and building the statement cost as much as
# running it.
_VERSION = select(
    func.count(),
    func.max(loads.c.id),
    func.count(loads.c.rolled_back_at),
    select(func.max(actions.c.id)).scalar_subquery(),
    select(func.max(rebases.c.id)).scalar_subquery(),
    select(func.max(benchmark_imports.c.id)).scalar_subquery(),
    select(func.max(target_changes.c.id)).scalar_subquery(),
    *(select(func.max(t.c.id)).scalar_subquery() for t, _ in PLAN_TABLES.values()),
    select(func.max(public_flags.c.set_at)).scalar_subquery(),
    # Every import stamps the rows it writes (SQLite may reuse the ids of rows it replaced).
    select(func.max(audit_rows.c.imported_at)).scalar_subquery(),
    select(func.max(returns.c.loaded_at)).scalar_subquery(),
    # Last: not part of the version (an account changes no view), read in the same trip.
    select(func.count()).select_from(accounts).scalar_subquery(),
).select_from(loads)


class Pulse(NamedTuple):
    """What every page run reads first, in one round trip: the data version (a cache key for
    every view) and how many accounts exist (none: demo mode)."""

    version: str
    accounts: int


class RollbackRefused(InputRejected):
    """A rollback that would undo figures a later load revised."""


class Store(Annotations, Benchmarks, Accounts, Plans, PublicFlags, Audits, Returns):
    """Published figures with full history, in any SQLAlchemy database."""

    # Reading -------------------------------------------------------------------------------

    def figures(self, as_of: datetime | None = None) -> pd.DataFrame:
        """The figures in effect now, or as they stood at `as_of`, with the load each came from."""
        with self.engine.connect() as conn:
            return current(conn, as_of)

    def history(self, kpi_id: str, period: str, team: str = "") -> pd.DataFrame:
        """Every version of one figure, oldest first, with its load and whether it is in effect."""
        query = (
            select(figures, loads.c.loaded_at, loads.c.user, loads.c.rolled_back_at)
            .join(loads, loads.c.id == figures.c.load_id)
            .where(figures.c.kpi_id == kpi_id, figures.c.period == period, figures.c.team == team)
            .order_by(figures.c.load_id)
        )
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def loads(self) -> pd.DataFrame:
        """The load history, oldest first."""
        with self.engine.connect() as conn:
            return pd.read_sql(select(loads).order_by(loads.c.id), conn)

    def load_rows(self, load_id: int) -> pd.DataFrame:
        """The figures a load wrote (kpi_id, period, team): what rolling it back takes away."""
        query = select(*(figures.c[k] for k in KEY)).where(figures.c.load_id == load_id)
        with self.engine.connect() as conn:
            return pd.DataFrame([tuple(r) for r in conn.execute(query)], columns=KEY)

    def later_revisions(self, load_id: int) -> list[int]:
        """Later loads in effect that revised some of this load's figures: while any is in
        effect, this load cannot be rolled back."""
        with self.engine.connect() as conn:
            return _later_revisions(conn, load_id)

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(loads)).scalar_one() == 0

    def version(self) -> str:
        """Changes whenever anything published or recorded changes; a cache key for the UI."""
        return self.pulse().version

    def pulse(self) -> Pulse:
        with self.engine.connect() as conn:
            *parts, accounts_count = conn.execute(_VERSION).one()
            # Settings (the authority compared against) have no ids: a digest of the few rows,
            # so a choice made on another server reaches this one's caches too.
            chosen = conn.execute(select(settings).order_by(settings.c.key)).all()
        digest = f"{zlib.crc32(repr(chosen).encode()):08x}"
        return Pulse(":".join([*map(str, parts), digest]), accounts_count)

    def cases(self) -> pd.DataFrame:
        """The cases behind the latest load of each case-level kind still in effect (an Annex A
        workbook, the returns; personal data): all teams for analysts and admins, a manager's
        own teams only; every view is audited."""
        require(self.actor, Permission.VIEW_CASES)
        latest = [
            select(func.max(loads.c.id))
            .where(loads.c.kind == kind, loads.c.rolled_back_at.is_(None))
            .scalar_subquery()
            for kind in sorted(WITH_CASES)
        ]
        query = select(*(cases.c[c] for c in CASE_COLUMNS), cases.c.load_id).where(
            cases.c.load_id.in_(latest)
        )
        if not self.actor.sees_all_teams():
            query = query.where(cases.c.team.in_(sorted(self.actor.teams)))
        with self.engine.connect() as conn:
            rows = [tuple(r) for r in conn.execute(query)]
            frame = pd.DataFrame(rows, columns=[*CASE_COLUMNS, "load_id"])
        self.record("case list view", f"{len(frame)} cases")
        return frame.sort_values(["kpi_id", "period", "team", "child_id"]).reset_index(drop=True)

    def diff(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Each incoming figure marked new, revised or unchanged against what is published."""
        with self.engine.connect() as conn:
            return diff(rows, current(conn, None))

    # Writing -------------------------------------------------------------------------------

    def publish(self, rows: pd.DataFrame, **how: Any) -> PublishResult:
        """Publish validated figures (and the cases behind them) as one atomic load; `how` is
        what Publishing._publish_in takes (file_name, sha256, user, kind, case_rows)."""
        with self._write(Permission.PUBLISH) as conn:
            return self._publish_in(conn, rows, **how)

    def rollback(self, load_id: int, *, user: str | None = None) -> None:
        """Undo a load; refused when a later load in effect revised any of its figures."""
        with self._write(Permission.ROLLBACK) as conn:
            load = conn.execute(select(loads).where(loads.c.id == load_id)).first()
            if load is None:
                raise InputRejected([Problem(None, None, f"there is no load {load_id}")])
            if load.rolled_back_at is not None:
                raise InputRejected(
                    [Problem(None, None, f"load {load_id} was already rolled back")]
                )
            blockers = _later_revisions(conn, load_id)
            if blockers:
                names = ", ".join(str(b) for b in blockers)
                raise RollbackRefused(
                    [
                        Problem(
                            None,
                            None,
                            f"load {load_id} cannot be rolled back: later load(s) {names} "
                            "revised some of its figures; roll those back first",
                        )
                    ]
                )
            conn.execute(
                update(loads)
                .where(loads.c.id == load_id)
                .values(rolled_back_at=stamp(now()), rolled_back_by=user or self.actor.name)
            )
            self._audit(conn, "rollback", f"load {load_id} ({load.file_name})")


def _later_revisions(conn: Connection, load_id: int) -> list[int]:
    mine, later = figures.alias("mine"), figures.alias("later")
    query = (
        select(later.c.load_id)
        .distinct()
        .join(mine, and_(*(mine.c[k] == later.c[k] for k in KEY)))
        .join(loads, loads.c.id == later.c.load_id)
        .where(
            mine.c.load_id == load_id,
            later.c.load_id > load_id,
            loads.c.rolled_back_at.is_(None),
        )
        .order_by(later.c.load_id)
    )
    return list(conn.execute(query).scalars().all())
