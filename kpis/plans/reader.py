"""Turning a plan file (an XLSX of up to three sheets, or a CSV of one) into sheets of text."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kpis.problems import InputRejected, Problem, Severity
from kpis.upload.reader import MAX_BYTES, check_size, read_table, unneutralise
from kpis.upload.sniff import kind_of, reject
from kpis.upload.xlsx import read_sheets

SHEETS = ("Recommendations", "Actions", "Updates")


@dataclass(frozen=True, order=True)
class PlanProblem(Problem):
    """A problem that also names the sheet it is on."""

    sheet: str | None = None

    def __str__(self) -> str:
        where = [f"sheet {self.sheet}"] if self.sheet else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class PlanSheet:
    """One of the three sheets: its kind, header (trimmed), rows of text, and row numbers."""

    kind: str
    header: list[str]
    cells: pd.DataFrame
    rows: list[int]


@dataclass
class PlanTables:
    sheets: list[PlanSheet] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _kind_from_header(header: list[str]) -> str | None:
    names = {h.strip().lower() for h in header}
    if "action_ref" in names:
        return "Actions"
    if "narrative" in names:
        return "Updates"
    if "recommendation" in names:
        return "Recommendations"
    return None


def read_plan(data: bytes, *, max_bytes: int = MAX_BYTES) -> PlanTables:
    """Read plan bytes; raises InputRejected (every problem) when the file cannot be used."""
    check_size(data, max_bytes)
    if kind_of(data) == "xlsx":
        return _workbook(data)
    table = read_table(data, max_bytes=max_bytes)
    kind = _kind_from_header(table.header)
    if kind is None:
        raise reject(
            "this CSV is not a plan sheet: its header needs `recommendation` (Recommendations), "
            "`action_ref` (Actions) or `narrative` (Updates)",
            1,
        )
    return PlanTables([_sheet(kind, table.header, table.cells, list(table.rows))], table.warnings)


def _workbook(data: bytes) -> PlanTables:
    found = PlanTables()
    wanted = {name.lower(): name for name in SHEETS}
    for sheet in read_sheets(data):
        kind = wanted.get(sheet.title.strip().lower())
        if kind is None:
            found.warnings.append(
                PlanProblem(
                    None,
                    None,
                    f"sheet '{sheet.title}' ignored (a plan has sheets {', '.join(SHEETS)})",
                    Severity.WARNING,
                )
            )
            continue
        cells = pd.DataFrame(sheet.records, columns=range(len(sheet.header)), dtype=str)
        found.sheets.append(_sheet(kind, [h.strip() for h in sheet.header], cells, sheet.numbers))
    if not found.sheets:
        raise InputRejected(
            [Problem(None, None, f"the workbook has none of the sheets {', '.join(SHEETS)}")]
        )
    return found


def _sheet(kind: str, header: list[str], cells: pd.DataFrame, rows: list[int]) -> PlanSheet:
    cells = cells.fillna("").astype(str)
    cells = cells.apply(lambda column: unneutralise(column.str.strip()))
    return PlanSheet(kind, header, cells, rows)
