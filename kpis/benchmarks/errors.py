"""Problems found in a benchmark file, gathered so that all of them are reported at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

# A broken file can repeat one problem on every row; beyond this many rows the report summarises.
_ROWS_PER_PROBLEM = 20


class BenchmarkFileError(Exception):
    """A benchmark file cannot be imported; `problems` lists every reason, one line each."""

    def __init__(self, source: str, problems: Iterable[str]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(self.problems)
        super().__init__(f"cannot import {source}:\n{lines}")


class Problems:
    """Collects `row R, column C: message` lines, Excel row numbers (header = row 1)."""

    def __init__(self) -> None:
        self._general: list[str] = []
        self._by_cell: dict[tuple[str | None, str], list[int]] = defaultdict(list)

    def add(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        if row is None:
            self._general.append(f"column {column}: {message}" if column else message)
        else:
            self._by_cell[(column, message)].append(int(row))

    def add_rows(self, rows: Iterable[int], column: str | None, message: str) -> None:
        found = [int(r) for r in rows]
        if found:
            self._by_cell[(column, message)].extend(found)

    def __bool__(self) -> bool:
        return bool(self._general or self._by_cell)

    def lines(self) -> list[str]:
        """General problems first, then cell problems in row order."""
        cells: list[tuple[int, str]] = []
        for (column, message), rows in self._by_cell.items():
            where = f", column {column}" if column else ""
            ordered = sorted(rows)
            for row in ordered[:_ROWS_PER_PROBLEM]:
                cells.append((row, f"row {row}{where}: {message}"))
            if len(ordered) > _ROWS_PER_PROBLEM:
                more = len(ordered) - _ROWS_PER_PROBLEM
                cells.append(
                    (
                        ordered[_ROWS_PER_PROBLEM],
                        f"... {more} more rows like that{where}: {message}",
                    )
                )
        return self._general + [line for _, line in sorted(cells, key=lambda c: c[0])]

    def raise_if_any(self, source: str) -> None:
        if self:
            raise BenchmarkFileError(source, self.lines())
