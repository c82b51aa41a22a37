"""Dressing a template sheet for Excel: frozen header, readable widths, validation by unit."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kpis.catalogue import Unit

_MIN_WIDTH, _MAX_WIDTH = 9, 70
# Room to type in: the cells to fill start empty, so their text cannot size them.
_ROOM = {"value": 12, "numerator": 12, "denominator": 13, "commentary": 40}
# What each unit's value cell accepts: Excel type, operator and bounds; and its input message.
_RULES: dict[str, tuple[str, str, str, str | None]] = {
    "percent": ("decimal", "between", "0", "100"),
    "count": ("whole", "greaterThanOrEqual", "0", None),
    "rate": ("decimal", "greaterThanOrEqual", "0", None),
    "days": ("decimal", "greaterThanOrEqual", "0", None),
}
_WORDS = {
    Unit.PERCENT: ("Percent", "a percentage from 0 to 100 (write 85 for 85%)"),
    Unit.COUNT: ("Count", "a count: a whole number, 0 or more"),
    Unit.RATE_PER_10K: ("Rate per 10,000", "a rate per 10,000: a number, 0 or more"),
    Unit.RATE_PER_100K: ("Rate per 100,000", "a rate per 100,000: a number, 0 or more"),
    Unit.RATE_PER_1000: ("Rate per 1,000", "a rate per 1,000: a number, 0 or more"),
    Unit.DAYS: ("Days", "a number of days, 0 or more"),
}
_FRACTION = " Or leave it blank and give the numerator and denominator: the value is worked out."


def rule_of(unit: Unit) -> str:
    if unit is Unit.PERCENT:
        return "percent"
    if unit is Unit.COUNT:
        return "count"
    return "days" if unit is Unit.DAYS else "rate"


def dress(sheet, frame: pd.DataFrame, units: list[Unit]) -> None:
    """Freeze row 1, size the columns to their text, and validate the cells to fill: in the
    long layout `value` (and `target`, `numerator`, `denominator`), in the wide the last
    month's column."""
    sheet.freeze_panes = "A2"
    _widths(sheet, frame)
    columns = list(frame.columns)
    if "value" not in columns:  # wide: the month to fill is the last column
        last = sheet.column_dimensions[get_column_letter(len(columns))]
        last.width = max(last.width or 0, _ROOM["value"])
    cells: dict[tuple, list[str]] = defaultdict(list)
    for index, unit in enumerate(units):
        row = index + 2
        if "value" in columns:
            cells[("value", unit)].append(_ref(columns, "value", row))
            cells[("target", unit)].append(_ref(columns, "target", row))
            if unit.rate_base is not None:
                for part in ("numerator", "denominator"):
                    cells[(part, unit)].append(_ref(columns, part, row))
        else:
            cells[("value", unit)].append(f"{get_column_letter(len(columns))}{row}")
    for (kind, unit), refs in cells.items():
        sheet.add_data_validation(_validation(kind, unit, refs))


def _ref(columns: list[str], name: str, row: int) -> str:
    return f"{get_column_letter(columns.index(name) + 1)}{row}"


def _validation(kind: str, unit: Unit, refs: list[str]) -> DataValidation:
    title, words = _WORDS[unit]
    if kind in ("numerator", "denominator"):
        rule = ("decimal", "greaterThanOrEqual", "0", None)
        title, prompt = f"{kind.capitalize()} ({title.lower()})", f"The {kind}: 0 or more."
    else:
        rule = _RULES[rule_of(unit) if kind == "value" or unit is Unit.PERCENT else "rate"]
        if kind == "target":
            words = words if unit is Unit.PERCENT else f"a number, 0 or more ({title.lower()})"
        what = "The target" if kind == "target" else "The figure"
        prompt = f"{what}: {words}." + (_FRACTION if kind == "value" and unit.rate_base else "")
    kind_, operator, low, high = rule
    check = DataValidation(
        type=kind_,
        operator=operator,
        formula1=low,
        formula2=high,
        allow_blank=True,
        showInputMessage=True,
        promptTitle=title[:32],
        prompt=prompt[:255],
        showErrorMessage=True,
        errorTitle=f"Not a {title.lower()}"[:32],
        error=f"This cell takes {words}."[:255],
        # A count such as an average caseload may be fractional: Excel asks, and allows it.
        errorStyle="warning" if kind_ == "whole" else "stop",
    )
    for ref in refs:
        check.add(ref)
    return check


def _widths(sheet, frame: pd.DataFrame) -> None:
    for index, column in enumerate(frame.columns, start=1):
        texts = frame[column].map(_shown)
        longest = max([len(str(column)), *texts.str.len().fillna(0).astype(int).tolist()])
        width = min(max(longest + 2, _MIN_WIDTH, _ROOM.get(str(column), 0)), _MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = width


def _shown(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return f"{value:.6g}" if isinstance(value, float) else str(value)
