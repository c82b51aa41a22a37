"""What analysts record beside the figures: SPC rebase dates, actions, and settings."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import insert, select

from kpis.access import Permission
from kpis.clock import now, stamp
from kpis.problems import InputRejected, Problem
from kpis.store.schema import actions, rebases, settings, target_changes
from kpis.store.session import Session


class Annotations(Session):
    """Mixed into Store: small tables written one row at a time."""

    def add_rebase(
        self, kpi_id: str, period: str, *, reason: str, user: str | None = None, team: str = ""
    ) -> None:
        """Record that a KPI's process changed at a month; SPC limits restart there."""
        if not reason.strip():
            raise InputRejected([Problem(None, "reason", "a rebase needs a reason")])
        with self._write(Permission.REBASE) as conn:
            conn.execute(
                insert(rebases).values(
                    kpi_id=kpi_id,
                    team=team,
                    period=period,
                    reason=reason.strip(),
                    recorded_by=user or self.actor.name,
                    recorded_at=stamp(now()),
                )
            )
            self._audit(conn, "rebase", f"{kpi_id} {team or 'authority'} from {period}: {reason}")

    def rebases(self) -> pd.DataFrame:
        """Every recorded rebase, oldest first."""
        with self.engine.connect() as conn:
            return pd.read_sql(select(rebases).order_by(rebases.c.id), conn)

    def add_action(
        self,
        kpi_id: str,
        period: str,
        *,
        owner: str,
        action: str,
        due: date,
        user: str | None = None,
        team: str = "",
    ) -> None:
        """Record an action against an exception (who will do what by when)."""
        problems = [
            Problem(None, name, "is required")
            for name, text in (("owner", owner), ("action", action))
            if not text.strip()
        ]
        if problems:
            raise InputRejected(problems)
        with self._write(Permission.RECORD_ACTION) as conn:
            conn.execute(
                insert(actions).values(
                    kpi_id=kpi_id,
                    team=team,
                    period=period,
                    owner=owner.strip(),
                    action=action.strip(),
                    due=due.isoformat(),
                    recorded_by=user or self.actor.name,
                    recorded_at=stamp(now()),
                )
            )
            self._audit(conn, "action", f"{kpi_id} {team or 'authority'} {period}: {action}")

    def actions(self, kpi_id: str | None = None) -> pd.DataFrame:
        """Recorded actions, oldest first (for one KPI when given)."""
        query = select(actions).order_by(actions.c.id)
        if kpi_id is not None:
            query = query.where(actions.c.kpi_id == kpi_id)
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def set_target(
        self,
        kpi_id: str,
        *,
        target: float | None,
        tolerance: float | None = None,
        financial_year: str = "",
    ) -> None:
        """Change a KPI's target (and amber tolerance) for a financial year, or its default."""
        with self._write(Permission.SET_TARGETS) as conn:
            conn.execute(
                insert(target_changes).values(
                    kpi_id=kpi_id,
                    financial_year=financial_year,
                    target=target,
                    tolerance=tolerance,
                    set_by=self.actor.name,
                    set_at=stamp(now()),
                )
            )
            when = financial_year or "default"
            self._audit(conn, "target change", f"{kpi_id} {when}: {target} (tol. {tolerance})")

    def target_changes(self) -> pd.DataFrame:
        """Every target change, oldest first."""
        with self.engine.connect() as conn:
            return pd.read_sql(select(target_changes).order_by(target_changes.c.id), conn)

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self.engine.connect() as conn:
            found = conn.execute(select(settings.c.value).where(settings.c.key == key)).first()
        return found.value if found else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write(Permission.CHANGE_SETTINGS) as conn:
            conn.execute(settings.delete().where(settings.c.key == key))
            conn.execute(insert(settings).values(key=key, value=value))
            self._audit(conn, "setting", f"{key} = {value}")
