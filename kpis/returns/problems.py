"""Problems in a return, located as the analyst finds them: file, row or child, column, element."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Each kind of problem is listed this many times; past them, one line gives the count.
LISTED_PER_KIND = 20


@dataclass(frozen=True, order=True)
class ReturnProblem:
    """One refusal or warning.

    A CSV problem has the Excel row (header = row 1) and the column header; an XML problem has
    the child's id and the element (a path such as `EPISODE[2]/DEC`). `kind` groups problems of
    the same sort for the report (`unreadable date (DECOM)`).
    """

    file: str
    row: int | None = None
    child: str | None = None
    element: str | None = None
    column: str | None = None
    message: str = ""
    kind: str = ""

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.child is not None:
            where.append(f"child {self.child}")
        if self.element is not None:
            where.append(f"element {self.element}")
        elif self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ReturnsRejected(Exception):
    """Files that cannot be used at all; carries every problem found, not only the first."""

    def __init__(self, problems: Iterable[ReturnProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def refuse(file: str, message: str, **where: object) -> ReturnsRejected:
    return ReturnsRejected([ReturnProblem(file, message=message, **where)])  # type: ignore[arg-type]


def listed(problems: Sequence[ReturnProblem], per_kind: int = LISTED_PER_KIND) -> list[str]:
    """The report's lines: each kind's first `per_kind` problems, then one line with the count
    of the rest of that kind, in the order the kinds first appear."""
    seen: Counter[str] = Counter()
    lines: list[str] = []
    for problem in problems:
        seen[problem.kind] += 1
        if seen[problem.kind] <= per_kind:
            lines.append(str(problem))
    for kind, count in seen.items():
        if count > per_kind:
            lines.append(f"{count - per_kind:,} more: {kind}")
    return lines
