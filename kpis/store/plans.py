"""The improvement plan's tables: every version of each record kept, the current one open."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Integer,
    String,
    Table,
    Text,
    and_,
    func,
    insert,
    select,
    update,
)

from kpis.access import Permission
from kpis.clock import now, stamp
from kpis.store.schema import metadata
from kpis.store.session import Session


def _versioned(name: str, *columns: Column) -> Table:
    return Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        *columns,
        Column("recorded_at", String(32), nullable=False),
        Column("recorded_by", Text, nullable=False),
        # Set when a later import or edit replaced this version; history is never deleted.
        Column("superseded_at", String(32)),
    )


plan_recommendations = _versioned(
    "plan_recommendations",
    Column("ref", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("area", Text, nullable=False),
    Column("recommendation", Text, nullable=False),
    Column("lead", Text, nullable=False),
    Column("kpis", Text, nullable=False),
    Column("due", String(10), nullable=False),
    Column("framework", String(16), nullable=False),
    Column("public", Boolean, nullable=False),
    # Added by migration 0006 (the case audits' themes that evidence it).
    Column("audit_themes", Text, nullable=False, server_default=""),
)
plan_actions = _versioned(
    "plan_actions",
    Column("ref", Text, nullable=False),
    Column("action_ref", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("action", Text, nullable=False),
    Column("owner", Text, nullable=False),
    Column("due", String(10), nullable=False),
    Column("revised_due", String(10), nullable=False),
    Column("status", String(16), nullable=False),
    Column("completed", String(10), nullable=False),
)
plan_updates = _versioned(
    "plan_updates",
    Column("ref", Text, nullable=False),
    Column("date", String(10), nullable=False),
    Column("status", String(16), nullable=False),
    Column("narrative", Text, nullable=False),
    Column("author", Text, nullable=False),
)
PLAN_TABLES = {
    "recommendations": (plan_recommendations, ("ref",)),
    "actions": (plan_actions, ("ref", "action_ref")),
    "updates": (plan_updates, ("ref", "date")),
}
_FIELDS = {
    kind: [c.name for c in table.columns if c.name not in ("id", "recorded_at", "recorded_by",
                                                             "superseded_at", "position")]
    for kind, (table, _keys) in PLAN_TABLES.items()
}  # fmt: skip


class Plans(Session):
    """Mixed into Store: the plan as it stands, and the writes that change it."""

    def plan_frames(self, history: bool = False) -> dict[str, pd.DataFrame]:
        """The current recommendations, actions and updates in plan order (every version with
        `history`)."""
        out = {}
        with self.engine.connect() as conn:
            for kind, (table, keys) in PLAN_TABLES.items():
                query = select(table)
                if not history:
                    query = query.where(table.c.superseded_at.is_(None))
                order = [table.c.position] if "position" in table.c else []
                query = query.order_by(*order, *(table.c[k] for k in keys), table.c.id)
                out[kind] = pd.read_sql(query, conn)
        return out

    def plan_refs(self) -> set[str]:
        with self.engine.connect() as conn:
            query = select(plan_recommendations.c.ref).where(
                plan_recommendations.c.superseded_at.is_(None)
            )
            return set(conn.execute(query).scalars())

    def plan_version(self) -> str:
        """Changes whenever the plan changes (a cache key)."""
        with self.engine.connect() as conn:
            parts = [
                conn.execute(select(func.max(t.c.id), func.count(t.c.superseded_at))).one()
                for t, _ in PLAN_TABLES.values()
            ]
        return ":".join(f"{a}/{b}" for a, b in parts)

    def write_plan(
        self, rows: dict[str, Sequence[dict]], *, event: str, detail: str, user: str | None = None
    ) -> None:
        """Store new versions of plan records (each replacing the current one with its key), as
        one transaction, audited. Callers decide what changed; see kpis.plans.importing."""
        permission = Permission.IMPORT_PLAN if event == "plan import" else Permission.UPDATE_PLAN
        with self._write(permission) as conn:
            moment = stamp(now())
            for kind, records in rows.items():
                if records:
                    _replace(conn, kind, records, moment, user or self.actor.name)
            self._audit(conn, event, detail)


def _replace(conn: Connection, kind: str, records: Sequence[dict], moment: str, who: str) -> None:
    table, keys = PLAN_TABLES[kind]
    positions: dict[tuple, int] = {}
    if "position" in table.c:
        current = conn.execute(
            select(table.c.position, *(table.c[k] for k in keys)).where(
                table.c.superseded_at.is_(None)
            )
        ).all()
        positions = {tuple(row[1:]): row[0] for row in current}
        top = max(positions.values(), default=0)
    for record in records:
        key = tuple(record[k] for k in keys)
        values = {name: record[name] for name in _FIELDS[kind]}
        if "position" in table.c:
            if key not in positions:
                top += 1
                positions[key] = top
            values["position"] = positions[key]
        conn.execute(
            update(table)
            .where(and_(*(table.c[k] == v for k, v in zip(keys, key, strict=True))))
            .where(table.c.superseded_at.is_(None))
            .values(superseded_at=moment)
        )
        conn.execute(insert(table).values(**values, recorded_at=moment, recorded_by=who))
