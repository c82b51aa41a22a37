"""The case audits' table: one row per audit and domain, replaced audit by audit on import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Column, Index, Integer, String, Table, Text, delete, func, insert, select

from kpis.access import Permission, require
from kpis.audits.model import AUDIT_COLUMNS, GRADE_ROW_COLUMNS
from kpis.clock import now, stamp
from kpis.loadkinds import AUDITS
from kpis.store.publishing import Publishing, PublishResult
from kpis.store.schema import metadata

audit_rows = Table(
    "audit_rows",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("audit_id", Text, nullable=False),
    # The row's place in its file, so an audit reads back in the order it was written.
    Column("position", Integer, nullable=False),
    *(
        Column(name, String(24) if name.endswith("grade") else Text, nullable=False)
        for name in AUDIT_COLUMNS[1:]
    ),
    Column("imported_at", String(32), nullable=False),
    Column("imported_by", Text, nullable=False),
    Index("ix_audit_rows_audit_id", "audit_id"),
)


@dataclass(frozen=True)
class AuditWrite:
    """What an import stored: audits new and replaced, and the load of their measure."""

    new: int
    replaced: int
    load: PublishResult  # of the figures worked out afterwards


class Audits(Publishing):
    """Mixed into Store: the case audits, and the one write that adds and replaces them."""

    def audit_grades(self) -> pd.DataFrame:
        """Every stored row without its personal data (no child, worker, auditor, moderator
        or learning text): what the board's figures are worked out from."""
        query = select(*(audit_rows.c[c] for c in GRADE_ROW_COLUMNS)).order_by(
            audit_rows.c.audit_id, audit_rows.c.position
        )
        with self.engine.connect() as conn:
            return _frame(conn.execute(query).all(), GRADE_ROW_COLUMNS)

    def audits(self) -> pd.DataFrame:
        """Every stored row (personal data): all teams for analysts and admins, a manager's
        own teams only; every view is audited."""
        require(self.actor, Permission.VIEW_AUDITS)
        query = select(*(audit_rows.c[c] for c in AUDIT_COLUMNS))
        if not self.actor.sees_all_teams():
            # An audit is its Overall row's team's: a manager sees every row of those audits.
            theirs = select(audit_rows.c.audit_id).where(
                func.lower(audit_rows.c.domain) == "overall",
                audit_rows.c.team.in_(sorted(self.actor.teams)),
            )
            query = query.where(audit_rows.c.audit_id.in_(theirs))
        query = query.order_by(audit_rows.c.date, audit_rows.c.audit_id, audit_rows.c.position)
        with self.engine.connect() as conn:
            frame = _frame(conn.execute(query).all(), AUDIT_COLUMNS)
        self.record("audit list view", f"{frame['audit_id'].nunique()} audits")
        return frame

    def audit_ids(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(audit_rows.c.audit_id).distinct()).scalars())

    def import_audits(
        self,
        rows: pd.DataFrame,
        *,
        file_name: str,
        figures_of: Callable[[pd.DataFrame], tuple[pd.DataFrame, str]],
        user: str | None = None,
    ) -> AuditWrite:
        """Store checked audit rows, each audit replacing every stored row of its audit_id
        (none is ever deleted otherwise), then publish the figures `figures_of(all stored
        grade rows)` gives, with their digest, as one load: all in one transaction, audited."""
        require(self.actor, Permission.PUBLISH)
        ids = sorted(set(rows["audit_id"]))
        who = user or self.actor.name
        with self._write(Permission.IMPORT_AUDITS) as conn:
            stored = set(
                conn.execute(
                    select(audit_rows.c.audit_id).distinct().where(audit_rows.c.audit_id.in_(ids))
                ).scalars()
            )
            conn.execute(delete(audit_rows).where(audit_rows.c.audit_id.in_(ids)))
            moment = stamp(now())
            values = rows[AUDIT_COLUMNS].astype(object).fillna("").astype(str)
            records = [
                {**record, "position": at, "imported_at": moment, "imported_by": who}
                for at, record in enumerate(values.to_dict("records"))
            ]
            if records:
                conn.execute(insert(audit_rows), records)
            new, replaced = len(ids) - len(stored), len(stored)
            self._audit(
                conn,
                "audit import",
                f"{file_name}: {len(ids)} audits ({new} new, {replaced} replaced), "
                f"{len(rows)} rows",
            )
            everything = _frame(
                conn.execute(select(*(audit_rows.c[c] for c in GRADE_ROW_COLUMNS))).all(),
                GRADE_ROW_COLUMNS,
            )
            figures, digest = figures_of(everything)
            load = self._publish_in(
                conn, figures, file_name=file_name, sha256=digest, user=user, kind=AUDITS
            )
        return AuditWrite(new, replaced, load)


def _frame(records, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in records], columns=columns, dtype=object).astype(str)
