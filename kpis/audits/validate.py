"""Checking an audit file whole (DESIGN §11.1): every problem at once, by row and column."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from kpis.annex_a.values import read_date
from kpis.audits.grades import ACCEPTED, Grade, read_grade
from kpis.audits.model import AUDIT_COLUMNS, COLUMNS, OVERALL, is_overall
from kpis.problems import InputRejected, Problem, Severity, sort_key
from kpis.upload.reader import RawTable, read_table, unneutralise

# An id typed as a number comes out of a number cell as "1042.0".
_WHOLE_NUMBER = re.compile(r"^(\d+)\.0+$")


@dataclass
class AuditFile:
    """A checked audit file: its rows (grades as codes, dates as ISO text, `row` the
    spreadsheet row) when it is clean, and every problem found."""

    file_name: str
    sha256: str
    rows: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=AUDIT_COLUMNS))
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def audits(self) -> int:
        return int(self.rows["audit_id"].nunique()) if len(self.rows) else 0


def check_audit_file(data: bytes, file_name: str, today: date) -> AuditFile:
    """Read and check an audit file (CSV, or XLSX: sheet `Audits` or the first); writes
    nothing. A file with any error has no rows."""
    found = AuditFile(file_name, hashlib.sha256(data).hexdigest())
    try:
        table = read_table(
            data, sheet="Audits", columns="audit_id, child_id, team, …", rows="audits"
        )
    except InputRejected as rejected:
        found.errors = list(rejected.problems)
        return found
    found.warnings = list(table.warnings)
    columns = _columns(table, found)
    if columns is None:
        return found
    cells = table.cells.fillna("").astype(str).apply(lambda c: unneutralise(c.str.strip()))
    records = []
    for index, number in enumerate(table.rows.tolist()):
        raw = {name: str(cells.iat[index, at]) for name, at in columns.items()}
        records.append(_row(raw, int(number), today, found.errors))
    _check_audits(records, found.errors)
    found.errors.sort(key=sort_key)
    if found.ok:
        found.rows = pd.DataFrame(records, columns=["row", *AUDIT_COLUMNS])
    return found


def _columns(table: RawTable, found: AuditFile) -> dict[str, int] | None:
    at: dict[str, int] = {}
    for index, name in enumerate(table.header):
        key = name.strip().lower()
        if not key:
            continue
        if key in at:
            found.errors.append(Problem(1, name, "appears twice in the header"))
        elif key in COLUMNS:
            at[key] = index
        else:
            found.warnings.append(Problem(1, name, "unknown column, ignored", Severity.WARNING))
    missing = [name for name, required in COLUMNS.items() if required and name not in at]
    found.errors.extend(Problem(1, name, "the required column is missing") for name in missing)
    return None if found.errors else at


def _row(raw: dict[str, str], number: int, today: date, errors: list[Problem]) -> dict:
    """One row's values as stored (codes and ISO dates), its problems added to `errors`."""
    # `bad`: the columns already reported, so one mistake is one problem.
    row: dict = {"row": number, "bad": set()}
    for name in AUDIT_COLUMNS:
        value = raw.get(name, "")
        if COLUMNS[name] and not value:
            errors.append(Problem(number, name, "is required but empty"))
            row["bad"].add(name)
        row[name] = value
    for name in ("audit_id", "child_id"):
        row[name] = _WHOLE_NUMBER.sub(r"\1", row[name])
    for name in ("date", "follow_up_due", "follow_up_done"):
        row[name] = _date(row, name, today, errors)
    for name in ("grade", "moderated_grade"):
        if row[name]:
            grade = read_grade(row[name])
            if grade is None:
                message = f"'{row[name]}' is not a grade: use {ACCEPTED}"
                errors.append(Problem(number, name, message))
                row["bad"].add(name)
            row[name] = grade.value if grade else ""
    return row


def _date(row: dict, column: str, today: date, errors: list[Problem]) -> str:
    text, number = row[column], row["row"]
    if not text:
        return ""
    found = read_date(text, today)
    if not isinstance(found, date):
        row["bad"].add(column)
        message = f"'{text}' is not a date (write it as 15/11/2024 or 2024-11-15)"
        errors.append(Problem(number, column, message))
        return ""
    if column == "date" and found > today:
        row["bad"].add(column)
        errors.append(
            Problem(
                number,
                column,
                f"{found:%d/%m/%Y} is in the future (today is {today:%d/%m/%Y}): the date an "
                "audit was completed cannot be",
            )
        )
        return ""
    return found.isoformat()


def _check_audits(records: list[dict], errors: list[Problem]) -> None:
    """Each audit: exactly one Overall row, no domain twice, and a follow-up date when its
    overall grade (after moderation) is inadequate."""
    by_audit: dict[str, list[dict]] = {}
    for record in records:
        if record["audit_id"]:
            by_audit.setdefault(record["audit_id"], []).append(record)
    for audit_id, rows in by_audit.items():
        seen: dict[str, int] = {}
        overall = []
        for record in rows:
            domain = record["domain"]
            if not domain:
                continue
            key = OVERALL.lower() if is_overall(domain) else domain.lower()
            if key == OVERALL.lower():
                overall.append(record)
            if key in seen:
                what = f"a second {OVERALL} row" if key == OVERALL.lower() else f"'{domain}' twice"
                errors.append(
                    Problem(
                        record["row"],
                        "domain",
                        f"audit {audit_id} has {what} (the first is row {seen[key]}): an audit "
                        f"has one row per domain, and exactly one {OVERALL} row",
                    )
                )
            else:
                seen[key] = record["row"]
        if not overall and all(r["domain"] for r in rows):
            errors.append(
                Problem(
                    rows[0]["row"],
                    "domain",
                    f"audit {audit_id} has no {OVERALL} row: every audit needs exactly one row "
                    f"whose domain is {OVERALL}, holding its overall grade",
                )
            )
        if overall:
            _needs_follow_up(overall[0], errors)


def _needs_follow_up(overall: dict, errors: list[Problem]) -> None:
    grade = overall["moderated_grade"] or overall["grade"]
    if (
        grade == Grade.INADEQUATE.value
        and not overall["follow_up_due"]
        and "follow_up_due" not in overall["bad"]
    ):
        moderated = " after moderation" if overall["moderated_grade"] else ""
        errors.append(
            Problem(
                overall["row"],
                "follow_up_due",
                f"audit {overall['audit_id']} is graded inadequate{moderated}: it needs the date "
                "its follow-up is due",
            )
        )
