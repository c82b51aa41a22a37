"""Importing an audit file: checked whole, then stored and its measure published as one load."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from kpis.audits.kpi import kpi_figures
from kpis.audits.model import GRADE_ROW_COLUMNS, KPI_ID
from kpis.audits.validate import AuditFile, check_audit_file
from kpis.clock import UK, now
from kpis.problems import InputRejected, Problem, Severity
from kpis.store import Store
from kpis.store.audits import AuditWrite


@dataclass
class AuditImport:
    """A checked audit file, what importing it adds and replaces, and (once done) the write."""

    checked: AuditFile
    replaced: list[str] = field(default_factory=list)
    figures: pd.DataFrame = field(default_factory=pd.DataFrame)
    changes: dict[str, int] = field(default_factory=dict)
    written: AuditWrite | None = None

    @property
    def ok(self) -> bool:
        return self.checked.ok

    @property
    def errors(self) -> list[Problem]:
        return self.checked.errors

    @property
    def warnings(self) -> list[Problem]:
        rows = self.checked.rows
        first = rows.drop_duplicates("audit_id").set_index("audit_id")["row"] if len(rows) else {}
        return self.checked.warnings + [
            Problem(
                int(first[audit_id]),
                "audit_id",
                f"audit {audit_id} is already stored: importing replaces all of its rows",
                Severity.WARNING,
            )
            for audit_id in self.replaced
        ]

    def summary(self) -> str:
        checked = self.checked
        name = checked.file_name
        if not checked.ok:
            return f"{name}: rejected with {len(checked.errors)} problem(s); nothing was imported"
        audits = (
            f"{checked.audits} audits ({checked.audits - len(self.replaced)} new, "
            f"{len(self.replaced)} replaced), {len(checked.rows)} rows"
        )
        if self.written is None:
            c = self.changes
            figures = (
                f"{len(self.figures)} figures of {KPI_ID} ({c.get('new', 0)} new, "
                f"{c.get('revised', 0)} revised, {c.get('unchanged', 0)} unchanged)"
            )
            return f"{name}: valid: {audits}; {figures}; dry run, nothing was imported"
        load = self.written.load
        if load.published:
            published = (
                f"{KPI_ID} published as load {load.load_id} ({load.new} new, {load.revised} "
                f"revised, {load.unchanged} unchanged)"
            )
        else:
            published = f"{KPI_ID} unchanged, so no new load"
        return f"{name}: imported {audits}; {published}"


def figures_of(rows: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The measure's figures from every stored audit, and a digest of them: the load's
    SHA-256 is of the figures it holds, so an import that changes none makes no load."""
    from kpis.tables import to_csv_bytes

    figures = kpi_figures(rows)
    return figures, hashlib.sha256(to_csv_bytes(figures)).hexdigest()


def check(store: Store, data: bytes, file_name: str) -> AuditImport:
    """Validate an audit file and work out what importing it would change; writes nothing."""
    checked = check_audit_file(data, file_name, now().astimezone(UK).date())
    found = AuditImport(checked)
    if not checked.ok:
        return found
    incoming = list(dict.fromkeys(checked.rows["audit_id"]))
    stored = store.audit_ids()
    found.replaced = [a for a in incoming if a in stored]
    kept = store.audit_grades()
    kept = kept[~kept["audit_id"].isin(incoming)]
    after = pd.concat([kept, checked.rows[GRADE_ROW_COLUMNS]], ignore_index=True)
    found.figures = figures_of(after)[0]
    status = store.diff(found.figures)["status"]
    found.changes = {s: int((status == s).sum()) for s in ("new", "revised", "unchanged")}
    return found


def publish(store: Store, found: AuditImport, *, user: str | None = None) -> AuditImport:
    """Store a clean file's audits and publish the measure, as one audited transaction."""
    if not found.ok:
        raise InputRejected(found.errors)
    found.written = store.import_audits(
        found.checked.rows, file_name=found.checked.file_name, figures_of=figures_of, user=user
    )
    return found
