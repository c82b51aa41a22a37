"""Each problem with the measure of its row and the cell it is about, as the analyst typed it."""

from __future__ import annotations

from dataclasses import replace

from kpis.catalogue import Catalogue
from kpis.problems import Problem
from kpis.upload.reader import RawTable

# Long enough to recognise a value, short enough for a report cell.
MAX_SHOWN = 60


def in_context(problems: list[Problem], table: RawTable, catalogue: Catalogue) -> list[Problem]:
    """`problems`, each naming the measure on its row and showing the cell at its row and
    column (blank where the problem is about the file or its header)."""
    names = [h.strip().lower() for h in table.header]
    position = {int(r): i for i, r in enumerate(table.rows)}
    kpi_column = names.index("kpi_id") if "kpi_id" in names else None
    by_header = {h: i for i, h in enumerate(table.header)}
    by_name = {n: i for i, n in enumerate(names)}

    def cell(index: int, column: int | None) -> str:
        if column is None or column not in table.cells.columns:
            return ""
        return _short(str(table.cells.iat[index, table.cells.columns.get_loc(column)]))

    found = []
    for problem in problems:
        index = position.get(problem.row) if problem.row is not None else None
        if index is None:
            found.append(problem)
            continue
        typed = cell(index, kpi_column).strip()
        kpi = catalogue.by_id().get(typed.lower()) if typed else None
        column = None
        if problem.column is not None:
            column = by_header.get(problem.column, by_name.get(problem.column.strip().lower()))
        found.append(
            replace(problem, measure=kpi.name if kpi else typed, value=cell(index, column))
        )
    return found


def _short(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"
