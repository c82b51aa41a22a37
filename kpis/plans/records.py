"""Plan records to and from the store's rows: dates as ISO text, KPI ids joined by ';'."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from kpis.plans.model import Action, Recommendation, Update


def _day(text: object) -> date | None:
    return date.fromisoformat(str(text)) if isinstance(text, str) and text else None


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def to_row(record: Recommendation | Action | Update) -> dict:
    """The store's row for a record."""
    row = record.model_dump(mode="json")
    if isinstance(record, Recommendation):
        row["kpis"] = ";".join(record.kpis)
        row["audit_themes"] = ";".join(record.audit_themes)
        row["due"] = _iso(record.due)
    elif isinstance(record, Action):
        row.update(revised_due=_iso(record.revised_due), completed=_iso(record.completed))
    return row


@dataclass(frozen=True)
class Plan:
    """The plan as it stands: recommendations in plan order, actions and updates."""

    recommendations: tuple[Recommendation, ...] = ()
    actions: tuple[Action, ...] = ()
    updates: tuple[Update, ...] = ()
    _by_ref: dict = field(default_factory=dict, compare=False, repr=False)

    def recommendation(self, ref: str) -> Recommendation | None:
        return next((r for r in self.recommendations if r.ref == ref), None)

    def actions_for(self, ref: str) -> list[Action]:
        return [a for a in self.actions if a.ref == ref]

    def updates_for(self, ref: str) -> list[Update]:
        """Oldest first."""
        return sorted((u for u in self.updates if u.ref == ref), key=lambda u: u.date)

    @property
    def areas(self) -> list[str]:
        """Judgement areas in order of first appearance."""
        return list(dict.fromkeys(r.area for r in self.recommendations))


def plan_from_frames(frames: dict[str, pd.DataFrame]) -> Plan:
    """The store's current rows as records."""
    recs = tuple(
        Recommendation(
            ref=r.ref, source=r.source, area=r.area, recommendation=r.recommendation,
            lead=r.lead, kpis=tuple(k for k in r.kpis.split(";") if k), due=_day(r.due),
            framework=r.framework, public=bool(r.public),
            audit_themes=tuple(t for t in r.audit_themes.split(";") if t),
        )
        for r in frames["recommendations"].itertuples()
    )  # fmt: skip
    actions = tuple(
        Action(
            ref=a.ref, action_ref=a.action_ref, action=a.action, owner=a.owner, due=_day(a.due),
            revised_due=_day(a.revised_due), status=a.status, completed=_day(a.completed),
        )
        for a in frames["actions"].itertuples()
    )  # fmt: skip
    updates = tuple(
        Update(ref=u.ref, date=_day(u.date), status=u.status, narrative=u.narrative,
               author=u.author)
        for u in frames["updates"].itertuples()
    )  # fmt: skip
    return Plan(recs, actions, updates)
