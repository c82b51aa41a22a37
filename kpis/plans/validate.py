"""Checking a plan file whole (DESIGN §8.1): every problem at once, by sheet, row and column."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from kpis.annex_a.values import read_date
from kpis.catalogue import Catalogue
from kpis.plans.model import (
    Action,
    ActionStatus,
    Recommendation,
    Update,
    read_action_status,
    read_framework,
    read_rating,
)
from kpis.plans.reader import PlanProblem, PlanSheet, PlanTables, read_plan
from kpis.problems import InputRejected, Problem, Severity

# Column name -> required. Order is the order export writes them in.
COLUMNS: dict[str, dict[str, bool]] = {
    "Recommendations": {
        "ref": True,
        "source": True,
        "area": True,
        "recommendation": True,
        "lead": False,
        "kpis": False,
        "audit_themes": False,
        "due": False,
        "framework": False,
        "public": False,
    },
    "Actions": {
        "ref": True,
        "action_ref": True,
        "action": True,
        "owner": False,
        "due": True,
        "revised_due": False,
        "status": False,
        "completed": False,
    },
    "Updates": {"ref": True, "date": True, "status": True, "narrative": True, "author": False},
}
KEYS = {"Recommendations": ("ref",), "Actions": ("ref", "action_ref"), "Updates": ("ref", "date")}
_SPLIT = re.compile(r"[;,]")
_YES, _NO = {"yes", "y", "true"}, {"no", "n", "false", ""}


@dataclass
class PlanFile:
    """A plan file's records in file order, each with the row it came from, and its problems."""

    recommendations: list[tuple[int, Recommendation]] = field(default_factory=list)
    actions: list[tuple[int, Action]] = field(default_factory=list)
    updates: list[tuple[int, Update]] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Row:
    """One row's cells by column name, collecting problems as values are read."""

    def __init__(self, sheet: PlanSheet, index: int, columns: dict[str, int], out: list[Problem]):
        self.sheet, self.number, self.out = sheet.kind, sheet.rows[index], out
        self.values = {name: str(sheet.cells.iat[index, at]) for name, at in columns.items()}
        self.failed = False

    def problem(self, column: str, message: str) -> None:
        self.failed = True
        self.out.append(PlanProblem(self.number, column, message, sheet=self.sheet))

    def text(self, column: str) -> str:
        value = self.values.get(column, "").strip()
        if not value and COLUMNS[self.sheet].get(column) and column in self.values:
            self.problem(column, "is required but empty")
        return value

    def day(self, column: str, today: date, *, not_after_today: bool = False) -> date | None:
        raw = self.text(column)
        if not raw:
            return None
        found = read_date(raw, today)
        if not isinstance(found, date):
            self.problem(column, f"'{raw}' is not a date (write it as 15/11/2016 or 2016-11-15)")
            return None
        if not_after_today and found > today:
            self.problem(column, f"{found:%d/%m/%Y} is in the future (today is {today:%d/%m/%Y})")
            return None
        return found

    def choice(self, column: str, reader: Callable[[str], Any], allowed: str) -> Any:
        raw = self.text(column)
        found = reader(raw)
        if found is None and (raw or not COLUMNS[self.sheet].get(column)):
            self.problem(column, f"'{raw}' is not a known {column}: use {allowed}")
        return found


def check_plan(
    data: bytes,
    catalogue: Catalogue,
    today: date,
    stored_refs: Collection[str] = (),
) -> PlanFile:
    """Read and check a plan file; nothing here writes. `stored_refs` are refs already stored."""
    try:
        tables = read_plan(data)
    except InputRejected as rejected:
        return PlanFile(errors=list(rejected.problems))
    return check_tables(tables, catalogue, today, stored_refs)


def check_tables(
    tables: PlanTables, catalogue: Catalogue, today: date, stored_refs: Collection[str] = ()
) -> PlanFile:
    plan = PlanFile(warnings=list(tables.warnings))
    seen_kinds: set[str] = set()
    for sheet in tables.sheets:
        if sheet.kind in seen_kinds:
            plan.errors.append(PlanProblem(None, None, "appears twice", sheet=sheet.kind))
            continue
        seen_kinds.add(sheet.kind)
        columns = _columns(sheet, plan)
        if columns is None:
            continue
        reader = {
            "Recommendations": _recommendation,
            "Actions": _action,
            "Updates": _update,
        }[sheet.kind]
        keys: dict[tuple[str, ...], int] = {}
        for index in range(len(sheet.rows)):
            row = _Row(sheet, index, columns, plan.errors)
            key = _key(row, today)
            if key in keys:
                row.problem(
                    KEYS[sheet.kind][-1],
                    f"duplicates row {keys[key]} ({', '.join(key)} appears twice)",
                )
            elif key is not None:
                keys[key] = row.number
            record = reader(row, catalogue, today)
            if record is not None and not row.failed:
                getattr(plan, sheet.kind.lower()).append((row.number, record))
    _check_refs(plan, stored_refs)
    plan.errors.sort(key=_order)
    return plan


def _key(row: _Row, today: date) -> tuple[str, ...] | None:
    """A row's key as written (dates read), so a duplicate is found even on a faulty row."""
    parts = []
    for name in KEYS[row.sheet]:
        text = row.values.get(name, "").strip()
        if name == "date":
            found = read_date(text, today)
            text = found.isoformat() if isinstance(found, date) else ""
        if not text:
            return None
        parts.append(text)
    return tuple(parts)


def _order(problem: Problem) -> tuple:
    sheet = getattr(problem, "sheet", None) or ""
    return (sheet, problem.row or 0, problem.column or "", problem.message)


def _columns(sheet: PlanSheet, plan: PlanFile) -> dict[str, int] | None:
    spec = COLUMNS[sheet.kind]
    found: dict[str, int] = {}
    for at, name in enumerate(sheet.header):
        key = name.strip().lower()
        if not key:
            continue
        if key in found:
            plan.errors.append(
                PlanProblem(1, name, "appears twice in the header", sheet=sheet.kind)
            )
        elif key in spec:
            found[key] = at
        else:
            plan.warnings.append(
                PlanProblem(1, name, "unknown column, ignored", Severity.WARNING, sheet=sheet.kind)
            )
    missing = [name for name, required in spec.items() if required and name not in found]
    for name in missing:
        plan.errors.append(PlanProblem(1, name, "the required column is missing", sheet=sheet.kind))
    return None if missing else found


def _recommendation(row: _Row, catalogue: Catalogue, today: date) -> Recommendation | None:
    ref, source, area = row.text("ref"), row.text("source"), row.text("area")
    text, lead = row.text("recommendation"), row.text("lead")
    due = row.day("due", today)
    framework = row.choice("framework", read_framework, "sif_2014, ilacs_2018, ilacs_2023 or other")
    public = _yes_no(row)
    kpis = _kpi_ids(row, catalogue)
    themes = tuple(dict.fromkeys(t.strip() for t in row.text("audit_themes").split(";")))
    if row.failed:
        return None
    return Recommendation(
        ref=ref, source=source, area=area, recommendation=text, lead=lead, kpis=kpis, due=due,
        framework=framework, public=public, audit_themes=tuple(t for t in themes if t),
    )  # fmt: skip


def _yes_no(row: _Row) -> bool:
    raw = row.text("public")
    if raw.lower() in _YES:
        return True
    if raw.lower() not in _NO:
        row.problem("public", f"'{raw}' is not yes or no")
    return False


def _kpi_ids(row: _Row, catalogue: Catalogue) -> tuple[str, ...]:
    known = catalogue.by_id()
    ids: list[str] = []
    for part in _SPLIT.split(row.text("kpis")):
        key = part.strip().lower()
        if not key:
            continue
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            row.problem("kpis", f"unknown KPI id '{part.strip()}'{hint}")
        elif key not in ids:
            ids.append(key)
    return tuple(ids)


def _action(row: _Row, catalogue: Catalogue, today: date) -> Action | None:
    ref, action_ref, text = row.text("ref"), row.text("action_ref"), row.text("action")
    owner = row.text("owner")
    due, revised = row.day("due", today), row.day("revised_due", today)
    status = row.choice(
        "status", read_action_status, "not_started, in_progress, complete or deferred"
    )
    completed = row.day("completed", today, not_after_today=True)
    if status is ActionStatus.COMPLETE and completed is None and not row.failed:
        row.problem("completed", "a complete action needs the date it was completed")
    if row.failed or due is None:
        return None
    return Action(
        ref=ref, action_ref=action_ref, action=text, owner=owner, due=due, revised_due=revised,
        status=status, completed=completed,
    )  # fmt: skip


def _update(row: _Row, catalogue: Catalogue, today: date) -> Update | None:
    ref = row.text("ref")
    when = row.day("date", today, not_after_today=True)
    status = row.choice(
        "status", read_rating, "complete, on_track, at_risk or off_track (or B/G/A/R)"
    )
    narrative, author = row.text("narrative"), row.text("author")
    if row.failed or when is None:
        return None
    return Update(ref=ref, date=when, status=status, narrative=narrative, author=author)


def _check_refs(plan: PlanFile, stored: Collection[str]) -> None:
    known = {r.ref for _, r in plan.recommendations} | set(stored)
    for kind, records in (("Actions", plan.actions), ("Updates", plan.updates)):
        for number, record in records:
            if record.ref not in known:
                close = difflib.get_close_matches(record.ref, sorted(known), n=3, cutoff=0.6)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                plan.errors.append(
                    PlanProblem(
                        number,
                        "ref",
                        f"'{record.ref}' is not a recommendation in this file or the plan{hint}",
                        sheet=kind,
                    )
                )


def frame_of(records: list[tuple[int, Any]]) -> pd.DataFrame:
    """Records as a frame (for previews), in file order."""
    return pd.DataFrame([r.model_dump() for _, r in records])
