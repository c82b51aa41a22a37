"""Importing a plan file: what it adds and changes against the stored plan, then one write."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from kpis.catalogue import Catalogue
from kpis.plans.reader import PlanProblem
from kpis.plans.records import Plan, plan_from_frames, to_row
from kpis.plans.service import today
from kpis.plans.validate import KEYS, PlanFile, check_plan
from kpis.problems import InputRejected, Problem, Severity
from kpis.store import Store

KINDS = {"recommendations": "Recommendations", "actions": "Actions", "updates": "Updates"}


@dataclass
class PlanImport:
    """A checked plan file and what importing it would do."""

    file_name: str
    sha256: str
    checked: PlanFile
    new: dict[str, list[dict]] = field(default_factory=dict)
    changed: dict[str, list[dict]] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    replaced_updates: list[Problem] = field(default_factory=list)
    done: bool = False

    @property
    def ok(self) -> bool:
        return self.checked.ok

    @property
    def errors(self) -> list[Problem]:
        return self.checked.errors

    @property
    def warnings(self) -> list[Problem]:
        return self.checked.warnings + self.replaced_updates

    def changes_anything(self) -> bool:
        return any(self.new.get(k) or self.changed.get(k) for k in KINDS)

    def counts(self, kind: str) -> str:
        new, changed = len(self.new.get(kind, [])), len(self.changed.get(kind, []))
        return f"{new} new, {changed} changed, {self.unchanged.get(kind, 0)} unchanged"

    def summary(self) -> str:
        if not self.ok:
            return f"{self.file_name}: rejected with {len(self.errors)} problem(s); nothing written"
        parts = "; ".join(f"{k}: {self.counts(k)}" for k in KINDS)
        if not self.changes_anything():
            return f"{self.file_name}: the plan already holds everything in it; nothing changed"
        verb = "imported" if self.done else "valid (dry run, nothing written)"
        return f"{self.file_name}: {verb}; {parts}"


def check(store: Store, data: bytes, file_name: str, catalogue: Catalogue) -> PlanImport:
    """Validate a plan file and work out what importing it would change; writes nothing."""
    checked = check_plan(data, catalogue, today(), store.plan_refs())
    found = PlanImport(file_name, hashlib.sha256(data).hexdigest(), checked)
    if not checked.ok:
        return found
    current = plan_from_frames(store.plan_frames())
    _diff(found, current)
    return found


def _diff(found: PlanImport, current: Plan) -> None:
    stored = {
        "recommendations": {(r.ref,): to_row(r) for r in current.recommendations},
        "actions": {(a.ref, a.action_ref): to_row(a) for a in current.actions},
        "updates": {(u.ref, u.date.isoformat()): to_row(u) for u in current.updates},
    }
    for kind, sheet in KINDS.items():
        new, changed, same = [], [], 0
        for number, record in getattr(found.checked, kind):
            row = to_row(record)
            key = tuple(str(row[k]) for k in KEYS[sheet])
            before = stored[kind].get(key)
            if before is None:
                new.append(row)
            elif before == row:
                same += 1
            else:
                changed.append(row)
                if kind == "updates":
                    found.replaced_updates.append(
                        PlanProblem(
                            number,
                            "date",
                            f"replaces the stored {record.date:%d/%m/%Y} update for "
                            f"{record.ref} (was {before['status']}, now {row['status']})",
                            Severity.WARNING,
                            sheet=sheet,
                        )
                    )
        found.new[kind], found.changed[kind], found.unchanged[kind] = new, changed, same


def publish(store: Store, found: PlanImport, *, user: str | None = None) -> PlanImport:
    """Write a clean import as one audited transaction; a file changing nothing writes nothing."""
    if not found.ok:
        raise InputRejected(found.errors)
    if found.changes_anything():
        rows = {k: found.new.get(k, []) + found.changed.get(k, []) for k in KINDS}
        detail = f"{found.file_name} ({found.sha256[:12]}): " + "; ".join(
            f"{k} {found.counts(k)}" for k in KINDS
        )
        store.write_plan(rows, event="plan import", detail=detail, user=user)
        found.done = True
    return found
