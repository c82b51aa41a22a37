"""Recognising the long and wide upload layouts and bringing both to one long table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from kpis.periods import parse_period
from kpis.problems import InputRejected, Problem, Severity
from kpis.upload.reader import RawTable

LONG_COLUMNS = (
    "kpi_id",
    "period",
    "value",
    "numerator",
    "denominator",
    "target",
    "team",
    "commentary",
)
WIDE_COLUMNS = ("kpi_id", "target", "team", "commentary")
# Written beside the figures by `template` (DESIGN §3.4) for the analyst's eyes; never read.
REFERENCE_COLUMNS = ("name", "unit", "previous")
FIELDS = ("kpi", "period", "value", "numerator", "denominator", "target", "team", "commentary")


@dataclass
class LongTable:
    """One row per figure: raw text fields, `row`, and the `value_column` each value came from."""

    frame: pd.DataFrame
    problems: list[Problem]
    shape: str
    headers: dict[str, str]
    # A wide sheet carrying reference columns is a template: its latest month is to be filled.
    template: bool = False
    # Wide only: the latest month's column header, and every data row's spreadsheet number.
    fill_column: str | None = None
    sheet_rows: list[int] = field(default_factory=list)


def to_long(table: RawTable) -> LongTable:
    """Recognise the layout from the header and bring it to one row per figure."""
    names = [h.strip().lower() for h in table.header]
    headers = {
        field: next((h for h, n in zip(table.header, names, strict=True) if n == col), col)
        for field, col in zip(FIELDS, LONG_COLUMNS, strict=True)
    }
    if "period" in names or "kpi_id" not in names[:1]:
        frame, problems = _long(table, names)
        return LongTable(frame, problems, "long", headers)
    template = any(n in REFERENCE_COLUMNS for n in names)
    frame, problems, fill = _wide(table, names, template)
    return LongTable(frame, problems, "wide", headers, template, fill, [int(r) for r in table.rows])


def _duplicate_headers(table: RawTable, names: list[str], known: tuple[str, ...]) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for header, name in zip(table.header, names, strict=True):
        if name in known and name in seen:
            problems.append(Problem(1, header, "this column appears twice"))
        seen.add(name)
    return problems


def _long(table: RawTable, names: list[str]) -> tuple[pd.DataFrame, list[Problem]]:
    problems = _duplicate_headers(table, names, LONG_COLUMNS)
    for required in ("kpi_id", "period"):
        if required not in names:
            problems.append(Problem(1, required, "required column is missing"))
    for index, (header, name) in enumerate(zip(table.header, names, strict=True)):
        if name in LONG_COLUMNS or name in REFERENCE_COLUMNS:
            continue
        if header:
            problems.append(Problem(1, header, "unknown column ignored", Severity.WARNING))
        elif (table.cells[index].str.strip() != "").any():
            problems.append(
                Problem(1, f"number {index + 1}", "column with no header ignored", Severity.WARNING)
            )
    if any(p.severity is Severity.ERROR for p in problems):
        raise InputRejected(problems)
    position = {name: names.index(name) for name in LONG_COLUMNS if name in names}
    empty = pd.Series([""] * len(table.cells), dtype=str)
    frame = pd.DataFrame(
        {
            field: table.cells[position[col]].reset_index(drop=True) if col in position else empty
            for field, col in zip(FIELDS, LONG_COLUMNS, strict=True)
        }
    )
    frame["row"] = table.rows.to_numpy()
    frame["value_column"] = table.header[position["value"]] if "value" in position else "value"
    return frame, problems


_DIGIT = re.compile(r"\d")


def _wide(
    table: RawTable, names: list[str], template: bool = False
) -> tuple[pd.DataFrame, list[Problem], str | None]:
    problems = _duplicate_headers(table, names, WIDE_COLUMNS)
    months: dict[int, str] = {}
    seen_periods: dict[str, str] = {}
    for index, (header, name) in enumerate(zip(table.header, names, strict=True)):
        if index == 0 or name in WIDE_COLUMNS or name in REFERENCE_COLUMNS:
            continue
        # No month is spelt in more than 40 characters; longer headers are not parsed.
        period = parse_period(header) if 0 < len(header) <= 40 else None
        if period is not None:
            if period in seen_periods:
                problems.append(
                    Problem(
                        1, header, f"the month {period} already has column {seen_periods[period]}"
                    )
                )
            seen_periods[period] = header
            months[index] = period
        elif _DIGIT.search(header):
            problems.append(Problem(1, header, "this header has digits but is not a month"))
        elif header:
            problems.append(Problem(1, header, "unknown column ignored", Severity.WARNING))
    if not months:
        problems.append(Problem(1, "period", "required column is missing (no month columns)"))
    if any(p.severity is Severity.ERROR for p in problems):
        raise InputRejected(problems)

    def column(name: str) -> pd.Series:
        if name in names:
            return table.cells[names.index(name)].reset_index(drop=True)
        return pd.Series([""] * len(table.cells), dtype=str)

    base = pd.DataFrame(
        {
            "kpi": column("kpi_id"),
            "target": column("target"),
            "team": column("team"),
            "commentary": column("commentary"),
            "row": table.rows.to_numpy(),
        }
    )
    values = table.cells[list(months)].reset_index(drop=True)
    has_any = (values.apply(lambda c: c.str.strip()) != "").any(axis=1)
    # A template's empty rows are errors instead, once held figures are known (kpis.upload.held).
    empty_rows = [] if template else base.loc[~has_any, "row"]
    for row in empty_rows:
        problems.append(
            Problem(int(row), None, "no figures in this row; skipped", Severity.WARNING)
        )
    parts = []
    for index, period in months.items():
        part = base.copy()
        part["period"] = period
        part["value"] = values[index]
        part["value_column"] = table.header[index]
        parts.append(part[part["value"].str.strip() != ""])
    frame = pd.concat(parts, ignore_index=True) if parts else base.iloc[0:0]
    frame["numerator"] = ""
    frame["denominator"] = ""
    frame = frame.sort_values(["row"], kind="stable").reset_index(drop=True)
    fill = table.header[max(months, key=months.get)]
    return frame[[*FIELDS, "row", "value_column"]], problems, fill
