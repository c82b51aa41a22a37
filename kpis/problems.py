"""Problems found in a user's file, each naming where it is as the user sees it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning; row is the spreadsheet row (header = 1), column the header text."""

    row: int | None
    column: str | None
    message: str
    severity: Severity = Severity.ERROR
    # For a report: the measure named on the problem's row, and the cell as it was typed.
    measure: str = ""
    value: str = ""

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InputRejected(Exception):
    """A file or request that cannot be accepted; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def sort_key(problem: Problem) -> tuple[int, str, str]:
    return (problem.row if problem.row is not None else 0, problem.column or "", problem.message)
