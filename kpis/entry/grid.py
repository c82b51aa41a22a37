"""Entry in the app: the month's rows typed into a grid, checked and published exactly as an
uploaded long file is (DESIGN §3.4), so there is one set of rules and one kind of load."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from kpis import ingest
from kpis.catalogue import Catalogue
from kpis.entry.reference import reference_rows
from kpis.periods import label
from kpis.problems import Problem
from kpis.store import Store
from kpis.tables import to_csv_bytes
from kpis.upload.shapes import LONG_COLUMNS

FILE_NAME = "entered in the app"
EDITABLE = ["value", "numerator", "denominator", "commentary"]
GRID_COLUMNS = ["kpi_id", "name", "unit", "previous", "target", *EDITABLE, "target_uploaded"]


def entry_rows(catalogue: Catalogue, figures: pd.DataFrame, period: str) -> pd.DataFrame:
    """The grid to fill: each KPI due, its previous value and target beside it, and the
    month's published authority figure already in it where there is one."""
    return reference_rows(catalogue, figures, period)[GRID_COLUMNS].reset_index(drop=True)


def is_blank(grid: pd.DataFrame) -> pd.Series:
    """Rows with nothing typed in any editable cell: they are not published (still missing)."""
    blank = pd.Series(True, index=grid.index)
    for column in EDITABLE:
        cells = grid[column]
        text = cells.map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v))
                         else str(v).strip())  # fmt: skip
        blank &= text == ""
    return blank


def as_long_file(grid: pd.DataFrame, period: str) -> tuple[bytes, list[int]]:
    """The grid's filled rows as the long upload file an analyst would have written, and for
    each of its rows (from spreadsheet row 2) the grid row it came from. The target goes in
    only where one was uploaded for the month: the catalogue's stays the catalogue's."""
    filled = grid[~is_blank(grid)]
    frame = pd.DataFrame(
        {
            "kpi_id": filled["kpi_id"],
            "period": period,
            "value": filled["value"],
            "numerator": filled["numerator"],
            "denominator": filled["denominator"],
            "target": filled["target_uploaded"],
            "team": "",
            "commentary": filled["commentary"].map(
                lambda v: v.strip() if isinstance(v, str) else v
            ),
        },
        columns=list(LONG_COLUMNS),
    )
    return to_csv_bytes(frame), [int(i) for i in filled.index]


@dataclass
class EntryCheck:
    """The upload check of the grid's filled rows, with each problem put back on its grid row."""

    period: str
    checked: ingest.Ingest | None
    grid_rows: list[int] = field(default_factory=list)
    fingerprint: str = ""

    @property
    def empty(self) -> bool:
        return self.checked is None

    @property
    def ok(self) -> bool:
        return self.checked is not None and self.checked.ok

    def grid_row(self, problem: Problem) -> int | None:
        """The grid row (0-based) a problem is on, or None for one about the whole entry."""
        if problem.row is None or not 2 <= problem.row < len(self.grid_rows) + 2:
            return None
        return self.grid_rows[problem.row - 2]

    def on_rows(self) -> dict[int, list[str]]:
        """Each grid row's problems (errors, then warnings) as 'column: message'."""
        found: dict[int, list[str]] = {}
        if self.checked is None:
            return found
        for kind, problems in (("", self.checked.errors), ("warning: ", self.checked.warnings)):
            for problem in problems:
                row = self.grid_row(problem)
                if row is not None:
                    where = f"{problem.column}: " if problem.column else ""
                    found.setdefault(row, []).append(f"{kind}{where}{problem.message}")
        return found

    def general(self) -> list[Problem]:
        """Problems about the entry as a whole (no row of the grid)."""
        if self.checked is None:
            return []
        every = self.checked.errors + self.checked.warnings
        return [p for p in every if self.grid_row(p) is None]


def check_entry(store: Store, catalogue: Catalogue, grid: pd.DataFrame, period: str) -> EntryCheck:
    """Run the upload check (kpis.ingest.check) on the grid's filled rows; writes nothing."""
    data, rows = as_long_file(grid, period)
    fingerprint = hashlib.sha256(data).hexdigest()
    if not rows:
        return EntryCheck(period, None, [], fingerprint)
    return EntryCheck(period, ingest.check(store, data, FILE_NAME, catalogue), rows, fingerprint)


def publish_entry(store: Store, entry: EntryCheck, *, user: str | None = None) -> ingest.Ingest:
    """Publish a clean entry as one ordinary load named 'entered in the app'."""
    if entry.checked is None or not entry.ok:
        raise ValueError("an entry with problems, or with nothing in it, cannot be published")
    return ingest.publish(store, entry.checked, user=user)


def summary(done: ingest.Ingest, period: str) -> str:
    """The load's summary, naming the month: 'entered in the app (Mar 2025): published as …'."""
    return done.summary(f"{FILE_NAME} ({label(period)})")
