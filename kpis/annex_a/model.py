"""What reading an Annex A workbook gives: typed lists, the as-at date and every problem found."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd


@dataclass(frozen=True, order=True)
class AnnexAProblem:
    """One problem, located as the analyst sees it: list number, Excel row and column header."""

    list: int | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.list is not None:
            where.append(f"List {self.list}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class AnnexAError(Exception):
    """The workbook cannot be used at all; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[AnnexAProblem]):
        self.problems = sorted(problems, key=problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


def problem_order(problem: AnnexAProblem) -> tuple[int, int, str, str]:
    return (problem.list or 0, problem.row or 0, problem.column or "", problem.message)


@dataclass(frozen=True)
class AnnexAResult:
    """The lists read (typed frames keyed by list number), the as-at date and the warnings.

    Every list frame has `row` (the Excel row), `child_id`, `team` ('Unallocated' when blank
    or #N/A) and `worker`, then its own fields (see columns.FIELDS); each date or count field
    `x` has a companion `x_bad` marking cells that held something unreadable, so a blank
    (meaningful: no review yet) is told apart from dirt (left out of the figure).
    Lists 8 and 9 also have `superseded`: an earlier row for a child listed again.
    """

    lists: Mapping[int, pd.DataFrame]
    as_at: date
    warnings: tuple[AnnexAProblem, ...] = ()
    headers: Mapping[int, Mapping[str, str]] = field(default_factory=dict)
    sheets: Mapping[int, str] = field(default_factory=dict)
    source: str = ""

    @property
    def period(self) -> str:
        """The as-at month, 'YYYY-MM': the period of the snapshot figures."""
        return f"{self.as_at.year:04d}-{self.as_at.month:02d}"

    def warnings_frame(self) -> pd.DataFrame:
        """The warnings as a table: list, row, column, message."""
        rows = [(w.list, w.row, w.column, w.message) for w in self.warnings]
        frame = pd.DataFrame(rows, columns=["list", "row", "column", "message"])
        return frame.astype({"list": "Int64", "row": "Int64"})
